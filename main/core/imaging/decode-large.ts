/**
 * The one decode of a source photo, straight to a derivative size as raw 8-bit sRGB pixels:
 * libvips for everything sharp reads (with its shrink-on-load), libheif in WebAssembly
 * for HEIC, whose pixels sharp then shrinks and converts.
 */
import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import {
  DERIVATIVE_SIZES,
  fitLongEdge,
  type DerivativeSize,
} from '../../../common/derivative-sizes';
import type { Checkpoint } from './derivative-pipeline';
import { decodeHeic } from './heic-decoder';
import { ImagingError } from './imaging-protocol';
import { messageOf } from './imaging-messages';
import { linearToSrgb8 } from './linear-light';
import type { RawImage } from './raw-image';
import { rawTiff } from './raw-tiff';
import { MAX_INPUT_PIXELS, SOURCE_OPTIONS, isLinearFloat, type Header } from './source-header';

/**
 * The only decode of the source, straight to one derivative size (the large, or the thumbnail
 * alone when that is all a request asks for). Resizing in the same pipeline lets libwebp, and libjpeg when
 * sharp allows it (a shrink of 3x or more: a camera photo going to 2048 pixels is decoded in
 * full and resized by lanczos3, bench/notes/jpeg-decode.md), shrink while decoding;
 * `autoOrient` turns the pixels upright; with no profile kept, sharp
 * converts an embedded ICC profile (or CMYK, with its built-in profile) to sRGB, except for
 * floating-point samples, which come out as floats and are converted here (linear-light.ts).
 */
export async function decodeToSizeRaw(
  sourcePath: string,
  header: Header,
  size: DerivativeSize,
): Promise<RawImage> {
  const target = fitLongEdge(header.width, header.height, DERIVATIVE_SIZES[size].longEdge);
  // Straight to the thumbnail (thumbnails first): for a large JPEG,
  // `fastShrinkOnLoad: false` makes sharp pick libjpeg's 1/4 DCT scale rather than 1/8 (a 24 MP
  // photo decodes at 1500x1000, then lanczos3 to 400): measured on the Sony A6000 fixture, a
  // photo-like 24 MP and the Meizu 13 MP, the 1/8 decode's thumbnail is 0.10-0.42 dB below
  // today's (made from the medium's pixels) against a full decode + lanczos3, the 1/4 decode's
  // -0.11 to +0.07 dB, for 10-15 ms more (80 → 90 ms CPU: libjpeg's entropy decoding of the
  // whole file, ~60 ms, is paid at any scale). The large keeps sharp's default: its output
  // stays the same to the byte.
  return decodeRaw(sourcePath, header, target, size !== 'large');
}

/**
 * The same decode at full size, for the viewer's 1:1 rendition (full-size-rendition.ts): upright,
 * in sRGB, every pixel.
 */
export function decodeFullSizeRaw(sourcePath: string, header: Header): Promise<RawImage> {
  return decodeRaw(sourcePath, header, null);
}

/** The libvips decode, resized to `target` in the same pipeline (null: kept at full size). */
async function decodeRaw(
  sourcePath: string,
  header: Header,
  target: { width: number; height: number } | null,
  exactShrinkOnLoad = false,
): Promise<RawImage> {
  const linearFloat = isLinearFloat(header);
  const profileAfterResize = target !== null && convertsProfileAfterResize(header, target);
  // sharp would convert an ICC profile through lcms, which libvips feeds the floats cast to 8
  // bits (0-1 becomes 0: black). Floating-point photos hold linear light, as in Photoshop's
  // 32-bit mode and libvips' scRGB, so their profile is ignored, primaries and all: a wide-gamut
  // one's colours come out a little less saturated.
  let image = sharp(sourcePath, {
    ...SOURCE_OPTIONS,
    autoOrient: true,
    ignoreIcc: linearFloat || profileAfterResize,
  });
  if (target !== null) {
    image = image.resize(target.width, target.height, {
      fit: 'fill',
      ...(exactShrinkOnLoad && { fastShrinkOnLoad: false }),
    });
  }

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
  const decoded = { data, width: info.width, height: info.height, channels: info.channels };
  return profileAfterResize ? convertToSrgb(decoded, header.icc!, 'JPEG') : decoded;
}

/**
 * Is this a JPEG whose embedded profile is better applied to the large pixels than to the
 * decoded ones? sharp converts before it resizes, so lcms would turn every pixel of the source
 * (24 MP: 300-480 ms for some sRGB profiles, more than the decode) where 2048 pixels wide need
 * a fraction of that; for the sRGB profiles cameras and editors embed, the result is the same
 * to the bit (bench/notes/jpeg-decode.md). Only 8-bit RGB, whose profile the marker reader is
 * sure of, and only when the decode shrinks the photo (else the extra pass costs more).
 */
function convertsProfileAfterResize(
  header: Header,
  target: { width: number; height: number },
): boolean {
  return (
    header.format === 'jpeg' &&
    header.space === 'srgb' &&
    header.icc !== undefined &&
    !header.iccUnsure &&
    header.width * header.height > 1.5 * target.width * target.height
  );
}

/**
 * Pixels in the colour space of `icc` converted to sRGB, as sharp converts a decode's (lcms,
 * perceptual intent); an invalid profile leaves them as they are, with libvips' warning.
 */
export async function convertToSrgb(image: RawImage, icc: Buffer, what: string): Promise<RawImage> {
  try {
    const { data, width, height, channels } = image;
    if (channels !== 3 && channels !== 4) throw new RangeError(`${channels} channels, not RGB(A)`);
    const { data: srgb, info } = await sharp(rawTiff(data, { width, height, channels }, icc))
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data: srgb, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw new ImagingError('CORRUPT', `cannot convert the ${what}'s colours: ${messageOf(error)}`);
  }
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
 * The HEIC decode to one derivative size: libheif turns the pixels upright (`irot`/`imir`) as it decodes, so no EXIF
 * orientation is applied; sharp shrinks them to the large size, then converts them from their
 * ICC profile (Display P3 on iPhones) to sRGB. Without a profile they are taken as sRGB.
 */
export async function decodeHeicToSizeRaw(
  sourcePath: string,
  header: Header,
  size: DerivativeSize,
  checkpoint: Checkpoint,
): Promise<RawImage> {
  const large = await shrinkHeic(sourcePath, header, size, checkpoint);
  return header.icc ? convertToSrgb(large, header.icc, 'HEIC') : large;
}

/**
 * The HEIC's pixels at one derivative size, still in its own colour space. The full-size RGBA frame
 * (48 MB for 12 MP) is referenced only in here, so it can be collected as soon as it is shrunk.
 */
async function shrinkHeic(
  sourcePath: string,
  header: Header,
  size: DerivativeSize,
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
  const target = fitLongEdge(decoded.width, decoded.height, DERIVATIVE_SIZES[size].longEdge);
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
