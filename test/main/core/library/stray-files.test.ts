import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// A lease no process holds (no row): whatever it names is a leftover.
const DEAD = 'deadbeefdeadbeef';

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('temp files in staging during a repair', () => {
  it('leaves a live process’s hidden web copies and staged folders, removes a dead one’s', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    core = await openCore({ libraryRoot: library, imagingThreads: 1 });
    // An import takes this process's writer lease.
    await core.importFiles([
      { path: await writeSamplePhoto(path.join(base, 'IMG_0001.JPG'), { seed: 1 }) },
    ]);
    const db = new Database(path.join(library, 'library.db'), { readonly: true });
    const live = (db.prepare('SELECT id FROM leases').get() as { id: string }).id;
    db.close();
    const staging = path.join(library, '.staging');
    const exports = path.join(staging, 'exports');
    await mkdir(exports, { recursive: true });
    // A download export's web copy being made (output-file.ts's temp beside its destination).
    const webCopy = (lease: string) =>
      path.join(exports, `.export-${lease}-e1.zip.tmp-${lease}-0a1b-3.part.1a2b3c4d.partial.mp4`);
    // Derivatives made in a staged folder, before they are switched in (rotate, join).
    const stagedFolder = (lease: string) => path.join(staging, `join-${lease}-0a1b2c3d4e5f`);
    for (const lease of [live, DEAD]) {
      await writeFile(webCopy(lease), 'half a movie');
      await mkdir(stagedFolder(lease));
      await writeFile(path.join(stagedFolder(lease), 'ab12-thumb.webp'), 'a thumbnail');
    }

    const report = await core.verify({ repair: true });

    const removed = report.problems.filter((problem) => problem.repaired !== undefined);
    expect(removed.map((problem) => problem.kind)).toEqual(['leftover-temp', 'leftover-temp']);
    expect(removed.map((problem) => problem.path).sort()).toEqual(
      [
        path.relative(library, webCopy(DEAD)),
        path.relative(library, path.join(stagedFolder(DEAD), 'ab12-thumb.webp')),
      ].sort(),
    );
    expect(report.problems).toHaveLength(2);
    expect(await exists(webCopy(live))).toBe(true);
    expect(await exists(path.join(stagedFolder(live), 'ab12-thumb.webp'))).toBe(true);
    expect(await exists(webCopy(DEAD))).toBe(false);
    expect(await exists(path.join(stagedFolder(DEAD), 'ab12-thumb.webp'))).toBe(false);
    // The dead one's folder goes with its files; the folders of no process stay.
    expect(await exists(stagedFolder(DEAD))).toBe(false);
    expect(await exists(stagedFolder(live))).toBe(true);
    expect(await exists(exports)).toBe(true);
  });
});
