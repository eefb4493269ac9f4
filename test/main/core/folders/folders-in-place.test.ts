import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { snapshotTree } from './folder-fixtures';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function setUp(): Promise<{ core: ShoeboxCore; library: string; photos: string }> {
  const base = await makeTempDir('shoebox-in-place-');
  const library = path.join(base, 'library');
  core = await openCore({ libraryRoot: library, imagingThreads: 2 });
  const photos = path.join(base, 'My Photos');
  await writeSamplePhoto(path.join(photos, '2023', 'paris.jpg'), {
    seed: 1,
    takenAt: '2023:07:14 09:30:00',
    make: 'Fujifilm',
    model: 'X-T4',
  });
  await writeSamplePhoto(path.join(photos, '2023', 'lyon.jpg'), {
    seed: 2,
    takenAt: '2023:07:15 18:00:00',
  });
  await writeSamplePhoto(path.join(photos, 'beach.jpg'), {
    seed: 3,
    takenAt: '2024:01:02 12:00:00',
  });
  return { core, library, photos };
}

async function allPhotos(shoebox: ShoeboxCore) {
  const page = await shoebox.listPhotoRecords({ limit: 100 });
  return page.photos;
}

describe('folders added in place', () => {
  it('indexes photos where they are: nothing copied, derivatives made, the files untouched', async () => {
    const { core: shoebox, library, photos } = await setUp();
    const before = await snapshotTree(photos);
    const { folder, summary } = await shoebox.folders.add(photos, {});
    expect(folder).toMatchObject({ path: photos, status: 'ok', photos: 3, missing: 0 });
    expect(summary.imported?.imported).toHaveLength(3);
    const listed = await allPhotos(shoebox);
    expect(listed.map((photo) => photo.path).sort()).toEqual(
      [
        path.join(photos, '2023', 'lyon.jpg'),
        path.join(photos, '2023', 'paris.jpg'),
        path.join(photos, 'beach.jpg'),
      ].sort(),
    );
    for (const photo of listed) {
      expect(photo).toMatchObject({ source: 'folder', status: 'ok' });
      const thumb = await sharp(photo.derivatives.thumb.path).metadata();
      expect(thumb.format).toBe('webp');
    }
    // Nothing in originals/, and the user's folder byte for byte as it was.
    expect((await snapshotTree(path.join(library, 'originals'))).size).toBe(0);
    expect(await snapshotTree(photos)).toEqual(before);
    const report = await shoebox.verify();
    expect(report.problems).toEqual([]);
    expect(report.notices).toEqual([]);
  });

  it('keeps a moved photo with its rating and album; marks a deleted one missing, then finds it back', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    const paris = (await allPhotos(shoebox)).find((photo) => photo.originalName === 'paris.jpg')!;
    await shoebox.handlers.updatePhotos({ photoIds: [paris.id], changes: { rating: 5 } });
    const album = await shoebox.handlers.createAlbum({ name: 'France' });
    await shoebox.handlers.addPhotosToAlbum({ albumId: album.id, photoIds: [paris.id] });

    await mkdir(path.join(photos, 'best'), { recursive: true });
    await rename(path.join(photos, '2023', 'paris.jpg'), path.join(photos, 'best', 'Paris!.jpg'));
    const moved = await shoebox.folders.rescan();
    expect(moved.counts).toEqual({ added: 0, changed: 0, moved: 1, missing: 0, returned: 0 });
    const [after] = await shoebox.photoRecords([paris.id]);
    expect(after).toMatchObject({
      id: paris.id,
      rating: 5,
      status: 'ok',
      path: path.join(photos, 'best', 'Paris!.jpg'),
      // Shown by the name the folder shows now.
      originalName: 'Paris!.jpg',
    });
    const inAlbum = await shoebox.listPhotoRecords({
      albumId: album.id,
      limit: 10,
    });
    expect(inAlbum.photos.map((photo) => photo.id)).toEqual([paris.id]);

    const kept = await readFile(path.join(photos, 'best', 'Paris!.jpg'));
    await rm(path.join(photos, 'best', 'Paris!.jpg'));
    expect((await shoebox.folders.rescan()).counts.missing).toBe(1);
    expect((await shoebox.photoRecords([paris.id]))[0]).toMatchObject({
      status: 'missing',
      rating: 5,
    });
    // The user's file gone is a notice, not a fault of the library.
    const report = await shoebox.verify();
    expect(report.problems).toEqual([]);
    expect(report.notices).toEqual([
      expect.objectContaining({
        kind: 'missing',
        photoId: paris.id,
        path: path.join(photos, 'best', 'Paris!.jpg'),
      }),
    ]);

    await writeFile(path.join(photos, 'best', 'Paris!.jpg'), kept);
    expect((await shoebox.folders.rescan()).counts.returned).toBe(1);
    expect((await shoebox.photoRecords([paris.id]))[0]).toMatchObject({ status: 'ok', rating: 5 });
  });

  it('imports a new file and makes a changed one anew, keeping its photo', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    const beach = (await allPhotos(shoebox)).find((photo) => photo.originalName === 'beach.jpg')!;
    await shoebox.handlers.updatePhotos({ photoIds: [beach.id], changes: { title: 'Sand' } });
    await writeSamplePhoto(path.join(photos, 'new.jpg'), {
      seed: 9,
      takenAt: '2024:03:01 10:00:00',
    });
    // Edited elsewhere: another picture under the same name.
    await writeSamplePhoto(path.join(photos, 'beach.jpg'), {
      seed: 4,
      takenAt: '2024:01:02 12:00:00',
    });
    const { counts, imported } = await shoebox.folders.rescan(photos);
    expect(counts).toMatchObject({ added: 1, changed: 1 });
    expect(imported?.imported.map((photo) => photo.originalName)).toEqual(['new.jpg']);
    const [changed] = await shoebox.photoRecords([beach.id]);
    expect(changed).toMatchObject({ id: beach.id, title: 'Sand', status: 'ok' });
    expect(changed!.hash).not.toBe(beach.hash);
    expect(changed!.derivatives.large.path).not.toBe(beach.derivatives.large.path);
    await expect(stat(beach.derivatives.large.path)).rejects.toThrow();
    expect((await shoebox.verify()).problems).toEqual([]);
  });

  it('removes a trashed photo from the library and a removed folder’s photos, never a file on disk', async () => {
    const { core: shoebox, photos } = await setUp();
    const before = await snapshotTree(photos);
    await shoebox.folders.add(photos, {});
    const [first] = await allPhotos(shoebox);
    await shoebox.handlers.trashPhotos({ photoIds: [first!.id] });
    await shoebox.handlers.emptyTrash({});
    expect(await allPhotos(shoebox)).toHaveLength(2);
    await expect(stat(first!.derivatives.thumb.path)).rejects.toThrow();
    // Emptied from the library, not re-imported by a rescan.
    expect((await shoebox.folders.rescan()).counts.added).toBe(0);
    expect(await shoebox.folders.remove(photos)).toBe(2);
    expect(await allPhotos(shoebox)).toEqual([]);
    expect(shoebox.folders.list()).toEqual([]);
    expect(await snapshotTree(photos)).toEqual(before);
  });

  it('deletes a photo from the disk only when asked, and refuses a photo of the library', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    const beach = (await allPhotos(shoebox)).find((photo) => photo.originalName === 'beach.jpg')!;
    const copied = await shoebox.importFiles([
      { path: await writeSamplePhoto(path.join(photos, '..', 'copy.jpg'), { seed: 7 }) },
    ]);
    await expect(
      shoebox.handlers.deleteFromDisk({ photoIds: [copied.imported[0]!.id] }),
    ).rejects.toThrow(/trash/);
    expect(await shoebox.handlers.deleteFromDisk({ photoIds: [beach.id] })).toEqual({ count: 1 });
    await expect(stat(path.join(photos, 'beach.jpg'))).rejects.toThrow();
    await expect(stat(path.join(photos, '2023', 'paris.jpg'))).resolves.toBeTruthy();
    expect(await shoebox.photoRecords([beach.id])).toEqual([]);
    expect((await shoebox.folders.rescan()).counts).toMatchObject({ missing: 0, added: 0 });
    expect(shoebox.folders.list()[0]).toMatchObject({ photos: 2, missing: 0 });
  });

  it('turns a photo left in its folder from its pixels there, and says why it cannot when it is gone', async () => {
    const { core: shoebox, photos } = await setUp();
    const before = await snapshotTree(photos);
    await shoebox.folders.add(photos, {});
    const listed = await allPhotos(shoebox);
    const beach = listed.find((photo) => photo.originalName === 'beach.jpg')!;
    await shoebox.handlers.rotatePhotos({ photoIds: [beach.id], direction: 'right' });
    const [turned] = await shoebox.photoRecords([beach.id]);
    const large = await sharp(turned!.derivatives.large.path).metadata();
    expect([large.width, large.height]).toEqual([
      beach.derivatives.large.height,
      beach.derivatives.large.width,
    ]);
    expect(await snapshotTree(photos)).toEqual(before);
    expect((await shoebox.handlers.getLibraryInfo({})).originalsBytes).toBe(0);

    await rm(path.join(photos, '2023', 'lyon.jpg'));
    await shoebox.folders.rescan();
    const lyon = listed.find((photo) => photo.originalName === 'lyon.jpg')!;
    await expect(
      shoebox.handlers.rotatePhotos({ photoIds: [lyon.id], direction: 'right' }),
    ).rejects.toThrow(/"lyon.jpg" is missing from its folder/);
  });

  it('locates a missing file where the user says it is, only if it is the same picture', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    const lyon = (await allPhotos(shoebox)).find((photo) => photo.originalName === 'lyon.jpg')!;
    await shoebox.handlers.updatePhotos({ photoIds: [lyon.id], changes: { rating: 2 } });
    // Moved to a folder no one added, then found missing.
    const outside = path.join(photos, '..', 'elsewhere', 'lyon.jpg');
    await mkdir(path.dirname(outside), { recursive: true });
    await rename(path.join(photos, '2023', 'lyon.jpg'), outside);
    await shoebox.folders.rescan();
    expect((await shoebox.photoRecords([lyon.id]))[0]!.status).toBe('missing');
    await expect(shoebox.handlers.locateFile({ photoId: lyon.id, path: outside })).rejects.toThrow(
      /add its folder first/,
    );
    await expect(
      shoebox.handlers.locateFile({ photoId: lyon.id, path: path.join(photos, 'beach.jpg') }),
    ).rejects.toThrow(/its content differs/);
    // Put back under another name inside the folder, and located before any rescan: the
    // photo is there at once, and the next rescan finds nothing to do.
    const back = path.join(photos, 'lyon again.jpg');
    await rename(outside, back);
    await shoebox.handlers.locateFile({ photoId: lyon.id, path: back });
    expect((await shoebox.photoRecords([lyon.id]))[0]).toMatchObject({
      status: 'ok',
      rating: 2,
      path: back,
    });
    expect((await shoebox.folders.rescan()).counts).toEqual({
      added: 0,
      changed: 0,
      moved: 0,
      missing: 0,
      returned: 0,
    });
    expect(await allPhotos(shoebox)).toHaveLength(3);
    expect(shoebox.folders.list()[0]).toMatchObject({ missing: 0, photos: 3 });
  });

  it('finds a folder’s photos by a folder: term, by its name, its path, or a folder inside it', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    await shoebox.importFiles([
      { path: await writeSamplePhoto(path.join(photos, '..', 'copied.jpg'), { seed: 8 }) },
    ]);
    const names = async (query: string) =>
      (await shoebox.searchRecords({ query, limit: 50 })).photos
        .map((photo) => photo.originalName)
        .sort();
    expect(await names('folder:"my photos"')).toEqual(['beach.jpg', 'lyon.jpg', 'paris.jpg']);
    expect(await names('folder:"My Photos/2023"')).toEqual(['lyon.jpg', 'paris.jpg']);
    expect(await names(`folder:"${path.join(photos, '2023')}"`)).toEqual(['lyon.jpg', 'paris.jpg']);
    expect(await names('-folder:"My Photos"')).toEqual(['copied.jpg']);
    expect(await names('folder:Elsewhere')).toEqual([]);
  });

  it('reports a copy of a photo already in an added folder as a duplicate', async () => {
    const { core: shoebox, photos } = await setUp();
    await shoebox.folders.add(photos, {});
    const summary = await shoebox.importFiles([{ path: path.join(photos, 'beach.jpg') }]);
    expect(summary.imported).toEqual([]);
    expect(summary.duplicates).toHaveLength(1);
  });

  it('refuses a folder inside the library', async () => {
    const { core: shoebox, library } = await setUp();
    await expect(shoebox.folders.add(path.join(library, 'originals'), {})).rejects.toThrow(
      /inside the Shoebox library/,
    );
  });
});

