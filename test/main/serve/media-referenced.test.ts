import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type ShoeboxCore } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import { writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

// Any 43 characters: the server only compares it.
const TOKEN = 'c'.repeat(43);
const SECRET = 'the contents of id_ed25519, which no page may read';

let core: ShoeboxCore | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  await core?.close();
  server = null;
  core = null;
});

/** A folder of two photos added in place, served; the ids of its photos by name. */
async function serveFolder() {
  const base = await makeTempDir('shoebox-serve-referenced-');
  const photos = path.join(base, 'My Photos');
  await writeSamplePhoto(path.join(photos, 'kept.jpg'), { seed: 1 });
  await writeSamplePhoto(path.join(photos, 'swapped.jpg'), { seed: 2 });
  const secret = path.join(base, 'secret.txt');
  await writeFile(secret, SECRET);
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 1 });
  await core.folders.add(photos, {});
  const listed = (await core.listPhotoRecords({ limit: 10 })).photos;
  const ids = new Map(listed.map((photo) => [photo.originalName, photo.id]));
  server = await startServer({ core, token: TOKEN, maxUploadBytes: 1024, staticDir: null });
  return { photos, secret, ids, origin: server.origin };
}

const get = (origin: string, route: string) =>
  fetch(`${origin}${route}`, { headers: { Authorization: `Bearer ${TOKEN}` } });

describe('GET /media/<id>/original of a photo left in an added folder', () => {
  it("answers the file's bytes", async () => {
    const { photos, ids, origin } = await serveFolder();
    const answer = await get(origin, `/media/${ids.get('kept.jpg')}/original`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect(bytes.equals(await readFile(path.join(photos, 'kept.jpg')))).toBe(true);
  });

  it('answers 404, never the bytes, when the file became a symlink out of the folder', async () => {
    const { photos, secret, ids, origin } = await serveFolder();
    const swapped = path.join(photos, 'swapped.jpg');
    await rm(swapped);
    await symlink(secret, swapped);
    const answer = await get(origin, `/media/${ids.get('swapped.jpg')}/original`);
    const body = await answer.text();
    expect(answer.status).toBe(404);
    expect(body).not.toContain(SECRET);
    // A range of it is refused the same way.
    const ranged = await fetch(`${origin}/media/${ids.get('swapped.jpg')}/original`, {
      headers: { Authorization: `Bearer ${TOKEN}`, Range: 'bytes=0-9' },
    });
    expect(ranged.status).toBe(404);
    expect(await ranged.text()).not.toContain(SECRET.slice(0, 10));
    // The other photo of the folder is still served.
    expect((await get(origin, `/media/${ids.get('kept.jpg')}/original`)).status).toBe(200);
  });
});
