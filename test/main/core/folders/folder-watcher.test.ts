/**
 * The watcher on real folders: changes mark their folders dirty, one report per burst, and a
 * rescan of just those folders finds what changed (a move between two folders included).
 * Generous waits: events and debouncing on a busy two-core machine.
 */
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolderRepository } from '../../../../main/core/folders/folder-repository';
import {
  addFolder,
  rescanFolders,
  rootsToWatch,
} from '../../../../main/core/folders/folder-service';
import {
  watchFolderRoots,
  type DirtyFolders,
  type FolderWatcher,
} from '../../../../main/core/folders/folder-watcher';
import { makeTempDir } from '../../../helpers/temp-dir';
import {
  closeDatabases,
  indexRows,
  insertPhoto,
  makeLibraryDatabase,
  writeMediaFile,
} from './folder-fixtures';

const WAIT = { timeout: 10_000, interval: 50 };
const watchers: FolderWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  closeDatabases();
});

async function watchedFolder() {
  const dir = path.join(await makeTempDir('shoebox-watch-'), 'Photos');
  for (const name of ['2024/a.jpg', '2024/b.jpg', '2025/c.jpg']) {
    await writeMediaFile(path.join(dir, name), name);
  }
  const db = await makeLibraryDatabase();
  const { root, rescan } = await addFolder(db, dir);
  const repository = new FolderRepository(db);
  for (const [index, file] of rescan.plan.added.entries()) {
    repository.linkPhoto(rescan.addedIds[index], insertPhoto(db, file.relPath), 'original');
  }
  const reports: DirtyFolders[] = [];
  const errors: string[] = [];
  const { watch, scheduled } = rootsToWatch(db);
  const watcher = await watchFolderRoots(watch, {
    onDirty: (dirty) => reports.push(dirty),
    onError: (_rootId, message) => errors.push(message),
    debounceMs: 500,
  });
  watchers.push(watcher);
  return { dir, db, root, reports, errors, watcher, scheduled };
}

describe('watching added folders', () => {
  it('reports the folders a burst of changes touched once, and a rescan of them finds the changes', async () => {
    const { dir, db, root, reports, errors, watcher, scheduled } = await watchedFolder();
    expect(watcher.watching).toEqual([root.id]);
    expect(scheduled).toEqual([]);
    await writeMediaFile(path.join(dir, '2025/new.jpg'), 'new');
    await mkdir(path.join(dir, '2026'));
    await rename(path.join(dir, '2024/a.jpg'), path.join(dir, '2026/a.jpg'));
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), WAIT);
    // Until all three changes are reported (a slow machine may split them in two reports).
    const dirty: DirtyFolders = new Map();
    await vi.waitFor(() => {
      for (const report of reports.splice(0)) {
        for (const [rootId, scopes] of report)
          dirty.set(rootId, [...(dirty.get(rootId) ?? []), ...scopes]);
      }
      // The files' own folders, and the new folder with all below it: never the whole root.
      expect(dirty.get(root.id)).toEqual(
        expect.arrayContaining([
          { folder: '2024', deep: false },
          { folder: '2025', deep: false },
          { folder: '2026', deep: true },
        ]),
      );
    }, WAIT);
    expect(dirty.get(root.id)).not.toContainEqual({ folder: '', deep: true });
    const photoOfA = indexRows(db).find((row) => row.rel_path === '2024/a.jpg')!.photo_id;

    const result = await rescanFolders(db, { dirty });
    expect(result.counts).toEqual({ added: 1, changed: 0, moved: 1, missing: 0, returned: 0 });
    expect(indexRows(db).find((row) => row.rel_path === '2026/a.jpg')!.photo_id).toBe(photoOfA);
    expect(errors).toEqual([]);
  });

  it('leaves the rest of the root alone in a rescan of dirty folders', async () => {
    const { dir, db, root } = await watchedFolder();
    const before = indexRows(db);
    // Changed outside the dirty folder: a dirty-folder rescan does not look there.
    await writeMediaFile(path.join(dir, '2024/unseen.jpg'), 'unseen');
    const result = await rescanFolders(db, {
      dirty: new Map([[root.id, [{ folder: '2025', deep: false }]]]),
    });
    expect(result.counts).toEqual({ added: 0, changed: 0, moved: 0, missing: 0, returned: 0 });
    expect(indexRows(db)).toEqual(before);
    expect((await rescanFolders(db)).counts.added).toBe(1);
  });

  it('reports nothing after it is closed, and ignores hidden files', async () => {
    const { dir, reports, watcher } = await watchedFolder();
    await writeMediaFile(path.join(dir, '.cache', 'thumb.jpg'), 'hidden');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reports).toEqual([]);
    await watcher.close();
    await writeMediaFile(path.join(dir, '2024/late.jpg'), 'late');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reports).toEqual([]);
  });

  it('says which folder it cannot watch and watches the others', async () => {
    const { dir } = await watchedFolder();
    const errors: string[] = [];
    const watcher = await watchFolderRoots(
      [
        { rootId: 1, path: dir },
        { rootId: 2, path: path.join(dir, 'not-there') },
      ],
      {
        onDirty: () => undefined,
        onError: (rootId, message) => errors.push(`${rootId}: ${message}`),
      },
    );
    watchers.push(watcher);
    expect(watcher.watching).toEqual([1]);
    expect(errors).toEqual([expect.stringMatching(/^2: /)]);
  });
});
