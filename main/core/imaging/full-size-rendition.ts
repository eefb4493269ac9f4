/**
 * The full-size rendition of a photo a browser cannot show (HEIC, TIFF), for the viewer's 1:1:
 * every pixel of the original, turned upright by the file's own orientation (EXIF, or HEIF's
 * `irot`/`imir`) but not by the library's rotation (the viewer turns it, as it turns a JPEG
 * original), as 8-bit sRGB in a JPEG (quality 92, no chroma subsampling: a 24 MP one encodes in
 * a fraction of the time a WebP takes). The decode is decode-large.ts's, without the resize.
 * Runs inside an imaging worker.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { decodeFullSizeRaw } from './decode-large';
import type { Checkpoint } from './derivative-pipeline';
import { decodeHeic } from './heic-decoder';
import type { FullSizeRequest, FullSizeResult } from './imaging-protocol';
import { ImagingError, tempPathFor } from './imaging-protocol';
import { messageOf } from './imaging-messages';
import type { RawImage } from './raw-image';
import { rawTiff } from './raw-tiff';
import { MAX_INPUT_PIXELS, readHeader, type Header } from './source-header';

/** JPEG quality of a rendition: indistinguishable from the original at 1:1. */
export const FULL_SIZE_JPEG_QUALITY = 92;

// A JPEG has no alpha: transparent pixels are shown over white, as most viewers show them.
const FLATTEN_ONTO = { r: 255, g: 255, b: 255 };

/** Writes the full-size JPEG of one photo to `request.outputPath`. */
export async function makeFullSizeInThisThread(
  request: FullSizeRequest,
  tempSuffix: string,
  checkpoint: Checkpoint,
): Promise<FullSizeResult> {
  const header = await readHeader(request.sourcePath);
  checkpoint();
  const upright =
    header.format === 'heic'
      ? await decodeHeicFullSize(request.sourcePath, header)
      : await decodeFullSizeRaw(request.sourcePath, header);
  checkpoint();
  if (upright.width !== header.width || upright.height !== header.height) {
    throw new ImagingError(
      'CORRUPT',
      `the header says ${header.width}x${header.height} but the image is ${upright.width}x${upright.height}`,
    );
  }

  const outputDir = path.dirname(request.outputPath);
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (error) {
    throw new ImagingError('IO', `cannot create ${outputDir}: ${messageOf(error)}`);
  }
  const tempPath = tempPathFor(request.outputPath, tempSuffix);
  let info: OutputInfo;
  try {
    info = await encodeJpeg(upright, tempPath);
    checkpoint();
    await rename(tempPath, request.outputPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    if (error instanceof ImagingError) throw error;
    throw new ImagingError('IO', `cannot write ${request.outputPath}: ${messageOf(error)}`);
  }
  return {
    format: header.format,
    width: info.width,
    height: info.height,
    path: request.outputPath,
    bytes: info.size,
  };
}

/** Raw 8-bit sRGB pixels to a baseline JPEG (alpha flattened; no metadata, so sRGB is assumed). */
function encodeJpeg(pixels: RawImage, outputPath: string): Promise<OutputInfo> {
  const { data, ...raw } = pixels;
  let image = sharp(data, { raw, limitInputPixels: MAX_INPUT_PIXELS });
  if (raw.channels === 4 || raw.channels === 2) image = image.flatten({ background: FLATTEN_ONTO });
  return image
    .jpeg({ quality: FULL_SIZE_JPEG_QUALITY, chromaSubsampling: '4:4:4' })
    .toFile(outputPath);
}

/**
 * A HEIC at full size: libheif turns it upright as it decodes; its ICC profile (Display P3 on
 * iPhones) is converted to sRGB, and without one its pixels are taken as sRGB.
 */
async function decodeHeicFullSize(sourcePath: string, header: Header): Promise<RawImage> {
  const decoded = await decodeHeic(sourcePath);
  const rgba = { width: decoded.width, height: decoded.height, channels: 4 as const };
  try {
    let image = header.icc
      ? sharp(rawTiff(decoded.data, rgba, header.icc), { limitInputPixels: MAX_INPUT_PIXELS })
      : sharp(decoded.data, { raw: rgba, limitInputPixels: MAX_INPUT_PIXELS });
    // libheif always gives RGBA; an opaque photo's alpha is all 255 and is dropped.
    if (!header.hasAlpha) image = image.removeAlpha();
    const { data, info } = await image
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw new ImagingError('CORRUPT', `cannot convert the HEIC's colours: ${messageOf(error)}`);
  }
}
