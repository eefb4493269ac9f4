/**
 * Folders in place when things go wrong: a folder removed while its photos import, an add
 * cancelled half-way, a sidecar the folder refuses, edits while a file is away, and a library
 * inside the folder added.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { nefLike, nefParts } from '../raw/raw-containers';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function folderOf(count: number, base: string): Promise<string> {
  const folder = path.join(base, 'photos');
  for (let index = 0; index < count; index += 1) {
    await writeSamplePhoto(path.join(folder, `p${index}.jpg`), { seed: index + 1 });
  }
  return folder;
}

async function open(base: string): Promise<ShoeboxCore> {
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  return core;
}

describe('folders in place, when things go wrong', () => {
  it('leaves no photo pointing nowhere when a folder is removed while it imports', async () => {
    const base = await makeTempDir('shoebox-hazard-remove-');
    const folder = await folderOf(12, base);
    const shoebox = await open(base);
    const events: ImportProgress[] = [];
    shoebox.subscribe((event) => {
      if (event.event === 'importProgress') events.push(event.payload);
    });
    const { folder: added, importId } = await shoebox.handlers.addFolder({
      path: folder,
      importId: randomUUID(),
    });
    // Removed as soon as the first photo is in.
    await expect.poll(() => events.some((e) => e.type === 'file'), { timeout: 60_000 }).toBe(true);
    await shoebox.handlers.removeFolder({ folderId: added.id });
    await expect
      .poll(() => events.some((e) => e.type === 'finished' && e.importId === importId), {
        timeout: 120_000,
      })
      .toBe(true);
    const { photos } = await shoebox.listPhotoRecords({ limit: 100 });
    expect(photos).toEqual([]);
    expect(await shoebox.verify()).toMatchObject({ ok: true, problems: [] });
  }, 200_000);

  it('imports at the next rescan what a cancelled add left', async () => {
    const base = await makeTempDir('shoebox-hazard-cancel-');
    const folder = await folderOf(6, base);
    const shoebox = await open(base);
    const controller = new AbortController();
    await shoebox.folders.add(folder, {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'file') controller.abort();
      },
    });
    const before = (await shoebox.listPhotoRecords({ limit: 100 })).photos.length;
    expect(before).toBeLessThan(6);
    const { imported } = await shoebox.folders.rescan();
    expect(imported?.imported).toHaveLength(6 - before);
    expect((await shoebox.listPhotoRecords({ limit: 100 })).photos).toHaveLength(6);
    // Done: the next rescan has nothing to import.
    expect((await shoebox.folders.rescan()).imported).toBeNull();
  }, 200_000);

  it('leaves no temp file in a folder that refuses a sidecar, and writes the others', async () => {
    const base = await makeTempDir('shoebox-hazard-xmp-');
    const folder = await folderOf(2, base);
    // A folder where the sidecar would go: the rename onto it fails.
    await mkdir(path.join(folder, 'p0.jpg.xmp', 'taken'), { recursive: true });
    const shoebox = await open(base);
    await shoebox.folders.add(folder, { writeXmp: true });
    const { photos } = await shoebox.listPhotoRecords({ limit: 10 });
    await shoebox.handlers.updatePhotos({
      photoIds: photos.map((photo) => photo.id),
      changes: { rating: 4 },
    });
    await shoebox.close();
    core = null;
    const names = await readdir(folder);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(path.join(folder, 'p1.jpg.xmp'), 'utf8')).toMatch(/Rating="4"|>4</);
  }, 120_000);

  it('writes the sidecar of an edit made while the file was away once it is back', async () => {
    const base = await makeTempDir('shoebox-hazard-away-');
    const folder = await folderOf(1, base);
    let shoebox = await open(base);
    await shoebox.folders.add(folder, { writeXmp: true });
    const [photo] = (await shoebox.listPhotoRecords({ limit: 10 })).photos;
    await rename(path.join(folder, 'p0.jpg'), path.join(base, 'p0.jpg'));
    await shoebox.folders.rescan();
    await shoebox.handlers.updatePhotos({ photoIds: [photo!.id], changes: { rating: 5 } });
    await shoebox.close();
    expect((await readdir(folder)).filter((name) => name.endsWith('.xmp'))).toEqual([]);

    shoebox = await open(base);
    await rename(path.join(base, 'p0.jpg'), path.join(folder, 'p0.jpg'));
    await shoebox.folders.rescan();
    await shoebox.close();
    core = null;
    expect(await readFile(path.join(folder, 'p0.jpg.xmp'), 'utf8')).toMatch(/Rating="5"|>5</);
  }, 120_000);

  it('leaves the library out of a folder that holds it', async () => {
    const base = await makeTempDir('shoebox-hazard-parent-');
    const pictures = path.join(base, 'Pictures');
    await writeSamplePhoto(path.join(pictures, 'mine.jpg'), { seed: 1 });
    core = await openCore({ libraryRoot: path.join(pictures, 'Shoebox'), imagingThreads: 1 });
    const shoebox = core;
    await shoebox.importFiles([
      { path: await writeSamplePhoto(path.join(base, 'card', 'copied.jpg'), { seed: 2 }) },
    ]);
    const { summary } = await shoebox.folders.add(pictures, {});
    expect(summary.counts.added).toBe(1);
    expect(summary.imported?.imported.map((photo) => photo.originalName)).toEqual(['mine.jpg']);
    const [photo] = (await shoebox.listPhotoRecords({ limit: 10 })).photos.filter(
      (p) => p.originalName === 'copied.jpg',
    );
    await shoebox.handlers.rotatePhotos({ photoIds: [photo!.id], direction: 'right' });
    expect((await shoebox.folders.rescan()).counts).toMatchObject({ added: 0, missing: 0 });
    expect(shoebox.folders.list()[0]).toMatchObject({ photos: 1, missing: 0 });
  }, 120_000);

  it('makes a RAW anew when its paired JPEG is edited in its folder', async () => {
    const base = await makeTempDir('shoebox-hazard-pair-');
    const folder = path.join(base, 'photos');
    const camera = {
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    };
    await writeSamplePhoto(path.join(folder, 'DSC_0007.JPG'), { seed: 7, ...camera });
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'DSC_0007.NEF'), nefLike(await nefParts()));
    const shoebox = await open(base);
    await shoebox.folders.add(folder, {});
    const [raw] = (await shoebox.listPhotoRecords({ limit: 10 })).photos;
    expect(raw).toMatchObject({ format: 'nef', files: [{ role: 'original' }, { role: 'pair' }] });

    // Edited elsewhere: another picture in the JPEG.
    await writeSamplePhoto(path.join(folder, 'DSC_0007.JPG'), { seed: 70, ...camera });
    const { counts, failed } = await shoebox.folders.rescan();
    expect(counts.changed).toBe(1);
    expect(failed).toEqual([]);
    const [after] = await shoebox.photoRecords([raw!.id]);
    expect(after!.derivatives.large.path).not.toBe(raw!.derivatives.large.path);
    await expect(stat(raw!.derivatives.large.path)).rejects.toThrow();
    const report = await shoebox.verify();
    expect(report).toMatchObject({ ok: true, problems: [], notices: [] });
  }, 120_000);

  it('joins the halves of a shot that arrive in a folder in separate rescans, in either order', async () => {
    const base = await makeTempDir('shoebox-hazard-late-pair-');
    const folder = path.join(base, 'photos');
    const camera = {
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    };
    await mkdir(folder, { recursive: true });
    // RAW first, its JPEG later.
    await writeFile(path.join(folder, 'DSC_0001.NEF'), nefLike(await nefParts()));
    const shoebox = await open(base);
    await shoebox.folders.add(folder, {});
    const [raw] = (await shoebox.listPhotoRecords({ limit: 10 })).photos;
    await writeSamplePhoto(path.join(folder, 'DSC_0001.JPG'), { seed: 1, ...camera });
    await shoebox.folders.rescan();
    // JPEG first, its RAW later.
    await writeSamplePhoto(path.join(folder, 'DSC_0002.JPG'), { seed: 2, ...camera });
    await shoebox.folders.rescan();
    const [jpeg] = (await shoebox.listPhotoRecords({ limit: 10 })).photos.filter(
      (photo) => photo.originalName === 'DSC_0002.JPG',
    );
    // Another RAW than the first (bytes after its last IFD change nothing it says).
    const other = Buffer.concat([nefLike(await nefParts()), Buffer.from('second shot')]);
    await writeFile(path.join(folder, 'DSC_0002.NEF'), other);
    await shoebox.folders.rescan();

    const photos = (await shoebox.listPhotoRecords({ limit: 10 })).photos;
    const shape = (id: number) => {
      const photo = photos.find((p) => p.id === id)!;
      return [photo.format, photo.files.map((file) => [file.role, path.basename(file.path)])];
    };
    expect(photos).toHaveLength(2);
    expect(shape(raw!.id)).toEqual([
      'nef',
      [
        ['original', 'DSC_0001.NEF'],
        ['pair', 'DSC_0001.JPG'],
      ],
    ]);
    expect(shape(jpeg!.id)).toEqual([
      'nef',
      [
        ['original', 'DSC_0002.NEF'],
        ['pair', 'DSC_0002.JPG'],
      ],
    ]);
    expect(await shoebox.verify()).toMatchObject({ ok: true, problems: [], notices: [] });
    expect((await shoebox.folders.rescan()).counts).toMatchObject({ added: 0, changed: 0 });
  }, 120_000);

  it('does not bring back an emptied photo when a library from before migration 10 upgrades', async () => {
    const base = await makeTempDir('shoebox-hazard-upgrade-');
    const folder = await folderOf(2, base);
    let shoebox = await open(base);
    await shoebox.folders.add(folder, {});
    const [first] = (await shoebox.listPhotoRecords({ limit: 10 })).photos;
    await shoebox.handlers.trashPhotos({ photoIds: [first!.id] });
    await shoebox.handlers.emptyTrash({});
    await shoebox.close();
    core = null;
    // The library as migration 9 left it.
    const db = new Database(path.join(base, 'library', 'library.db'));
    db.exec(`DROP INDEX folder_files_to_import;
      ALTER TABLE folder_files DROP COLUMN import_done;
      PRAGMA user_version = 9;`);
    db.close();

    shoebox = await open(base);
    expect((await shoebox.folders.rescan()).imported).toBeNull();
    expect((await shoebox.listPhotoRecords({ limit: 10 })).photos).toHaveLength(1);
  }, 120_000);
});
