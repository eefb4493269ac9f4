/**
 * Camera RAW previews and metadata on real files (scripts/fetch-photo-fixtures.sh, `raw/`): a
 * Canon EOS 30D CR2, a pruned Canon EOS R6 CR3, an iPhone ProRAW DNG without a preview, and
 * ExifTool's NEF, CR2, DNG, RW2 and RAF skeletons, four of them given the Sony A6000 frame of
 * `camera-jpeg/` as a 6000×4000 preview and an IFD0 orientation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawMetadata } from '../../main/core/raw/raw-metadata';
import { extractRawPreview, inspectRaw, type RawFormat } from '../../main/core/raw/raw-preview';

const FIXTURES = path.resolve(process.env.SHOEBOX_PHOTO_FIXTURES ?? 'test-results/photo-fixtures');
const RAW = path.join(FIXTURES, 'raw');

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shoebox-real-raw-'));
});

afterAll(() => rm(work, { recursive: true, force: true }));

/** A picture as small greyscale pixels, to tell whether two JPEGs show the same photo. */
async function looks(file: string): Promise<Buffer> {
  return sharp(file).resize(16, 16, { fit: 'fill' }).greyscale().raw().toBuffer();
}

function difference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Inspects a RAW, extracts its preview and decodes every pixel of it with sharp. */
async function preview(name: string, format: RawFormat) {
  const inspection = await inspectRaw(path.join(RAW, name), format);
  if (!inspection.ok) throw new Error(`${name}: ${inspection.reason}`);
  const jpeg = path.join(work, `${name}.jpg`);
  await extractRawPreview(path.join(RAW, name), inspection.preview, jpeg);
  const { info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { inspection, jpeg, decoded: [info.width, info.height] };
}

describe('real RAW previews', () => {
  it('shows the Canon 30D CR2 through its 1728×1152 preview, not the lossless raw data', async () => {
    const { inspection, decoded } = await preview('IMG_5952.CR2', 'cr2');
    expect(inspection).toMatchObject({ preview: { width: 1728, height: 1152 }, orientation: 1 });
    expect(decoded).toEqual([1728, 1152]);
  });

  it("shows the pruned R6 CR3 through PRVW (1620×1080): track 1's JPEG was pruned", async () => {
    const { inspection, decoded } = await preview('Canon-R6-pruned.CR3', 'cr3');
    expect(inspection).toMatchObject({ preview: { width: 1620, height: 1080 }, orientation: 1 });
    expect(decoded).toEqual([1620, 1080]);
  });

  it.each([
    ['s-Nikon.nef', 'nef', 6],
    ['s-CanonRaw.cr2', 'cr2', 8],
    ['s-DNG.dng', 'dng', 3],
    ['s-Panasonic.rw2', 'rw2', 6],
  ] as const)(
    'shows %s through the 6000×4000 preview written in, turned by IFD0 (%s: %i)',
    async (name, format, orientation) => {
      const { inspection, jpeg, decoded } = await preview(name, format);
      expect(inspection).toMatchObject({ preview: { width: 6000, height: 4000 }, orientation });
      expect(decoded).toEqual([6000, 4000]);
      const sony = path.join(FIXTURES, 'camera-jpeg', 'sony-alpha-6000.jpg');
      // The same frame, re-encoded: far closer than any other photo would be.
      expect(difference(await looks(jpeg), await looks(sony))).toBeLessThan(4);
    },
  );

  it('says why the ProRAW DNG and the RAF skeleton have nothing to show', async () => {
    expect(await inspectRaw(path.join(RAW, 'IMG_1361.dng'), 'dng')).toEqual({
      ok: false,
      // Its 4032×3024 IFD0 preview was pruned away with the raw data.
      reason: 'this DNG looks cut short: its preview lies past the end of the file',
    });
    expect(await inspectRaw(path.join(RAW, 's-FujiFilm.raf'), 'raf')).toEqual({
      ok: false,
      reason: 'this RAF holds only a 8×8 preview, too small to show as the photo',
    });
  });
});

describe('real RAW metadata', () => {
  const read = (name: string, format: RawFormat) =>
    readRawMetadata(path.join(RAW, name), format, 0);

  it('reads the Canon 30D CR2', async () => {
    expect(await read('IMG_5952.CR2', 'cr2')).toMatchObject({
      takenAt: '2009-07-21T13:03:20',
      takenAtSource: 'exif',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS 30D',
      orientation: 1,
      exposure: { exposureTime: 0.0025, fNumber: 22, iso: 640, focalLength: 22 },
    });
  });

  it("reads the R6 CR3's CMT boxes: time with sub-seconds and offset, lens", async () => {
    expect(await read('Canon-R6-pruned.CR3', 'cr3')).toMatchObject({
      takenAt: '2021-05-12T12:21:21.920+02:00',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R6',
      lens: 'RF70-200mm F2.8 L IS USM',
      orientation: 1,
    });
  });

  it('reads the ProRAW DNG with its offset, GPS and orientation, though it has no preview', async () => {
    expect(await read('IMG_1361.dng', 'dng')).toMatchObject({
      takenAt: '2020-12-29T14:24:45.700-05:00',
      cameraModel: 'iPhone 12 Pro',
      gps: { lat: 34.0596083, lon: -84.681725 },
      orientation: 6,
    });
  });

  it.each([
    ['s-Nikon.nef', 'nef', '2004-06-09T16:02:35.000', 'NIKON D70', 6],
    ['s-CanonRaw.cr2', 'cr2', '2005-08-03T18:59:18', 'Canon EOS 350D DIGITAL', 8],
    ['s-DNG.dng', 'dng', '2005-08-03T18:59:18', 'Canon EOS 350D DIGITAL', 3],
    ['s-Panasonic.rw2', 'rw2', '2008-08-06T15:21:56', 'DMC-LX3', 6],
    ['s-FujiFilm.raf', 'raf', '2007-05-22T13:58:30', 'FinePix S5Pro', 1],
  ] as const)(
    'reads %s (%s): %s, %s, orientation %i',
    async (name, format, takenAt, model, orientation) => {
      expect(await read(name, format)).toMatchObject({ takenAt, cameraModel: model, orientation });
    },
  );
});
