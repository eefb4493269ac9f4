import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { naiveDerivatives } from '../../../../main/core/imaging/naive-derivatives';
import { orientedQuadrantJpeg } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

it('makes the same three upright sizes as the pool, the slow way', async () => {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, 'photo.jpg');
  // Stored 2400x1200, shown 1200x2400 (orientation 6).
  await writeFile(sourcePath, await orientedQuadrantJpeg(2400, 1200, 6));

  const files = await naiveDerivatives(sourcePath, path.join(dir, 'out'), 'photo');

  expect(files.map(({ size, width, height }) => [size, width, height])).toEqual([
    ['thumb', 200, 400],
    ['medium', 640, 1280],
    ['large', 1024, 2048],
  ]);
  for (const file of files) {
    expect(file.path).toBe(path.join(dir, 'out', `photo-${file.size}.webp`));
    const metadata = await sharp(file.path).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual([
      'webp',
      file.width,
      file.height,
    ]);
  }
});
