/**
 * THE FLOOR, FROZEN: a copy of main/core/imaging/derivative-pipeline.ts as of commit 1ec2d80
 * (issue 15's baseline), so `npm run bench` keeps comparing against the same code while the
 * real pipeline changes. Do not edit it to follow the pipeline.
 *
 * The sharp pipeline behind every derivative: read the header, decode once (shrink-on-load)
 * straight to the large size as raw sRGB pixels, then encode all three WebP sizes from that
 * buffer and rename them into place. HEIC is the one format sharp cannot decode here: libheif
 * in WebAssembly decodes it, and sharp takes over from its pixels. Runs inside an imaging worker.
 */
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Channels, Metadata, OutputInfo, Sharp, SharpOptions } from 'sharp';
import type { ImageFormat } from '../../common/contract';
import { swapsSides, type Rotation } from '../../common/description';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  WEBP_EFFORT,
  fitLongEdge,
} from '../../common/derivative-sizes';
import type {
  DerivativeFile,
  DerivativesRequest,
  DerivativesResult,
} from '../../main/core/imaging/imaging-protocol';
import { decodeHeic } from '../../main/core/imaging/heic-decoder';
import {
  ImagingError,
  derivativePath,
  tempPathFor,
} from '../../main/core/imaging/imaging-protocol';
import { linearToSrgb8 } from '../../main/core/imaging/linear-light';
import { rawTiff } from '../../main/core/imaging/raw-tiff';
import { errorMessage } from '../../common/errors';

// The largest real photos are ~150 MP (medium-format backs) and stitched panoramas a bit more;
// 250 MP leaves room for those while a decompression bomb (a tiny file claiming billions of
// pixels) fails before any decoding. 250 MP of 8-bit RGBA is 1 GB of pixels if fully decoded.
/** The most pixels (width x height, from the header) a photo may have. */
export const MAX_INPUT_PIXELS = 250_000_000;

const SUPPORTED_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF';

/** Options of every decode of a source photo. */
const SOURCE_OPTIONS: SharpOptions = {
  limitInputPixels: MAX_INPUT_PIXELS,
  // A truncated file (an interrupted copy from a card) fails instead of coming out with a
  // grey lower half; lesser libjpeg warnings ("extraneous bytes before marker"), which many
  // cameras and phones produce on good photos, are still accepted. A JPEG whose data ends
  // early at an end marker only gets such a warning: checkJpegHasData catches the worst ones.
  failOn: 'truncated',
  // Animated GIF/WebP and multi-page TIFF: the first frame only.
  pages: 1,
};

/** Is the task still wanted? Throws a CANCELLED ImagingError when it is not. */
export type Checkpoint = () => void;

/** Makes the three derivatives of one photo. `checkpoint` is called between the slow steps. */
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

  const upright =
    format === 'heic'
      ? await decodeHeicToLargeRaw(request.sourcePath, source, checkpoint)
      : await decodeToLargeRaw(request.sourcePath, source);
  // Turned after the decode, at the large size: the decode keeps its shrink-on-load, and a
  // quarter turn of 2048 pixels costs a few milliseconds.
  const large = rotation === 0 ? upright : await turnRaw(upright, rotation);
  checkpoint();

  await mkdirForOutput(request.outputDir);
  const tempPaths: string[] = [];
  const derivatives: DerivativeFile[] = [];
  try {
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const { longEdge, quality } = DERIVATIVE_SIZES[size];
      const path = derivativePath(request.outputDir, request.baseName, size);
      const tempPath = tempPathFor(path, tempSuffix);
      tempPaths.push(tempPath);
      const info = await encodeWebp(large, fitLongEdge(width, height, longEdge), quality, tempPath);
      derivatives.push({ size, path, width: info.width, height: info.height, bytes: info.size });
      checkpoint();
    }
    for (const [index, { path }] of derivatives.entries()) await rename(tempPaths[index], path);
  } catch (error) {
    await Promise.all(tempPaths.map((tempPath) => rm(tempPath, { force: true })));
    if (error instanceof ImagingError) throw error;
    throw new ImagingError(
      'IO',
      `cannot write derivatives into ${request.outputDir}: ${messageOf(error)}`,
    );
  }

  return { format, width, height, orientation, derivatives };
}

