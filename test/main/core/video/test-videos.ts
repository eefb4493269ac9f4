/**
 * Test videos made at test time by the bundled ffmpeg from its `testsrc2` pattern: six vertical
 * bars (red, green, yellow, blue, magenta, cyan, left to right) under a moving band, so a
 * poster's pixels say which way up it is. Each kind of file the import meets: a phone MP4 with
 * a creation time and a position, an upright-iPhone MOV (rotation 90), an HEVC MOV with Apple's
 * Keys tags, AVCHD's MTS and M2TS, and files that are not (or no longer) videos.
 */
import { execFile } from 'node:child_process';
import { open, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ffmpegPath } from '../../../../main/core/video/ffmpeg-binary';

const run = promisify(execFile);

/** The bars of testsrc2, left to right, as the colours a decoded frame shows. */
export const TESTSRC2_BARS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan'] as const;
/** One of testsrc2's bar colours. */
export type BarColour = (typeof TESTSRC2_BARS)[number];

const BAR_RGB: Record<BarColour, [number, number, number]> = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  yellow: [255, 255, 0],
  blue: [0, 0, 255],
  magenta: [255, 0, 255],
  cyan: [0, 255, 255],
};

/** What the Apple-like HEVC MOV says about itself (the values its Keys tags hold). */
export const APPLE_TAGS = {
  creationDate: '2020-04-17T10:03:40-0600',
  make: 'Apple',
  model: 'iPhone XR',
  location: '+41.8781-087.6298+180.000/',
  contentIdentifier: '6F0A9C8E-1B2D-4C3E-9F40-5A6B7C8D9E0F',
} as const;

/** What the phone-like MP4 says about itself. */
export const PHONE_TAGS = {
  creationTime: '2021-06-05T14:30:00Z',
  location: '+48.8584+002.2945/',
} as const;

