import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The committed HEIC photos (test/fixtures/heic): sharp cannot encode HEVC, so they were made
 * once with heif-enc from synthetic pixels (make-heic-fixtures.ts says how).
 */
export const HEIC_FIXTURES = {
  /** 96x64, QUADRANT_COLOURS, with an iPhone's EXIF (Apple iPhone 15, 2024-06-01 14:30:15 +02:00, GPS). */
  camera: fixturePath('camera.heic'),
  /** QUADRANT_COLOURS stored 96x64 sideways, shown 64x96 by an `irot` box; EXIF orientation 6. */
  rotated: fixturePath('rotated.heic'),
  /** 96x64 of sRGB 230,30,30 stored as Display P3 (211,55,44) with the P3 ICC profile. */
  displayP3: fixturePath('display-p3.heic'),
  /** 96x64, left half fully transparent, right half opaque orange 240,130,20. */
  transparent: fixturePath('transparent.heic'),
};

/** The name of a committed HEIC fixture. */
export type HeicFixture = keyof typeof HEIC_FIXTURES;

/** The bytes of a committed HEIC fixture. */
export function readHeicFixture(name: HeicFixture): Promise<Buffer> {
  return readFile(HEIC_FIXTURES[name]);
}

function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/heic/${name}`, import.meta.url));
}
