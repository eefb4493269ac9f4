import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** What a generated sample photo looks like. */
export interface SamplePhoto {
  /** Seeds the colours, so two samples with different seeds have different content. */
  seed: number;
  format?: 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'cmyk-jpeg';
  width?: number;
  height?: number;
  /** EXIF DateTimeOriginal as the camera writes it, e.g. `2023:07:14 09:30:00`. */
  takenAt?: string;
  make?: string;
  model?: string;
  alpha?: boolean;
}

/**
 * Writes a small generated photo (four coloured quadrants, seeded) in the given format, with
 * camera EXIF when asked; returns its path. Small, so tests stay fast on two cores.
 */
export async function writeSamplePhoto(file: string, sample: SamplePhoto): Promise<string> {
  const { width = 64, height = 48, format = 'jpeg' } = sample;
  const channels = sample.alpha ? 4 : 3;
  const pixels = Buffer.alloc(width * height * channels);
  const base = [(sample.seed * 53) % 256, (sample.seed * 97) % 256, (sample.seed * 151) % 256];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const quadrant = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1);
      const offset = (y * width + x) * channels;
      for (let c = 0; c < 3; c += 1) pixels[offset + c] = (base[c]! + quadrant * 60) % 256;
      if (channels === 4) pixels[offset + 3] = x < width / 2 ? 255 : 0;
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels } });
  if (sample.takenAt || sample.make || sample.model) {
    image = image.withExif({
      IFD0: {
        ...(sample.make ? { Make: sample.make } : {}),
        ...(sample.model ? { Model: sample.model } : {}),
      },
      IFD2: sample.takenAt ? { DateTimeOriginal: sample.takenAt } : {},
    });
  }
  await mkdir(path.dirname(file), { recursive: true });
  switch (format) {
    case 'jpeg':
      await image.jpeg({ quality: 90 }).toFile(file);
      break;
    case 'cmyk-jpeg':
      await image.toColourspace('cmyk').jpeg({ quality: 90 }).toFile(file);
      break;
    case 'png':
      await image.png().toFile(file);
      break;
    case 'webp':
      await image.webp().toFile(file);
      break;
    case 'avif':
      await image.avif({ effort: 0 }).toFile(file);
      break;
    case 'tiff':
      await image.tiff().toFile(file);
      break;
    case 'gif':
      await image.gif().toFile(file);
      break;
  }
  return file;
}

/** Writes a file that is not an image (a text file named like a photo, say). */
export async function writeNotAPhoto(file: string, text = 'not a photo\n'): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/**
 * A camera card at `card`: `count` distinct 900×600 photos (seeds from `firstSeed`) in
 * `DCIM/100CANON/`, all taken at one moment, as a burst leaves them; returns `card`.
 */
export async function writeSampleCard(
  card: string,
  count: number,
  firstSeed: number,
): Promise<string> {
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      writeSamplePhoto(path.join(card, 'DCIM', '100CANON', `IMG_${1000 + index}.JPG`), {
        seed: firstSeed + index,
        width: 900,
        height: 600,
        takenAt: '2024:05:06 07:08:09',
      }),
    ),
  );
  return card;
}
