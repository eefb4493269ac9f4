/**
 * `shoebox folder …` in real processes on real folders (issue #14): add, change, move, rename
 * (case-only too), delete, a folder renamed away and back, and a drive (a tmpfs) unplugged and
 * plugged in at another mount point. Photos keep their ids, ratings and albums through every
 * move, and the user's files are byte for byte as they were. The tmpfs needs root for `mount`,
 * as CI runs it.
 */
import { execFile } from 'node:child_process';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../common/contract';
import { MARKER_FILE_NAME } from '../../../main/core/folders/volume-marker';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';
import { tmpfsVolumes } from '../../helpers/tmpfs';
import { snapshotTree } from '../core/folders/folder-fixtures';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI_ENTRY = path.join(ROOT, 'test/helpers/cli-entry.ts');
// Each step starts a Node with tsx and opens the library: seconds each on a loaded 2-core box.
const SCENARIO_MS = 600_000;

/** One run of `shoebox <args>` in its own process: its exit code and output. */
async function shoebox(
  library: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', CLI_ENTRY, ...args, '--library', library],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `shoebox <args> --json`, which must succeed, parsed. */
async function json<T>(library: string, ...args: string[]): Promise<T> {
  const result = await shoebox(library, ...args, '--json');
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return JSON.parse(result.stdout) as T;
}

const photosOf = (library: string): Promise<Photo[]> => json<Photo[]>(library, 'photos');
const byName = (photos: Photo[], name: string): Photo =>
  photos.find((photo) => photo.originalName === name)!;

/** A library path and a folder of three camera JPEGs, not inside it. */
async function setUp(): Promise<{ base: string; library: string; photos: string }> {
  const base = await makeTempDir('shoebox-folder-cli-');
  const photos = path.join(base, 'My Photos');
  await writeCameraPhotos(photos);
  return { base, library: path.join(base, 'library'), photos };
}

async function writeCameraPhotos(folder: string): Promise<void> {
  const camera = { make: 'FUJIFILM', model: 'X-T4' };
  await writeSamplePhoto(path.join(folder, '2023', 'paris.jpg'), {
    seed: 1,
    takenAt: '2023:07:14 09:30:00',
    ...camera,
  });
  await writeSamplePhoto(path.join(folder, '2023', 'lyon.jpg'), {
    seed: 2,
    takenAt: '2023:07:15 18:00:00',
    ...camera,
  });
  await writeSamplePhoto(path.join(folder, 'beach.jpg'), {
    seed: 3,
    takenAt: '2024:01:02 12:00:00',
    ...camera,
  });
}

const NOTHING = { added: 0, changed: 0, moved: 0, missing: 0, returned: 0 };

describe('shoebox folder', () => {
  it(
    'adds a folder in place; changes, moves, renames and deletions keep photos, ratings and albums',
    async () => {
      const { library, photos } = await setUp();
      let files = await snapshotTree(photos);

      const added = await json<Record<string, unknown[]>>(
        library,
        'folder',
        'add',
        photos,
        '--no-watch',
      );
      // The same summary as `shoebox import --json`.
      expect(Object.keys(added)).toEqual(['imported', 'duplicates', 'skipped', 'failed']);
      expect(added.imported).toHaveLength(3);
      expect(added).toMatchObject({ duplicates: [], skipped: [], failed: [] });
      const listed = await photosOf(library);
      expect(listed.map((photo) => photo.path).sort()).toEqual(
        [
          path.join(photos, '2023', 'lyon.jpg'),
          path.join(photos, '2023', 'paris.jpg'),
          path.join(photos, 'beach.jpg'),
        ].sort(),
      );
      for (const photo of listed) expect(photo).toMatchObject({ source: 'folder', status: 'ok' });
      const folders = await json<Record<string, unknown>[]>(library, 'folder', 'list');
      expect(folders).toEqual([{ id: 1, path: photos, status: 'ok', photos: 3, missing: 0 }]);
      expect(Object.keys(folders[0]!)).toEqual(['id', 'path', 'status', 'photos', 'missing']);
      expect(await snapshotTree(photos)).toEqual(files);

      const twice = await shoebox(library, 'folder', 'add', photos);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/^shoebox: .*My Photos is already added\n$/);

      const paris = byName(listed, 'paris.jpg');
      const lyon = byName(listed, 'lyon.jpg');
      const beach = byName(listed, 'beach.jpg');
      expect((await shoebox(library, 'set', String(paris.id), '--rating', '5')).code).toBe(0);
      expect((await shoebox(library, 'album', 'create', 'France')).code).toBe(0);
      expect((await shoebox(library, 'album', 'add', 'France', String(paris.id))).code).toBe(0);

      // Edited elsewhere: another picture under the same name keeps its photo, with a new hash.
      await writeSamplePhoto(path.join(photos, 'beach.jpg'), {
        seed: 4,
        takenAt: '2024:01:02 12:00:00',
      });
      files = await snapshotTree(photos);
      expect(await json(library, 'folder', 'rescan', photos)).toEqual({ ...NOTHING, changed: 1 });
      const changed = byName(await photosOf(library), 'beach.jpg');
      expect(changed).toMatchObject({ id: beach.id, status: 'ok' });
      expect(changed.hash).not.toBe(beach.hash);
      expect(await snapshotTree(photos)).toEqual(files);

      // Moved to another subfolder and renamed; renamed in its case only.
      await mkdir(path.join(photos, 'best'));
      await rename(path.join(photos, '2023', 'paris.jpg'), path.join(photos, 'best', 'Paris!.jpg'));
      await rename(path.join(photos, '2023', 'lyon.jpg'), path.join(photos, '2023', 'LYON.jpg'));
      files = await snapshotTree(photos);
      const moved = await shoebox(library, 'folder', 'rescan');
      expect(moved).toEqual({
        code: 0,
        stdout: 'added: 0\nchanged: 0\nmoved: 2\nmissing: 0\nreturned: 0\n',
        stderr: '',
      });
      const afterMoves = await photosOf(library);
      expect(afterMoves.map((photo) => photo.id).sort()).toEqual(
        [paris.id, lyon.id, beach.id].sort(),
      );
      expect(afterMoves.find((photo) => photo.id === paris.id)).toMatchObject({
        path: path.join(photos, 'best', 'Paris!.jpg'),
        rating: 5,
        status: 'ok',
      });
      expect(afterMoves.find((photo) => photo.id === lyon.id)!.path).toBe(
        path.join(photos, '2023', 'LYON.jpg'),
      );
      const france = await json<Photo[]>(library, 'photos', '--album', 'France');
      expect(france.map((photo) => photo.id)).toEqual([paris.id]);
      expect(await snapshotTree(photos)).toEqual(files);

      // Deleted: missing, kept, a notice for verify (exit 0), listed like any other photo.
      await rm(path.join(photos, 'best', 'Paris!.jpg'));
      files = await snapshotTree(photos);
      expect(await json(library, 'folder', 'rescan')).toEqual({ ...NOTHING, missing: 1 });
      const verified = await shoebox(library, 'verify');
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain(
        `notice: missing: ${path.join(photos, 'best', 'Paris!.jpg')}:`,
      );
      expect(verified.stdout).toMatch(/Library OK: 3 photos\.\n1 notice: /);
      const report = await json<{ ok: boolean; problems: unknown[]; notices: unknown[] }>(
        library,
        'verify',
      );
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.notices).toEqual([
        expect.objectContaining({ kind: 'missing', photoId: paris.id }),
      ]);
      const withMissing = await photosOf(library);
      expect(withMissing).toHaveLength(3);
      expect(withMissing.find((photo) => photo.id === paris.id)).toMatchObject({
        status: 'missing',
        rating: 5,
      });
      const table = (await shoebox(library, 'photos')).stdout;
      expect(table).toMatch(/Paris!\.jpg {2}\(missing\)\n/);
      expect(table.match(/\(missing\)/g)).toHaveLength(1);
      expect(await json(library, 'folder', 'list')).toEqual([
        { id: 1, path: photos, status: 'ok', photos: 3, missing: 1 },
      ]);

      const unknown = await shoebox(library, 'folder', 'rescan', path.join(photos, 'best'));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/is not an added folder\n$/);

      const removed = await shoebox(library, 'folder', 'remove', photos);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toMatch(/3 photos forgotten/);
      expect(await photosOf(library)).toEqual([]);
      expect(await json(library, 'folder', 'list')).toEqual([]);
      expect(await snapshotTree(photos)).toEqual(files);
    },
    SCENARIO_MS,
  );

  it(
    'takes a folder renamed away for offline, its photos too, and finds them back as they were',
    async () => {
      const { library, photos } = await setUp();
      const files = await snapshotTree(photos);
      expect((await shoebox(library, 'folder', 'add', photos)).code).toBe(0);
      const before = await photosOf(library);
      const beach = byName(before, 'beach.jpg');
      expect((await shoebox(library, 'set', String(beach.id), '--rating', '3')).code).toBe(0);

      const away = `${photos} (old)`;
      await rename(photos, away);
      const unplugged = await shoebox(library, 'folder', 'rescan', '--json');
      expect(unplugged.code).toBe(0);
      expect(JSON.parse(unplugged.stdout)).toEqual(NOTHING);
      expect(unplugged.stderr).toMatch(/^offline: .*My Photos: .+\n$/);
      expect(await json(library, 'folder', 'list')).toEqual([
        { id: 1, path: photos, status: 'offline', photos: 3, missing: 0 },
      ]);
      const offline = await photosOf(library);
      expect(offline.map((photo) => photo.status)).toEqual(['offline', 'offline', 'offline']);
      expect(offline.find((photo) => photo.id === beach.id)!.rating).toBe(3);
      const table = await shoebox(library, 'folder', 'list');
      expect(table.stdout).toMatch(/^ID {2}STATUS {3}PHOTOS {2}MISSING {2}PATH\n1 {3}offline /);
      const verified = await shoebox(library, 'verify', '--json');
      expect(verified.code).toBe(0);
      const { notices } = JSON.parse(verified.stdout) as { notices: { kind: string }[] };
      expect(notices.map((notice) => notice.kind)).toEqual(['offline', 'offline', 'offline']);

      await rename(away, photos);
      expect(await json(library, 'folder', 'rescan')).toEqual(NOTHING);
      const back = await photosOf(library);
      expect(
        back.map(({ id, path: where, rating, status }) => ({ id, where, rating, status })),
      ).toEqual(
        before.map(({ id, path: where }) => ({
          id,
          where,
          rating: id === beach.id ? 3 : 0,
          status: 'ok',
        })),
      );
      expect(await snapshotTree(photos)).toEqual(files);
    },
    SCENARIO_MS,
  );
});

