import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** Where generated benchmark photos are kept between runs (git-ignored). */
export const CORPUS_DIR = path.join(import.meta.dirname, '.corpus', 'camera-24mp');

// A Sony A6000 frame: what the replaced app's users uploaded (5-8 MB camera JPEGs).
const WIDTH = 6000;
const HEIGHT = 4000;

/**
 * Makes (or reuses) `count` photo-like 24-megapixel JPEGs with camera EXIF in `dir`: smooth
 * colour fields from an upscaled random grid plus sensor-like grain, so they compress and
 * decode like camera photos (5-8 MB each) and each has distinct content (distinct hashes).
 */
export async function ensureCorpus(count: number, dir: string = CORPUS_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = path.join(dir, `DSC${String(index + 1).padStart(5, '0')}.JPG`);
    const existing = await stat(file).catch(() => null);
    if (!existing) await makePhotoLikeJpeg(file, index);
    files.push(file);
  }
  return files;
}

/** Where the benchmark's camera cards are kept between runs (git-ignored). */
export const CARDS_DIR = path.join(import.meta.dirname, '.corpus', 'cards');

// Photos of the corpus a card's files repeat: making one 24 MP photo takes 2-8 s on these
// shared machines (200 of them: 10-25 minutes), copying one a few milliseconds.
const CARD_BASE_PHOTOS = 24;

/** What a bench card's JPEGs carry besides the photo. */
export interface CardOptions {
  /**
   * An MPF large thumbnail of 1616x1080 after each photo (true by default), as the Sony A6000
   * writes it (the fixture `sony-alpha-6000.jpg`: a 599 KB baseline JPEG, "Large Thumbnail
   * (full HD equivalent)", MPF type 0x010002); false for JPEGs without one, as sharp and most
   * editors write them. The A6000 is the camera the corpus imitates (its size, EXIF and folder
   * name); its 160x120 EXIF thumbnail is left out, being too small to make a thumbnail from.
   */
  previews?: boolean;
}

/**
 * Makes (or reuses) a camera card of `count` 24 MP JPEGs, `<card>/DCIM/100MSDCF/DSC00001.JPG`…,
 * and returns the card's folder. Its files are the photo-like corpus's 24 photos over and over,
 * each with a JPEG comment naming its place on the card: distinct contents (every file is a
 * new photo to the import), the same decode and encode work as 200 different pictures (the
 * imaging workers cache nothing between photos). About 6.6 MB a file (7 MB with previews).
 */
export async function ensureCard(count: number, options: CardOptions = {}): Promise<string> {
  const previews = options.previews ?? true;
  const bases = await ensureCorpus(Math.min(count, CARD_BASE_PHOTOS));
  const card = path.join(CARDS_DIR, `card-${count}${previews ? '-mpf' : ''}`);
  const folder = path.join(card, 'DCIM', '100MSDCF');
  await mkdir(folder, { recursive: true });
  const previewOf = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    const file = path.join(folder, `DSC${String(index + 1).padStart(5, '0')}.JPG`);
    if (await stat(file).catch(() => null)) continue;
    const basePath = bases[index % bases.length]!;
    const base = await readFile(basePath);
    const photo = withComment(base, `Shoebox bench card photo ${index + 1} of ${count}`);
    if (!previews) {
      await writeFile(file, photo);
      continue;
    }
    if (!previewOf.has(basePath)) previewOf.set(basePath, await cameraPreview(base));
    await writeFile(file, withMpfPreview(photo, previewOf.get(basePath)!));
  }
  return card;
}

/** The 1616x1080 preview a Sony body embeds, made from the photo (quality as the A6000's). */
function cameraPreview(photo: Buffer): Promise<Buffer> {
  return sharp(photo)
    .resize(1616, 1080, { fit: 'fill' })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

/** The MPF image type of Sony's previews: large thumbnail, full HD equivalent. */
export const MPF_LARGE_THUMBNAIL = 0x010002;

/**
 * The JPEG with `preview` appended after it as an MPF image of `type` (a large thumbnail): an APP2 "MPF" segment
 * after its other APPn segments (where Sony writes it) whose MP Index IFD lists the photo and
 * the preview (CIPA DC-007: offsets from the MP header, sizes in bytes, big-endian here).
 */
export function withMpfPreview(jpeg: Buffer, preview: Buffer, type = MPF_LARGE_THUMBNAIL): Buffer {
  let insertAt = 2;
  // Past the APPn and COM segments: the MPF segment goes before the tables and the frame.
  while (
    jpeg[insertAt] === 0xff &&
    (jpeg[insertAt + 1]! >> 4 === 0xe || jpeg[insertAt + 1] === 0xfe)
  )
    insertAt += 2 + jpeg.readUInt16BE(insertAt + 2);
  const segment = Buffer.alloc(4 + 4 + 82);
  segment.writeUInt16BE(0xffe2, 0);
  segment.writeUInt16BE(segment.length - 2, 2);
  segment.write('MPF\0', 4, 'latin1');
  // The MP header: a big-endian TIFF header, then the MP Index IFD at its offset 8.
  const base = 8;
  segment.write('MM\0*', base, 'latin1');
  segment.writeUInt32BE(8, base + 4);
  segment.writeUInt16BE(3, base + 8);
  const entries: [tag: number, fieldType: number, count: number, value: number | string][] = [
    [0xb000, 7, 4, '0100'], // MPFVersion
    [0xb001, 4, 1, 2], // NumberOfImages
    [0xb002, 7, 32, 50], // MPEntry: 2 entries of 16 bytes at offset 50
  ];
  for (const [index, [tag, fieldType, count, value]] of entries.entries()) {
    const at = base + 10 + index * 12;
    segment.writeUInt16BE(tag, at);
    segment.writeUInt16BE(fieldType, at + 2);
    segment.writeUInt32BE(count, at + 4);
    if (typeof value === 'string') segment.write(value, at + 8, 'latin1');
    else segment.writeUInt32BE(value, at + 8);
  }
  // Next IFD: none (the 4 bytes after the entries stay 0).
  const photoBytes = jpeg.length + segment.length;
  const mpEntries = base + 50;
  // The photo: representative, dependent parent (0xa0000000), baseline primary (0x030000).
  segment.writeUInt32BE(0xa0030000, mpEntries);
  segment.writeUInt32BE(photoBytes, mpEntries + 4);
  segment.writeUInt16BE(2, mpEntries + 12);
  // The preview: dependent child (0x40000000), of its type.
  segment.writeUInt32BE((0x40000000 | type) >>> 0, mpEntries + 16);
  segment.writeUInt32BE(preview.length, mpEntries + 20);
  segment.writeUInt32BE(photoBytes - (insertAt + base), mpEntries + 24);
  return Buffer.concat([jpeg.subarray(0, insertAt), segment, jpeg.subarray(insertAt), preview]);
}

/** The JPEG with a COM segment holding `text` right after its SOI marker. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xfffe, 0);
  // The segment length counts its own two bytes.
  marker.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, body, jpeg.subarray(2)]);
}

/** The corpus files already generated (for scenarios run in child processes). */
export async function listCorpus(dir: string = CORPUS_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => /\.jpe?g$/i.test(name)).sort();
  return names.map((name) => path.join(dir, name));
}

