import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../main/cli/duration';
import { runShoebox } from '../../helpers/run-cli';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

/** A library with two imported photos; their ids by file name. */
async function libraryWithTwo(): Promise<{ library: string; ids: [number, number] }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  const inbox = path.join(base, 'inbox');
  await writeSamplePhoto(path.join(inbox, 'A.JPG'), { seed: 1, takenAt: '2024:05:01 10:00:00' });
  await writeSamplePhoto(path.join(inbox, 'B.JPG'), { seed: 2, takenAt: '2024:05:01 11:00:00' });
  const run = await runShoebox('import', inbox, '--library', library, '--json');
  expect(run.code).toBe(0);
  const imported = (JSON.parse(run.stdout) as { imported: { id: number; originalName: string }[] })
    .imported;
  const id = (name: string) => imported.find((photo) => photo.originalName === name)!.id;
  return { library, ids: [id('A.JPG'), id('B.JPG')] };
}

async function photosJson(library: string): Promise<Record<string, unknown>[]> {
  const run = await runShoebox('photos', '--library', library, '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
}

describe('shoebox set', () => {
  it('describes every photo given, and photos --json shows it', async () => {
    const { library, ids } = await libraryWithTwo();
    const run = await runShoebox(
      'set',
      String(ids[0]),
      String(ids[1]),
      '--rating',
      '4',
      '--flag',
      'pick',
      '--label',
      'red',
      '--title',
      'Market day',
      '--caption',
      'Stalls on the square',
      '--keyword',
      'Places/France/Paris',
      '--keyword',
      'Food',
      '--shift-time',
      '-30m',
      '--library',
      library,
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
    const photos = await photosJson(library);
    for (const photo of photos) {
      expect(photo).toMatchObject({
        rating: 4,
        flag: 'pick',
        label: 'red',
        title: 'Market day',
        caption: 'Stalls on the square',
        keywords: ['Food', 'Places/France/Paris'],
      });
    }
    expect(photos.map((photo) => photo.takenAt)).toEqual([
      '2024-05-01T09:30:00',
      '2024-05-01T10:30:00',
    ]);
    expect(photos.map((photo) => photo.takenAtOriginal)).toEqual([
      '2024-05-01T10:00:00',
      '2024-05-01T11:00:00',
    ]);

    const cleared = await runShoebox(
      'set',
      String(ids[0]),
      '--title',
      '',
      '--flag',
      'none',
      '--label',
      'none',
      '--remove-keyword',
      'food',
      '--library',
      library,
    );
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Updated 1 photo.');
    expect((await photosJson(library))[0]).toMatchObject({
      title: null,
      flag: null,
      label: null,
      keywords: ['Places/France/Paris'],
    });
  });

  it('exits 1 naming an unknown id, and changes nothing', async () => {
    const { library, ids } = await libraryWithTwo();
    const run = await runShoebox(
      'set',
      String(ids[0]),
      '777',
      '--rating',
      '5',
      '--library',
      library,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/777.*nothing was changed/);
    expect((await photosJson(library)).map((photo) => photo.rating)).toEqual([0, 0]);
  });

  it('refuses a bad rating, flag or duration with a clear message', async () => {
    const { library, ids } = await libraryWithTwo();
    const id = String(ids[0]);
    const rating = await runShoebox('set', id, '--rating', '7', '--library', library);
    expect([rating.code, rating.stderr]).toEqual([1, expect.stringContaining('0-5')]);
    const flag = await runShoebox('set', id, '--flag', 'maybe', '--library', library);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('pick, reject, none');
    const duration = await runShoebox('set', id, '--shift-time', '1 hour', '--library', library);
    expect([duration.code, duration.stderr]).toEqual([1, expect.stringContaining('+1h')]);
    const nothing = await runShoebox('set', id, '--library', library);
    expect([nothing.code, nothing.stderr]).toEqual([
      1,
      expect.stringContaining('Nothing to change'),
    ]);
  });
});

describe('shoebox rotate and keywords', () => {
  it('turns photos and swaps their sides', async () => {
    const { library, ids } = await libraryWithTwo();
    const before = (await photosJson(library))[0]!;
    const run = await runShoebox('rotate', String(ids[0]), 'left', '--library', library);
    expect([run.code, run.stdout]).toEqual([0, 'Turned 1 photo left.\n']);
    const after = (await photosJson(library))[0]!;
    expect(after).toMatchObject({ rotation: 270, width: before.height, height: before.width });
    const bad = await runShoebox('rotate', String(ids[0]), 'sideways', '--library', library);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('left|right|180')]);
  });

  it('prints the keyword tree, as text and as JSON', async () => {
    const { library, ids } = await libraryWithTwo();
    await runShoebox(
      'set',
      String(ids[0]),
      '--keyword',
      'Places/France/Paris',
      '--library',
      library,
    );
    await runShoebox('set', String(ids[1]), '--keyword', 'Places/France', '--library', library);
    const text = await runShoebox('keywords', '--library', library);
    expect(text.stdout).toBe('Places (2, 0 on it)\n  France (2, 1 on it)\n    Paris (1)\n');
    const json = await runShoebox('keywords', '--library', library, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject([
      { path: 'Places', total: 2, children: [{ path: 'Places/France', count: 1, total: 2 }] },
    ]);
  });
});

describe('durations', () => {
  it('reads days, hours, minutes and seconds with a sign', () => {
    expect(parseDuration('+1h')).toBe(3600);
    expect(parseDuration('-30m')).toBe(-1800);
    expect(parseDuration('+1d2h3m4s')).toBe(86_400 + 7200 + 180 + 4);
    expect(parseDuration('45s')).toBe(45);
    expect(() => parseDuration('1h1h')).toThrow(/not a duration/);
    expect(() => parseDuration('+')).toThrow(/not a duration/);
  });
});
