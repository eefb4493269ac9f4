import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A library of one 3000×2000 photo, then left as a thumbnails-first import's first phase. */
async function pendingPhoto(pending: string | null): Promise<{ core: ShoeboxCore; id: number }> {
  const base = await makeTempDir();
  const library = path.join(base, 'library');
  core = await openCore({ libraryRoot: library, imagingThreads: 2 });
  const file = await writeSamplePhoto(path.join(base, 'card', 'IMG_0001.JPG'), {
    seed: 7,
    width: 3000,
    height: 2000,
  });
  const { imported } = await core.importFiles([{ path: file }]);
  const id = imported[0]!.id;
  const db = new Database(path.join(library, 'library.db'));
  db.prepare("DELETE FROM derivatives WHERE photo_id = ? AND size <> 'thumb'").run(id);
  db.prepare('UPDATE photos SET derivatives_pending = ? WHERE id = ?').run(pending, id);
  db.close();
  return { core, id };
}

async function widthOf(file: string): Promise<number | undefined> {
  return (await sharp(file).metadata()).width;
}

describe('media of a photo whose larger sizes are not made yet', () => {
  it('answers the thumbnail for the medium and large, none of it to be cached', async () => {
    const { core, id } = await pendingPhoto('a-lease-still-making-them');

    const thumb = await core.resolveMedia(id, 'thumb');
    const large = await core.resolveMedia(id, 'large');
    const medium = await core.resolveMedia(id, 'medium');

    // Even the thumbnail: the second phase makes it again, from the medium's pixels.
    expect(thumb?.noStore).toBe(true);
    expect(await widthOf(thumb!.path)).toBe(400);
    for (const standIn of [large, medium]) {
      expect(standIn).toMatchObject({
        path: thumb!.path,
        contentType: 'image/webp',
        noStore: true,
      });
    }
  });

  it('answers nothing for a size a photo that is not pending lacks', async () => {
    const { core, id } = await pendingPhoto(null);

    expect(await core.resolveMedia(id, 'large')).toBeNull();
    const thumb = await core.resolveMedia(id, 'thumb');
    expect(thumb).not.toBeNull();
    expect(thumb!.noStore).toBeUndefined();
  });

  it('answers the real large, cacheable, once a repair has made it', async () => {
    const { core, id } = await pendingPhoto('a-lease-of-a-process-gone');

    expect((await core.verify({ repair: true })).ok).toBe(true);

    const large = await core.resolveMedia(id, 'large');
    expect(large!.noStore).toBeUndefined();
    expect(await widthOf(large!.path)).toBe(2048);
  });
});
