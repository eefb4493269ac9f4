/**
 * The source's header: format, size and orientation, and what refuses a photo before any pixel
 * is decoded (too many pixels, a truncated JPEG, sample formats sharp would spoil). A JPEG's
 * comes from its own markers (jpeg-header.ts); other formats' from libvips (`metadata()`).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata, SharpOptions } from 'sharp';
import type { ImageFormat } from '../../../common/contract';
import type { DerivativesResult } from './imaging-protocol';
import { ImagingError } from './imaging-protocol';
import { headerErrorOf, messageOf } from './imaging-messages';
import { readJpegHeader } from './jpeg-header';

// The largest real photos are ~150 MP (medium-format backs) and stitched panoramas a bit more;
// 250 MP leaves room for those while a decompression bomb (a tiny file claiming billions of
// pixels) fails before any decoding. 250 MP of 8-bit RGBA is 1 GB of pixels if fully decoded.
/** The most pixels (width x height, from the header) a photo may have. */
export const MAX_INPUT_PIXELS = 250_000_000;

const SUPPORTED_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF';

/** Options of every decode of a source photo. */
export const SOURCE_OPTIONS: SharpOptions = {
  limitInputPixels: MAX_INPUT_PIXELS,
  // A truncated file (an interrupted copy from a card) fails instead of coming out with a
  // grey lower half; lesser libjpeg warnings ("extraneous bytes before marker"), which many
  // cameras and phones produce on good photos, are still accepted. A JPEG whose data ends
  // early at an end marker only gets such a warning: checkJpegHasData catches the worst ones.
  failOn: 'truncated',
  // Animated GIF/WebP and multi-page TIFF: the first frame only.
  pages: 1,
};

/**
 * What the header says: the format, the size and orientation a viewer shows, the samples'
 * colour space and format (which decode they need), and what the HEIC path needs to know
 * before it decodes (sharp's own decoders read alpha and profile themselves).
 */
export interface Header
  extends
    Pick<DerivativesResult, 'format' | 'width' | 'height' | 'orientation'>,
    Pick<Metadata, 'space' | 'depth'> {
  hasAlpha: boolean;
  /** The embedded ICC profile, if any. */
  icc: Buffer | undefined;
  /**
   * A JPEG whose profile chunks the marker reader could not be sure of: only libvips' own
   * conversion in the decode reads them as it always has.
   */
  iccUnsure?: boolean;
}

/** Reads the header only (no pixels): format, size, orientation; refuses what we cannot make. */
export async function readHeader(sourcePath: string): Promise<Header> {
  let bytes: number;
  try {
    await access(sourcePath, constants.R_OK);
    bytes = (await stat(sourcePath)).size;
  } catch (error) {
    throw new ImagingError('IO', `cannot read ${sourcePath}: ${messageOf(error)}`);
  }
  const jpeg = await readJpegHeader(sourcePath).catch(() => null);
  if (jpeg && jpeg.precision === 8 && jpeg.width > 0 && jpeg.height > 0) {
    const space = JPEG_SPACES[jpeg.components];
    if (space) {
      checkPixels(jpeg.width * jpeg.height);
      checkJpegHasData(jpeg.width, jpeg.height, bytes);
      const swapped = jpeg.orientation >= 5;
      return {
        format: 'jpeg',
        width: swapped ? jpeg.height : jpeg.width,
        height: swapped ? jpeg.width : jpeg.height,
        orientation: jpeg.orientation,
        space,
        depth: 'uchar',
        hasAlpha: false,
        icc: jpeg.icc instanceof Buffer ? jpeg.icc : undefined,
        ...(jpeg.icc === 'unsure' && { iccUnsure: true }),
      };
    }
  }
  // Not a JPEG, or one the marker reader is unsure of (12-bit, odd components): libvips reads
  // it, and says what is wrong with it.
  let metadata: Metadata;
  try {
    // No pixel limit here: reading the header decodes nothing, and the check below can then
    // say how many megapixels the image has.
    metadata = await sharp(sourcePath, { ...SOURCE_OPTIONS, limitInputPixels: false }).metadata();
  } catch (error) {
    if (messageOf(error).includes('unsupported image format')) {
      throw new ImagingError(
        'UNSUPPORTED_FORMAT',
        `not an image Shoebox can read (it reads ${SUPPORTED_FORMATS_TEXT})`,
      );
    }
    // libvips reads TIFF samples of up to 32 bits. The same check refuses a count of samples
    // per pixel of 0 or over 10,000, which only a damaged file has.
    if (messageOf(error).includes('tiff2vips: samples out of range')) {
      throw new ImagingError(
        'UNSUPPORTED_FORMAT',
        'TIFFs of more than 32 bits per sample (such as 64-bit floating point) are not supported',
      );
    }
    throw new ImagingError('CORRUPT', `the image is damaged: ${headerErrorOf(error)}`);
  }
  const format = imageFormatOf(metadata);
  checkPixels(metadata.width * metadata.height);
  if (format === 'jpeg') checkJpegHasData(metadata.width, metadata.height, bytes);
  checkSampleFormat(metadata);
  // For HEIF, libvips reports the size after the file's rotation and mirror boxes, and no
  // orientation: the EXIF orientation an iPhone also writes repeats those boxes, and libheif
  // (libvips' or ours) has already applied them.
  return {
    format,
    ...metadata.autoOrient,
    orientation: metadata.orientation ?? 1,
    space: metadata.space,
    depth: metadata.depth,
    hasAlpha: metadata.hasAlpha,
    icc: metadata.icc,
  };
}

