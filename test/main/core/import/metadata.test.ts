import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureSortKey, readMetadata } from '../../../../main/core/import/metadata';
import {
  APP1,
  APP2,
  exifBlockOf,
  imageWithExif,
  jpegWithExif,
  withSegment,
  type ExifTags,
} from '../../../helpers/exif-jpeg';
import { readHeicFixture } from '../../../helpers/heic-fixtures';
import { hevcHeic } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

/** The file time the tests pass in: what a photo without a usable EXIF date falls back to. */
const FILE_MTIME_MS = Date.UTC(2020, 0, 2, 3, 4, 5, 678);
const FILE_TIME = '2020-01-02T03:04:05.678Z';

async function metadataOf(bytes: Buffer, name = 'photo.jpg') {
  const file = path.join(await makeTempDir(), name);
  await writeFile(file, bytes);
  return readMetadata(file, FILE_MTIME_MS);
}

const takenAtOf = async (tags: ExifTags) => (await metadataOf(await jpegWithExif(tags))).takenAt;

describe('readMetadata', () => {
  it('reads what a camera records: time with offset, camera, lens, exposure, GPS, orientation', async () => {
    const jpeg = await jpegWithExif(
      {
        IFD0: { Make: 'Canon ', Model: 'Canon EOS R5' },
        IFD2: {
          DateTimeOriginal: '2024:05:01 10:00:00',
          OffsetTimeOriginal: '+02:00',
          SubSecTimeOriginal: '12',
          ExposureTime: '1/250',
          FNumber: '28/10',
          ISOSpeedRatings: '400',
          FocalLength: '50/1',
          LensModel: 'RF50mm F1.8 STM',
        },
        // Rio de Janeiro: 22°54'30" S, 43°11'47" W.
        IFD3: {
          GPSLatitudeRef: 'S',
          GPSLatitude: '22/1 54/1 30/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '43/1 11/1 47/1',
        },
      },
      6,
    );

    expect(await metadataOf(jpeg)).toEqual({
      takenAt: '2024-05-01T10:00:00.120+02:00',
      takenAtSource: 'exif',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R5',
      lens: 'RF50mm F1.8 STM',
      gps: { lat: -22.9083333, lon: -43.1963889 },
      orientation: 6,
      exposure: { exposureTime: 0.004, fNumber: 2.8, iso: 400, focalLength: 50 },
    });
  });

  it('keeps the camera wall-clock time, with the best offset the camera recorded', async () => {
    expect(await takenAtOf({ IFD2: { DateTimeOriginal: '2023:12:31 23:59:59' } })).toBe(
      '2023-12-31T23:59:59',
    );
    expect(
      await takenAtOf({ IFD2: { DateTimeOriginal: '2023:07:14 09:30:00', OffsetTime: '-05:00' } }),
    ).toBe('2023-07-14T09:30:00-05:00');
    // DateTimeDigitized stands in for a missing DateTimeOriginal, with its own offset.
    expect(
      await takenAtOf({
        IFD2: {
          DateTimeDigitized: '2021:01:02 03:04:05',
          OffsetTimeDigitized: '+09:00',
          OffsetTime: '+01:00',
        },
      }),
    ).toBe('2021-01-02T03:04:05+09:00');
  });

  it('finds EXIF behind large segments that editors write first (an ICC profile)', async () => {
    let jpeg = await jpegWithExif({ IFD2: { DateTimeOriginal: '2019:08:07 06:05:04' } }, 8);
    // 325 KB of colour profile ahead of the EXIF, in segments of nearly the largest size.
    for (let i = 0; i < 5; i += 1) jpeg = withSegment(jpeg, APP2, Buffer.alloc(65_000, i));
    const metadata = await metadataOf(jpeg);
    expect([metadata.takenAt, metadata.orientation]).toEqual(['2019-08-07T06:05:04', 8]);
  });

  it('falls back to the file time when the EXIF date is blank, impossible or absent', async () => {
    for (const DateTimeOriginal of [
      '    :  :     :  :  ',
      '0000:00:00 00:00:00',
      '2023:02:30 10:00:00',
    ]) {
      const metadata = await metadataOf(await jpegWithExif({ IFD2: { DateTimeOriginal } }));
      expect([DateTimeOriginal, metadata.takenAt, metadata.takenAtSource]).toEqual([
        DateTimeOriginal,
        FILE_TIME,
        'file',
      ]);
    }
  });

  it('reads a photo without EXIF as its file time and nothing else', async () => {
    expect(await metadataOf(await jpegWithExif({}))).toEqual({
      takenAt: FILE_TIME,
      takenAtSource: 'file',
      cameraMake: null,
      cameraModel: null,
      lens: null,
      gps: null,
      orientation: 1,
      exposure: { exposureTime: null, fNumber: null, iso: null, focalLength: null },
    });
  });

  it('does not throw on broken EXIF or a file it cannot read', async () => {
    // A TIFF header whose first directory points far outside the segment.
    const brokenExif = Buffer.concat([
      Buffer.from('Exif\0\0II*\0', 'latin1'),
      Buffer.from([0xff, 0xff, 0xff, 0x0f]),
      Buffer.alloc(40, 0xab),
    ]);
    const broken = await metadataOf(withSegment(await jpegWithExif({}), APP1, brokenExif));
    expect(broken).toMatchObject({ takenAt: FILE_TIME, takenAtSource: 'file', orientation: 1 });

    const text = await metadataOf(Buffer.from('not a photo at all'), 'letter.jpg');
    expect(text.takenAtSource).toBe('file');
    const missing = await readMetadata(path.join(await makeTempDir(), 'gone.jpg'), FILE_MTIME_MS);
    expect(missing.takenAtSource).toBe('file');
  });

  it('ignores GPS without a fix (0/0) and names a lens from its maker and specification', async () => {
    const metadata = await metadataOf(
      await jpegWithExif({
        IFD2: { LensMake: 'Sony', LensSpecification: '16/1 50/1 35/10 56/10' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '0/1 0/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '0/1 0/1 0/1',
        },
      }),
    );
    expect(metadata.gps).toBeNull();
    expect(metadata.lens).toBe('Sony 16-50mm f/3.5-5.6');
  });

  it("reads an iPhone HEIC's time, camera and place, whichever way its EXIF item is stored", async () => {
    // heif-enc (libheif) locates the item through a base offset, which exifr alone misreads.
    const fromHeifEnc = await metadataOf(await readHeicFixture('camera'), 'IMG_0001.HEIC');
    // Other writers keep the `Exif\0\0` header in the item and use no base offset.
    const tags = {
      IFD0: { Make: 'Apple', Model: 'iPhone 15' },
      IFD2: { DateTimeOriginal: '2024:06:01 14:30:15', OffsetTimeOriginal: '+02:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2412/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4020/100',
      },
    };
    const withHeader = await metadataOf(
      hevcHeic(96, 64, exifBlockOf(await jpegWithExif(tags))),
      'IMG_0002.HEIC',
    );

    for (const metadata of [fromHeifEnc, withHeader]) {
      expect(metadata).toMatchObject({
        takenAt: '2024-06-01T14:30:15+02:00',
        takenAtSource: 'exif',
        cameraMake: 'Apple',
        cameraModel: 'iPhone 15',
        gps: { lat: 48.8567, lon: 2.2945 },
      });
    }
  });

  it.each(['png', 'webp', 'avif'] as const)('reads EXIF from %s files too', async (format) => {
    const tags = {
      IFD0: { Model: 'Pixel 8' },
      IFD2: { DateTimeOriginal: '2024:02:29 12:00:00', OffsetTimeOriginal: '+01:00' },
    };
    const metadata = await metadataOf(await imageWithExif(format, tags), `photo.${format}`);
    expect([metadata.takenAt, metadata.cameraModel]).toEqual([
      '2024-02-29T12:00:00+01:00',
      'Pixel 8',
    ]);
  });
});

