import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShoebox } from '../../helpers/run-cli';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

/** A library of three photos, IMG_9 (4 stars, Paris), IMG_10 (5 stars) and DSC_1 (none). */
async function library(): Promise<{ library: string; ids: Record<string, number> }> {
  const base = await makeTempDir();
  const root = path.join(base, 'library');
  const inbox = path.join(base, 'inbox');
  const names = ['IMG_9.JPG', 'IMG_10.JPG', 'DSC_1.JPG'];
  await Promise.all(
    names.map((name, i) =>
      writeSamplePhoto(path.join(inbox, name), { seed: 40 + i, takenAt: `2023:07:1${i} 10:00:00` }),
    ),
  );
  const run = await runShoebox('import', inbox, '--library', root, '--json');
  expect(run.code).toBe(0);
  const imported = (JSON.parse(run.stdout) as { imported: { id: number; originalName: string }[] })
    .imported;
  const ids = Object.fromEntries(imported.map((photo) => [photo.originalName, photo.id]));
  for (const [name, flags] of [
    ['IMG_9.JPG', ['--rating', '4', '--keyword', 'Places/France/Paris']],
    ['IMG_10.JPG', ['--rating', '5']],
  ] as const) {
    expect((await runShoebox('set', String(ids[name]), ...flags, '--library', root)).code).toBe(0);
  }
  return { library: root, ids };
}

describe('shoebox search', () => {
  it('prints the photos found as shoebox photos prints them, sorted as asked', async () => {
    const { library: root } = await library();
    const found = await runShoebox('search', 'rating>=4', '--library', root, '--json');
    expect(found.code).toBe(0);
    const photos = JSON.parse(found.stdout) as Array<{ originalName: string }>;
    expect(photos.map((photo) => photo.originalName)).toEqual(['IMG_9.JPG', 'IMG_10.JPG']);
    // The same Photo records, field for field, as `shoebox photos --json`.
    const all = JSON.parse(
      (await runShoebox('photos', '--library', root, '--json')).stdout,
    ) as Array<{
      originalName: string;
    }>;
    expect(photos).toEqual(all.filter((photo) => photo.originalName.startsWith('IMG_')));

    const byName = await runShoebox(
      'search',
      '',
      '--sort',
      'name',
      '--desc',
      '--library',
      root,
      '--json',
    );
    expect(
      (JSON.parse(byName.stdout) as Array<{ originalName: string }>).map((p) => p.originalName),
    ).toEqual(['IMG_10.JPG', 'IMG_9.JPG', 'DSC_1.JPG']);
    const text = await runShoebox('search', 'keyword:Places', '--library', root);
    expect(text.stdout).toContain('IMG_9.JPG');
    expect(text.stdout).toContain('1 photo.');
  });

  it('exits 1 naming where a query is wrong', async () => {
    const { library: root } = await library();
    const run = await runShoebox('search', 'rating>=4 flag:maybe', '--library', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('at character 11, flag: takes pick, reject, none, not “maybe”');
    const sort = await runShoebox('search', 'x', '--sort', 'stars', '--library', root);
    expect(sort.code).not.toBe(0);
    expect(sort.stderr).toContain('stars');
  });
});

describe('smart albums on the command line', () => {
  it('creates one with --query, lists its photos as they match now, and shows its search', async () => {
    const { library: root, ids } = await library();
    const created = await runShoebox(
      'album',
      'create',
      'Best',
      '--query',
      'rating>=4',
      '--library',
      root,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created smart album "Best"');
    const inBest = async () =>
      (
        JSON.parse(
          (await runShoebox('photos', '--album', 'best', '--library', root, '--json')).stdout,
        ) as Array<{
          originalName: string;
        }>
      ).map((photo) => photo.originalName);
    expect(await inBest()).toEqual(['IMG_9.JPG', 'IMG_10.JPG']);
    await runShoebox('set', String(ids['DSC_1.JPG']), '--rating', '5', '--library', root);
    await runShoebox('set', String(ids['IMG_9.JPG']), '--rating', '1', '--library', root);
    expect(await inBest()).toEqual(['IMG_10.JPG', 'DSC_1.JPG']);

    const shown = await runShoebox('album', 'show', 'Best', '--json', '--library', root);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      name: 'Best',
      smart: true,
      query: 'rating>=4',
      photoCount: 2,
    });
    await runShoebox('album', 'create', 'Trip', '--library', root);
    const manual = await runShoebox('album', 'show', 'Trip', '--json', '--library', root);
    expect(JSON.parse(manual.stdout)).toMatchObject({ smart: false, query: null });
    const adding = await runShoebox(
      'album',
      'add',
      'Best',
      String(ids['IMG_9.JPG']),
      '--library',
      root,
    );
    expect(adding.code).toBe(1);
    expect(adding.stderr).toContain('is a smart album');
  });
});
