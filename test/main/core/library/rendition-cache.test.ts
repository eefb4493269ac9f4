import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FullSizeRequest, ImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { ImagingError } from '../../../../main/core/imaging/imaging-protocol';
import { createRenditionCache } from '../../../../main/core/library/media-files';

const HASH = 'ab'.repeat(32);

/** A pool whose renditions wait for `release` and are a few bytes of text. */
function fakePool(options: { fail?: boolean } = {}) {
  const requests: FullSizeRequest[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const pool = {
    threads: 1,
    destroy: () => Promise.resolve(),
    makeDerivatives: () => Promise.reject(new Error('not used')),
    async makeFullSize(request: FullSizeRequest, signal?: AbortSignal) {
      requests.push(request);
      await Promise.race([
        released,
        new Promise((resolve) => signal?.addEventListener('abort', resolve)),
      ]);
      if (signal?.aborted) throw new ImagingError('CANCELLED', 'cancelled');
      if (options.fail) throw new ImagingError('CORRUPT', 'damaged');
      await writeFile(request.outputPath, 'jpeg bytes');
      return { format: 'heic' as const, width: 1, height: 1, path: request.outputPath, bytes: 10 };
    },
  } satisfies ImagingPool;
  return { pool, requests, release };
}

describe('the rendition cache', () => {
  it('makes one rendition for concurrent requests, then serves it from its folder', async () => {
    const { pool, requests, release } = fakePool();
    const cache = createRenditionCache(() => pool);
    const asked = [1, 2, 3].map(() => cache.rendition(HASH, '/library/originals/a.heic'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const answers = await Promise.all(asked);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.sourcePath).toBe('/library/originals/a.heic');
    expect(path.basename(requests[0]!.outputPath)).toBe(`${HASH}.jpg`);
    expect(path.basename(path.dirname(requests[0]!.outputPath))).toMatch(/^shoebox-renditions-/);
    for (const answer of answers) {
      expect(answer).toEqual({
        path: requests[0]!.outputPath,
        contentType: 'image/jpeg',
        bytes: 10,
        folder: path.dirname(requests[0]!.outputPath),
      });
    }
    // Made already: served without asking the pool again.
    expect(await cache.rendition(HASH, '/library/originals/a.heic')).toEqual(answers[0]);
    expect(requests).toHaveLength(1);
    await cache.close();
    await expect(readdir(path.dirname(requests[0]!.outputPath))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('answers null for a photo the pool cannot render, and for a hash that is no file name', async () => {
    const { pool, release } = fakePool({ fail: true });
    release();
    const cache = createRenditionCache(() => pool);
    expect(await cache.rendition(HASH, '/library/originals/a.heic')).toBeNull();
    expect(await cache.rendition('../../etc/passwd', '/library/originals/a.heic')).toBeNull();
    await cache.close();
  });

  it('cancels a rendition being made when it closes, and answers null after', async () => {
    const { pool, requests } = fakePool();
    const cache = createRenditionCache(() => pool);
    const asked = cache.rendition(HASH, '/library/originals/a.heic');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.close();
    expect(await asked).toBeNull();
    expect(await cache.rendition(HASH, '/library/originals/a.heic')).toBeNull();
    await expect(readdir(path.dirname(requests[0]!.outputPath))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('starts no pool and makes no folder before the first request', async () => {
    let started = false;
    const cache = createRenditionCache(() => {
      started = true;
      return fakePool().pool;
    });
    await cache.close();
    expect(started).toBe(false);
  });
});