/** libvips' interpretation of a JPEG by its number of components. */
const JPEG_SPACES: Partial<Record<number, Metadata['space']>> = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' };

/** The pixel-limit guard, before any decoding: a decompression bomb fails here. */
function checkPixels(pixels: number): void {
  if (pixels > MAX_INPUT_PIXELS) {
    throw new ImagingError(
      'TOO_MANY_PIXELS',
      `image is ${(pixels / 1e6).toFixed(1)} megapixels; the limit is ${MAX_INPUT_PIXELS / 1e6}`,
    );
  }
}

/**
 * Refuses a JPEG with far fewer bytes than the pixels its header claims need. When the data
 * ends early at an end marker, as in a file cut short and closed, or a damaged header claiming
 * a bigger image, libjpeg fills the rest with grey and only warns, at the level ("warning")
 * that also flags harmless quirks of good photos.
 */
function checkJpegHasData(width: number, height: number, bytes: number): void {
  // Huffman coding, which cameras, phones and nearly all software write, spends at least one
  // bit on each 8x8 block of the full-resolution component (its DC coefficient), so no whole
  // file is smaller: the flattest image mozjpeg makes takes 1.5 times this, photos 50 times or
  // more. Only arithmetic coding, which libjpeg reads but browsers do not, could go below it.
  const leastBytes = (Math.ceil(width / 8) * Math.ceil(height / 8)) / 8;
  if (bytes < leastBytes) {
    throw new ImagingError(
      'CORRUPT',
      `the file is truncated: ${bytes} bytes cannot hold the ${width}x${height} pixels its header promises`,
    );
  }
}

/**
 * Is this floating-point RGB or grey? libvips reads those as they are stored, linear light
 * (0 black, 1 white; `scrgb` for RGB, `b-w` for grey), and decode-large.ts converts them.
 */
export function isLinearFloat(header: Pick<Metadata, 'space' | 'depth'>): boolean {
  return header.depth === 'float' && (header.space === 'scrgb' || header.space === 'b-w');
}

/**
 * Refuses the sample formats sharp would turn into black or garbage pixels: 32-bit integers,
 * which it casts to 8 bits unscaled, and floating point in colour spaces other than RGB, grey
 * (isLinearFloat) and CIELAB (which libvips converts itself): floating-point CMYK, and 16-bit
 * floating-point grey, which libvips mistakes for 16-bit integers.
 */
function checkSampleFormat(metadata: Metadata): void {
  if (metadata.depth === 'int' || metadata.depth === 'uint') {
    throw new ImagingError(
      'UNSUPPORTED_FORMAT',
      '32-bit integer samples are not supported (Shoebox reads 8- and 16-bit integer and floating-point ones)',
    );
  }
  if (metadata.depth === 'float' && !isLinearFloat(metadata) && metadata.space !== 'lab') {
    // `grey16` is libvips' name for 16-bit integer grey, which it takes 16-bit floats for.
    const what =
      metadata.space === 'grey16'
        ? '16-bit floating-point greyscale'
        : `floating-point ${metadata.space.toUpperCase()}`;
    throw new ImagingError(
      'UNSUPPORTED_FORMAT',
      `${what} images are not supported (Shoebox reads floating-point RGB, 32-bit greyscale and CIELAB)`,
    );
  }
}

/** Our name for a decoded format, or an UNSUPPORTED_FORMAT error that says what it is. */
function imageFormatOf(metadata: Metadata): ImageFormat {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'tiff':
    case 'gif':
      return metadata.format;
    case 'heif': {
      // libheif reads both AVIF (AV1) and HEIC (HEVC); this sharp build decodes only AV1, and
      // decodeHeic the HEVC ones. libheif knows rarer codecs too (JPEG, VVC, uncompressed).
      const compression: string | undefined = metadata.compression;
      if (compression === 'av1') return 'avif';
      if (compression === 'hevc') return 'heic';
      throw new ImagingError(
        'UNSUPPORTED_FORMAT',
        `HEIF images coded with ${compression ?? 'an unknown codec'} are not supported (Shoebox reads HEVC and AV1 ones)`,
      );
    }
    default:
      throw new ImagingError(
        'UNSUPPORTED_FORMAT',
        `${metadata.format.toUpperCase()} images are not supported (Shoebox reads ${SUPPORTED_FORMATS_TEXT})`,
      );
  }
}
