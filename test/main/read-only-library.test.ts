/**
 * A library on a disk that cannot be written (a card's lock switch, a read-only mount): import
 * fails once, clearly, and changes nothing. The read-only mount is made in a user and mount
 * namespace of its own (`unshare`), around the built CLI.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../main/core/import/failure-messages';
import { runShoebox } from '../helpers/run-cli';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { makeTempDir } from '../helpers/temp-dir';

const CLI = path.resolve(import.meta.dirname, '../../bin/shoebox.js');

/** Runs `shoebox ARGS` with `readOnly` mounted read-only; answers its exit code and output. */
async function shoeboxOnReadOnly(
  readOnly: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';
  try {
    const { stdout, stderr } = await promisify(execFile)('unshare', [
      '-rm',
      'sh',
      '-c',
      script,
      'sh',
      readOnly,
      process.execPath,
      CLI,
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.runIf(process.platform === 'linux')('a read-only library', () => {
  async function libraryWithCard(): Promise<{ library: string; card: string }> {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const card = path.join(base, 'card');
    await writeSamplePhoto(path.join(card, 'first.jpg'), { seed: 1 });
    expect((await runShoebox('import', card, '--library', library)).code).toBe(0);
    await Promise.all(
      [2, 3, 4].map((seed) => writeSamplePhoto(path.join(card, `p${seed}.jpg`), { seed })),
    );
    return { library, card };
  }

  it('fails an import once with a clear message, exit 1, and changes nothing', async () => {
    const { library, card } = await libraryWithCard();
    const before = await readdir(library, { recursive: true });
    const run = await shoeboxOnReadOnly(library, 'import', card, '--library', library);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `shoebox: The library at ${library} cannot be changed: its disk is read-only (a locked card, or a read-only mount).\n`,
    );
    expect(await readdir(library, { recursive: true })).toEqual(before);
  });

  it('fails an import once when only its folders are read-only, not its database', async () => {
    const { library, card } = await libraryWithCard();
    const run = await shoeboxOnReadOnly(
      path.join(library, 'originals'),
      'import',
      card,
      '--library',
      library,
      '--json',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot be changed: its disk is read-only');
    expect(
      JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout),
    ).toHaveLength(1);
  });
});

describe('failure messages', () => {
  it('says the disk is full, in the words of the file system, SQLite and libvips alike', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(describeFailure(errno('ENOSPC'))).toBe("the library's disk is full");
    expect(describeFailure(errno('SQLITE_FULL'))).toBe("the library's disk is full");
    expect(describeFailure(new Error('VipsForeignSave: No space left on device'))).toBe(
      "the library's disk is full",
    );
    expect(describeFailure(errno('EROFS'))).toBe('the library is read-only');
  });
});
