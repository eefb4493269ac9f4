import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extractRawPreview,
  inspectRaw,
  type RawInspection,
} from '../../../../main/core/raw/raw-preview';
import {
  COLOURS,
  TiffBuilder,
  T,
  cmtBlocks,
  cr3Like,
  dngLike,
  jpegWithOwnExif,
  losslessJpeg,
  nefLike,
  nefParts,
  rafLike,
  rw2Like,
  solidJpeg,
  type Cr3Parts,
  type NefParts,
} from './raw-containers';

let dir: string;
let nef: NefParts;
let cr3: Cr3Parts;

beforeAll(async () => {
  // One folder for the file (makeTempDir's go after each test).
  dir = await mkdtemp(path.join(tmpdir(), 'shoebox-raw-'));
  nef = await nefParts();
  cr3 = {
    full: await solidJpeg(1800, 1200, COLOURS.full),
    prvw: await solidJpeg(1620, 1080, COLOURS.preview),
    thmb: await solidJpeg(160, 120, COLOURS.thumb),
    ...cmtBlocks(),
  };
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** Extracts the inspected preview and decodes it: its size and mean colour, as a viewer shows it. */
async function shown(file: string, inspection: RawInspection) {
  if (!inspection.ok) throw new Error(inspection.reason);
  const jpeg = path.join(dir, `${path.basename(file)}.jpg`);
  await extractRawPreview(file, inspection.preview, jpeg);
  const { width, height } = await sharp(jpeg).metadata();
  const { channels } = await sharp(jpeg).stats();
  const [r, g, b] = channels.map((channel) => Math.round(channel.mean));
  return { width, height, colour: { r, g, b } };
}

function near(colour: { r: number; g: number; b: number }) {
  return {
    r: expect.closeTo(colour.r, -1.5),
    g: expect.closeTo(colour.g, -1.5),
    b: expect.closeTo(colour.b, -1.5),
  };
}

describe('inspectRaw on TIFF-based RAWs', () => {
  it('shows a NEF through its full-size SubIFD JPEG, turned by IFD0 (6), not the SubIFD (1)', async () => {
    const file = await fileOf('a.nef', nefLike(nef));
    const inspection = await inspectRaw(file, 'nef');
    expect(inspection).toMatchObject({
      ok: true,
      orientation: 6,
      preview: { width: 1200, height: 800 },
    });
    // The lossless SOF3 "raw" is larger in pixels and bytes, and is passed over.
    expect(await shown(file, inspection)).toEqual({
      width: 1200,
      height: 800,
      colour: near(COLOURS.full),
    });
  });

  it("falls back to the Nikon makernote's preview when the SubIFD JPEG is not one", async () => {
    const broken = Buffer.from(nef.full);
    broken[0] = 0; // no longer starts with FFD8
    const file = await fileOf('b.nef', nefLike({ ...nef, full: broken }));
    const inspection = await inspectRaw(file, 'nef');
    expect(await shown(file, inspection)).toEqual({
      width: 660,
      height: 440,
      colour: near(COLOURS.preview),
    });
  });

  it('ends the walk of an IFD that points at itself', async () => {
    const file = await fileOf('cycle.nef', nefLike(nef, { cycle: true }));
    expect(await inspectRaw(file, 'nef')).toMatchObject({ ok: true, preview: { width: 1200 } });
  });

  it('reads a DNG preview SubIFD and its IFD0 orientation', async () => {
    const preview = await solidJpeg(1024, 683, COLOURS.preview);
    const file = await fileOf('a.dng', dngLike(preview, await solidJpeg(256, 171, COLOURS.thumb)));
    const inspection = await inspectRaw(file, 'dng');
    expect(inspection).toMatchObject({ ok: true, orientation: 3 });
    expect(await shown(file, inspection)).toEqual({
      width: 1024,
      height: 683,
      colour: near(COLOURS.preview),
    });
  });

  it('reads the JpgFromRaw of an RW2 (TIFF magic 0x55)', async () => {
    const file = await fileOf('a.rw2', rw2Like(await solidJpeg(1920, 1080)));
    const inspection = await inspectRaw(file, 'rw2');
    expect(inspection).toMatchObject({ ok: true, orientation: 6 });
    expect(await shown(file, inspection)).toEqual({
      width: 1920,
      height: 1080,
      colour: near(COLOURS.full),
    });
  });

  it('refuses to show a 160×120 thumbnail as the photo', async () => {
    const file = await fileOf('thumb.dng', dngLike(nef.thumb, nef.thumb));
    expect(await inspectRaw(file, 'dng')).toEqual({
      ok: false,
      reason: 'this DNG holds only a 160×120 preview, too small to show as the photo',
    });
  });

  it('says a RAW holding only lossless sensor data has no preview to show', async () => {
    const tiff = new TiffBuilder(true);
    const raw = tiff.append(losslessJpeg(4000, 3000, 4096));
    const ifd0 = tiff.ifd([
      { tag: T.compression, type: 3, values: [6] },
      { tag: T.stripOffsets, type: 4, values: [raw] },
      { tag: T.stripByteCounts, type: 4, values: [4096] },
    ]);
    const file = await fileOf('sensor.cr2', tiff.finish(ifd0));
    const inspection = await inspectRaw(file, 'cr2');
    expect(inspection).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/CR2 holds no embedded preview.*sensor data/),
    });
  });

  it('says a truncated RAW is cut short', async () => {
    const file = await fileOf('cut.nef', nefLike(nef));
    // Cut inside the full-size JPEG and the raw data: the makernote's preview lies past the end too.
    await truncate(file, 2000);
    const inspection = await inspectRaw(file, 'nef');
    expect(inspection.ok).toBe(false);
    expect(!inspection.ok && inspection.reason).toMatch(
      /NEF looks cut short|NEF holds no embedded preview/,
    );
  });

  it('drops offsets past the end of the file and IFDs that point outside it', async () => {
    const tiff = new TiffBuilder(true);
    const ifd0 = tiff.ifd(
      [
        { tag: T.orientation, type: 3, values: [6] },
        { tag: T.jpegOffset, type: 4, values: [50_000_000] },
        { tag: T.jpegLength, type: 4, values: [1_000_000] },
        { tag: T.subIfds, type: 4, values: [0x7fff_fff0, 3] },
        { tag: T.exifIfd, type: 4, values: [0xffff_fff0] },
      ],
      0x7fff_0000,
    );
    const file = await fileOf('far.arw', tiff.finish(ifd0));
    expect(await inspectRaw(file, 'arw')).toEqual({
      ok: false,
      reason: 'this ARW looks cut short: its preview lies past the end of the file',
    });
  });

  it('gives a clear reason for a file that is no RAW at all, or no file', async () => {
    const file = await fileOf('text.nef', Buffer.from('not a raw file, just some text'));
    expect(await inspectRaw(file, 'nef')).toEqual({
      ok: false,
      reason: 'this NEF is damaged or not a NEF: Shoebox does not know its layout',
    });
    const missing = await inspectRaw(path.join(dir, 'missing.cr2'), 'cr2');
    expect(missing).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^this CR2 could not be read: .*ENOENT/),
    });
  });

  it('names the formats it cannot walk', async () => {
    const file = await fileOf('a.crw', Buffer.from('II\x1a\0\0\0HEAPCCDR', 'latin1'));
    for (const format of ['crw', 'mrw', 'x3f'] as const) {
      expect(await inspectRaw(file, format)).toEqual({
        ok: false,
        reason: `Shoebox cannot read the embedded preview of ${format.toUpperCase()} files yet`,
      });
    }
  });
});