describe('captureSortKey', () => {
  it('orders by the wall-clock time, whatever the offset, so days stay contiguous', () => {
    expect(captureSortKey('2024-05-01T10:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(captureSortKey('2024-05-01T10:00:00.250-05:30')).toBe(
      Date.UTC(2024, 4, 1, 10, 0, 0, 250),
    );
    expect(captureSortKey('2020-01-02T03:04:05.678Z')).toBe(FILE_MTIME_MS);
    // No zone: the camera's local day stays the day, whatever this machine's zone is.
    expect(captureSortKey('2024-05-01T23:30:00')).toBe(Date.UTC(2024, 4, 1, 23, 30));
  });

  it('rejects what is not a capture time', () => {
    expect(() => captureSortKey('2024:05:01 10:00:00')).toThrow(RangeError);
    expect(() => captureSortKey('')).toThrow(RangeError);
  });
});

describe('the file time of a photo without an EXIF date', () => {
  it("is this machine's wall clock with its offset", async () => {
    const zone = process.env.TZ;
    // Node re-reads TZ when it changes: Paris is UTC+1 in January.
    process.env.TZ = 'Europe/Paris';
    try {
      const metadata = await readMetadata(
        path.join(await makeTempDir(), 'gone.jpg'),
        FILE_MTIME_MS,
      );
      expect(metadata.takenAt).toBe('2020-01-02T04:04:05.678+01:00');
      expect(captureSortKey(metadata.takenAt)).toBe(Date.UTC(2020, 0, 2, 4, 4, 5, 678));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
