/**
 * A small camera card of every kind of shot, made at test time: a Nikon RAW+JPEG pair, a RAW
 * alone, an MP4 and a MOV made by the bundled ffmpeg, and an iPhone-like Live Photo (a JPEG
 * still and a short MOV of one stem sharing Apple's ContentIdentifier).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSamplePhoto } from '../helpers/sample-photos';
import { KEY_A, writeLiveMovie, writeLiveStill } from '../main/core/import/live-photo-files';
import { nefLike, nefParts, solidJpeg } from '../main/core/raw/raw-containers';
import { plainMp4 } from '../main/core/video/test-videos';

/** The names of the card's shots, as the grid shows them (the original's name). */
export const CARD_SHOTS = {
  pair: 'DSC_0001.NEF',
  raw: 'DSC_0002.NEF',
  mp4: 'VID_0003.MP4',
  mov: 'MVI_0004.MOV',
  live: 'IMG_0005.JPG',
} as const;

/** How long the card's videos last, in seconds (the badge and the viewer say it). */
export const CLIP_SECONDS = 3;

/**
 * Writes the card's files under `card/DCIM/100SHOTS/` (one folder, as a camera keeps them, so
 * the import groups them by stem). Every shot is of May 1st 2024, a minute apart.
 */
export async function writeMediaCard(card: string): Promise<void> {
  const folder = path.join(card, 'DCIM', '100SHOTS');
  await mkdir(folder, { recursive: true });
  // The NEF-like RAWs are taken at 2024-05-01 10:00:00+02:00 (their EXIF says so).
  await writeFile(path.join(folder, CARD_SHOTS.pair), nefLike(await nefParts()));
  await writeSamplePhoto(path.join(folder, 'DSC_0001.JPG'), {
    seed: 4,
    width: 900,
    height: 600,
    takenAt: '2024:05:01 10:00:00',
    make: 'NIKON CORPORATION',
    model: 'NIKON D850',
  });
  // Another picture than the pair's RAW, or the import would take it for the same file.
  const other = await solidJpeg(1200, 800, { r: 230, g: 160, b: 40 });
  await writeFile(
    path.join(folder, CARD_SHOTS.raw),
    nefLike({ ...(await nefParts()), full: other }),
  );
  const at = (minute: number) => ['-metadata', `creation_time=2024-05-01T08:0${minute}:00Z`];
  await plainMp4(folder, CARD_SHOTS.mp4, '640x360', CLIP_SECONDS, at(3));
  await plainMp4(folder, CARD_SHOTS.mov, '640x360', CLIP_SECONDS, [...at(4), '-f', 'mov']);
  await writeLiveStill(path.join(folder, CARD_SHOTS.live), {
    identifier: KEY_A,
    takenAt: '2024:05:01 10:05:00',
    seed: 3,
  });
  await writeLiveMovie(path.join(folder, 'IMG_0005.MOV'), {
    identifier: KEY_A,
    seconds: 2,
    creationDate: '2024-05-01T10:05:00+0200',
  });
}
