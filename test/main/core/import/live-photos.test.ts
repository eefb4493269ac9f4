import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { makeTempDir } from '../../../helpers/temp-dir';
import { KEY_A, KEY_B, writeLiveMovie, writeLiveStill } from './live-photo-files';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function openTempLibrary(): Promise<{ core: ShoeboxCore; card: string }> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  const card = path.join(base, 'card', 'DCIM', '100APPLE');
  await mkdir(card, { recursive: true });
  return { core, card };
}

const TAKEN = '2020:04:17 10:03:40';
const CREATED = '2020-04-17T10:03:40-0600';

/** What the import made of a card: each photo's original name, kind and files' roles. */
async function shotsOf(core: ShoeboxCore): Promise<[string, string, string[]][]> {
  const { photos } = await core.listPhotoRecords({});
  return photos
    .map((photo): [string, string, string[]] => [
      photo.originalName,
      photo.kind,
      photo.files.map((file) => `${file.role}:${path.extname(file.path)}`),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

describe('Live Photos paired by Apple’s ContentIdentifier', () => {
  it('pairs a still and a movie carrying the same key, however long the movie', async () => {
    const { core, card } = await openTempLibrary();
    await writeLiveStill(path.join(card, 'IMG_0001.JPG'), { identifier: KEY_A, takenAt: TAKEN });
    await writeLiveMovie(path.join(card, 'IMG_0001.MOV'), {
      identifier: KEY_A,
      seconds: 6,
      creationDate: CREATED,
    });

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    expect(summary.totals).toMatchObject({ imported: 1, duplicates: 0, skipped: 0 });
    expect(await shotsOf(core)).toEqual([
      ['IMG_0001.JPG', 'photo', ['original:.jpg', 'motion:.mov']],
    ]);
  });

  it('imports a still and a short movie with different keys as two photos', async () => {
    const { core, card } = await openTempLibrary();
    await writeLiveStill(path.join(card, 'IMG_0002.JPG'), { identifier: KEY_A, takenAt: TAKEN });
    await writeLiveMovie(path.join(card, 'IMG_0002.MOV'), {
      identifier: KEY_B,
      seconds: 2,
      creationDate: CREATED,
    });

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    expect(summary.totals).toMatchObject({ files: 2, imported: 2 });
    expect(await shotsOf(core)).toEqual([
      ['IMG_0002.JPG', 'photo', ['original:.jpg']],
      ['IMG_0002.MOV', 'video', ['original:.mov']],
    ]);
  });

  it('without keys, pairs a movie of a Live Photo’s length and not a longer one', async () => {
    const { core, card } = await openTempLibrary();
    await writeLiveStill(path.join(card, 'IMG_0003.JPG'), { identifier: null, takenAt: TAKEN });
    await writeLiveMovie(path.join(card, 'IMG_0003.MOV'), {
      identifier: null,
      seconds: 2,
      creationDate: CREATED,
    });
    await writeLiveStill(path.join(card, 'IMG_0004.JPG'), {
      identifier: null,
      takenAt: TAKEN,
      seed: 2,
    });
    await writeLiveMovie(path.join(card, 'IMG_0004.MOV'), {
      identifier: null,
      seconds: 6,
      creationDate: CREATED,
    });

    const summary = await core.importFiles([{ path: card }]);

    expect(summary.failed).toEqual([]);
    expect(await shotsOf(core)).toEqual([
      ['IMG_0003.JPG', 'photo', ['original:.jpg', 'motion:.mov']],
      ['IMG_0004.JPG', 'photo', ['original:.jpg']],
      ['IMG_0004.MOV', 'video', ['original:.mov']],
    ]);
  });
});
