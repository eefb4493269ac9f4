/**
 * Shots uploaded through a browser: staged uploads are named by Shoebox, one folder for all,
 * so a RAW and its JPEG, or a Live Photo's still and movie, are grouped by the names they
 * were uploaded with.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { nefLike, nefParts } from '../raw/raw-containers';
import { KEY_A, writeLiveMovie, writeLiveStill } from './live-photo-files';

let core: ShoeboxCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/** Uploads `files` (name → file on disk) as a browser does, imports them, waits for the end. */
async function uploadAndImport(opened: ShoeboxCore, files: Record<string, string>) {
  const uploadIds: string[] = [];
  for (const [name, file] of Object.entries(files)) {
    const staged = await opened.stageUpload(name);
    await copyFile(file, staged.path);
    uploadIds.push(staged.uploadId);
  }
  const importId = randomUUID();
  const finished = new Promise<ImportProgress>((resolve) => {
    const stop = opened.subscribe(({ event, payload }) => {
      if (
        event === 'importProgress' &&
        payload.type === 'finished' &&
        payload.importId === importId
      ) {
        stop();
        resolve(payload);
      }
    });
  });
  await opened.handlers.startImport({ importId, source: { kind: 'uploads', uploadIds } });
  return finished;
}

describe('uploaded shots', () => {
  it('makes one photo of a RAW and its JPEG, and of a Live Photo’s still and movie', async () => {
    const dir = await makeTempDir();
    const nef = path.join(dir, 'a.nef');
    await writeFile(nef, nefLike(await nefParts()));
    const jpeg = await writeSamplePhoto(path.join(dir, 'a.jpg'), {
      seed: 4,
      takenAt: '2024:05:01 10:00:00',
      make: 'NIKON CORPORATION',
      model: 'NIKON D850',
    });
    const still = await writeLiveStill(path.join(dir, 'b.jpg'), {
      identifier: KEY_A,
      takenAt: '2024:05:03 12:00:00',
    });
    const movie = await writeLiveMovie(path.join(dir, 'b.mov'), {
      identifier: KEY_A,
      seconds: 2,
      creationDate: '2024-05-03T12:00:00+02:00',
    });
    core = await openCore({ libraryRoot: path.join(dir, 'library'), imagingThreads: 1 });

    const finished = await uploadAndImport(core, {
      'DSC_0001.NEF': nef,
      'DSC_0001.JPG': jpeg,
      'IMG_0006.JPG': still,
      'IMG_0006.MOV': movie,
    });

    expect(finished).toMatchObject({ type: 'finished', error: null });
    const { photos } = await core.listPhotoRecords({});
    const shots = photos
      .map((photo) => [photo.originalName, photo.files.map((file) => file.role)])
      .sort();
    expect(shots).toEqual([
      ['DSC_0001.NEF', ['original', 'pair']],
      ['IMG_0006.JPG', ['original', 'motion']],
    ]);
  }, 120_000);
});
