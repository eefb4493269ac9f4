/**
 * The benchmark's baseline: derivatives made the way the replaced app made them, one full
 * pipeline per size from the file, one after another, in the calling thread. Not used by the
 * app; the imaging pool replaces it.
 */
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  WEBP_EFFORT,
} from '../../../common/derivative-sizes';
import type { DerivativeFile } from './imaging-protocol';
import { derivativePath } from './imaging-protocol';

/** Writes `<outputDir>/<baseName>-<size>.webp` for every size, decoding the file once per size. */
export async function naiveDerivatives(
  sourcePath: string,
  outputDir: string,
  baseName: string,
): Promise<DerivativeFile[]> {
  await mkdir(outputDir, { recursive: true });
  const files: DerivativeFile[] = [];
  for (const size of DERIVATIVE_SIZE_NAMES) {
    const { longEdge, quality } = DERIVATIVE_SIZES[size];
    const path = derivativePath(outputDir, baseName, size);
    const info = await sharp(sourcePath, { autoOrient: true })
      .resize(longEdge, longEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality, effort: WEBP_EFFORT })
      .toFile(path);
    files.push({ size, path, width: info.width, height: info.height, bytes: info.size });
  }
  return files;
}
