/**
 * A whole camera card through the command line, as a photographer ingests one: a NEF+JPEG pair,
 * a RAW alone, plain JPEGs (one with an .AAE), a camera clip with its .THM, a Live Photo (a
 * still and its movie sharing Apple's ContentIdentifier) and MISC/ junk. Imported twice (the
 * second time adds nothing), verified, exported as a gallery.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShoebox } from '../helpers/run-cli';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { makeTempDir } from '../helpers/temp-dir';
import { writeCard } from './core/cards/card-tree';
import { KEY_A, writeLiveMovie, writeLiveStill } from './core/import/live-photo-files';
import { nefLike, nefParts } from './core/raw/raw-containers';
import { plainMp4 } from './core/video/test-videos';

// Real imaging, ffmpeg and four CLI processes on a busy 2-core machine: generous.
const TIMEOUT_MS = 180_000;

interface ListedPhoto {
  originalName: string;
  kind: string;
  format: string;
  durationSeconds: number | null;
  files: { role: string; path: string }[];
}

async function writeWholeCard(card: string): Promise<void> {
  await writeCard(card);
  const dcim = path.join(card, 'DCIM', '100NIKON');
  // A RAW shot alone (another frame: one byte more after the TIFF data makes it another file).
  await writeFile(
    path.join(dcim, 'DSC_0004.NEF'),
    Buffer.concat([nefLike(await nefParts()), Buffer.from([4])]),
  );
  // A camera clip with the thumbnail the camera writes beside it.
  await plainMp4(dcim, 'MVI_0005.MP4', '320x240', 2);
  await writeSamplePhoto(path.join(dcim, 'MVI_0005.THM'), { seed: 7 });
  // A Live Photo as an iPhone leaves it in DCIM.
  const apple = path.join(card, 'DCIM', '101APPLE');
  await writeLiveStill(path.join(apple, 'IMG_0006.JPG'), {
    identifier: KEY_A,
    takenAt: '2024:05:03 12:00:00',
  });
  await writeLiveMovie(path.join(apple, 'IMG_0006.MOV'), {
    identifier: KEY_A,
    seconds: 2,
    creationDate: '2024-05-03T12:00:00+02:00',
  });
}

describe('a whole camera card', () => {
  it(
    'imports one photo per shot with all its files, adds nothing the second time, verifies and exports',
    async () => {
      const root = await makeTempDir();
      const card = path.join(root, 'EOS_DIGITAL');
      const library = path.join(root, 'library');
      await writeWholeCard(card);

      const first = await runShoebox(
        'import',
        card,
        '--album',
        'Card',
        '--json',
        '--library',
        library,
      );
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const firstSummary = JSON.parse(first.stdout) as Record<string, unknown[]>;
      expect(
        [firstSummary.imported, firstSummary.duplicates, firstSummary.failed].map(
          (list) => list!.length,
        ),
      ).toEqual([6, 0, 0]);

      const listed = await runShoebox('photos', '--json', '--library', library);
      const photos = (JSON.parse(listed.stdout) as ListedPhoto[]).sort((a, b) =>
        a.originalName.localeCompare(b.originalName),
      );
      const shape = photos.map((photo) => ({
        name: photo.originalName,
        kind: photo.kind,
        format: photo.format,
        roles: photo.files.map((file) => file.role),
        video: photo.durationSeconds !== null,
      }));
      expect(shape).toEqual([
        {
          name: 'DSC_0001.NEF',
          kind: 'photo',
          format: 'nef',
          roles: ['original', 'pair'],
          video: false,
        },
        { name: 'DSC_0002.JPG', kind: 'photo', format: 'jpeg', roles: ['original'], video: false },
        {
          name: 'DSC_0003.JPG',
          kind: 'photo',
          format: 'jpeg',
          roles: ['original', 'sidecar'],
          video: false,
        },
        { name: 'DSC_0004.NEF', kind: 'photo', format: 'nef', roles: ['original'], video: false },
        {
          name: 'IMG_0006.JPG',
          kind: 'photo',
          format: 'jpeg',
          roles: ['original', 'motion'],
          video: false,
        },
        {
          name: 'MVI_0005.MP4',
          kind: 'video',
          format: 'mp4',
          roles: ['original', 'sidecar'],
          video: true,
        },
      ]);
      // MISC/ is the camera's, not the photographer's: nothing of it is in the library.
      expect(photos.some((photo) => photo.originalName === 'IMG_9999.JPG')).toBe(false);
      // Every file is kept byte for byte where the library says it is.
      const clip = photos.find((photo) => photo.originalName === 'MVI_0005.MP4')!;
      expect(
        Buffer.compare(
          await readFile(clip.files[0]!.path),
          await readFile(path.join(card, 'DCIM', '100NIKON', 'MVI_0005.MP4')),
        ),
      ).toBe(0);

      const again = await runShoebox('import', card, '--json', '--library', library);
      expect(again.code).toBe(0);
      const againSummary = JSON.parse(again.stdout) as Record<string, unknown[]>;
      expect(
        [againSummary.imported, againSummary.duplicates, againSummary.failed].map(
          (list) => list!.length,
        ),
      ).toEqual([0, 6, 0]);
      const relisted = JSON.parse(
        (await runShoebox('photos', '--json', '--library', library)).stdout,
      ) as ListedPhoto[];
      expect(relisted).toHaveLength(6);

      const verified = await runShoebox('verify', '--json', '--library', library);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ problems: [] });

      const out = path.join(root, 'gallery');
      const exported = await runShoebox('export', 'Card', '--out', out, '--library', library);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      const manifest = JSON.parse(await readFile(path.join(out, 'album.json'), 'utf8')) as {
        photos: unknown[];
      };
      expect(manifest.photos).toHaveLength(6);
      const files = await readdir(out, { recursive: true });
      // The clip plays in the gallery; RAWs never leave the library.
      expect(files.some((file) => file.endsWith('.mp4'))).toBe(true);
      expect(files.some((file) => /\.nef$/i.test(file))).toBe(false);
    },
    TIMEOUT_MS,
  );
});