/** Where the real camera JPEGs of the bench are gathered (git-ignored). */
export const REAL_CORPUS_DIR = path.join(import.meta.dirname, '.corpus', 'real-camera');
const FIXTURES_DIR = path.join(import.meta.dirname, '..', 'test-results', 'photo-fixtures');

/**
 * Gathers the `count` largest distinct (by hash) JPEGs of the real-photo fixtures (the Sony
 * A6000 file, the large camera wallpapers, phone photos…), fetching them first if needed
 * (scripts/fetch-photo-fixtures.sh, from Debian packages and npm). Null when they cannot be had.
 */
export async function ensureRealCameraCorpus(count: number): Promise<string[] | null> {
  const existing = await listCorpus(REAL_CORPUS_DIR).catch(() => []);
  if (existing.length >= count) return existing.slice(0, count);
  if (!(await stat(path.join(FIXTURES_DIR, 'large')).catch(() => null))) {
    try {
      const script = path.join(import.meta.dirname, '..', 'scripts', 'fetch-photo-fixtures.sh');
      execFileSync('bash', [script, FIXTURES_DIR, '--with-big'], { stdio: 'ignore' });
    } catch {
      return null;
    }
  }
  const candidates: { file: string; pixels: number; hash: string }[] = [];
  for (const folder of ['camera-jpeg', 'large', 'orientation', 'formats']) {
    const names = await readdir(path.join(FIXTURES_DIR, folder)).catch(() => []);
    for (const name of names.filter((entry) => /\.jpe?g$/i.test(entry))) {
      const file = path.join(FIXTURES_DIR, folder, name);
      const bytes = await readFile(file);
      const metadata = await sharp(bytes)
        .metadata()
        .catch(() => null);
      if (!metadata) continue;
      const hash = createHash('sha256').update(bytes).digest('hex');
      candidates.push({ file, pixels: metadata.width * metadata.height, hash });
    }
  }
  const distinct = [...new Map(candidates.map((entry) => [entry.hash, entry])).values()];
  distinct.sort((a, b) => b.pixels - a.pixels || a.file.localeCompare(b.file));
  const chosen = distinct.slice(0, count);
  if (chosen.length < count) return null;
  await mkdir(REAL_CORPUS_DIR, { recursive: true });
  for (const [index, { file }] of chosen.entries()) {
    const name = `${String(index + 1).padStart(2, '0')}-${path.basename(file).replace(/\.jpe?g$/i, '')}.jpg`;
    await copyFile(file, path.join(REAL_CORPUS_DIR, name));
  }
  return listCorpus(REAL_CORPUS_DIR);
}

async function makePhotoLikeJpeg(file: string, seed: number): Promise<void> {
  const random = mulberry32(seed + 1);
  const gridWidth = 24;
  const gridHeight = 16;
  const grid = Buffer.alloc(gridWidth * gridHeight * 3);
  for (let i = 0; i < grid.length; i += 1) grid[i] = Math.floor(random() * 256);
  const scene = await sharp(grid, { raw: { width: gridWidth, height: gridHeight, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  // Grain: what makes camera JPEGs 5-8 MB instead of a few hundred KB of flat gradients.
  const grain = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 18 },
    },
  })
    .raw()
    .toBuffer();
  for (let i = 0; i < scene.length; i += 1) {
    scene[i] = Math.max(0, Math.min(255, scene[i]! + ((grain[i]! - 128) >> 1)));
  }
  const day = String((seed % 28) + 1).padStart(2, '0');
  await sharp(scene, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .withExif({
      IFD0: { Make: 'SONY', Model: 'ILCE-6000', Orientation: '1' },
      IFD2: { DateTimeOriginal: `2024:06:${day} 10:${String(seed % 60).padStart(2, '0')}:00` },
    })
    .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
    .toFile(file);
}

/** A small seeded PRNG, so the corpus is the same on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