describe('inspectRaw on CR3 and RAF', () => {
  it("shows a CR3 through track 1's full-size JPEG, turned by CMT1", async () => {
    const file = await fileOf('a.cr3', cr3Like(cr3));
    const inspection = await inspectRaw(file, 'cr3');
    expect(inspection).toMatchObject({ ok: true, orientation: 8 });
    expect(await shown(file, inspection)).toEqual({
      width: 1800,
      height: 1200,
      colour: near(COLOURS.full),
    });
  });

  it('falls back to PRVW when track 1 points past the end (a pruned CR3)', async () => {
    const file = await fileOf('pruned.cr3', cr3Like(cr3, 900_000_000));
    const inspection = await inspectRaw(file, 'cr3');
    expect(await shown(file, inspection)).toEqual({
      width: 1620,
      height: 1080,
      colour: near(COLOURS.preview),
    });
  });

  it('survives a CR3 cut in the middle of its boxes', async () => {
    const bytes = cr3Like(cr3);
    const file = await fileOf('cut.cr3', bytes.subarray(0, 300));
    expect(await inspectRaw(file, 'cr3')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^this CR3 /),
    });
  });

  it("takes a RAF's orientation from its preview's own EXIF", async () => {
    const jpeg = await jpegWithOwnExif(1920, 1280, { IFD0: { Make: 'FUJIFILM' } }, 8);
    const file = await fileOf('a.raf', rafLike(jpeg));
    const inspection = await inspectRaw(file, 'raf');
    expect(inspection).toMatchObject({ ok: true, orientation: 8 });
    expect(await shown(file, inspection)).toMatchObject({ width: 1920, height: 1280 });
  });
});

describe('extractRawPreview', () => {
  it('copies exactly the preview bytes', async () => {
    const file = await fileOf('copy.rw2', rw2Like(nef.full));
    const inspection = await inspectRaw(file, 'rw2');
    if (!inspection.ok) throw new Error(inspection.reason);
    const jpeg = path.join(dir, 'copy.jpg');
    await extractRawPreview(file, inspection.preview, jpeg);
    expect((await readFile(jpeg)).equals(nef.full)).toBe(true);
  });

  it('throws when the RAW no longer holds its preview there', async () => {
    const file = await fileOf('changed.rw2', rw2Like(nef.full));
    const inspection = await inspectRaw(file, 'rw2');
    if (!inspection.ok) throw new Error(inspection.reason);
    await truncate(file, 1000);
    await expect(
      extractRawPreview(file, inspection.preview, path.join(dir, 'changed.jpg')),
    ).rejects.toThrow(/no longer holds its preview/);
  });
});
