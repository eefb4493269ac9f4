import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShoebox } from '../../helpers/run-cli';
import { writeNotAPhoto, writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

async function setup(): Promise<{ library: string; inbox: string }> {
  const base = await makeTempDir();
  return { library: path.join(base, 'library'), inbox: path.join(base, 'inbox') };
}

describe('shoebox CLI', () => {
  it('imports with --json: one object with every outcome, exit 0', async () => {
    const { library, inbox } = await setup();
    await writeSamplePhoto(path.join(inbox, 'DCIM', 'IMG_0001.JPG'), {
      seed: 1,
      takenAt: '2024:05:01 10:00:00',
      make: 'SONY',
      model: 'ILCE-6000',
    });
    await writeNotAPhoto(path.join(inbox, 'DCIM', 'readme.txt'));
    const run = await runShoebox('import', inbox, '--library', library, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['imported', 'duplicates', 'skipped', 'failed']);
    expect(result.imported).toHaveLength(1);
    expect(result.skipped).toEqual([
      { path: path.join(inbox, 'DCIM', 'readme.txt'), reason: expect.any(String) },
    ]);
    const photo = result.imported[0];
    expect(Object.keys(photo)).toEqual(
      expect.arrayContaining([
        'id',
        'originalName',
        'path',
        'hash',
        'bytes',
        'width',
        'height',
        'takenAt',
        'cameraMake',
        'cameraModel',
        'lens',
        'gps',
        'derivatives',
      ]),
    );
    expect(photo).toMatchObject({ originalName: 'IMG_0001.JPG', cameraMake: 'SONY', gps: null });
    expect(path.isAbsolute(photo.path)).toBe(true);
    expect(Object.keys(photo.derivatives)).toEqual(['thumb', 'medium', 'large']);
    expect(Object.keys(photo.derivatives.thumb)).toEqual(
      expect.arrayContaining(['path', 'width', 'height']),
    );
    // `photos --json` prints the same full record, paths and hash included, keys in this order:
    // the UI's listings are summaries, the CLI's are not.
    const listed = await runShoebox('photos', '--json', '--library', library);
    expect(listed.stdout).toBe(`${JSON.stringify([photo], null, 2)}\n`);

    const again = await runShoebox('import', inbox, '--library', library, '--json');
    expect(JSON.parse(again.stdout).duplicates).toEqual([
      { path: path.join(inbox, 'DCIM', 'IMG_0001.JPG'), photoId: photo.id },
    ]);
  });

  it('exits 2 when some files failed and the rest were imported, 1 when it could not run', async () => {
    const { library, inbox } = await setup();
    const good = await writeSamplePhoto(path.join(inbox, 'good.jpg'), { seed: 2 });
    const bad = await writeNotAPhoto(path.join(inbox, 'bad.jpg'));
    const partial = await runShoebox('import', good, bad, '--library', library, '--json');
    expect(partial.code).toBe(2);
    const result = JSON.parse(partial.stdout);
    expect(result.failed).toEqual([{ path: bad, error: expect.any(String) }]);
    expect(result.imported).toHaveLength(1);

    const noAlbum = await runShoebox('photos', '--album', 'Nope', '--library', library);
    expect(noAlbum.code).toBe(1);
    expect(noAlbum.stderr).toBe('shoebox: There is no album named "Nope".\n');
  });

  it('manages albums: create, add, list, rename, remove, delete', async () => {
    const { library, inbox } = await setup();
    const files = await Promise.all(
      [3, 4].map((seed) => writeSamplePhoto(path.join(inbox, `p${seed}.jpg`), { seed })),
    );
    const imported = JSON.parse(
      (await runShoebox('import', ...files, '--library', library, '--json')).stdout,
    );
    const ids = imported.imported.map((photo: { id: number }) => String(photo.id));

    expect((await runShoebox('album', 'create', 'Trip', '--library', library)).code).toBe(0);
    const duplicate = await runShoebox('album', 'create', 'trip', '--library', library);
    expect(duplicate).toMatchObject({
      code: 1,
      stderr: 'shoebox: An album named "trip" already exists.\n',
    });
    expect((await runShoebox('album', 'add', 'Trip', ...ids, '--library', library)).stdout).toBe(
      'Added 2 photos to "Trip".\n',
    );
    const inAlbum = JSON.parse(
      (await runShoebox('photos', '--album', 'Trip', '--json', '--library', library)).stdout,
    );
    expect(inAlbum.map((photo: { id: number }) => String(photo.id))).toEqual(ids);

    await runShoebox('album', 'remove', 'Trip', ids[0], '--library', library);
    await runShoebox('album', 'rename', 'Trip', 'Road trip', '--library', library);
    const albums = JSON.parse((await runShoebox('albums', '--json', '--library', library)).stdout);
    expect(albums).toMatchObject([{ name: 'Road trip', photoCount: 1 }]);

    await runShoebox('album', 'delete', 'Road trip', '--library', library);
    expect(JSON.parse((await runShoebox('albums', '--json', '--library', library)).stdout)).toEqual(
      [],
    );
    expect(
      JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout),
    ).toHaveLength(2);
  });

  it('takes the library from SHOEBOX_LIBRARY when --library is absent', async () => {
    const { library, inbox } = await setup();
    const photo = await writeSamplePhoto(path.join(inbox, 'a.jpg'), { seed: 6 });
    process.env.SHOEBOX_LIBRARY = library;
    try {
      expect((await runShoebox('import', photo)).code).toBe(0);
      expect((await runShoebox('album', 'create', 'From env')).code).toBe(0);
      const albums = JSON.parse(
        (await runShoebox('albums', '--json', '--library', library)).stdout,
      );
      expect(albums.map((album: { name: string }) => album.name)).toEqual(['From env']);
    } finally {
      delete process.env.SHOEBOX_LIBRARY;
    }
  });

  it('verifies: exit 0 when consistent, 1 with the problems listed', async () => {
    const { library, inbox } = await setup();
    await writeSamplePhoto(path.join(inbox, 'a.jpg'), { seed: 5 });
    await runShoebox('import', inbox, '--library', library);
    expect(await runShoebox('verify', '--library', library)).toMatchObject({ code: 0 });
    await writeNotAPhoto(path.join(library, 'derivatives', 'zz', 'stray.webp'));
    const broken = await runShoebox('verify', '--library', library, '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).problems).toMatchObject([{ kind: 'stray-derivative' }]);
    expect((await runShoebox('verify', '--repair', '--library', library)).code).toBe(0);
  });

  it('prints errors as one line, with the stack only under --debug', async () => {
    const { library, inbox } = await setup();
    await runShoebox(
      'import',
      await writeSamplePhoto(path.join(inbox, 'a.jpg'), { seed: 7 }),
      '--library',
      library,
    );
    const plain = await runShoebox('album', 'delete', 'Ghost', '--library', library);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    const debug = await runShoebox('album', 'delete', 'Ghost', '--library', library, '--debug');
    expect(debug.stderr).toMatch(/at .*album-names/);
  });

  it('creates a library only on import: any other command on a missing one exits 1', async () => {
    const { library, inbox } = await setup();
    const out = path.join(inbox, 'site');
    const commands = [
      ['verify'],
      ['verify', '--repair'],
      ['photos'],
      ['photos', '--json'],
      ['albums'],
      ['album', 'create', 'Trip'],
      ['export', 'Trip', '--out', out],
      ['serve'],
    ];
    for (const command of commands) {
      expect(await runShoebox(...command, '--library', library)).toEqual({
        code: 1,
        stdout: '',
        stderr: `shoebox: no Shoebox library at ${library}\n`,
      });
    }
    expect(existsSync(library)).toBe(false);
    expect(existsSync(out)).toBe(false);

    await writeSamplePhoto(path.join(inbox, 'a.jpg'), { seed: 8 });
    expect((await runShoebox('import', inbox, '--library', library)).code).toBe(0);
    expect(existsSync(path.join(library, 'library.db'))).toBe(true);
    expect(await runShoebox('verify', '--library', library)).toMatchObject({ code: 0 });
  });

  it('repairs a library whose database was deleted: its originals are recorded again', async () => {
    const { library, inbox } = await setup();
    await Promise.all(
      [9, 10].map((seed) => writeSamplePhoto(path.join(inbox, `p${seed}.jpg`), { seed })),
    );
    await runShoebox('import', inbox, '--library', library);
    await Promise.all(
      ['library.db', 'library.db-wal', 'library.db-shm'].map((file) =>
        rm(path.join(library, file), { force: true }),
      ),
    );
    const repair = await runShoebox('verify', '--repair', '--library', library);
    expect(repair.code).toBe(0);
    // The count is the library after the repair, not the empty one it started from.
    expect(repair.stdout).toMatch(/^Library OK: 2 photos \(\d+ problems repaired\)\.$/m);
    expect(
      JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout),
    ).toHaveLength(2);
    expect(await runShoebox('verify', '--library', library)).toMatchObject({ code: 0 });
  });
});
