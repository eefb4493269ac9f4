import { rename } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** Polls until `check` answers something, for up to a minute (a loaded machine is slow). */
async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + 60_000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('not within a minute');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function photoNamed(shoebox: ShoeboxCore, name: string): Promise<Photo | undefined> {
  const { photos } = await shoebox.listPhotoRecords({ limit: 100 });
  return photos.find((photo) => photo.originalName === name);
}

describe('added folders while the app runs', () => {
  it('imports a new file and follows a renamed one on their own, and tells the window', async () => {
    const base = await makeTempDir('shoebox-watching-');
    const photos = path.join(base, 'photos');
    await writeSamplePhoto(path.join(photos, 'a.jpg'), { seed: 1 });
    core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
    const shoebox = core;
    await shoebox.folders.add(photos, {});
    const reasons: string[] = [];
    shoebox.subscribe((event) => {
      if (event.event === 'libraryChanged') reasons.push(event.payload.reason);
    });

    await writeSamplePhoto(path.join(photos, 'later', 'b.jpg'), { seed: 2 });
    const added = await eventually(() => photoNamed(shoebox, 'b.jpg'));
    expect(added).toMatchObject({ source: 'folder', status: 'ok' });
    expect(reasons).toContain('photos');

    const a = (await photoNamed(shoebox, 'a.jpg'))!;
    await rename(path.join(photos, 'a.jpg'), path.join(photos, 'later', 'a-renamed.jpg'));
    const moved = await eventually(async () => {
      const [photo] = await shoebox.photoRecords([a.id]);
      return photo?.path.endsWith('a-renamed.jpg') ? photo : undefined;
    });
    expect(moved).toMatchObject({ id: a.id, status: 'ok' });
  }, 150_000);
});
