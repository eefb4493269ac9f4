import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { snapshotTree } from '../folders/folder-fixtures';
import { nefLike, nefParts } from '../raw/raw-containers';
import { KEY_A, writeLiveMovie, writeLiveStill } from './live-photo-files';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A library, an empty folder to add in place and an empty card. */
async function openTempLibrary(): Promise<{ core: ShoeboxCore; folder: string; card: string }> {
  const base = await makeTempDir('shoebox-referenced-partners-');
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  const folder = path.join(base, 'My Photos');
  const card = path.join(base, 'card');
  await mkdir(folder, { recursive: true });
  await mkdir(path.join(card, 'DCIM', '100NIKON'), { recursive: true });
  return { core, folder, card };
}

async function listed(shoebox: ShoeboxCore) {
  const { photos } = await shoebox.listPhotoRecords({ limit: 100 });
  return photos.map((photo) => ({
    name: photo.originalName,
    source: photo.source,
    files: photo.files.map((file) => [file.role, path.basename(file.path)]),
  }));
}

describe('a copied file whose partner was left in an added folder', () => {
  it('imports a RAW whose JPEG stays in its folder as a photo of its own', async () => {
    const { core, folder, card } = await openTempLibrary();
    await writeSamplePhoto(path.join(folder, 'DSC_0003.JPG'), {
      seed: 4,
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    });
    await core.folders.add(folder, {});
    const before = await snapshotTree(folder);
    await writeFile(path.join(card, 'DCIM', '100NIKON', 'DSC_0003.NEF'), nefLike(await nefParts()));

    const fromCard = await core.importFiles([{ path: card }]);

    expect(fromCard.failed).toEqual([]);
    expect(fromCard.imported.map((photo) => photo.originalName)).toEqual(['DSC_0003.NEF']);
    expect(fromCard.imported[0]).toMatchObject({ format: 'nef' });
    expect((await listed(core)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'DSC_0003.JPG', source: 'folder', files: [['original', 'DSC_0003.JPG']] },
      { name: 'DSC_0003.NEF', source: 'library', files: [['original', 'DSC_0003.nef']] },
    ]);
    // The folder byte for byte as it was: nothing placed beside the JPEG, nothing changed.
    expect(await snapshotTree(folder)).toEqual(before);
    expect((await core.verify()).problems).toEqual([]);
  });

  it('imports a JPEG whose RAW stays in its folder as a photo of its own', async () => {
    const { core, folder, card } = await openTempLibrary();
    await writeFile(path.join(folder, 'DSC_0005.NEF'), nefLike(await nefParts()));
    await core.folders.add(folder, {});
    const before = await snapshotTree(folder);
    await writeSamplePhoto(path.join(card, 'DCIM', '100NIKON', 'DSC_0005.JPG'), {
      seed: 5,
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    });

    const fromCard = await core.importFiles([{ path: card }]);

    expect(fromCard.failed).toEqual([]);
    expect(fromCard.imported.map((photo) => photo.originalName)).toEqual(['DSC_0005.JPG']);
    expect((await listed(core)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'DSC_0005.JPG', source: 'library', files: [['original', 'DSC_0005.jpg']] },
      { name: 'DSC_0005.NEF', source: 'folder', files: [['original', 'DSC_0005.NEF']] },
    ]);
    expect(await snapshotTree(folder)).toEqual(before);
    expect((await core.verify()).problems).toEqual([]);
  });

  it('imports a Live Photo still whose movie stays in its folder as a photo of its own', async () => {
    const { core, folder, card } = await openTempLibrary();
    await writeLiveMovie(path.join(folder, 'IMG_0001.MOV'), {
      identifier: KEY_A,
      seconds: 2,
      creationDate: '2020-04-17T10:03:40-0600',
    });
    await core.folders.add(folder, {});
    const before = await snapshotTree(folder);
    const copied = path.join(card, 'DCIM', '100NIKON', 'IMG_0001.JPG');
    await writeLiveStill(copied, { identifier: KEY_A, takenAt: '2020:04:17 10:03:40' });

    const stillAfter = await core.importFiles([{ path: copied }]);

    expect(stillAfter.failed).toEqual([]);
    expect(stillAfter.imported.map((photo) => [photo.originalName, photo.kind])).toEqual([
      ['IMG_0001.JPG', 'photo'],
    ]);
    expect((await listed(core)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'IMG_0001.JPG', source: 'library', files: [['original', 'IMG_0001.jpg']] },
      { name: 'IMG_0001.MOV', source: 'folder', files: [['original', 'IMG_0001.MOV']] },
    ]);
    expect(await snapshotTree(folder)).toEqual(before);
    expect((await core.verify()).problems).toEqual([]);
  });
});
