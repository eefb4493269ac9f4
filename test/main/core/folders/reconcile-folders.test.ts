/**
 * Rescans of real folders: files added, changed, moved, renamed (case-only and NFD too),
 * deleted, back again, moved between added folders, and a folder gone as a whole. Each rescan
 * must keep a known file's row (and so its photo), read nothing it need not, and leave the
 * user's files exactly as they were.
 */
import { mkdir, open, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentReader } from '../../../../main/core/folders/content-hash';
import { FolderRepository } from '../../../../main/core/folders/folder-repository';
import {
  addFolder,
  rescanFolders,
  type RescanResult,
} from '../../../../main/core/folders/folder-service';
import type { LibraryDatabase } from '../../../../main/core/library/database';
import { makeTempDir } from '../../../helpers/temp-dir';
import {
  closeDatabases,
  indexRows,
  insertPhoto,
  makeLibraryDatabase,
  snapshotTree,
  writeMediaFile,
} from './folder-fixtures';

afterEach(closeDatabases);

/** A folder of photos in two subfolders, added in place, each file linked to a photo. */
async function addedFolder(names = ['2024/a.jpg', '2024/b.jpg', '2025/c.CR2', '2025/d.mp4']) {
  const db = await makeLibraryDatabase();
  const dir = path.join(await makeTempDir('shoebox-folder-'), 'Photos');
  for (const [index, name] of names.entries()) {
    await writeMediaFile(path.join(dir, name), name, { mtime: 1_700_000_000 + index });
  }
  // Not media: left out of the index.
  await writeFile(path.join(dir, 'notes.txt'), 'shopping list');
  await mkdir(path.join(dir, '.hidden'));
  await writeMediaFile(path.join(dir, '.hidden', 'secret.jpg'), 'secret');
  await writeMediaFile(path.join(dir, '@eaDir', 'a.jpg', 'SYNOPHOTO_THUMB_M.jpg'), 'nas thumb');
  await symlink(path.join(dir, names[0]), path.join(dir, 'link.jpg'));
  const { root, rescan } = await addFolder(db, dir);
  const repository = new FolderRepository(db);
  const photoOf = new Map<string, number>();
  for (const [index, file] of rescan.plan.added.entries()) {
    const photoId = insertPhoto(db, file.relPath);
    repository.linkPhoto(rescan.addedIds[index], photoId, 'original');
    photoOf.set(file.relPath, photoId);
  }
  return { db, dir, root, rescan, photoOf };
}

/** Rescans with a counting reader, and checks no file of the user's changed meanwhile. */
async function rescan(db: LibraryDatabase, dirs: string[]) {
  const before = await Promise.all(dirs.map(snapshotTree));
  const reader = createContentReader();
  const result = await rescanFolders(db, { reader });
  expect(await Promise.all(dirs.map(snapshotTree))).toEqual(before);
  return { result, bytesRead: reader.bytesRead };
}

function photoAt(db: LibraryDatabase, relPath: string): number | null | undefined {
  return indexRows(db).find((row) => row.rel_path === relPath)?.photo_id;
}

function moves(result: RescanResult) {
  return result.plan.moved.map((move) => [move.from.relPath, move.to.relPath]);
}

