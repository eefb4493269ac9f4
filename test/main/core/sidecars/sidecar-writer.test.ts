import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { composedOrientation } from '../../../../main/core/sidecars/xmp-sidecar';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const run = promisify(execFile);

/** What Debian's exiftool reads from a sidecar: the XMP tags, numbers as numbers. */
async function exiftoolRead(file: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('exiftool', ['-j', '-n', '-struct', '-XMP:all', file]).catch(
    (error: unknown) => {
      throw new Error(
        `exiftool must be installed for this test (apt-get install libimage-exiftool-perl): ${String(error)}`,
      );
    },
  );
  return (JSON.parse(stdout) as Record<string, unknown>[])[0]!;
}

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function libraryWithOne(): Promise<{ root: string; photo: Photo }> {
  const base = await makeTempDir();
  const root = path.join(base, 'library');
  core = await openCore({ libraryRoot: root, imagingThreads: 1 });
  const file = await writeSamplePhoto(path.join(base, 'card', 'DSC_0042.JPG'), {
    seed: 7,
    takenAt: '2023:07:14 18:30:00',
  });
  const [photo] = (await core.importFiles([{ path: file }])).imported;
  return { root, photo: photo! };
}

describe('XMP sidecars in the library', () => {
  it('mirrors a description so exiftool (and Lightroom, darktable, digiKam) read it back', async () => {
    const { photo } = await libraryWithOne();
    await core!.handlers.updatePhotos({
      photoIds: [photo.id],
      changes: {
        rating: 4,
        flag: 'pick',
        label: 'purple',
        title: 'Fête <de> la musique',
        caption: 'Band on the "quai", 21 June',
        addKeywords: ['Places/France/Paris', 'Music'],
        shiftTimeSeconds: 3600,
      },
    });
    await core!.handlers.rotatePhotos({ photoIds: [photo.id], direction: 'right' });
    await core!.close();
    core = null;

    const sidecar = `${photo.path}.xmp`;
    const tags = await exiftoolRead(sidecar);
    expect(tags).toMatchObject({
      Rating: 4,
      Label: 'Purple',
      PickLabel: 3,
      Orientation: 6,
      Title: 'Fête <de> la musique',
      Description: 'Band on the "quai", 21 June',
      DateTimeOriginal: '2023:07:14 19:30:00',
      PreservedFileName: 'DSC_0042.JPG',
      HierarchicalSubject: ['Music', 'Places|France|Paris'],
      TagsList: ['Music', 'Places/France/Paris'],
    });
    expect([tags.Subject].flat()).toEqual(['Music', 'Paris']);
  });

  it('writes every imported photo a sidecar, which verify counts and delete removes', async () => {
    const { photo } = await libraryWithOne();
    await core!.close();
    core = null;
    const sidecar = `${photo.path}.xmp`;
    expect(await exiftoolRead(sidecar)).toMatchObject({ Rating: 0, PickLabel: 0 });

    core = await openCore({
      libraryRoot: path.dirname(path.dirname(path.dirname(path.dirname(photo.path)))),
    });
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
    await rm(sidecar);
    const found = await core.verify();
    expect(found.problems).toMatchObject([{ kind: 'missing-sidecar', photoId: photo.id }]);
    expect((await core.verify({ repair: true })).ok).toBe(true);
    expect(existsSync(sidecar)).toBe(true);

    await core.handlers.trashPhotos({ photoIds: [photo.id] });
    await core.handlers.emptyTrash({});
    expect(existsSync(sidecar)).toBe(false);
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });
});

describe('repair from sidecars', () => {
  it('gets descriptions, time fixes, rotation and names back when library.db is lost', async () => {
    const { root, photo } = await libraryWithOne();
    await core!.handlers.updatePhotos({
      photoIds: [photo.id],
      changes: {
        rating: 2,
        flag: 'reject',
        label: 'yellow',
        title: 'Harbour',
        caption: 'Fog at dawn',
        addKeywords: ['Places/Norway/Bergen'],
        shiftTimeSeconds: -600,
      },
    });
    await core!.handlers.rotatePhotos({ photoIds: [photo.id], direction: '180' });
    await core!.close();
    core = null;
    for (const suffix of ['', '-wal', '-shm']) {
      await rm(path.join(root, `library.db${suffix}`), { force: true });
    }

    core = await openCore({ libraryRoot: root, create: false });
    const repaired = await core.verify({ repair: true });
    expect(repaired.ok).toBe(true);
    const page = await core.listPhotoRecords({});
    expect(page.photos).toHaveLength(1);
    expect(page.photos[0]).toMatchObject({
      originalName: 'DSC_0042.JPG',
      rating: 2,
      flag: 'reject',
      label: 'yellow',
      title: 'Harbour',
      caption: 'Fog at dawn',
      keywords: ['Places/Norway/Bergen'],
      takenAt: '2023-07-14T18:20:00',
      takenAtOriginal: '2023-07-14T18:30:00',
      rotation: 180,
    });
    expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
  });
});

describe('composedOrientation', () => {
  it('turns the file orientation by the library rotation, mirrored ones staying mirrored', () => {
    expect(composedOrientation(1, 0)).toBe(1);
    expect(composedOrientation(1, 90)).toBe(6);
    expect(composedOrientation(6, 90)).toBe(3);
    expect(composedOrientation(8, 90)).toBe(1);
    expect(composedOrientation(2, 180)).toBe(4);
    expect(composedOrientation(7, 270)).toBe(2);
  });
});
