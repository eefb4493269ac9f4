import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { gpsExif } from '../../../../main/core/export/gps-exif';

describe('gpsExif', () => {
  it.each([
    { lat: 48.8566, lon: 2.3522 },
    { lat: -33.8567844, lon: 151.2152967 },
    { lat: 64.1265, lon: -21.8174 },
    { lat: 0, lon: 0 },
    { lat: -89.9999999, lon: 179.9999999 },
  ])('reads back as $lat, $lon', async (position) => {
    const exif = gpsExif(position);
    const gps = (await exifr.gps(exif)) as { latitude: number; longitude: number };
    expect(Math.abs(gps.latitude - position.lat)).toBeLessThan(1e-6);
    expect(Math.abs(gps.longitude - position.lon)).toBeLessThan(1e-6);
  });

  it('holds the position and nothing else', async () => {
    const tags = (await exifr.parse(gpsExif({ lat: 1.5, lon: -2.25 }), {
      tiff: true,
      exif: true,
      gps: true,
      interop: true,
      ifd1: true,
      translateKeys: true,
    })) as Record<string, unknown>;
    expect(Object.keys(tags).sort()).toEqual([
      'GPSLatitude',
      'GPSLatitudeRef',
      'GPSLongitude',
      'GPSLongitudeRef',
      'GPSVersionID',
      'latitude',
      'longitude',
    ]);
    expect(tags).toMatchObject({ GPSLatitudeRef: 'N', GPSLongitudeRef: 'W' });
    expect(tags.GPSLongitude).toEqual([2, 15, 0]);
  });

  it('refuses a position that is not on Earth', () => {
    expect(() => gpsExif({ lat: 91, lon: 0 })).toThrow(RangeError);
    expect(() => gpsExif({ lat: 0, lon: Number.NaN })).toThrow(RangeError);
  });
});
