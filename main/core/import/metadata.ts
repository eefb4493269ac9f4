/**
 * Reads what the camera recorded about a photo (when, with what, where, which way up) from its
 * EXIF, with exifr. Photos come from every kind of camera and editor, so nothing here trusts
 * a value: a missing, malformed or absurd tag reads as absent, and a photo with no usable date
 * falls back to its file's modification time. Reading never throws.
 */
import { open } from 'node:fs/promises';
import exifr from 'exifr';
import { findExifBlock, type ExifBlockSearch } from './exif-block';

/** What the import keeps of a photo's EXIF. */
export interface PhotoMetadata {
  /**
   * When the photo was taken, ISO 8601: with the camera's UTC offset when it recorded one
   * (`2024-05-01T10:00:00+02:00`), else the camera's wall-clock time with no zone
   * (`2024-05-01T10:00:00`); with milliseconds when the camera recorded sub-seconds. Without an
   * EXIF date, the file's modification time in UTC (`…Z`).
   */
  takenAt: string;
  takenAtSource: 'exif' | 'file';
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  /** Signed decimal degrees (south and west negative). */
  gps: { lat: number; lon: number } | null;
  /** EXIF orientation, 1-8 (1: upright). */
  orientation: number;
  exposure: {
    /** Seconds. */
    exposureTime: number | null;
    fNumber: number | null;
    iso: number | null;
    /** Millimetres. */
    focalLength: number | null;
  };
}

/** The tags read; exifr then parses only the blocks that hold them (IFD0, EXIF, GPS). */
const TAGS = [
  'Make',
  'Model',
  'Orientation',
  'DateTimeOriginal',
  'CreateDate', // DateTimeDigitized
  'OffsetTimeOriginal',
  'OffsetTimeDigitized',
  'OffsetTime',
  'SubSecTimeOriginal',
  'SubSecTimeDigitized',
  'ExposureTime',
  'FNumber',
  'ISO',
  'FocalLength',
  'LensModel',
  'LensMake',
  'LensInfo', // LensSpecification: focal and aperture ranges
  'GPSLatitudeRef',
  'GPSLatitude',
  'GPSLongitudeRef',
  'GPSLongitude',
];

const EXIFR_OPTIONS = {
  pick: TAGS,
  // Dates stay the strings the camera wrote: exifr would otherwise revive them into JS Dates in
  // this machine's time zone, moving every photo by the importer's offset.
  reviveValues: false,
  // Numbers, not labels ("Rotate 90 CW") for orientation.
  translateValues: false,
  silentErrors: true,
  // For the formats exifr reads from disk itself (PNG, TIFF): its chunked reader
  // only finds metadata inside the first chunk, so that chunk must reach past an ICC profile.
  firstChunkSize: 256 * 1024,
};

/** GPS positions are rounded to 7 decimals (about 1 cm): float noise beyond that is not data. */
const GPS_DECIMALS = 1e7;

/** Reads a photo's metadata; never throws (bad or absent EXIF reads as absent). */
export async function readMetadata(path: string, fileMtimeMs: number): Promise<PhotoMetadata> {
  return toMetadata(await readTags(path), fileMtimeMs);
}

/**
 * The sort key of a `takenAt`: its wall-clock time in milliseconds, read as if it were UTC,
 * whatever its offset. Cameras without an offset and phones with one then sort on the same
 * clock, and a day of the timeline is one contiguous run of the listing (the photos of a trip
 * abroad stay on the days they were taken there). Throws a RangeError for anything else.
 */
export function captureSortKey(takenAt: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(?:Z|[+-]\d{2}:\d{2})?$/.exec(
    takenAt,
  );
  const key = match ? Date.parse(`${match[1]}Z`) : Number.NaN;
  if (Number.isNaN(key)) throw new RangeError(`Not a capture time: ${takenAt}`);
  return key;
}

type Tags = Record<string, unknown>;

async function readTags(path: string): Promise<Tags> {
  try {
    const handle = await open(path, 'r');
    let search: ExifBlockSearch;
    try {
      search = await findExifBlock(handle);
    } finally {
      await handle.close();
    }
    // JPEG, WebP and HEIF: exifr parses the block found; other formats: exifr reads the file.
    const source = search.container === 'other' ? path : search.exif;
    if (!source) return {};
    return ((await exifr.parse(source, EXIFR_OPTIONS)) as Tags | undefined) ?? {};
  } catch {
    // Unreadable, a format exifr does not know, or EXIF too broken even for exifr: no EXIF.
    return {};
  }
}

function toMetadata(tags: Tags, fileMtimeMs: number): PhotoMetadata {
  const takenAt = captureTime(tags);
  return {
    takenAt: takenAt ?? fileTime(fileMtimeMs),
    takenAtSource: takenAt ? 'exif' : 'file',
    cameraMake: text(tags.Make),
    cameraModel: text(tags.Model),
    lens: lensName(tags),
    gps: gpsPosition(tags),
    orientation: orientation(tags.Orientation),
    exposure: {
      exposureTime: exposureValue(tags.ExposureTime),
      fNumber: exposureValue(tags.FNumber),
      iso: exposureValue(Array.isArray(tags.ISO) ? tags.ISO[0] : tags.ISO),
      focalLength: exposureValue(tags.FocalLength),
    },
  };
}

