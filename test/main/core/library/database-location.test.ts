import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATABASE_POINTER,
  moveDatabaseToLocalDisk,
} from '../../../../main/core/library/database-location';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('a database kept on this computer while the library is elsewhere', () => {
  it('moves the database out of the library folder, keeps a copy, and opens from the pointer', async () => {
    const base = await makeTempDir('shoebox-local-db-');
    const library = path.join(base, 'share', 'Shoebox');
    const local = path.join(base, 'local');
    core = await openCore({ libraryRoot: library, imagingThreads: 1 });
    const first = await core.importFiles([
      { path: await writeSamplePhoto(path.join(base, 'in', 'one.jpg'), { seed: 1 }) },
    ]);
    await core.handlers.updatePhotos({
      photoIds: [first.imported[0]!.id],
      changes: { rating: 4 },
    });
    // Refused while another process (this core) has the library open.
    await expect(moveDatabaseToLocalDisk(libraryLayout(library), local)).rejects.toThrow(
      /close it first/,
    );
    await core.close();
    core = null;

    const moved = await moveDatabaseToLocalDisk(libraryLayout(library), local);
    expect(path.dirname(moved)).toBe(local);
    const pointer = JSON.parse(await readFile(path.join(library, DATABASE_POINTER), 'utf8'));
    expect(pointer).toMatchObject({ path: moved });
    await expect(stat(path.join(library, 'library.db'))).rejects.toThrow();
    expect((await stat(path.join(library, 'library.db.moved'))).size).toBeGreaterThan(0);

    core = await openCore({ libraryRoot: library, create: false, imagingThreads: 1 });
    expect((await core.handlers.getLibraryInfo({})).storage.databaseLocal).toBe(true);
    await core.importFiles([
      { path: await writeSamplePhoto(path.join(base, 'in', 'two.jpg'), { seed: 2 }) },
    ]);
    const { photos } = await core.listPhotoRecords({ limit: 10 });
    expect(photos.map((photo) => [photo.originalName, photo.rating]).sort()).toEqual([
      ['one.jpg', 4],
      ['two.jpg', 0],
    ]);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
    // The new photo went into the local database, not a new one in the library folder.
    await expect(stat(path.join(library, 'library.db'))).rejects.toThrow();
    await core.close();
    core = null;

    // The computer's name changed (a Mac on another network): the file is still found.
    await writeFile(
      path.join(library, DATABASE_POINTER),
      JSON.stringify({ ...pointer, host: 'MacBook-Air-2.local' }),
    );
    core = await openCore({ libraryRoot: library, create: false, imagingThreads: 1 });
    expect((await core.listPhotoRecords({ limit: 10 })).photos).toHaveLength(2);
  });

  it('tells another computer where the database is instead of opening an empty library', async () => {
    const library = await makeTempDir('shoebox-other-host-');
    await writeFile(
      path.join(library, DATABASE_POINTER),
      JSON.stringify({ host: 'studio-imac', path: '/Users/me/Library/Shoebox/x.db' }),
    );
    await expect(openCore({ libraryRoot: library })).rejects.toThrow(
      /kept on the disk of "studio-imac" .*open the library there/,
    );
  });
});
