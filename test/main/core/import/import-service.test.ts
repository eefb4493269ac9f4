import { copyFile, mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { HEIC_FIXTURES, readHeicFixture } from '../../../helpers/heic-fixtures';
import { writeNotAPhoto, writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function openTempLibrary(): Promise<{ core: ShoeboxCore; library: string; inbox: string }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  core = await openCore({ libraryRoot: library, imagingThreads: 2 });
  return { core, library, inbox: path.join(base, 'inbox') };
}

/** A camera card: DCIM folder, upper-case names, a Mac's AppleDouble file and a note. */
async function writeCameraCard(inbox: string): Promise<string> {
  const card = path.join(inbox, 'card');
  const folder = path.join(card, 'DCIM', '100CANON');
  await writeSamplePhoto(path.join(folder, 'IMG_0001.JPG'), {
    seed: 1,
    takenAt: '2023:07:14 09:30:00',
    make: 'Canon',
    model: 'Canon EOS R6',
  });
  await writeSamplePhoto(path.join(folder, 'IMG_0002.JPG'), {
    seed: 2,
    takenAt: '2023:07:15 18:00:00',
  });
  await writeNotAPhoto(path.join(folder, '._IMG_0001.JPG'), '\0\u0005\u0016\u0007AppleDouble');
  await writeNotAPhoto(path.join(card, 'MISC', 'notes.txt'));
  return card;
}

describe('import', () => {
  it('imports a camera card: originals by month, three WebP sizes, rows in the database', async () => {
    const { core, library, inbox } = await openTempLibrary();
    const summary = await core.importFiles([{ path: await writeCameraCard(inbox) }]);

    expect(summary.failed).toEqual([]);
    expect(summary.imported.map((photo) => photo.originalName).sort()).toEqual([
      'IMG_0001.JPG',
      'IMG_0002.JPG',
    ]);
    expect(summary.skipped).toHaveLength(2);
    const first = summary.imported.find((photo) => photo.originalName === 'IMG_0001.JPG')!;
    expect(first.path.startsWith(path.join(library, 'originals', '2023', '07') + path.sep)).toBe(
      true,
    );
    expect(first.takenAt).toBe('2023-07-14T09:30:00');
    expect(first.cameraMake).toBe('Canon');
    expect(first.cameraModel).toBe('Canon EOS R6');
    expect(first).toMatchObject({ width: 64, height: 48, format: 'jpeg' });
    // The original is byte for byte the card's file.
    const source = path.join(inbox, 'card', 'DCIM', '100CANON', 'IMG_0001.JPG');
    expect(Buffer.compare(await readFile(first.path), await readFile(source))).toBe(0);
    for (const size of ['thumb', 'medium', 'large'] as const) {
      const derivative = first.derivatives[size];
      const meta = await sharp(derivative.path).metadata();
      expect(meta.format).toBe('webp');
      // Never upscaled: a 64x48 photo stays 64x48 in every size.
      expect([meta.width, meta.height]).toEqual([64, 48]);
      expect((await stat(derivative.path)).size).toBe(derivative.bytes);
    }
    const listed = await core.handlers.listPhotos({});
    expect(listed.total).toBe(2);
    expect(listed.photos.map((photo) => photo.originalName)).toEqual([
      'IMG_0001.JPG',
      'IMG_0002.JPG',
    ]);
  });

  it('adds nothing when the same card is imported again, and names the photos already there', async () => {
    const { core, inbox } = await openTempLibrary();
    const card = await writeCameraCard(inbox);
    const first = await core.importFiles([{ path: card }]);
    const second = await core.importFiles([{ path: card }]);
    expect(second.imported).toEqual([]);
    expect(second.duplicates.map((d) => d.photoId).sort()).toEqual(
      first.imported.map((p) => p.id).sort(),
    );
    expect((await core.handlers.getLibraryInfo({})).photoCount).toBe(2);
  });

  it('imports one copy of a photo that appears twice in one batch', async () => {
    const { core, inbox } = await openTempLibrary();
    const a = await writeSamplePhoto(path.join(inbox, 'a', 'IMG_1.JPG'), { seed: 5 });
    const b = path.join(inbox, 'b', 'copy of IMG_1.JPG');
    await writeNotAPhoto(b);
    await copyFile(a, b);
    const summary = await core.importFiles([
      { path: path.join(inbox, 'a') },
      { path: path.join(inbox, 'b') },
    ]);
    expect(summary.imported).toHaveLength(1);
    expect(summary.duplicates).toEqual([
      { path: expect.any(String), photoId: summary.imported[0]!.id },
    ]);
  });

  it('reads every supported format by content, whatever the extension says', async () => {
    const { core, inbox } = await openTempLibrary();
    const formats = ['jpeg', 'png', 'webp', 'avif', 'tiff', 'gif'] as const;
    const paths = await Promise.all(
      formats.map((format, index) =>
        // A wrong extension on purpose: detection is by magic bytes.
        writeSamplePhoto(path.join(inbox, `photo-${format}.bin`), { seed: 10 + index, format }),
      ),
    );
    paths.push(
      await writeSamplePhoto(path.join(inbox, 'cmyk.jpg'), { seed: 20, format: 'cmyk-jpeg' }),
    );
    paths.push(
      await writeSamplePhoto(path.join(inbox, 'alpha.png'), {
        seed: 21,
        format: 'png',
        alpha: true,
      }),
    );
    const summary = await core.importFiles(paths.map((p) => ({ path: p })));
    expect(summary.failed).toEqual([]);
    const byName = new Map(summary.imported.map((photo) => [photo.originalName, photo]));
    for (const format of formats) expect(byName.get(`photo-${format}.bin`)?.format).toBe(format);
    // CMYK becomes sRGB; alpha survives into the WebP.
    const cmykThumb = await sharp(byName.get('cmyk.jpg')!.derivatives.thumb.path).metadata();
    expect(cmykThumb.space).toBe('srgb');
    const alphaThumb = await sharp(byName.get('alpha.png')!.derivatives.thumb.path).metadata();
    expect(alphaThumb.hasAlpha).toBe(true);
  });

  it("imports an iPhone's HEIC photos upright, with time, camera and place, past a broken one", async () => {
    const { core, library, inbox } = await openTempLibrary();
    const folder = path.join(inbox, 'DCIM', '100APPLE');
    await mkdir(folder, { recursive: true });
    const camera = path.join(folder, 'IMG_0001.HEIC');
    await copyFile(HEIC_FIXTURES.camera, camera);
    await copyFile(HEIC_FIXTURES.rotated, path.join(folder, 'IMG_0002.HEIC'));
    const p3 = await readHeicFixture('displayP3');
    const broken = path.join(folder, 'IMG_0003.HEIC');
    await writeFile(broken, p3.subarray(0, p3.length / 2));

    const summary = await core.importFiles([{ path: inbox }]);

    expect(summary.failed).toEqual([{ path: broken, error: expect.stringMatching(/damaged/) }]);
    const byName = new Map(summary.imported.map((photo) => [photo.originalName, photo]));
    expect([...byName.keys()].sort()).toEqual(['IMG_0001.HEIC', 'IMG_0002.HEIC']);
    const first = byName.get('IMG_0001.HEIC')!;
    expect(first).toMatchObject({
      format: 'heic',
      width: 96,
      height: 64,
      takenAt: '2024-06-01T14:30:15+02:00',
      cameraMake: 'Apple',
      cameraModel: 'iPhone 15',
      gps: { lat: 48.8567, lon: 2.2945 },
    });
    // The original is kept as the phone wrote it, filed by the month it was taken.
    expect(path.dirname(first.path)).toBe(path.join(library, 'originals', '2024', '06'));
    expect(Buffer.compare(await readFile(first.path), await readFile(camera))).toBe(0);
    const rotated = byName.get('IMG_0002.HEIC')!;
    expect(rotated).toMatchObject({ format: 'heic', width: 64, height: 96 });
    const thumb = await sharp(rotated.derivatives.thumb.path).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 64, 96]);
    expect((await core.verify()).ok).toBe(true);
  });

  it('reports each bad file with a reason and imports the rest', async () => {
    const { core, library, inbox } = await openTempLibrary();
    const good = await writeSamplePhoto(path.join(inbox, 'good.jpg'), { seed: 30 });
    const text = await writeNotAPhoto(path.join(inbox, 'letter.jpg'));
    const truncated = await writeSamplePhoto(path.join(inbox, 'truncated.jpg'), {
      seed: 31,
      width: 400,
      height: 300,
    });
    await truncate(truncated, Math.floor((await stat(truncated)).size / 2));
    const missing = path.join(inbox, 'missing.jpg');

    const summary = await core.importFiles(
      [good, text, truncated, missing].map((p) => ({ path: p })),
    );
    expect(summary.imported.map((photo) => photo.originalName)).toEqual(['good.jpg']);
    const failures = new Map(
      summary.failed.map((failure) => [path.basename(failure.path), failure.error]),
    );
    expect([...failures.keys()].sort()).toEqual(['letter.jpg', 'missing.jpg', 'truncated.jpg']);
    for (const reason of failures.values()) expect(reason).toMatch(/\w{4,}/);
    expect(failures.get('missing.jpg')).toMatch(/no such file/i);
    // A failed file leaves nothing behind in the library.
    const originals = await readdir(path.join(library, 'originals'), {
      recursive: true,
      withFileTypes: true,
    });
    expect(originals.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual([
      'good.jpg',
    ]);
    expect((await core.verify()).ok).toBe(true);
  });

  it('gives a second photo with the same name and month a unique name', async () => {
    const { core, inbox } = await openTempLibrary();
    const takenAt = '2022:02:02 10:00:00';
    const a = await writeSamplePhoto(path.join(inbox, 'cam-a', 'IMG_0001.JPG'), {
      seed: 40,
      takenAt,
    });
    const b = await writeSamplePhoto(path.join(inbox, 'cam-b', 'IMG_0001.JPG'), {
      seed: 41,
      takenAt,
    });
    const summary = await core.importFiles([{ path: a }, { path: b }]);
    const stored = summary.imported.map((photo) => path.basename(photo.path)).sort();
    expect(stored).toEqual(['IMG_0001-2.jpg', 'IMG_0001.jpg']);
  });

  it('files the photos into an album, duplicates included', async () => {
    const { core, inbox } = await openTempLibrary();
    const card = await writeCameraCard(inbox);
    await core.importFiles([{ path: card }]);
    const album = await core.handlers.createAlbum({ name: 'Summer' });
    const again = await core.importFiles([{ path: card }], { albumId: album.id });
    expect(again.duplicates).toHaveLength(2);
    expect((await core.handlers.listPhotos({ albumId: album.id })).photos).toHaveLength(2);
  });

  it('reports progress: the queue, one event per file with totals, then the end', async () => {
    const { core, inbox } = await openTempLibrary();
    const events: ImportProgress[] = [];
    await core.importFiles([{ path: await writeCameraCard(inbox) }], {
      onProgress: (event) => events.push(event),
    });
    expect(events[0]).toMatchObject({ type: 'queued', totals: { files: 4, processed: 2 } });
    const files = events.filter((event) => event.type === 'file');
    expect(files.map((event) => event.outcome.status).sort()).toEqual([
      'imported',
      'imported',
      'skipped',
      'skipped',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'finished',
      cancelled: false,
      totals: { files: 4, processed: 4, imported: 2, skipped: 2, failed: 0 },
    });
    const last = events.at(-1)!;
    expect(last.type === 'finished' && last.totals.processedBytes).toBe(last.totals.bytes);
  });

  it('stops when cancelled, keeps what finished and leaves a library that verifies', async () => {
    const { core, inbox } = await openTempLibrary();
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        writeSamplePhoto(path.join(inbox, `IMG_${index}.JPG`), {
          seed: 100 + index,
          width: 800,
          height: 600,
        }),
      ),
    );
    const controller = new AbortController();
    const summary = await core.importFiles([{ path: inbox }], {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'file' && event.outcome.status === 'imported') controller.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.imported.length).toBeGreaterThanOrEqual(1);
    expect(summary.imported.length).toBeLessThan(12);
    const report = await core.verify();
    expect(report.problems).toEqual([]);
    expect((await core.handlers.getLibraryInfo({})).photoCount).toBe(summary.imported.length);
    // Running it again completes the import.
    const rest = await core.importFiles([{ path: inbox }]);
    expect(rest.imported.length + rest.duplicates.length).toBe(12);
    expect((await core.handlers.getLibraryInfo({})).photoCount).toBe(12);
  });

  it("skips the library's own files when a folder holding the library is imported", async () => {
    const { core, library, inbox } = await openTempLibrary();
    await core.importFiles([{ path: await writeCameraCard(inbox) }]);
    const again = await core.importFiles([{ path: path.dirname(library) }]);
    expect(again.imported).toEqual([]);
    expect(again.failed).toEqual([]);
    const own = again.skipped.filter(
      (entry) => entry.reason === 'a file of the Shoebox library itself',
    );
    // Two originals and their three derivatives each.
    expect(own).toHaveLength(8);
    expect((await core.handlers.getLibraryInfo({})).photoCount).toBe(2);
  });

  it('names an upload by the name it was uploaded with', async () => {
    const { core, inbox } = await openTempLibrary();
    const upload = await core.stageUpload('Holiday photo.jpg');
    await writeSamplePhoto(path.join(inbox, 'x.jpg'), { seed: 50 });
    await writeFile(upload.path, await readFile(path.join(inbox, 'x.jpg')));
    const summary = await core.importFiles([
      { path: upload.path, originalName: 'Holiday photo.jpg' },
    ]);
    expect(summary.imported[0]?.originalName).toBe('Holiday photo.jpg');
  });
});
