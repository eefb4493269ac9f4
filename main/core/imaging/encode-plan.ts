/**
 * The three WebP encodes of a photo from its large raw pixels: each size resized from the
 * large pixels, encoded with the fixed settings (WebP effort 4, quality 90/85, no metadata).
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
 * Encodes every size from `large` to `outputPathOf(size)`, smallest first, calling
 * `checkpoint` after each; `width` x `height` is the photo's upright size, which the sizes fit.
 */
export async function encodeDerivatives(
  large: RawImage,
  photo: { width: number; height: number },
  outputPathOf: (size: DerivativeSize) => string,
  checkpoint: () => void,
): Promise<Encoded[]> {
  const written: Encoded[] = [];
  for (const size of DERIVATIVE_SIZE_NAMES) {
    const { longEdge, quality } = DERIVATIVE_SIZES[size];
    const target = fitLongEdge(photo.width, photo.height, longEdge);
    const info = await encodeWebp(large, target, quality, outputPathOf(size));
    written.push({ size, width: info.width, height: info.height, bytes: info.size });
    checkpoint();
  }
  return written;
}

/** Encodes one WebP size from raw pixels (no metadata is written). */
function encodeWebp(
  pixels: RawImage,
  target: { width: number; height: number },
  quality: number,
  outputPath: string,
): Promise<OutputInfo> {
  const { data, ...raw } = pixels;
  let image = sharp(data, { raw });
  if (target.width !== pixels.width || target.height !== pixels.height) {
    image = image.resize(target.width, target.height, { fit: 'fill' });
  }
  return image.webp({ quality, effort: WEBP_EFFORT }).toFile(outputPath);
}
