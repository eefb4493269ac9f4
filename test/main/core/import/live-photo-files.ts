/**
 * Live Photo files made at test time: a JPEG still carrying Apple's maker note with a
 * ContentIdentifier (as an iPhone's "Most Compatible" capture does), and a MOV made by the
 * bundled ffmpeg with the QuickTime Keys an iPhone writes, the same key or another or none.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { APP1, withSegment } from '../../../helpers/exif-jpeg';
import { T, TiffBuilder } from '../raw/raw-containers';
import { ffmpeg } from '../video/test-videos';

/** Two pairing keys, as iPhones write them (UUIDs). */
export const KEY_A = '6F0A9C8E-1B2D-4C3E-9F40-5A6B7C8D9E0F';
export const KEY_B = '0C1D2E3F-4A5B-4C6D-8E7F-901A2B3C4D5E';

/**
 * Apple's maker note as an iPhone writes it: header, version, `MM`, one big-endian IFD holding
 * `identifier` under `tag` (0x0011, the ContentIdentifier, unless a test wants another).
 */
export function appleMakerNote(identifier: string, tag = 0x0011): Buffer {
  const text = Buffer.from(`${identifier}\0`, 'latin1');
  const head = Buffer.concat([
    Buffer.from('Apple iOS\0', 'latin1'),
    Buffer.from([0, 1]),
    Buffer.from('MM'),
  ]);
  const ifd = Buffer.alloc(2 + 12 + 4);
  ifd.writeUInt16BE(1, 0);
  ifd.writeUInt16BE(tag, 2);
  ifd.writeUInt16BE(2, 4); // ASCII
  ifd.writeUInt32BE(text.length, 6);
  ifd.writeUInt32BE(head.length + ifd.length, 10); // from the maker note's start
  return Buffer.concat([head, ifd, text]);
}

/**
 * An iPhone-like JPEG still (64×48, one colour by `seed`) taken at `takenAt` (EXIF form), with
 * the ContentIdentifier `identifier` in its maker note, or none when null.
 */
export async function writeLiveStill(
  file: string,
  options: { identifier: string | null; takenAt: string; seed?: number },
): Promise<string> {
  const seed = options.seed ?? 1;
  const colour = { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 151) % 256 };
  const plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  const tiff = new TiffBuilder(true);
  const exif = tiff.ifd([
    { tag: T.dateTimeOriginal, type: 2, text: options.takenAt },
    ...(options.identifier === null
      ? []
      : [{ tag: T.makerNote, type: 7 as const, bytes: appleMakerNote(options.identifier) }]),
  ]);
  const ifd0 = tiff.ifd([
    { tag: T.make, type: 2, text: 'Apple' },
    { tag: T.model, type: 2, text: 'iPhone XR' },
    { tag: T.exifIfd, type: 4, values: [exif] },
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.finish(ifd0)]);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, withSegment(plain, APP1, payload));
  return file;
}

/**
 * An iPhone-like H.264 MOV of `seconds` (160×120), created at `creationDate` (ISO with offset),
 * with the ContentIdentifier `identifier` as a QuickTime Keys entry, or none when null.
 */
export async function writeLiveMovie(
  file: string,
  options: { identifier: string | null; seconds: number; creationDate: string },
): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=160x120:rate=10:duration=${options.seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    // The mov muxer writes these as QuickTime Keys (mdta) entries, as an iPhone does.
    '-movflags',
    'use_metadata_tags',
    '-metadata',
    `com.apple.quicktime.creationdate=${options.creationDate}`,
    ...(options.identifier === null
      ? []
      : ['-metadata', `com.apple.quicktime.content.identifier=${options.identifier}`]),
    '-f',
    'mov',
    file,
  );
  return file;
}