/** Runs the bundled ffmpeg to make a test file (quietly, failing the test on any error). */
export async function ffmpeg(...args: string[]): Promise<void> {
  await run(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

function pattern(size: string, seconds: number, rate = 25): string[] {
  return ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`];
}

function tone(seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
}

const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** H.264 + AAC MP4, 320×240, 2 s, with a creation time and an ISO 6709 position. */
export async function phoneMp4(dir: string): Promise<string> {
  const file = path.join(dir, 'VID_phone.mp4');
  await ffmpeg(
    ...pattern('320x240', 2),
    ...tone(2),
    ...H264,
    '-c:a',
    'aac',
    '-shortest',
    '-metadata',
    `creation_time=${PHONE_TAGS.creationTime}`,
    '-metadata',
    `location=${PHONE_TAGS.location}`,
    file,
  );
  return file;
}

/**
 * H.264 MOV, 320×240 stored, with the 90° rotation an iPhone held upright writes. ffmpeg 4.1's
 * mov muxer drops `-metadata:s:v rotate=` while encoding, so exiftool writes the matrix
 * (Debian's libimage-exiftool-perl, installed on CI).
 */
export async function rotatedMov(dir: string): Promise<string> {
  const file = path.join(dir, 'IMG_rotated.MOV');
  await ffmpeg(...pattern('320x240', 2), ...H264, '-f', 'mov', file);
  await run('exiftool', ['-q', '-overwrite_original', '-Rotation=90', file]);
  return file;
}

/** HEVC + AAC MOV, 320×240, 2 s, with the Keys tags of an iPhone (`APPLE_TAGS`). */
export async function appleHevcMov(dir: string): Promise<string> {
  const file = path.join(dir, 'IMG_0001.MOV');
  await ffmpeg(
    ...pattern('320x240', 2),
    ...tone(2),
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    // The mov muxer writes these as QuickTime Keys (mdta) entries, as an iPhone does.
    '-movflags',
    'use_metadata_tags',
    '-metadata',
    `com.apple.quicktime.creationdate=${APPLE_TAGS.creationDate}`,
    '-metadata',
    `com.apple.quicktime.make=${APPLE_TAGS.make}`,
    '-metadata',
    `com.apple.quicktime.model=${APPLE_TAGS.model}`,
    '-metadata',
    `com.apple.quicktime.location.ISO6709=${APPLE_TAGS.location}`,
    '-metadata',
    `com.apple.quicktime.content.identifier=${APPLE_TAGS.contentIdentifier}`,
    '-f',
    'mov',
    file,
  );
  return file;
}

/** AVCHD-like MPEG-TS `.MTS`: H.264 + AC-3, 320×240, 2 s. */
export async function avchdMts(dir: string): Promise<string> {
  const file = path.join(dir, '00000.MTS');
  await ffmpeg(
    ...pattern('320x240', 2),
    ...tone(2),
    ...H264,
    '-c:a',
    'ac3',
    '-shortest',
    '-f',
    'mpegts',
    file,
  );
  return file;
}

/** Blu-ray-style `.M2TS` (192-byte packets with timestamps): H.264, 320×240, 2 s. */
export async function bdavM2ts(dir: string): Promise<string> {
  const file = path.join(dir, '00001.M2TS');
  await ffmpeg(...pattern('320x240', 2), ...H264, '-f', 'mpegts', '-mpegts_m2ts_mode', '1', file);
  return file;
}

/** A video of `size` and `seconds`, H.264 in MP4 with `extra` encoder options (e.g. a SAR). */
export async function plainMp4(
  dir: string,
  name: string,
  size: string,
  seconds: number,
  extra: string[] = [],
): Promise<string> {
  const file = path.join(dir, name);
  await ffmpeg(...pattern(size, seconds), ...H264, ...extra, file);
  return file;
}

/**
 * One video frame followed by 3 s of sound: the file lasts 3 s, so a seek to 0.3 s lands after
 * the last frame and ffmpeg exits 0 having written nothing.
 */
export async function oneFrameLongAudio(dir: string): Promise<string> {
  const file = path.join(dir, 'one-frame.mp4');
  await ffmpeg(...pattern('320x240', 0.04), ...tone(3), ...H264, '-c:a', 'aac', file);
  return file;
}

/** A text file with a video's name. */
export async function notAVideo(dir: string): Promise<string> {
  const file = path.join(dir, 'notes.mp4');
  await writeFile(file, 'Shopping list: film, batteries, a second SD card.\n');
  return file;
}

/** The first half of an MP4 whose index (moov) comes last: a copy interrupted mid-way. */
export async function truncatedMp4(dir: string, whole: string): Promise<string> {
  const file = path.join(dir, 'cut-short.mp4');
  const bytes = await readFile(whole);
  await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return file;
}

/** The testsrc2 bar whose colour is nearest the pixels around a fraction of an image's size. */
export async function barAt(image: string, x: number, y: number): Promise<BarColour> {
  const { data, info } = await sharp(image)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const cx = Math.round(x * (info.width - 1));
  const cy = Math.round(y * (info.height - 1));
  const sum = [0, 0, 0];
  let count = 0;
  for (let dy = -2; dy <= 2; dy += 1) {
    for (let dx = -2; dx <= 2; dx += 1) {
      const px = Math.min(info.width - 1, Math.max(0, cx + dx));
      const py = Math.min(info.height - 1, Math.max(0, cy + dy));
      const at = (py * info.width + px) * info.channels;
      for (let c = 0; c < 3; c += 1) sum[c]! += data[at + c]!;
      count += 1;
    }
  }
  const mean = sum.map((value) => value / count);
  let nearest: BarColour = 'red';
  let best = Number.POSITIVE_INFINITY;
  for (const colour of TESTSRC2_BARS) {
    const distance = BAR_RGB[colour].reduce(
      (total, value, c) => total + (value - mean[c]!) ** 2,
      0,
    );
    if (distance < best) {
      best = distance;
      nearest = colour;
    }
  }
  return nearest;
}

/** The four-character types of an MP4's top-level boxes, in file order. */
export async function topLevelBoxes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const types: string[] = [];
    const header = Buffer.alloc(16);
    for (let offset = 0; offset + 8 <= size;) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      types.push(header.toString('latin1', 4, 8));
      if (boxSize < 8) break;
      offset += boxSize;
    }
    return types;
  } finally {
    await handle.close();
  }
}
