/**
 * Capture-time fixes on the library's ISO 8601 form (`2024-07-14T18:30:00.120+02:00`, the
 * offset optional): a camera clock that was off, a time set by hand, a time zone that was
 * never recorded. The wall clock and its offset are kept apart, as the camera wrote them.
 */

const CAPTURE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A capture time split into its wall clock (milliseconds read as UTC) and its offset. */
interface CaptureParts {
  wallClockMs: number;
  /** `+02:00`, `Z`, or '' when the camera recorded none. */
  offset: string;
  /** Whether the time had milliseconds (kept in the output only then). */
  subSeconds: boolean;
}

function parts(takenAt: string): CaptureParts {
  const match = CAPTURE_TIME.exec(takenAt);
  const wallClockMs = match ? Date.parse(`${match[1]}${match[2] ?? ':00'}Z`) : Number.NaN;
  if (!match || Number.isNaN(wallClockMs)) throw new RangeError(`Not a capture time: ${takenAt}`);
  return { wallClockMs, offset: match[4] ?? '', subSeconds: match[3] !== undefined };
}

function format({ wallClockMs, offset, subSeconds }: CaptureParts): string {
  const date = new Date(wallClockMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new RangeError('That capture time would leave the years 0001-9999');
  }
  const text = date.toISOString().slice(0, subSeconds ? 23 : 19);
  return `${text}${offset}`;
}

/** A typed capture time in the library's form (seconds added when left out). */
export function normalizeCaptureTime(typed: string): string {
  return format(parts(typed));
}

/** The capture time moved by `seconds`, its offset kept. */
export function shiftCaptureTime(takenAt: string, seconds: number): string {
  const time = parts(takenAt);
  return format({ ...time, wallClockMs: time.wallClockMs + seconds * 1000 });
}

/** The same wall clock read in another time zone (`+02:00`, `Z`). */
export function withTimeZone(takenAt: string, offset: string): string {
  return format({ ...parts(takenAt), offset });
}
