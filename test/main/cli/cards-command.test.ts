/**
 * `shoebox cards` on a tmpfs mounted as a stand-in card under a temporary mount root (named by
 * SHOEBOX_CARD_ROOTS). Needs root, as CI runs it.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runShoebox } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';
import { sizes, writeCard } from '../core/cards/card-tree';
import { createTmpfsMounts, type TmpfsMounts } from '../core/cards/tmpfs-cards';

let mounts: TmpfsMounts;
beforeEach(async () => {
  mounts = await createTmpfsMounts();
  vi.stubEnv('SHOEBOX_CARD_ROOTS', mounts.root);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await mounts.cleanup();
});

describe('shoebox cards', () => {
  it('lists the mounted cards with their shots and what is new, as JSON and as a table', async () => {
    const card = await mounts.mount('EOS_DIGITAL');
    const files = await writeCard(card);
    // A USB stick beside it, with no DCIM folder: no card.
    const stick = await mounts.mount('BACKUP');
    await writeFile(path.join(stick, 'notes.txt'), 'not a card\n');
    const library = path.join(await makeTempDir(), 'library');
    // One of the three shots is already in the library.
    const imported = await runShoebox('import', files.second, '--library', library);
    expect(imported.code).toBe(0);

    const json = await runShoebox('cards', '--json', '--library', library);

    expect(json).toMatchObject({ code: 0, stderr: '' });
    const allBytes = await sizes(files.nef, files.pair, files.second, files.third, files.aae);
    const newBytes = allBytes - (await sizes(files.second));
    // Exactly the keys and order of the JSON contract.
    expect(json.stdout).toBe(
      `${JSON.stringify(
        [{ path: card, label: 'EOS_DIGITAL', files: 3, newFiles: 2, bytes: allBytes, newBytes }],
        null,
        2,
      )}\n`,
    );

    const text = await runShoebox('cards', '--library', library);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^CARD\s+NEW\s+FILES\s+NEW SIZE\s+SIZE\s+PATH$/);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([
      'EOS_DIGITAL',
      '2',
      '3',
      expect.stringMatching(/^\d+(\.\d)? KB$/),
      expect.stringMatching(/^\d+(\.\d)? KB$/),
      card,
    ]);
  });

  it('says when no card is mounted, and lists a card again once it holds DCIM', async () => {
    const library = path.join(await makeTempDir(), 'library');
    expect((await runShoebox('import', await makeTempDir(), '--library', library)).code).toBe(0);
    const volume = await mounts.mount('NO_NAME');

    expect(await runShoebox('cards', '--library', library)).toMatchObject({
      code: 0,
      stdout: 'No camera cards mounted.\n',
    });
    expect(JSON.parse((await runShoebox('cards', '--json', '--library', library)).stdout)).toEqual(
      [],
    );

    // FAT cards written by some cameras spell it in lower case.
    await mkdir(path.join(volume, 'dcim', '100MSDCF'), { recursive: true });
    expect(JSON.parse((await runShoebox('cards', '--json', '--library', library)).stdout)).toEqual([
      { path: volume, label: 'NO_NAME', files: 0, newFiles: 0, bytes: 0, newBytes: 0 },
    ]);
  });

  it('opens no library that is not there', async () => {
    await writeCard(await mounts.mount('EOS_DIGITAL'));
    const missing = path.join(await makeTempDir(), 'nothing-here');

    const run = await runShoebox('cards', '--library', missing);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no Shoebox library');
  });
});
