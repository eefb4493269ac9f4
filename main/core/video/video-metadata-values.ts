/**
 * MediaInfoLib's strings turned into Shoebox's values: capture times as PhotoMetadata writes
 * them, ISO 6709 and MediaInfo's degree notation as signed decimal degrees, rotations as a
 * quarter turn. Every parser answers null for what it does not recognise: video files come
 * from every camera and editor, and a tag that does not parse is a tag that is absent.
 */

/**
 * A time with its UTC offset, as MediaInfo shows Apple's `com.apple.quicktime.creationdate`
 * (`2020-04-17 10:03:40-06:00`) or as the tag holds it (`2020-04-17T10:03:40-0600`), written
 * the way PhotoMetadata.takenAt is (`2020-04-17T10:03:40-06:00`). A time without an offset
 * stays the camera's wall-clock time with no zone, as EXIF dates without one do.
 */
export function recordedTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*(?:(Z)|([+-]\d{2}):?(\d{2}))?$/.exec(
      value.trim(),
    );
  if (!match) return null;
  const [, date, time, fraction = '', utc, offsetHours, offsetMinutes] = match;
  if (!plausibleDate(`${date}T${time}Z`)) return null;
  const zone = utc ? 'Z' : offsetHours ? `${offsetHours}:${offsetMinutes}` : '';
  return `${date}T${time}${fraction}${zone}`;
}

/**
 * The MP4/QuickTime creation time (`mvhd`), which MediaInfo shows as `2019-12-20 20:08:34 UTC`
 * (older builds: `UTC 2019-12-20 20:08:34`): UTC by the format's definition, so `…Z`.
 */
export function encodedTimeUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:UTC )?(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: UTC)?$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}Z`;
  return plausibleDate(iso) ? iso : null;
}

/**
 * Before 1990 no camera wrote a digital video file: such a date is a zeroed field (QuickTime
 * counts from 1904, so a camera that never set its clock says 1904-01-01; others say 1970).
 */
const EARLIEST_PLAUSIBLE = Date.UTC(1990, 0, 1);

function plausibleDate(iso: string): boolean {
  const time = Date.parse(iso);
  // Date.parse accepts 2019-02-31 (as March 3); the round trip refuses it.
  return (
    !Number.isNaN(time) &&
    time >= EARLIEST_PLAUSIBLE &&
    new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19)
  );
}

/** GPS decimals kept: MediaInfo prints six (about 10 cm); what it adds beyond is float noise. */
const GPS_DECIMALS = 1e6;

/**
 * A position from MediaInfo's `Recorded_Location`: its degree notation
 * (`15.8355°S 48.0153°W`, `41.8781°N 87.6298°W 180.000m`) or, when it passes the tag through,
 * ISO 6709 (`+48.8584+002.2945/`, from `©xyz` or `com.apple.quicktime.location.ISO6709`).
 */
export function recordedLocation(value: unknown): { lat: number; lon: number } | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const degrees = /^(\d{1,2}(?:\.\d+)?)°\s*([NS])\s+(\d{1,3}(?:\.\d+)?)°\s*([EW])/.exec(text);
  if (degrees) {
    const lat = Number(degrees[1]) * (degrees[2] === 'S' ? -1 : 1);
    const lon = Number(degrees[3]) * (degrees[4] === 'W' ? -1 : 1);
    return position(lat, lon);
  }
  // ISO 6709 decimal degrees: ±DD.DDDD±DDD.DDDD, then an optional altitude and a slash.
  const iso = /^([+-]\d{2}(?:\.\d+)?)([+-]\d{3}(?:\.\d+)?)/.exec(text);
  if (iso) return position(Number(iso[1]), Number(iso[2]));
  return null;
}

function position(lat: number, lon: number): { lat: number; lon: number } | null {
  // 0,0 is what a phone writes before it has a fix ("Null Island"), not a place it was.
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return {
    lat: Math.round(lat * GPS_DECIMALS) / GPS_DECIMALS,
    lon: Math.round(lon * GPS_DECIMALS) / GPS_DECIMALS,
  };
}

/**
 * MediaInfo's `Rotation` (`"90.000"`): the clockwise turn a player gives the stored frames to
 * show them upright (an iPhone held upright records 90), as a quarter turn; 0 when absent.
 * ffmpeg's autorotate turns the same way (the poster tests check it).
 */
export function quarterTurn(value: unknown): 0 | 90 | 180 | 270 {
  const degrees = typeof value === 'number' ? value : Number.parseFloat(String(value ?? ''));
  if (!Number.isFinite(degrees)) return 0;
  const turns = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return ([0, 90, 180, 270] as const)[turns]!;
}

/** A MediaInfo field as trimmed text, null when absent or blank. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** A MediaInfo field as a finite number, null when absent or not a number. */
export function numberOf(value: unknown): number | null {
  const parsed = typeof value === 'number' ? value : Number.parseFloat(String(value ?? ''));
  return Number.isFinite(parsed) ? parsed : null;
}
