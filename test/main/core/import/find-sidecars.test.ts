import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSidecars, sidecarNames } from '../../../../main/core/import/find-sidecars';
import { scanInputs } from '../../../../main/core/import/scan';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';

/** Writes a sidecar with a given modification time (seconds after an arbitrary epoch). */
async function writeSidecar(file: string, ageSeconds = 0): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, XMP);
  const when = new Date(Date.UTC(2024, 0, 1) + ageSeconds * 1000);
  await utimes(file, when, when);
  return file;
}

describe('sidecarNames', () => {
  it("tries darktable's name, then Lightroom's, each in both cases", () => {
    expect(sidecarNames('IMG_1234.CR2')).toEqual([
      'IMG_1234.CR2.xmp',
      'IMG_1234.CR2.XMP',
      'IMG_1234.xmp',
      'IMG_1234.XMP',
    ]);
    expect(sidecarNames('scan')).toEqual(['scan.xmp', 'scan.XMP']);
  });
});

describe('findSidecars', () => {
  it('finds both names and both cases, the newest first', async () => {
    const dir = await makeTempDir();
    const photo = path.join(dir, 'IMG_1234.JPG');
    const darktable = await writeSidecar(path.join(dir, 'IMG_1234.JPG.xmp'), 10);
    const lightroom = await writeSidecar(path.join(dir, 'IMG_1234.XMP'), 20);
    await writeSidecar(path.join(dir, 'IMG_1235.xmp'), 30);
    const found = await findSidecars({ path: photo, source: photo });
    expect(found.map((sidecar) => sidecar.path)).toEqual([lightroom, darktable]);
    expect(found[0]!.source).toBe(lightroom);
  });

  it('looks only at names its folder holds, when it knows them', async () => {
    const dir = await makeTempDir();
    const photo = path.join(dir, 'a.jpg');
    await writeSidecar(path.join(dir, 'a.xmp'));
    expect(await findSidecars({ path: photo, source: photo }, new Set(['a.jpg']))).toEqual([]);
    expect(
      await findSidecars({ path: photo, source: photo }, new Set(['a.jpg', 'a.xmp'])),
    ).toHaveLength(1);
  });

  it('ignores an empty sidecar and a folder by that name', async () => {
    const dir = await makeTempDir();
    const photo = path.join(dir, 'a.jpg');
    await writeFile(path.join(dir, 'a.xmp'), '');
    await mkdir(path.join(dir, 'a.jpg.xmp'));
    expect(await findSidecars({ path: photo, source: photo })).toEqual([]);
  });

  it.runIf(process.platform === 'linux')(
    'finds the sidecar of a photo named in Latin-1',
    async () => {
      const dir = await makeTempDir();
      const name = Buffer.from('été.jpg', 'latin1');
      const source = Buffer.concat([Buffer.from(dir + path.sep), name]);
      const sidecar = Buffer.concat([
        Buffer.from(dir + path.sep),
        Buffer.from('été', 'latin1'),
        Buffer.from('.xmp'),
      ]);
      await writeFile(source, 'photo');
      await writeFile(sidecar, XMP);
      const found = await findSidecars({ path: path.join(dir, 'été.jpg'), source });
      expect(found.map((entry) => [entry.path, entry.source])).toEqual([
        [path.join(dir, 'été.xmp'), sidecar],
      ]);
    },
  );
});

describe('scanInputs with sidecars', () => {
  it('gives each photo its sidecars and counts them as none of the files left out', async () => {
    const card = await makeTempDir();
    const photo = await writeSamplePhoto(path.join(card, 'IMG_0001.JPG'), { seed: 1 });
    const lightroom = await writeSidecar(path.join(card, 'IMG_0001.xmp'), 5);
    const darktable = await writeSidecar(path.join(card, 'IMG_0001.JPG.xmp'), 50);
    await writeSamplePhoto(path.join(card, 'IMG_0002.JPG'), { seed: 2 });
    // A sidecar whose photo is not there is left out, as any other file that is no photo.
    await writeSidecar(path.join(card, 'IMG_0003.xmp'));

    const result = await scanInputs([card]);

    expect(
      result.candidates.map((candidate) => [candidate.path, candidate.sidecars.map((s) => s.path)]),
    ).toEqual([
      [photo, [darktable, lightroom]],
      [path.join(card, 'IMG_0002.JPG'), []],
    ]);
    expect(result.skipped.map((entry) => path.basename(entry.path))).toEqual(['IMG_0003.xmp']);
    expect(result.failed).toEqual([]);
  });

  it('finds the sidecar of a photo picked by name, and does not fail a sidecar picked with it', async () => {
    const dir = await makeTempDir();
    const photo = await writeSamplePhoto(path.join(dir, 'DSC_0042.JPG'), { seed: 3 });
    const sidecar = await writeSidecar(path.join(dir, 'DSC_0042.JPG.XMP'));

    const result = await scanInputs([photo, sidecar]);

    expect(result.candidates.map((candidate) => candidate.sidecars.map((s) => s.path))).toEqual([
      [sidecar],
    ]);
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
  });
});
