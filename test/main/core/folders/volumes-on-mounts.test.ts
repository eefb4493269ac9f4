/**
 * Volumes on real mounts: a tmpfs (no UUID, so known by the marker the user let Shoebox write)
 * moved to another mount point is the same volume, its photos as they were; unmounted, its
 * folder is offline and nothing of it goes missing; brought back at a third path, found again.
 * Needs root for `mount`, as CI runs it.
 */
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentReader } from '../../../../main/core/folders/content-hash';
import { FolderRepository } from '../../../../main/core/folders/folder-repository';
import { addFolder, rescanFolders } from '../../../../main/core/folders/folder-service';
import { MARKER_FILE_NAME } from '../../../../main/core/folders/volume-marker';
import { makeTempDir } from '../../../helpers/temp-dir';
import { tmpfsVolumes } from '../../../helpers/tmpfs';
import {
  closeDatabases,
  indexRows,
  insertPhoto,
  makeLibraryDatabase,
  snapshotTree,
  writeMediaFile,
} from './folder-fixtures';

const run = promisify(execFile);
const volumes = tmpfsVolumes();

afterEach(async () => {
  closeDatabases();
  // Before the temporary folders go.
  await volumes.detachAll();
});

/** A tmpfs at `base/first` with `Photos/` in it, added in place; each file linked to a photo. */
async function addedVolume(allowWrite: boolean) {
  const base = await makeTempDir('shoebox-volume-');
  const point = path.join(base, 'first');
  await volumes.mount(point);
  const photos = path.join(point, 'Photos');
  for (const [index, name] of ['2024/a.jpg', '2024/b.jpg', 'c.dng'].entries()) {
    await writeMediaFile(path.join(photos, name), name, { mtime: 1_700_000_000 + index });
  }
  const before = await snapshotTree(photos);
  const db = await makeLibraryDatabase();
  const { root, rescan } = await addFolder(db, photos, { allowWrite });
  const repository = new FolderRepository(db);
  for (const [index, file] of rescan.plan.added.entries()) {
    repository.linkPhoto(rescan.addedIds[index], insertPhoto(db, file.relPath), 'original');
  }
  return { base, point, photos, before, db, root, repository };
}

describe('volumes of added folders', () => {
  it('follows a volume to another mount point by its marker: the same photos, nothing read', async () => {
    const { base, point, before, db, root, repository } = await addedVolume(true);
    expect(root.volume).toMatchObject({ identityKind: 'marker', fsType: 'tmpfs', kind: 'fixed' });
    const rows = indexRows(db);
    expect(rows.every((row) => row.photo_id !== null)).toBe(true);

    const elsewhere = path.join(base, 'second');
    await volumes.move(point, elsewhere);
    const reader = createContentReader();
    const result = await rescanFolders(db, { reader });
    expect(result.roots).toMatchObject([{ status: 'ok', path: path.join(elsewhere, 'Photos') }]);
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(reader.bytesRead).toBe(0);
    expect(indexRows(db)).toEqual(rows);
    expect(repository.getRoot(root.id)!.volume.mountPath).toBe(path.join(elsewhere, 'Photos'));

    // The user's files as they were; the marker is the one file Shoebox was allowed to write.
    const after = await snapshotTree(path.join(elsewhere, 'Photos'));
    expect(after.has(MARKER_FILE_NAME)).toBe(true);
    after.delete(MARKER_FILE_NAME);
    expect(after).toEqual(before);
  });

  it('takes an unmounted volume for offline, then finds it plugged in at another path', async () => {
    const { base, point, photos, before, db, root, repository } = await addedVolume(true);
    const rows = indexRows(db);
    // What the drive holds, to bring back: the same bytes and times, the marker with them.
    const copy = path.join(base, 'drive-contents');
    await run('cp', ['-a', photos, copy]);
    await volumes.unmount(point);

    const unplugged = await rescanFolders(db);
    expect(unplugged.roots).toMatchObject([
      { status: 'offline', reason: expect.stringMatching(/not mounted/) },
    ]);
    expect(unplugged.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(rows);
    expect(repository.getRoot(root.id)).toMatchObject({
      status: 'offline',
      volume: { status: 'offline' },
    });

    const replugged = path.join(base, 'third');
    await volumes.mount(replugged);
    await run('cp', ['-a', copy, path.join(replugged, 'Photos')]);
    const back = await rescanFolders(db);
    expect(back.roots).toMatchObject([{ status: 'ok', path: path.join(replugged, 'Photos') }]);
    expect(back.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(rows);
    expect(repository.getRoot(root.id)).toMatchObject({
      status: 'ok',
      volume: { status: 'online' },
    });
    const after = await snapshotTree(path.join(replugged, 'Photos'));
    after.delete(MARKER_FILE_NAME);
    expect(after).toEqual(before);
  });

  it('writes no marker unless allowed, and knows such a folder by its path', async () => {
    const { base, point, photos, db, root } = await addedVolume(false);
    expect(root.volume).toMatchObject({ identityKind: 'path', identity: photos });
    await expect(access(path.join(photos, MARKER_FILE_NAME))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    // At another path it is not recognised: offline, never missing.
    await volumes.move(point, path.join(base, 'second'));
    const moved = await rescanFolders(db);
    expect(moved.roots[0].status).toBe('offline');
    expect(indexRows(db).every((row) => row.state === 'present')).toBe(true);
  });

  it('keeps a marker written before when the folder is added again without write access', async () => {
    const { photos, db, root, repository } = await addedVolume(true);
    const marker = (await readFile(path.join(photos, MARKER_FILE_NAME), 'utf8')).trim();
    expect(marker).toBe(root.volume.identity);
    repository.removeRoot(root.id);
    const again = await addFolder(db, photos, { allowWrite: false });
    expect(again.root.volume).toMatchObject({
      identityKind: 'marker',
      identity: marker,
      id: root.volume.id,
    });
  });
});