/**
 * What the header says: the format, the size and orientation a viewer shows, the samples'
 * colour space and format (which decode they need), and what the HEIC path needs to know
 * before it decodes (sharp's own decoders read alpha and profile themselves).
 */
interface Header
  extends
    Pick<DerivativesResult, 'format' | 'width' | 'height' | 'orientation'>,
    Pick<Metadata, 'space' | 'depth'> {
  hasAlpha: boolean;
  /** The embedded ICC profile, if any. */
  icc: Buffer | undefined;
}

/** Reads the header only (no pixels): format, size, orientation; refuses what we cannot make. */
async function readHeader(sourcePath: string): Promise<Header> {
  let bytes: number;
  try {
    await access(sourcePath, constants.R_OK);
    bytes = (await stat(sourcePath)).size;
  } catch (error) {
    throw new ImagingError('IO', `cannot read ${sourcePath}: ${messageOf(error)}`);
  }
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
  const pixels = metadata.width * metadata.height;
  if (pixels > MAX_INPUT_PIXELS) {
    throw new ImagingError(
      'TOO_MANY_PIXELS',
      `image is ${(pixels / 1e6).toFixed(1)} megapixels; the limit is ${MAX_INPUT_PIXELS / 1e6}`,
    );
  }
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
 * (0 black, 1 white; `scrgb` for RGB, `b-w` for grey), and decodeToLargeRaw converts them.
 */
function isLinearFloat(header: Pick<Metadata, 'space' | 'depth'>): boolean {
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

/** Raw pixels turned `rotation` degrees clockwise. */
async function turnRaw(image: RawImage, rotation: Rotation): Promise<RawImage> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .rotate(rotation)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: image.channels };
}

/** 8-bit sRGB pixels of the photo at the large size, alpha kept when the source has it. */
interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: Channels;
}

/**
 * The only decode of the source. Resizing in the same pipeline lets libjpeg and libwebp
 * shrink while decoding; `autoOrient` turns the pixels upright; with no profile kept, sharp
 * converts an embedded ICC profile (or CMYK, with its built-in profile) to sRGB, except for
 * floating-point samples, which come out as floats and are converted here (linear-light.ts).
 */
async function decodeToLargeRaw(sourcePath: string, header: Header): Promise<RawImage> {
  const target = fitLongEdge(header.width, header.height, DERIVATIVE_SIZES.large.longEdge);
  const linearFloat = isLinearFloat(header);
  // sharp would convert an ICC profile through lcms, which libvips feeds the floats cast to 8
  // bits (0-1 becomes 0: black). Floating-point photos hold linear light, as in Photoshop's
  // 32-bit mode and libvips' scRGB, so their profile is ignored, primaries and all: a wide-gamut
  // one's colours come out a little less saturated.
  let image = sharp(sourcePath, {
    ...SOURCE_OPTIONS,
    autoOrient: true,
    ignoreIcc: linearFloat,
  }).resize(target.width, target.height, { fit: 'fill' });

  if (linearFloat) {
    // The floats as libvips read them, resized in linear light: scRGB stays as it is, and
    // grey becomes "sRGB" by copying its band (raw grey output would drop the alpha).
    const { data, info } = await decodeSource(
      image.toColourspace(header.space === 'scrgb' ? 'scrgb' : 'srgb').raw({ depth: 'float' }),
    );
    const samples = new Float32Array(
      data.buffer,
      data.byteOffset,
      data.length / Float32Array.BYTES_PER_ELEMENT,
    );
    // RGB, or grey copied to RGB, and alpha if there is one.
    const channels = info.channels === 4 ? 4 : 3;
    const srgb = linearToSrgb8(samples, channels);
    return { data: srgb, width: info.width, height: info.height, channels };
  }

  // sharp converts a 16-bit RGB photo's profile to Display P3 rather than sRGB, and its cast to
  // 8-bit sRGB keeps the P3 numbers: washed-out colours. An sRGB output profile converts from
  // the profile sharp converted to, whichever that is.
  if (header.space === 'rgb16' && header.icc) image = image.withIccProfile('srgb');
  const { data, info } = await decodeSource(image.toColourspace('srgb').raw({ depth: 'uchar' }));
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Runs the decode of the source, failing with an ImagingError that says why. */
async function decodeSource(image: Sharp): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await image.toBuffer({ resolveWithObject: true });
  } catch (error) {
    const message = messageOf(error);
    if (message.includes('pixel limit')) {
      throw new ImagingError(
        'TOO_MANY_PIXELS',
        `image has more pixels than the limit of ${MAX_INPUT_PIXELS / 1e6} megapixels`,
      );
    }
    throw new ImagingError('CORRUPT', `the image is damaged or incomplete: ${message}`);
  }
}