/**
 * The file time as this machine's wall-clock time with its offset (`Z` where that is UTC), as a
 * camera would have written it here. A time outside the years 1-9999 (a broken clock or a
 * damaged file system: year 10000 has no ISO 8601 form a capture time can take) reads as now,
 * the moment of import, since reading never throws.
 */
export function fileTime(mtimeMs: number): string {
  const date = new Date(mtimeMs);
  const offsetMinutes = Number.isNaN(date.getTime()) ? 0 : -date.getTimezoneOffset();
  const wallClock = new Date(mtimeMs + offsetMinutes * 60_000);
  const year = wallClock.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) return fileTime(Date.now());
  if (offsetMinutes === 0) return date.toISOString();
  const wallClockText = wallClock.toISOString().slice(0, 23);
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${wallClockText}${offsetMinutes > 0 ? '+' : '-'}${hours}:${minutes}`;
}

/** The capture time from DateTimeOriginal, else DateTimeDigitized, with their own offset/sub-seconds. */
function captureTime(tags: Tags): string | null {
  const original = exifDateTime(tags.DateTimeOriginal);
  if (original) {
    return original + subSeconds(tags.SubSecTimeOriginal) + offset(tags.OffsetTimeOriginal, tags);
  }
  const digitized = exifDateTime(tags.CreateDate);
  if (digitized) {
    return (
      digitized + subSeconds(tags.SubSecTimeDigitized) + offset(tags.OffsetTimeDigitized, tags)
    );
  }
  return null;
}

/** `2024:05:01 10:00:00` → `2024-05-01T10:00:00`; null for blank (`    :  :  `) or impossible dates. */
function exifDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // EXIF mandates colons in the date; some software writes dashes or a `T`.
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const valid =
    year > 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) return null;
  const [y, mo, d, h, mi, s] = match.slice(1);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** SubSecTime is the digits of a decimal fraction: "5" is 0.5 s, "05" is 0.05 s. */
function subSeconds(value: unknown): string {
  const digits = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!/^\d+$/.test(digits)) return '';
  return `.${digits.slice(0, 3).padEnd(3, '0')}`;
}

/** The date's own offset tag, else OffsetTime; empty when neither is a valid `±HH:MM`. */
function offset(own: unknown, tags: Tags): string {
  for (const value of [own, tags.OffsetTime]) {
    if (typeof value !== 'string') continue;
    const match = /^([+-])(\d{2}):(\d{2})$/.exec(value.trim());
    // Real offsets run from -12:00 to +14:00.
    if (match && Number(match[2]) <= 14 && Number(match[3]) <= 59) return match[0];
  }
  return '';
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Cameras pad fixed-size fields with NULs or spaces.
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

/** LensModel, else the lens maker with the focal and aperture ranges of LensSpecification. */
function lensName(tags: Tags): string | null {
  const model = text(tags.LensModel);
  if (model) return model;
  const parts = [text(tags.LensMake), lensRange(tags.LensInfo)].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** [16, 50, 3.5, 5.6] → "16-50mm f/3.5-5.6"; unknown values (0 or 0/0) are left out. */
function lensRange(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [minFocal, maxFocal, minAperture, maxAperture] = value.map(positive);
  const range = (low: number | null, high: number | null) =>
    low === null ? null : high === null || high === low ? `${low}` : `${low}-${high}`;
  const focal = range(minFocal, maxFocal);
  const aperture = range(minAperture, maxAperture);
  if (!focal) return null;
  return aperture ? `${focal}mm f/${aperture}` : `${focal}mm`;
}

function gpsPosition(tags: Tags): { lat: number; lon: number } | null {
  const lat = degrees(tags.GPSLatitude, tags.GPSLatitudeRef, 'S', 90);
  const lon = degrees(tags.GPSLongitude, tags.GPSLongitudeRef, 'W', 180);
  if (lat === null || lon === null) return null;
  // 0/0 is what many cameras write when they have no fix; nobody photographs that spot at sea.
  if (lat === 0 && lon === 0) return null;
  return { lat, lon };
}

/** [degrees, minutes, seconds] (or one decimal value) and a hemisphere ref → signed degrees. */
function degrees(value: unknown, ref: unknown, negativeRef: string, limit: number): number | null {
  const parts = Array.isArray(value) ? value : [value];
  if (parts.length < 1 || parts.length > 3 || !parts.every(isFiniteNumber)) return null;
  const [whole, minutes = 0, seconds = 0] = parts as number[];
  const magnitude = Math.abs(whole) + minutes / 60 + seconds / 3600;
  if (magnitude > limit) return null;
  const rounded = Math.round(magnitude * GPS_DECIMALS) / GPS_DECIMALS;
  const negative = typeof ref === 'string' && ref.trim().toUpperCase() === negativeRef;
  return negative && rounded !== 0 ? -rounded : rounded;
}

function orientation(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 8
    ? (value as number)
    : 1;
}

/**
 * A positive exposure value, to 6 significant digits: some software stores these as 32-bit
 * floats (2.799999952 for f/2.8), and the noise beyond that is not data.
 */
function exposureValue(value: unknown): number | null {
  const number = positive(value);
  return number === null ? null : Number(number.toPrecision(6));
}

function positive(value: unknown): number | null {
  return isFiniteNumber(value) && value > 0 ? value : null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
