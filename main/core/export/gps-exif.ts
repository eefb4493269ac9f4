/**
 * Builds the smallest EXIF block that carries a GPS position and nothing else: a TIFF header,
 * an IFD0 whose only entry points to the GPS IFD, and a GPS IFD with the version, the latitude
 * and the longitude. An export that keeps GPS writes this into its images instead of the
 * camera's EXIF, so no serial number, camera model or other tag is ever published with it.
 *
 * Layout (little-endian, offsets from the TIFF header, as EXIF counts them):
 * `II*\0` + IFD0 offset | IFD0: 1 entry | GPS IFD: 5 entries | latitude D/M/S | longitude D/M/S.
 */

/** A position in decimal degrees (WGS 84, as GPS and EXIF use). */
export interface GpsPosition {
  lat: number;
  lon: number;
}

// TIFF field types used here, and tags (EXIF 2.32, TIFF 6.0).
const BYTE = 1;
const ASCII = 2;
const LONG = 4;
const RATIONAL = 5;
const GPS_INFO_TAG = 0x8825;
const GPS_VERSION_ID = 0x0000;
const GPS_LATITUDE_REF = 0x0001;
const GPS_LATITUDE = 0x0002;
const GPS_LONGITUDE_REF = 0x0003;
const GPS_LONGITUDE = 0x0004;

const TIFF_HEADER = 8;
const ENTRY = 12;
/** An IFD: its entry count, its entries and the offset of the next IFD (0: none). */
const ifdBytes = (entries: number): number => 2 + entries * ENTRY + 4;
const IFD0_OFFSET = TIFF_HEADER;
const GPS_IFD_OFFSET = IFD0_OFFSET + ifdBytes(1);
const LATITUDE_OFFSET = GPS_IFD_OFFSET + ifdBytes(5);
/** Degrees, minutes and seconds: three rationals of two 32-bit numbers each. */
const DMS_BYTES = 3 * 8;
const LONGITUDE_OFFSET = LATITUDE_OFFSET + DMS_BYTES;
const EXIF_BYTES = LONGITUDE_OFFSET + DMS_BYTES;
// Seconds are written in ten-thousandths (1e-4" is about 3 mm on the ground, finer than any
// GPS), which keeps the round trip through degrees/minutes/seconds within 1e-7 degrees.
const SECONDS_DENOMINATOR = 10_000;

/** Whether `position` is a real place on Earth (a position EXIF can express). */
export function isValidGpsPosition(position: GpsPosition): boolean {
  return Math.abs(position.lat) <= 90 && Math.abs(position.lon) <= 180;
}

/**
 * The TIFF-structured EXIF block holding `position` only (GPS IFD, version 2.3). Throws a
 * RangeError for a position outside the Earth's ranges.
 */
export function gpsExif(position: GpsPosition): Buffer {
  if (!isValidGpsPosition(position)) {
    throw new RangeError(`Not a GPS position: ${position.lat}, ${position.lon}`);
  }
  const exif = Buffer.alloc(EXIF_BYTES);
  exif.write('II', 0, 'latin1');
  exif.writeUInt16LE(42, 2);
  exif.writeUInt32LE(IFD0_OFFSET, 4);

  exif.writeUInt16LE(1, IFD0_OFFSET);
  writeEntry(exif, IFD0_OFFSET + 2, GPS_INFO_TAG, LONG, 1, GPS_IFD_OFFSET);

  // Entries sorted by tag, as TIFF requires. Values of 4 bytes or less sit in the entry itself.
  const gps = GPS_IFD_OFFSET;
  exif.writeUInt16LE(5, gps);
  writeEntry(exif, gps + 2, GPS_VERSION_ID, BYTE, 4, 0);
  exif.set([2, 3, 0, 0], gps + 2 + 8);
  writeEntry(exif, gps + 2 + ENTRY, GPS_LATITUDE_REF, ASCII, 2, 0);
  exif.write(position.lat < 0 ? 'S' : 'N', gps + 2 + ENTRY + 8, 'latin1');
  writeEntry(exif, gps + 2 + 2 * ENTRY, GPS_LATITUDE, RATIONAL, 3, LATITUDE_OFFSET);
  writeEntry(exif, gps + 2 + 3 * ENTRY, GPS_LONGITUDE_REF, ASCII, 2, 0);
  exif.write(position.lon < 0 ? 'W' : 'E', gps + 2 + 3 * ENTRY + 8, 'latin1');
  writeEntry(exif, gps + 2 + 4 * ENTRY, GPS_LONGITUDE, RATIONAL, 3, LONGITUDE_OFFSET);

  writeDms(exif, LATITUDE_OFFSET, Math.abs(position.lat));
  writeDms(exif, LONGITUDE_OFFSET, Math.abs(position.lon));
  return exif;
}

function writeEntry(
  exif: Buffer,
  offset: number,
  tag: number,
  type: number,
  count: number,
  value: number,
): void {
  exif.writeUInt16LE(tag, offset);
  exif.writeUInt16LE(type, offset + 2);
  exif.writeUInt32LE(count, offset + 4);
  exif.writeUInt32LE(value, offset + 8);
}

/** Writes `degrees` as degrees/1, minutes/1, seconds/SECONDS_DENOMINATOR. */
function writeDms(exif: Buffer, offset: number, degrees: number): void {
  // Rounded once, in the smallest unit, so no part can round up to 60.
  const units = Math.round(degrees * 3600 * SECONDS_DENOMINATOR);
  const perMinute = 60 * SECONDS_DENOMINATOR;
  const parts: [number, number][] = [
    [Math.floor(units / (60 * perMinute)), 1],
    [Math.floor((units % (60 * perMinute)) / perMinute), 1],
    [units % perMinute, SECONDS_DENOMINATOR],
  ];
  parts.forEach(([numerator, denominator], index) => {
    exif.writeUInt32LE(numerator, offset + index * 8);
    exif.writeUInt32LE(denominator, offset + index * 8 + 4);
  });
}
