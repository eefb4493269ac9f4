import { copyFileSync, readdirSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withMpfPreview } from '../../../../bench/corpus';
import { createImagingPool, type ImagingPool } from '../../../../main/core/imaging/imaging-pool';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import {
  orientedQuadrantJpeg,
  quadrantImage,
  solidImage,
  texturedJpeg,
  type Rgb,
} from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

let pool: ImagingPool;
beforeAll(() => {
  pool = createImagingPool({ threads: 2 });
});
afterAll(() => pool.destroy());

let core: ShoeboxCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// A colour no quadrant or texture has: a thumbnail of it came from the preview.
const PREVIEW_COLOUR: Rgb = [200, 40, 160];

/** PSNR (dB) of two 8-bit buffers of the same layout. */
function psnr(a: Buffer, b: Buffer): number {
  let squares = 0;
  for (let i = 0; i < a.length; i += 1) squares += (a[i]! - b[i]!) ** 2;
  return squares === 0 ? 99 : 10 * Math.log10((255 * 255) / (squares / a.length));
}

function solidJpeg(width: number, height: number, colour: Rgb = PREVIEW_COLOUR): Promise<Buffer> {
  return solidImage(width, height, colour).jpeg({ quality: 95 }).toBuffer();
}

/** The thumbnail alone of `photo`, as the first phase of a card import asks for it. */
async function firstThumbnail(photo: Buffer): Promise<string> {
  const dir = await makeTempDir();
  const sourcePath = path.join(dir, 'photo.jpg');
  await writeFile(sourcePath, photo);
  const made = await pool.makeDerivatives({
    sourcePath,
    outputDir: path.join(dir, 'out'),
    baseName: 'photo',
    sizes: ['thumb'],
  });
  return made.derivatives[0]!.path;
}

/** The mean colour of an image file. */
async function meanColour(file: string): Promise<number[]> {
  const { channels } = await sharp(file).stats();
  return channels.slice(0, 3).map((channel) => Math.round(channel.mean));
}

/** The pixels of an image file as RGB, with its size. */
async function pixelsOf(file: string | Buffer) {
  return sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('the first thumbnail from a camera JPEG’s embedded preview', () => {
  it('is made from an MPF large thumbnail of the photo’s aspect', async () => {
    const photo = withMpfPreview(await texturedJpeg(3000, 2000), await solidJpeg(1500, 1000));
    const thumb = await firstThumbnail(photo);
    expect(await sharp(thumb).metadata()).toMatchObject({ width: 400, height: 267 });
    for (const [channel, value] of (await meanColour(thumb)).entries())
      expect(Math.abs(value - PREVIEW_COLOUR[channel]!)).toBeLessThanOrEqual(3);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'shows the preview upright by the photo’s orientation %i',
    async (orientation) => {
      // The preview is stored unturned like the photo, and darker, so its thumbnail is told
      // apart from one of the photo's own pixels.
      const preview = await quadrantImage(600, 400).linear(0.5, 0).jpeg({ quality: 95 }).toBuffer();
      const main = await orientedQuadrantJpeg(1200, 800, orientation);
      const thumb = await pixelsOf(await firstThumbnail(withMpfPreview(main, preview)));
      const upright = orientation >= 5 ? [267, 400] : [400, 267];
      expect([thumb.info.width, thumb.info.height]).toEqual(upright);
      const reference = await sharp(main, { autoOrient: true })
        .linear(0.5, 0)
        .resize(thumb.info.width, thumb.info.height, { fit: 'fill' })
        .raw()
        .toBuffer();
      expect(psnr(thumb.data, reference)).toBeGreaterThan(30);
    },
  );

  it.each([
    ['without a preview', null, undefined],
    ['whose preview has another aspect (4:3 of a 3:2 photo)', [800, 600], undefined],
    ['whose preview is smaller than a thumbnail', [300, 200], undefined],
    ['whose MPF image is another picture (a stereo view)', [1500, 1000], 0x020002],
  ] as const)('is decoded from the photo itself for a JPEG %s', async (_, size, type) => {
    const main = await quadrantImage(1200, 800).jpeg({ quality: 95 }).toBuffer();
    const photo = size ? withMpfPreview(main, await solidJpeg(size[0], size[1]), type) : main;
    const thumb = await pixelsOf(await firstThumbnail(photo));
    const reference = await sharp(main).resize(400, 267, { fit: 'fill' }).raw().toBuffer();
    expect(psnr(thumb.data, reference)).toBeGreaterThan(30);
  });
});

describe('a card import whose photos carry previews', () => {
  it('shows the preview first, and after the second phase the one-phase thumbnail', async () => {
    const base = await makeTempDir();
    const card = path.join(base, 'card', 'DCIM', '100MSDCF');
    await mkdir(card, { recursive: true });
    const photo = withMpfPreview(await texturedJpeg(3000, 2000), await solidJpeg(1500, 1000));
    await writeFile(path.join(card, 'DSC00001.JPG'), photo);

    const import_ = async (name: string, thumbnailsFirstAbove: number) => {
      const library = path.join(base, name);
      core = await openCore({ libraryRoot: library, imagingThreads: 2 });
      const firstThumb = path.join(base, `${name}-first-thumb.webp`);
      const summary = await core.importFiles([{ path: path.join(base, 'card') }], {
        thumbnailsFirstAbove,
        // The thumbnail as the grid first shows it, copied when the photo is reported.
        onProgress: (event) => {
          if (event.type !== 'file' || event.outcome.status !== 'imported') return;
          const dir = path.join(library, 'derivatives');
          const names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
          copyFileSync(
            path.join(
              dir,
              names.find((entry) => entry.endsWith('-thumb.webp'))!,
            ),
            firstThumb,
          );
        },
      });
      await core.close();
      core = null;
      expect(summary.totals.imported).toBe(1);
      return { photo: summary.imported[0]!, firstThumb };
    };
    const twoPhase = await import_('two-phase', 0);
    const onePhase = await import_('one-phase', Infinity);

    for (const [channel, value] of (await meanColour(twoPhase.firstThumb)).entries())
      expect(Math.abs(value - PREVIEW_COLOUR[channel]!)).toBeLessThanOrEqual(3);
    const final = twoPhase.photo.derivatives.thumb;
    expect((await stat(final.path)).size).toBe(final.bytes);
    const [made, today] = await Promise.all([
      pixelsOf(final.path),
      pixelsOf(onePhase.photo.derivatives.thumb.path),
    ]);
    expect(made.info).toEqual(today.info);
    expect(made.data.equals(today.data)).toBe(true);
  });
});
