/**
 * The "Shift by" field's durations, in the grammar of `shoebox set --shift-time`
 * (`main/cli/duration.ts`, which the browser bundle cannot import): `+1h`, `-30m`,
 * `+1d2h3m4s`, the sign optional, each unit once and largest first.
 */

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const UNIT_ORDER = 'dhms';

/** A duration typed as `+1h`, `-30m` or `+1d2h3m4s`, in seconds; null when it is not one. */
export function parseShift(text: string): number | null {
  // `−` (U+2212) too: formatShift writes it, so a shift the app showed can be typed back.
  const match = /^([+\-−]?)((?:\d+[dhms])+)$/.exec(text.trim().replace(/\s+/g, ''));
  if (match === null) return null;
  const units = match[2].match(/\d+[dhms]/g) ?? [];
  const letters = units.map((unit) => unit.slice(-1));
  // Each unit once, largest first: `1h1h` or `30m1h` is a typo more likely than a sum.
  const ordered = letters.every(
    (letter, index) =>
      index === 0 || UNIT_ORDER.indexOf(letters[index - 1]) < UNIT_ORDER.indexOf(letter),
  );
  if (!ordered) return null;
  const seconds = units.reduce(
    (sum, unit) =>
      sum + Number(unit.slice(0, -1)) * UNIT_SECONDS[unit.slice(-1) as keyof typeof UNIT_SECONDS],
    0,
  );
  return match[1] === '' || match[1] === '+' ? seconds : -seconds;
}