describe('shoebox folder add of a folder without photos', () => {
  it(
    'prints the empty summary of an import and lists the folder with no photos',
    async () => {
      const base = await makeTempDir('shoebox-folder-empty-');
      const library = path.join(base, 'library');
      const empty = path.join(base, 'Empty');
      await mkdir(empty);
      expect(await json(library, 'folder', 'add', empty)).toEqual({
        imported: [],
        duplicates: [],
        skipped: [],
        failed: [],
      });
      const table = await shoebox(library, 'folder', 'list');
      expect(table.stdout).toBe(
        `ID  STATUS  PHOTOS  MISSING  PATH\n1   ok      0       0        ${empty}\n`,
      );
      const removed = await shoebox(library, 'folder', 'remove', path.join(base, 'Elsewhere'));
      expect(removed).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/not an added folder/),
      });
    },
    SCENARIO_MS,
  );
});

describe('shoebox folder on a drive', () => {
  const volumes = tmpfsVolumes();
  // Before the temporary folders go.
  afterEach(() => volumes.detachAll());

  /** The user's files: what Shoebox was allowed to write there (its marker, XMP) left out. */
  async function usersFiles(folder: string): Promise<Map<string, string>> {
    const snapshot = await snapshotTree(folder);
    for (const name of snapshot.keys()) {
      if (name === MARKER_FILE_NAME || name.endsWith('.xmp')) snapshot.delete(name);
    }
    return snapshot;
  }

  it(
    'takes an unplugged drive for offline and finds it again at another mount point by its marker',
    async () => {
      const base = await makeTempDir('shoebox-folder-drive-');
      const library = path.join(base, 'library');
      const first = path.join(base, 'first');
      await volumes.mount(first);
      const photos = path.join(first, 'Photos');
      await writeCameraPhotos(photos);
      const files = await usersFiles(photos);

      // --write-xmp lets Shoebox write its marker: a tmpfs has no UUID to know it by.
      expect((await shoebox(library, 'folder', 'add', photos, '--write-xmp')).code).toBe(0);
      const before = await photosOf(library);
      const lyon = byName(before, 'lyon.jpg');
      expect((await shoebox(library, 'album', 'create', 'Lyon')).code).toBe(0);
      expect((await shoebox(library, 'album', 'add', 'Lyon', String(lyon.id))).code).toBe(0);
      // What the drive holds, to plug back in: the same bytes and times, the marker with them.
      const contents = path.join(base, 'drive-contents');
      await run('cp', ['-a', photos, contents]);
      // Settles what the drive holds (Shoebox's own sidecars) before it is unplugged.
      expect((await shoebox(library, 'folder', 'rescan')).code).toBe(0);

      await volumes.unmount(first);
      const unplugged = await shoebox(library, 'folder', 'rescan', '--json');
      expect(JSON.parse(unplugged.stdout)).toEqual(NOTHING);
      expect(unplugged.stderr).toMatch(/^offline: .*: its drive or share is not mounted\n$/);
      expect(await json(library, 'folder', 'list')).toEqual([
        { id: 1, path: photos, status: 'offline', photos: 3, missing: 0 },
      ]);
      expect((await photosOf(library)).every((photo) => photo.status === 'offline')).toBe(true);
      expect((await shoebox(library, 'verify')).code).toBe(0);

      const third = path.join(base, 'third');
      await volumes.mount(third);
      await run('cp', ['-a', contents, path.join(third, 'Photos')]);
      expect(await json(library, 'folder', 'rescan')).toEqual(NOTHING);
      const moved = path.join(third, 'Photos');
      expect(await json(library, 'folder', 'list')).toEqual([
        { id: 1, path: moved, status: 'ok', photos: 3, missing: 0 },
      ]);
      const back = await photosOf(library);
      expect(back.map(({ id, path: where, status }) => ({ id, where, status }))).toEqual(
        before.map(({ id, path: where }) => ({
          id,
          where: path.join(moved, path.relative(photos, where)),
          status: 'ok',
        })),
      );
      const album = await json<Photo[]>(library, 'photos', '--album', 'Lyon');
      expect(album.map((photo) => photo.id)).toEqual([lyon.id]);
      expect(await usersFiles(moved)).toEqual(files);
    },
    SCENARIO_MS,
  );
});
