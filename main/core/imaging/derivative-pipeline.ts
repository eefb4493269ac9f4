/**
 * The sharp pipeline behind every derivative: read the header (source-header.ts: a JPEG's own
 * markers, libvips for the rest), decode once straight to the large size (or, for a thumbnail
 * alone, to its size, or from a camera JPEG's embedded preview: preview-thumbnail.ts) as raw
 * sRGB pixels (decode-large.ts), turn them by the user's rotation (turn-raw.ts), encode the
 * three WebP sizes (encode-plan.ts) and rename them into place. Runs inside an imaging worker.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { swapsSides } from '../../../common/description';
import type { DerivativeFile, DerivativesRequest, DerivativesResult } from './imaging-protocol';
import { ImagingError, derivativePath, requestedSizes, tempPathFor } from './imaging-protocol';
import { decodeHeicToSizeRaw, decodeToSizeRaw } from './decode-large';
import { encodeDerivatives } from './encode-plan';
import { messageOf } from './imaging-messages';
import { decodeThumbFromPreview } from './preview-thumbnail';
import { readHeader } from './source-header';
import { turnRaw } from './turn-raw';

export { MAX_INPUT_PIXELS } from './source-header';

/** Is the task still wanted? Throws a CANCELLED ImagingError when it is not. */
export type Checkpoint = () => void;

/**
 * Makes the derivatives of one photo (the sizes the request asks for, all three by default).
 * `checkpoint` is called between the slow steps.
 */
export async function makeDerivativesInThisThread(
  request: DerivativesRequest,
  tempSuffix: string,
  checkpoint: Checkpoint,
): Promise<DerivativesResult> {
  const source = await readHeader(request.sourcePath);
  const { format, orientation } = source;
  const rotation = request.rotation ?? 0;
  const [width, height] = swapsSides(rotation)
    ? [source.height, source.width]
    : [source.width, source.height];
  checkpoint();

  const sizes = requestedSizes(request);
  // Decoded once, at the largest size asked for: the large (the medium and thumbnail are
  // resized from its pixels), or the thumbnail alone, decoded straight to its size.
  const decodedSize = sizes.at(-1)!;
  // A thumbnail alone (thumbnails first) comes from a camera JPEG's embedded preview where it
  // has one that is the same picture (preview-thumbnail.ts), else from the photo's own data.
  const fromPreview =
    decodedSize === 'thumb' ? await decodeThumbFromPreview(request.sourcePath, source) : null;
  const upright =
    fromPreview ??
    (format === 'heic'
      ? await decodeHeicToSizeRaw(request.sourcePath, source, decodedSize, checkpoint)
      : await decodeToSizeRaw(request.sourcePath, source, decodedSize));
  // Turned after the decode, at the decoded size: the decode keeps its shrink-on-load, and a
  // quarter turn of 2048 pixels costs a few milliseconds.
  const decoded = rotation === 0 ? upright : await turnRaw(upright, rotation);
  checkpoint();

  await mkdirForOutput(request.outputDir);
  const pathOf = (size: DerivativeFile['size']) =>
    derivativePath(request.outputDir, request.baseName, size);
  const tempPaths = new Map<DerivativeFile['size'], string>();
  const tempPathOf = (size: DerivativeFile['size']) => {
    const tempPath = tempPathFor(pathOf(size), tempSuffix);
    tempPaths.set(size, tempPath);
    return tempPath;
  };
  let derivatives: DerivativeFile[];
  try {
    const written = await encodeDerivatives(
      decoded,
      { width, height },
      tempPathOf,
      checkpoint,
      sizes,
    );
    derivatives = written.map((file) => ({ ...file, path: pathOf(file.size) }));
    for (const { size, path } of derivatives) await rename(tempPaths.get(size)!, path);
  } catch (error) {
    await Promise.all([...tempPaths.values()].map((tempPath) => rm(tempPath, { force: true })));
    if (error instanceof ImagingError) throw error;
    throw new ImagingError(
      'IO',
      `cannot write derivatives into ${request.outputDir}: ${messageOf(error)}`,
    );
  }

  return { format, width, height, orientation, derivatives };
}

async function mkdirForOutput(outputDir: string): Promise<void> {
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (error) {
    throw new ImagingError('IO', `cannot create ${outputDir}: ${messageOf(error)}`);
  }
}
