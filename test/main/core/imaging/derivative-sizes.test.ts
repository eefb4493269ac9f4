import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagingPool, type ImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { orientedQuadrantJpeg, texturedJpeg } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

let pool: ImagingPool;
beforeAll(() => {
  pool = createImagingPool({ threads: 2 });
});
afterAll(() => pool.destroy());

/** PSNR (dB) of two 8-bit buffers of the same layout. */
function psnr(a: Buffer, b: Buffer): number {
  let squares = 0;
  for (let i = 0; i < a.length; i += 1) squares += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (squares / a.length));
}

async function writeSource(image: Buffer): Promise<{ sourcePath: string; dir: string }> {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, 'photo.jpg');
  await writeFile(sourcePath, image);
  return { sourcePath, dir };
}

describe('derivatives of some sizes (thumbnails first)', () => {
  it('writes the thumbnail alone, as close to the full pipeline’s as it is to the photo', async () => {
    // A 12 MP photo-like texture: the thumbnail decode shrinks it on load.
    const { sourcePath, dir } = await writeSource(await texturedJpeg(4000, 3000));
    const alone = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'first'),
      baseName: 'photo',
      sizes: ['thumb'],
    });
    const all = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'all'),
      baseName: 'photo',
    });
    expect(alone).toMatchObject({ format: 'jpeg', width: 4000, height: 3000, orientation: 1 });
    expect(alone.derivatives.map((file) => [file.size, file.width, file.height])).toEqual([
      ['thumb', 400, 300],
    ]);
    expect(await readdir(path.join(dir, 'first'))).toEqual(['photo-thumb.webp']);

    // Both against the photo decoded in full and resized with lanczos3: within 0.3 dB.
    const reference = await sharp(sourcePath).resize(400, 300, { fit: 'fill' }).raw().toBuffer();
    const quality = async (file: string) =>
      psnr(await sharp(file).removeAlpha().raw().toBuffer(), reference);
    const first = await quality(alone.derivatives[0]!.path);
    const today = await quality(all.derivatives[0]!.path);
    expect(first).toBeGreaterThan(today - 0.3);
  });

  it('writes the medium and large the same to the byte as the three sizes together', async () => {
    const { sourcePath, dir } = await writeSource(await texturedJpeg(3000, 2000));
    const later = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'later'),
      baseName: 'photo',
      sizes: ['large', 'medium'],
    });
    const all = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'all'),
      baseName: 'photo',
    });
    expect(later.derivatives.map((file) => file.size)).toEqual(['medium', 'large']);
    expect((await readdir(path.join(dir, 'later'))).sort()).toEqual([
      'photo-large.webp',
      'photo-medium.webp',
    ]);
    for (const [index, file] of later.derivatives.entries()) {
      const same = all.derivatives[index + 1]!;
      expect(file.size).toBe(same.size);
      expect(Buffer.compare(await readFile(file.path), await readFile(same.path))).toBe(0);
    }
  });

  it('turns a thumbnail alone upright by its EXIF orientation and the rotation asked for', async () => {
    // Stored 600x400 with orientation 6 (shown 400x600), turned a further quarter: 600x400.
    const { sourcePath, dir } = await writeSource(await orientedQuadrantJpeg(600, 400, 6));
    const made = await pool.makeDerivatives({
      sourcePath,
      outputDir: dir,
      baseName: 'photo',
      rotation: 90,
      sizes: ['thumb'],
    });
    const all = await pool.makeDerivatives({
      sourcePath,
      outputDir: path.join(dir, 'all'),
      baseName: 'photo',
      rotation: 90,
    });
    expect(made).toMatchObject({ width: 600, height: 400, orientation: 6 });
    const thumb = await sharp(made.derivatives[0]!.path)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([thumb.info.width, thumb.info.height]).toEqual([400, 267]);
    const today = await sharp(all.derivatives[0]!.path).raw().toBuffer();
    expect(psnr(thumb.data, today)).toBeGreaterThan(30);
  });

  it('refuses sizes it does not know, or none, with a reason', async () => {
    const { sourcePath, dir } = await writeSource(await texturedJpeg(64, 48));
    for (const sizes of [[], ['huge']]) {
      await expect(
        pool.makeDerivatives({
          sourcePath,
          outputDir: dir,
          baseName: 'photo',
          sizes: sizes as never,
        }),
      ).rejects.toMatchObject({ code: 'INTERNAL', message: /sizes asked for/ });
    }
  });
});