describe('descriptions of photos left in their folders', () => {
  it('stay in the database unless the folder writes XMP, then go beside the file as IMG.JPG.xmp', async () => {
    const base = await makeTempDir('shoebox-in-place-xmp-');
    const quiet = path.join(base, 'quiet');
    const writing = path.join(base, 'writing');
    await writeSamplePhoto(path.join(quiet, 'a.jpg'), { seed: 1 });
    await writeSamplePhoto(path.join(writing, 'b.jpg'), { seed: 2 });
    // Another app's sidecar under the stem: Shoebox never writes over it.
    await writeFile(path.join(writing, 'b.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>\n');
    const quietBefore = await snapshotTree(quiet);
    const lightroomSidecar = await readFile(path.join(writing, 'b.xmp'));
    core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
    await core.folders.add(quiet, {});
    await core.folders.add(writing, { writeXmp: true });
    const { photos } = await core.listPhotoRecords({ limit: 10 });
    await core.handlers.updatePhotos({
      photoIds: photos.map((photo) => photo.id),
      changes: { rating: 3, addKeywords: ['Places/France'] },
    });
    // Closing writes what is pending.
    await core.close();
    core = null;
    expect(await snapshotTree(quiet)).toEqual(quietBefore);
    const written = await readFile(path.join(writing, 'b.jpg.xmp'), 'utf8');
    expect(written).toMatch(/xmp:Rating="3"|<xmp:Rating>3<\/xmp:Rating>/);
    expect(written).toContain('France');
    expect(await readFile(path.join(writing, 'b.xmp'))).toEqual(lightroomSidecar);
  });
});
