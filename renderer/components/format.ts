/** Formatting of dates, sizes and camera data for display, in the user's locale. */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Made once: a big timeline formats thousands of headings, and a formatter per call (what
// toLocaleDateString does) costs a first paint hundreds of milliseconds.
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
});
const fullDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full' });
// In UTC, fed the camera's wall clock as if it were UTC: a capture time reads as the camera
// recorded it, wherever the viewer of the library is.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'UTC',
});

// A capture time as the core writes it: the camera's wall clock, then its offset if known.
const CAPTURE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A timeline day key (YYYY-MM-DD) as a local Date, or null if it is not one. */
function parseDay(day: string): Date | null {
  const match = DAY_PATTERN.exec(day);
  if (match === null) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** "March 2024" for a day key. */
export function formatMonth(day: string): string {
  const date = parseDay(day);
  if (date === null) return 'Unknown date';
  return monthFormat.format(date);
}

/** "Sunday, March 3" for a day key. */
export function formatDay(day: string): string {
  const date = parseDay(day);
  if (date === null) return 'Unknown date';
  return dayFormat.format(date);
}

/** "Sunday, March 3, 2024" for a day key. */
export function formatFullDay(day: string): string {
  const date = parseDay(day);
  if (date === null) return 'Unknown date';
  return fullDayFormat.format(date);
}

/**
 * A capture time in full, at the camera's clock: "Sunday, March 3, 2024 at 14:22 (UTC+02:00)",
 * the offset shown when the camera recorded one.
 */
export function formatDateTime(iso: string): string {
  const match = CAPTURE_TIME_PATTERN.exec(iso);
  if (match === null) return iso;
  const [, year, month, day, hour, minute, second, offset] = match;
  const wallClock = new Date(
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second ?? 0),
    ),
  );
  if (Number.isNaN(wallClock.getTime())) return iso;
  const zone = offset === undefined ? '' : ` (UTC${offset === 'Z' ? '' : offset})`;
  return `${dateTimeFormat.format(wallClock)}${zone}`;
}

/** "4.2 MB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

// The company-register words cameras put after the brand in EXIF Make ("NIKON CORPORATION",
// "OLYMPUS OPTICAL CO.,LTD", "Leica Camera AG"): a name on screen needs only the brand.
const MAKE_SUFFIX =
  /[\s,]+(?:corporation|corp|co|ltd|inc|company|imaging|optical|electronics|camera|ag|gmbh)\.?$/i;

/** A camera make without its company-register words: "NIKON CORPORATION" → "NIKON". */
function brandOf(make: string): string {
  let brand = make.trim();
  while (MAKE_SUFFIX.test(brand)) brand = brand.replace(MAKE_SUFFIX, '');
  return brand;
}

/**
 * The camera as people say it, the brand once: "NIKON CORPORATION" + "NIKON D3" → "NIKON D3",
 * "Canon" + "Canon EOS R5" → "Canon EOS R5", "SONY" + "ILCE-6000" → "SONY ILCE-6000". A model
 * that starts with any word of the make (Kodak's "EASTMAN KODAK COMPANY" + "KODAK Z990") names
 * the brand already.
 */
export function formatCamera(make: string | null, model: string | null): string | null {
  const brand = make === null ? '' : brandOf(make);
  if (model === null || model.trim() === '') return brand === '' ? null : brand;
  const lower = model.trim().toLowerCase();
  const named = brand
    .toLowerCase()
    .split(/\s+/)
    .some(
      (word) => word !== '' && lower.startsWith(word) && !/\p{L}/u.test(lower.charAt(word.length)),
    );
  return brand === '' || named ? model.trim() : `${brand} ${model.trim()}`;
}

/** "1/250 s · f/2.8 · ISO 100 · 35 mm", leaving out what is unknown. */
export function formatExposure(exposure: {
  exposureTime: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLength: number | null;
}): string | null {
  const parts: string[] = [];
  const { exposureTime, fNumber, iso, focalLength } = exposure;
  if (exposureTime !== null && exposureTime > 0) {
    parts.push(exposureTime < 1 ? `1/${Math.round(1 / exposureTime)} s` : `${exposureTime} s`);
  }
  if (fNumber !== null) parts.push(`f/${fNumber}`);
  if (iso !== null) parts.push(`ISO ${iso}`);
  if (focalLength !== null) parts.push(`${Math.round(focalLength)} mm`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** "48.85837° N, 2.29448° E". */
export function formatGps(gps: { lat: number; lon: number }): string {
  const lat = `${Math.abs(gps.lat).toFixed(5)}° ${gps.lat >= 0 ? 'N' : 'S'}`;
  const lon = `${Math.abs(gps.lon).toFixed(5)}° ${gps.lon >= 0 ? 'E' : 'W'}`;
  return `${lat}, ${lon}`;
}
