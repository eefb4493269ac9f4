import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it, vi } from 'vitest';
import type { ExportProgress } from '../../../common/contract';
import { openCore } from '../../../main/core/shoebox-core';
import { parseServeFlags, serveCommand } from '../../../main/serve/serve-command';
import { connectServeClient, type ServeEvent } from '../../helpers/serve-client';
import { makeTempDir } from '../../helpers/temp-dir';

it('shoebox serve hands a download export to the browser as a zip', async () => {
  const libraryRoot = await makeTempDir();
  const photo = path.join(await makeTempDir(), 'beach.jpg');
  await writeFile(
    photo,
    await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a8' } })
      .jpeg()
      .toBuffer(),
  );
  const core = await openCore({ libraryRoot, imagingThreads: 1 });
  const stop = new AbortController();
  let link = '';
  const serving = serveCommand(
    core,
    { ...parseServeFlags({}), staticDir: null },
    { stdout: (text) => (link ||= text.trim()), stderr: () => {} },
    stop.signal,
  );
  try {
    const { imported } = await core.importFiles([{ path: photo }]);
    const album = await core.handlers.createAlbum({ name: 'Summer' });
    await core.handlers.addPhotosToAlbum({ albumId: album.id, photoIds: [imported[0]!.id] });

    await vi.waitFor(() => expect(link).not.toBe(''));
    const url = new URL(link);
    const client = await connectServeClient(url.origin, url.searchParams.get('token')!);
    const received: ServeEvent[] = [];
    client.events((event) => received.push(event));
    try {
      const { exportId } = await client.api.startExport({
        albumId: album.id,
        destination: { kind: 'download' },
      });
      const end = await vi.waitFor(
        () => {
          const found = received.find(
            (event) =>
              event.event === 'exportProgress' &&
              event.payload.type === 'finished' &&
              event.payload.exportId === exportId,
          );
          if (!found) throw new Error('export not finished yet');
          return found.payload as ExportProgress & { type: 'finished' };
        },
        { timeout: 60_000, interval: 20 },
      );
      expect(end).toMatchObject({ cancelled: false, error: null });
      expect(end.location).toBe(`/exports/${exportId}.zip`);

      const zip = await client.fetch(end.location!);
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      expect(zip.headers.get('content-disposition')).toContain('filename="Summer.zip"');
      const bytes = Buffer.from(await zip.arrayBuffer());
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    } finally {
      client.close();
    }
  } finally {
    stop.abort();
    await serving;
    await core.close();
  }
});
