import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUploadStaging } from '../../../../main/core/import/upload-staging';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { makeTempDir } from '../../../helpers/temp-dir';

afterEach(() => {
  vi.useRealTimers();
});

const LEASE = '0123456789abcdef';

describe('upload staging', () => {
  it('names uploads by the lease and keeps their extension', async () => {
    const staging = createUploadStaging(libraryLayout(await makeTempDir()), () => LEASE);
    const upload = await staging.stage('DSC_0001.NEF');
    expect(path.basename(upload.path)).toMatch(/^upload-0123456789abcdef-[0-9a-f-]{36}\.nef$/);
    expect(staging.claim([upload.uploadId])).toEqual([
      { path: upload.path, originalName: 'DSC_0001.NEF' },
    ]);
  });

  it('lets an upload of a refused import expire, rather than keeping it for ever', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const staging = createUploadStaging(libraryLayout(await makeTempDir()), () => LEASE);
    const sent = await staging.stage('a.jpg');
    await writeFile(sent.path, 'the bytes a browser sent');
    // One of the ids is not waiting: the import is refused, and nothing is marked as importing.
    expect(() => staging.claim([sent.uploadId, 'no-such-upload'])).toThrow(
      'No upload with id no-such-upload is waiting.',
    );
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);
    await staging.stage('b.jpg');
    expect(existsSync(sent.path)).toBe(false);
    expect(() => staging.claim([sent.uploadId])).toThrow('is waiting');
  });

  it('keeps an upload that is being imported past the hour', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const staging = createUploadStaging(libraryLayout(await makeTempDir()), () => LEASE);
    const sent = await staging.stage('a.jpg');
    await writeFile(sent.path, 'bytes');
    staging.claim([sent.uploadId]);
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);
    await staging.stage('b.jpg');
    expect(existsSync(sent.path)).toBe(true);
  });
});
