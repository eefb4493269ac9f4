/**
 * The WebP encodes of a photo from its large raw pixels (or its thumbnail's alone), with the fixed settings (WebP
 * effort 4, quality 90/85, no metadata). Each size is resized from the smallest pixels that
 * are at least its size: the medium from the large, the thumbnail from the medium's pixels
 * (a 1280-pixel image, not the 2048 one: about half the resize work, the same picture).
 */
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  WEBP_EFFORT,
  fitLongEdge,
  type DerivativeSize,
} from '../../../common/derivative-sizes';
import type { RawImage } from './raw-image';

/** What one encode wrote. */
export interface Encoded {
  size: DerivativeSize;
  width: number;
  height: number;
  bytes: number;
}

/**
 * Encodes each of `sizes` (all three by default) from `pixels`, the decode at the largest of
 * them, to `outputPathOf(size)`, calling `checkpoint` after each; `width` x `height` is the
 * photo's upright size, which the sizes fit. Answers them smallest first.
 */
export async function encodeDerivatives(
  decoded: RawImage,
  photo: { width: number; height: number },
  outputPathOf: (size: DerivativeSize) => string,
  checkpoint: () => void,
  sizes: readonly DerivativeSize[] = DERIVATIVE_SIZE_NAMES,
): Promise<Encoded[]> {
  const written = new Map<DerivativeSize, Encoded>();
  const wanted = DERIVATIVE_SIZE_NAMES.filter((size) => sizes.includes(size));
  // Largest first: each size's pixels are the source of the next.
  let pixels = decoded;
  for (const size of [...wanted].reverse()) {
    const { longEdge, quality } = DERIVATIVE_SIZES[size];
    const target = fitLongEdge(photo.width, photo.height, longEdge);
    pixels = await resizeRaw(pixels, target);
    const info = await encodeWebp(pixels, quality, outputPathOf(size));
    written.set(size, { size, width: info.width, height: info.height, bytes: info.size });
    checkpoint();
  }
  return wanted.map((size) => written.get(size)!);
}

/** The pixels resized to `target` (lanczos3, sharp's default), or as they are if they fit. */
async function resizeRaw(
  pixels: RawImage,
  target: { width: number; height: number },
): Promise<RawImage> {
  if (target.width === pixels.width && target.height === pixels.height) return pixels;
  const { data, ...raw } = pixels;
  const resized = await sharp(data, { raw })
    .resize(target.width, target.height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: resized.data, width: target.width, height: target.height, channels: raw.channels };
}

/** Encodes raw pixels as they are to one WebP file (no metadata is written). */
function encodeWebp(pixels: RawImage, quality: number, outputPath: string): Promise<OutputInfo> {
  const { data, ...raw } = pixels;
  return sharp(data, { raw }).webp({ quality, effort: WEBP_EFFORT }).toFile(outputPath);
}