describe('folders in place', () => {
  it('indexes candidate media only, and an unchanged rescan reads no byte', async () => {
    const { db, dir, rescan: first } = await addedFolder();
    expect(first.counts).toEqual({ added: 4, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db).map((row) => row.rel_path)).toEqual([
      '2024/a.jpg',
      '2024/b.jpg',
      '2025/c.CR2',
      '2025/d.mp4',
    ]);
    expect(first.roots[0].skipped).toEqual(
      expect.arrayContaining([
        { relPath: '.hidden', reason: 'hidden folder' },
        { relPath: '@eaDir', reason: 'Synology NAS thumbnails' },
        { relPath: 'link.jpg', reason: expect.stringMatching(/^symbolic link/) },
      ]),
    );
    expect(first.roots[0].skipped).toHaveLength(3);
    const { result, bytesRead } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(bytesRead).toBe(0);
  });

  it('finds a new file and a changed one; the changed one keeps its photo', async () => {
    const { db, dir, photoOf } = await addedFolder();
    await writeMediaFile(path.join(dir, '2024/new.heic'), 'new');
    await writeMediaFile(path.join(dir, '2024/a.jpg'), 'edited', {
      bytes: 250_000,
      mtime: 1_750_000_000,
    });
    const { result } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 1, changed: 1, moved: 0, missing: 0, returned: 0 });
    expect(result.plan.changed).toMatchObject([
      { relPath: '2024/a.jpg', photoId: photoOf.get('2024/a.jpg'), size: 250_000 },
    ]);
    expect(photoAt(db, '2024/a.jpg')).toBe(photoOf.get('2024/a.jpg'));
    expect(result.plan.added.map((file) => file.relPath)).toEqual(['2024/new.heic']);
  });

  it('takes a time-only change (a touch) as unchanged after reading the quick hash', async () => {
    const { db, dir } = await addedFolder();
    await utimes(path.join(dir, '2024/b.jpg'), 1_760_000_000, 1_760_000_000);
    const { result, bytesRead } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(result.plan.touched).toHaveLength(1);
    expect(bytesRead).toBe(128 * 1024);
    // Refreshed: the next rescan reads nothing.
    expect((await rescan(db, [dir])).bytesRead).toBe(0);
  });

  it('keeps the photo of a file moved to another subfolder and of a renamed one', async () => {
    const { db, dir, photoOf } = await addedFolder();
    await mkdir(path.join(dir, '2023'));
    await rename(path.join(dir, '2024/a.jpg'), path.join(dir, '2023/a.jpg'));
    await rename(path.join(dir, '2025/c.CR2'), path.join(dir, '2025/holiday.CR2'));
    const { result } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 2, missing: 0, returned: 0 });
    expect(moves(result)).toEqual([
      ['2024/a.jpg', '2023/a.jpg'],
      ['2025/c.CR2', '2025/holiday.CR2'],
    ]);
    expect(photoAt(db, '2023/a.jpg')).toBe(photoOf.get('2024/a.jpg'));
    expect(photoAt(db, '2025/holiday.CR2')).toBe(photoOf.get('2025/c.CR2'));
    expect(indexRows(db)).toHaveLength(4);
  });

  it('keeps the photo through a case-only rename, on this disk and on one that ignores case', async () => {
    const { db, dir, photoOf } = await addedFolder();
    await rename(path.join(dir, '2024/a.jpg'), path.join(dir, '2024/A.JPG'));
    // Case-sensitive here: a rename like any other, found by size and quick hash.
    const sensitive = await rescan(db, [dir]);
    expect(moves(sensitive.result)).toEqual([['2024/a.jpg', '2024/A.JPG']]);
    expect(photoAt(db, '2024/A.JPG')).toBe(photoOf.get('2024/a.jpg'));

    // As on APFS or NTFS: the same name, so the same file, recognised without reading it.
    db.prepare('UPDATE volumes SET case_insensitive = 1').run();
    await rename(path.join(dir, '2024/A.JPG'), path.join(dir, '2024/a.Jpg'));
    const insensitive = await rescan(db, [dir]);
    expect(insensitive.result.counts).toMatchObject({ moved: 1, added: 0, missing: 0 });
    expect(moves(insensitive.result)).toEqual([['2024/A.JPG', '2024/a.Jpg']]);
    expect(insensitive.bytesRead).toBe(0);
    expect(photoAt(db, '2024/a.Jpg')).toBe(photoOf.get('2024/a.jpg'));
  });

  it('takes an NFD name for the NFC name it was, without reading the file', async () => {
    const nfc = 'Été/café.jpg'.normalize('NFC');
    const { db, dir, photoOf } = await addedFolder([nfc]);
    const nfd = nfc.normalize('NFD');
    await rename(path.join(dir, 'Été'.normalize('NFC')), path.join(dir, 'Été'.normalize('NFD')));
    await rename(
      path.join(dir, nfd.split('/')[0], 'café.jpg'.normalize('NFC')),
      path.join(dir, nfd),
    );
    const { result, bytesRead } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 1, missing: 0, returned: 0 });
    expect(bytesRead).toBe(0);
    const row = indexRows(db)[0];
    expect(Buffer.from(row.rel_path)).toEqual(Buffer.from(nfd));
    expect(row.photo_id).toBe(photoOf.get(nfc));
  });

  it('marks a deleted file missing, keeps its row, and takes it back when it returns', async () => {
    const { db, dir, photoOf } = await addedFolder();
    const file = path.join(dir, '2025/d.mp4');
    const kept = await snapshotTree(dir);
    await rm(file);
    const gone = await rescan(db, [dir]);
    expect(gone.result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 1, returned: 0 });
    expect(indexRows(db).find((row) => row.rel_path === '2025/d.mp4')).toMatchObject({
      state: 'missing',
      photo_id: photoOf.get('2025/d.mp4'),
    });
    // Still missing: not counted again.
    expect((await rescan(db, [dir])).result.counts.missing).toBe(0);

    await writeMediaFile(file, '2025/d.mp4', { mtime: 1_700_000_003 });
    expect(await snapshotTree(dir)).toEqual(kept);
    const back = await rescan(db, [dir]);
    expect(back.result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 1 });
    expect(back.bytesRead).toBe(0);
    expect(indexRows(db).every((row) => row.state === 'present')).toBe(true);
  });

  it('finds a file missing since an earlier scan again when it turns up elsewhere', async () => {
    const { db, dir, photoOf } = await addedFolder();
    const outside = path.join(await makeTempDir(), 'b.jpg');
    await rename(path.join(dir, '2024/b.jpg'), outside);
    expect((await rescan(db, [dir])).result.counts.missing).toBe(1);
    await mkdir(path.join(dir, 'sorted'));
    await rename(outside, path.join(dir, 'sorted/b.jpg'));
    const { result } = await rescan(db, [dir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 1, missing: 0, returned: 0 });
    expect(result.plan.moved[0].wasMissing).toBe(true);
    expect(photoAt(db, 'sorted/b.jpg')).toBe(photoOf.get('2024/b.jpg'));
  });

  it('keeps the photo of a file moved from one added folder to another', async () => {
    const first = await addedFolder();
    const otherDir = path.join(await makeTempDir('shoebox-folder-'), 'Other');
    await mkdir(otherDir);
    const { root: other } = await addFolder(first.db, otherDir);
    await rename(path.join(first.dir, '2024/a.jpg'), path.join(otherDir, 'a.jpg'));
    const { result } = await rescan(first.db, [first.dir, otherDir]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 1, missing: 0, returned: 0 });
    expect(result.plan.moved[0]).toMatchObject({
      from: { rootId: first.root.id, relPath: '2024/a.jpg' },
      to: { rootId: other.id, relPath: 'a.jpg' },
      photoId: first.photoOf.get('2024/a.jpg'),
    });
  });

  it('tells two identical copies apart by name when one is moved', async () => {
    const { db, dir, photoOf } = await addedFolder(['x/one.jpg', 'y/one.jpg']);
    // Same bytes, same size: only a name can pair them.
    await writeMediaFile(path.join(dir, 'y/one.jpg'), 'x/one.jpg', { mtime: 1_700_000_100 });
    expect((await rescan(db, [dir])).result.counts.changed).toBe(1);
    await mkdir(path.join(dir, 'z'));
    await rename(path.join(dir, 'y/one.jpg'), path.join(dir, 'z/one.jpg'));
    const { result } = await rescan(db, [dir]);
    expect(result.counts).toMatchObject({ moved: 1, added: 0, missing: 0 });
    expect(photoAt(db, 'z/one.jpg')).toBe(photoOf.get('y/one.jpg'));
    expect(photoAt(db, 'x/one.jpg')).toBe(photoOf.get('x/one.jpg'));
  });

  it('confirms a move by the full hash where one is known', async () => {
    const { db, dir } = await addedFolder(['a/one.jpg', 'b/two.jpg']);
    // Equal ends, another middle: the quick hashes agree, the full hashes do not.
    const two = path.join(dir, 'b/two.jpg');
    await writeMediaFile(two, 'a/one.jpg', { mtime: 1_700_000_100 });
    const handle = await open(two, 'r+');
    await handle.write(Buffer.from('DIFFERENT'), 0, 9, 100_000);
    await handle.close();
    await utimes(two, 1_700_000_100, 1_700_000_100);
    const reader = createContentReader();
    const [oneQuick, twoQuick] = await Promise.all(
      [path.join(dir, 'a/one.jpg'), two].map((file) => reader.quickHash(file)),
    );
    expect(oneQuick).toEqual(twoQuick);
    const fullHash = await reader.fullHash(path.join(dir, 'a/one.jpg'));
    expect(await reader.fullHash(two)).not.toBe(fullHash);
    expect((await rescanFolders(db)).counts.changed).toBe(1);
    db.prepare("UPDATE folder_files SET full_hash = ? WHERE rel_path = 'a/one.jpg'").run(fullHash);
    await rm(path.join(dir, 'a/one.jpg'));
    await rename(path.join(dir, 'b/two.jpg'), path.join(dir, 'b/three.jpg'));
    const { result } = await rescan(db, [dir]);
    // b/three.jpg is b/two.jpg (no full hash recorded), not the one.jpg whose full hash differs.
    expect(moves(result)).toEqual([['b/two.jpg', 'b/three.jpg']]);
    expect(result.plan.missing.map((file) => file.relPath)).toEqual(['a/one.jpg']);
  });

  it('takes a folder gone as a whole for offline, not missing, and back as it was', async () => {
    const { db, dir } = await addedFolder();
    const before = indexRows(db);
    const away = `${dir}-renamed`;
    await rename(dir, away);
    const { result } = await rescan(db, []);
    expect(result.roots[0]).toMatchObject({ status: 'offline' });
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(before);
    expect(new FolderRepository(db).listRoots()[0].status).toBe('offline');

    await rename(away, dir);
    const back = await rescan(db, [dir]);
    expect(back.result.roots[0].status).toBe('ok');
    expect(back.result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(before);
  });

  it('refuses a folder added twice, or one inside an added folder', async () => {
    const { db, dir } = await addedFolder();
    await expect(addFolder(db, dir)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addFolder(db, path.join(dir, '2024'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(addFolder(db, path.join(dir, 'nope'))).rejects.toThrow(/Cannot add .*nope/);
  });
});
