/**
 * `shoebox database move-local`: a library's database moved to this computer's disk, the
 * library still opened by its folder, and a clear refusal when there is no library.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShoebox } from '../../helpers/run-cli';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

describe('shoebox database move-local', () => {
  it('keeps the database on this computer; every command then opens the library as before', async () => {
    const base = await makeTempDir('shoebox-cli-db-');
    const library = path.join(base, 'share', 'Shoebox');
    const photo = await writeSamplePhoto(path.join(base, 'in', 'a.jpg'), { seed: 1 });
    expect((await runShoebox('import', photo, '--library', library)).code).toBe(0);

    const local = path.join(base, 'local');
    const moved = await runShoebox('database', 'move-local', '--to', local, '--library', library);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/is now kept at .*local/);
    expect((await stat(path.join(library, 'library.db.moved'))).isFile()).toBe(true);

    const listed = await runShoebox('photos', '--json', '--library', library);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((p: { originalName: string }) => p.originalName)).toEqual([
      'a.jpg',
    ]);
    // Moved once: a second move says so and changes nothing.
    const again = await runShoebox('database', 'move-local', '--library', library);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/on a local disk already/);
  });

  it('refuses a folder with no library, making none', async () => {
    const empty = await makeTempDir('shoebox-cli-db-none-');
    const run = await runShoebox('database', 'move-local', '--library', empty);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no Shoebox library/);
    await expect(stat(path.join(empty, 'library.db'))).rejects.toThrow();
  });
});
