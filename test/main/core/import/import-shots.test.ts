import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { COLOURS, nefLike, nefParts } from '../raw/raw-containers';
import { barAt, phoneMp4, TESTSRC2_BARS } from '../video/test-videos';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function openTempLibrary(): Promise<{ core: ShoeboxCore; library: string; card: string }> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  return { core, library: path.join(base, 'library'), card: path.join(base, 'card') };
}

/** A NEF (1200×800 red preview, IFD0 Orientation 6, taken 2024-05-01 10:00:00+02:00). */
async function writeNef(file: string): Promise<string> {
  await writeFile(file, nefLike(await nefParts()));
  return file;
}

/** The camera's JPEG of the NEF's shot (64×48, the NEF's capture time and camera). */
function writeCameraJpeg(file: string, takenAt = '2024:05:01 10:00:00'): Promise<string> {
  return writeSamplePhoto(file, {
    seed: 4,
    takenAt,
    make: 'NIKON CORPORATION',
    model: 'NIKON D850',
  });
}

async function meanColour(file: string): Promise<{ r: number; g: number; b: number }> {
  const { channels } = await sharp(file).stats();
  return { r: channels[0]!.mean, g: channels[1]!.mean, b: channels[2]!.mean };
}

describe('importing shots of several files', () => {
  it('imports a RAW and its JPEG as one photo whose derivatives come from the JPEG', async () => {
    const { core, card } = await openTempLibrary();
    const folder = path.join(card, 'DCIM', '100NIKON');
    await mkdir(folder, { recursive: true });
    const nef = await writeNef(path.join(folder, 'DSC_0001.NEF'));
    const jpeg = await writeCameraJpeg(path.join(folder, 'DSC_0001.JPG'));

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    expect(summary.duplicates).toEqual([]);
    expect(summary.skipped).toEqual([]);
    expect(summary.totals).toMatchObject({ imported: 1, duplicates: 0, skipped: 0 });
    const [photo] = summary.imported;
    expect(photo).toMatchObject({
      originalName: 'DSC_0001.NEF',
      format: 'nef',
      kind: 'photo',
      durationSeconds: null,
      cameraModel: 'NIKON D850',
      takenAt: '2024-05-01T10:00:00+02:00',
      // The camera's JPEG, as it shows it.
      width: 64,
      height: 48,
    });
    expect(photo!.files.map((file) => [file.role, path.basename(file.path)])).toEqual([
      ['original', 'DSC_0001.nef'],
      ['pair', 'DSC_0001.jpg'],
    ]);
    // Both files kept byte for byte, side by side under one stem.
    expect(Buffer.compare(await readFile(photo!.files[0]!.path), await readFile(nef))).toBe(0);
    expect(Buffer.compare(await readFile(photo!.files[1]!.path), await readFile(jpeg))).toBe(0);
    expect(path.dirname(photo!.files[0]!.path)).toBe(path.dirname(photo!.files[1]!.path));
    expect(photo!.files[1]!.bytes).toBe((await stat(jpeg)).size);
    const thumb = await sharp(photo!.derivatives.thumb.path).metadata();
    expect([thumb.width, thumb.height]).toEqual([64, 48]);

    // The same card again adds nothing: the pair is one duplicate.
    const again = await core.importFiles([{ path: card }]);
    expect(again.totals).toMatchObject({ imported: 0, duplicates: 1 });
    expect((await core.handlers.listPhotos({})).total).toBe(1);
  });

  it('shows a RAW alone through its embedded JPEG, turned by the RAW’s own orientation', async () => {
    const { core, library, card } = await openTempLibrary();
    await mkdir(card, { recursive: true });
    await writeNef(path.join(card, 'DSC_0002.NEF'));

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    const [photo] = summary.imported;
    // The 1200×800 preview (not the 160×120 thumbnail), turned upright: Orientation 6.
    expect(photo).toMatchObject({ format: 'nef', width: 800, height: 1200 });
    const large = photo!.derivatives.large;
    const meta = await sharp(large.path).metadata();
    expect([meta.width, meta.height]).toEqual([800, 1200]);
    const colour = await meanColour(large.path);
    expect(colour.r).toBeGreaterThan(180);
    expect(colour.g).toBeLessThan(70);
    expect(COLOURS.full.r).toBe(220);
    // Nothing of the extraction is left in staging.
    expect(await readdir(path.join(library, '.staging'))).toEqual([]);
  });

  it('joins a RAW imported after its JPEG to the JPEG’s photo, which keeps its id', async () => {
    const { core, card } = await openTempLibrary();
    const first = path.join(card, 'first');
    const second = path.join(card, 'second');
    await mkdir(first, { recursive: true });
    await mkdir(second, { recursive: true });
    await writeCameraJpeg(path.join(first, 'DSC_0003.JPG'));
    await writeNef(path.join(second, 'DSC_0003.NEF'));

    const jpegOnly = await core.importFiles([{ path: first }]);
    const photoId = jpegOnly.imported[0]!.id;
    await core.handlers.updatePhotos({ photoIds: [photoId], changes: { rating: 4 } });
    const rawAfter = await core.importFiles([{ path: second }]);

    expect(rawAfter.failed).toEqual([]);
    expect(rawAfter.imported.map((photo) => photo.id)).toEqual([photoId]);
    const listed = await core.handlers.listPhotos({});
    expect(listed.total).toBe(1);
    const [photo] = (await core.listPhotoRecords({})).photos;
    expect(photo).toMatchObject({ id: photoId, format: 'nef', originalName: 'DSC_0003.NEF' });
    expect(photo!.rating).toBe(4);
    expect(photo!.files.map((file) => [file.role, path.basename(file.path)])).toEqual([
      ['original', 'DSC_0003.nef'],
      ['pair', 'DSC_0003.jpg'],
    ]);
    const report = await core.verify();
    expect(report.problems).toEqual([]);
  });

  it('keeps a JPEG taken at another moment than the RAW of its name as a photo of its own', async () => {
    const { core, card } = await openTempLibrary();
    await mkdir(card, { recursive: true });
    await writeNef(path.join(card, 'DSC_0004.NEF'));
    await writeCameraJpeg(path.join(card, 'DSC_0004.JPG'), '2024:05:01 11:30:00');

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    expect(
      summary.imported.map((photo) => [photo.originalName, photo.files.length]).sort(),
    ).toEqual([
      ['DSC_0004.JPG', 1],
      ['DSC_0004.NEF', 1],
    ]);
    expect(summary.totals).toMatchObject({ files: 2, imported: 2 });
  });

  it('imports a video: the original kept, a poster in three sizes, its length', async () => {
    const { core, card } = await openTempLibrary();
    await mkdir(card, { recursive: true });
    const video = await phoneMp4(card);

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    const [photo] = summary.imported;
    expect(photo).toMatchObject({ kind: 'video', format: 'mp4', width: 320, height: 240 });
    expect(photo!.durationSeconds).toBeGreaterThan(1.5);
    expect(photo!.durationSeconds).toBeLessThan(2.5);
    expect(photo!.gps!.lat).toBeCloseTo(48.8584, 3);
    expect(photo!.gps!.lon).toBeCloseTo(2.2945, 3);
    expect(Buffer.compare(await readFile(photo!.path), await readFile(video))).toBe(0);
    // The poster is upright: testsrc2's bars run red to cyan, left to right.
    const large = photo!.derivatives.large.path;
    expect(await barAt(large, 0.03, 0.3)).toBe(TESTSRC2_BARS[0]);
    expect(await barAt(large, 0.97, 0.3)).toBe(TESTSRC2_BARS[5]);
  });
});