/**
 * The HEIC decode: libheif turns the pixels upright (`irot`/`imir`) as it decodes, so no EXIF
 * orientation is applied; sharp shrinks them to the large size, then converts them from their
 * ICC profile (Display P3 on iPhones) to sRGB. Without a profile they are taken as sRGB.
 */
async function decodeHeicToLargeRaw(
  sourcePath: string,
  header: Header,
  checkpoint: Checkpoint,
): Promise<RawImage> {
  const large = await shrinkHeic(sourcePath, header, checkpoint);
  if (!header.icc) return large;
  try {
    const { data, ...image } = large;
    const { data: srgb, info } = await sharp(rawTiff(data, image, header.icc))
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data: srgb, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw new ImagingError('CORRUPT', `cannot convert the HEIC's colours: ${messageOf(error)}`);
  }
}

/**
 * The HEIC's pixels at the large size, still in its own colour space. The full-size RGBA frame
 * (48 MB for 12 MP) is referenced only in here, so it can be collected as soon as it is shrunk.
 */
async function shrinkHeic(
  sourcePath: string,
  header: Header,
  checkpoint: Checkpoint,
): Promise<RawImage & { channels: 3 | 4 }> {
  const decoded = await decodeHeic(sourcePath);
  checkpoint();
  if (decoded.width !== header.width || decoded.height !== header.height) {
    throw new ImagingError(
      'CORRUPT',
      `the HEIC header says ${header.width}x${header.height} but its image is ${decoded.width}x${decoded.height}`,
    );
  }
  const target = fitLongEdge(decoded.width, decoded.height, DERIVATIVE_SIZES.large.longEdge);
  const channels = header.hasAlpha ? 4 : 3;
  try {
    let image = sharp(decoded.data, {
      raw: { width: decoded.width, height: decoded.height, channels: 4 },
    });
    // libheif always gives RGBA; an opaque photo's alpha is all 255 and is dropped.
    if (!header.hasAlpha) image = image.removeAlpha();
    const { data, info } = await image
      .resize(target.width, target.height, { fit: 'fill' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels };
  } catch (error) {
    throw new ImagingError('CORRUPT', `cannot resize the HEIC image: ${messageOf(error)}`);
  }
}

/** Encodes one WebP size from the large raw pixels (no metadata is written). */
function encodeWebp(
  large: RawImage,
  target: { width: number; height: number },
  quality: number,
  outputPath: string,
): Promise<OutputInfo> {
  const { data, ...raw } = large;
  let image = sharp(data, { raw });
  if (target.width !== large.width || target.height !== large.height) {
    image = image.resize(target.width, target.height, { fit: 'fill' });
  }
  return image.webp({ quality, effort: WEBP_EFFORT }).toFile(outputPath);
}

async function mkdirForOutput(outputDir: string): Promise<void> {
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (error) {
    throw new ImagingError('IO', `cannot create ${outputDir}: ${messageOf(error)}`);
  }
}

/**
 * Why a header could not be read. For HEIF, the line libheif wrote ("Unexpected end of file:
 * …"), without its error code: libvips' own first line only says where it stopped reading.
 */
function headerErrorOf(error: unknown): string {
  const message = errorMessage(error);
  const libheif = /^heif: (.*?)(?: \(\d+\.\d+\))?$/m.exec(message);
  return libheif ? libheif[1] : messageOf(error);
}

/** The first line of an error's message: libvips appends every warning it met on more lines. */
function messageOf(error: unknown): string {
  const message = errorMessage(error);
  // libvips ends some messages with a colon and nothing after it ("corrupt header:").
  return message.split('\n', 1)[0]!.replace(/[:\s]+$/, '');
}
