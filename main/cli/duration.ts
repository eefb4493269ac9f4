import { ShoeboxError } from '../../common/errors';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/**
 * A duration as `shoebox set --shift-time` takes it (`+1h`, `-30m`, `+1d2h3m4s`; the sign
 * optional, `+` by default) in seconds. INVALID_INPUT for anything else.
 */
export function parseDuration(text: string): number {
  const match = /^([+-]?)((?:\d+[dhms])+)$/.exec(text.trim());
  const units = match?.[2]?.match(/\d+[dhms]/g) ?? [];
  const letters = units.map((unit) => unit.at(-1));
  // Each unit once, largest first: `1h1h` or `30m1h` is a typo more likely than a sum.
  const ordered = letters.every(
    (letter, index) => index === 0 || 'dhms'.indexOf(letters[index - 1]!) < 'dhms'.indexOf(letter!),
  );
  if (!match || !ordered) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      `"${text}" is not a duration: write it like +1h, -30m or +1d2h3m4s.`,
    );
  }
  const seconds = units.reduce(
    (sum, unit) =>
      sum + Number(unit.slice(0, -1)) * UNIT_SECONDS[unit.at(-1) as keyof typeof UNIT_SECONDS],
    0,
  );
  return match[1] === '-' ? -seconds : seconds;
}
