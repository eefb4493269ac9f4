/**
 * Thumbnails first, the first phase: a camera JPEG's thumbnail made from the preview it embeds
 * (metadata/jpeg-preview.ts: Sony's 1616x1080 MPF large thumbnail) instead of from its own
 * data. Even at libjpeg's 1/4 scale, the 24 MP photo's whole entropy-coded data is decoded
 * (~80-90 ms of CPU), which the second phase pays again for the large; the preview is a tenth
 * of the bytes. Only a preview that is the same picture is taken (at least the thumbnail's
 * size, the photo's aspect), turned by the photo's orientation and converted by its profile:
 * the camera wrote both unturned, in one colour space. The second phase makes the thumbnail
 * again from the medium's pixels (finish-derivatives.ts), so what stays is what a one-phase
 * import makes.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { DERIVATIVE_SIZES, fitLongEdge } from '../../../common/derivative-sizes';
import { findJpegPreviews, type JpegPreview } from '../metadata/jpeg-preview';
import { fileByteSource } from '../raw/byte-source';
import { convertToSrgb } from './decode-large';
import type { RawImage } from './raw-image';
import type { Header } from './source-header';

// How far a preview's width:height may be from the photo's. Sony's 1616x1080 of a 6000x4000
// photo is 0.25 % narrower (invisible at 400 pixels); a letterboxed 4:3 EXIF thumbnail of a
// 3:2 photo is 12.5 % off, and a cropped edit's old preview usually more than 1 %.
const ASPECT_TOLERANCE = 0.01;

// The largest preview read: a 1616x1080 one is 0.3-0.6 MB, a full-HD one up to ~1.5 MB; a
// bigger "preview" would cost what the 1/4-scale decode costs.
const MAX_PREVIEW_BYTES = 4 * 1024 * 1024;

/**
 * The photo's thumbnail, upright and at its size, from the preview it embeds; null when it has
 * none that is the same picture (or it cannot be read), so the caller decodes the photo.
 */
export async function decodeThumbFromPreview(
  sourcePath: string,
  header: Header,
): Promise<RawImage | null> {
  if (header.format !== 'jpeg' || header.space !== 'srgb' || header.iccUnsure) return null;
  const quarterTurned = header.orientation >= 5;
  // The stored (not upright) size, which the preview shares: cameras store both unturned.
  const stored = quarterTurned
    ? { width: header.height, height: header.width }
    : { width: header.width, height: header.height };
  const bytes = await readPreview(sourcePath, stored).catch(() => null);
  if (!bytes) return null;
  const upright = fitLongEdge(header.width, header.height, DERIVATIVE_SIZES.thumb.longEdge);
  const target = quarterTurned ? { width: upright.height, height: upright.width } : upright;
  try {
    // Cameras store the preview unturned, like the photo: it is resized as it is stored
    // (its own EXIF, if any, is not read), then turned by the photo's orientation.
    // The preview is in the photo's colour space (a camera writes no profile into it): the
    // photo's profile, if any, converts its pixels as the photo's decode converts the photo's.
    const resized = await sharp(bytes, { failOn: 'truncated', ignoreIcc: true })
      .resize(target.width, target.height, { fit: 'fill', fastShrinkOnLoad: false })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (resized.info.channels !== 3) return null;
    const stored: RawImage = {
      data: resized.data,
      width: target.width,
      height: target.height,
      channels: 3,
    };
    const converted = header.icc ? await convertToSrgb(stored, header.icc, 'JPEG preview') : stored;
    return await orient(converted, header.orientation);
  } catch {
    return null;
  }
}

/** The smallest embedded preview that can make the thumbnail, or null. */
async function readPreview(
  sourcePath: string,
  stored: { width: number; height: number },
): Promise<Buffer | null> {
  const file = await open(sourcePath, 'r');
  try {
    const source = fileByteSource(file, (await file.stat()).size);
    const previews = await findJpegPreviews(source);
    const usable = previews
      .filter((preview) => isSamePicture(preview, stored) && preview.length <= MAX_PREVIEW_BYTES)
      .sort((a, b) => a.width * a.height - b.width * b.height);
    const chosen = usable[0];
    if (!chosen) return null;
    const bytes = await source.read(chosen.offset, chosen.length);
    return bytes.length === chosen.length ? bytes : null;
  } finally {
    await file.close();
  }
}

/** Is the preview big enough for the thumbnail, with the photo's aspect? */
function isSamePicture(preview: JpegPreview, stored: { width: number; height: number }): boolean {
  const longEdge = Math.max(preview.width, preview.height);
  if (longEdge < DERIVATIVE_SIZES.thumb.longEdge) return false;
  const aspect = preview.width / preview.height;
  const photoAspect = stored.width / stored.height;
  return Math.abs(aspect / photoAspect - 1) <= ASPECT_TOLERANCE;
}

/**
 * The EXIF orientation's turn and mirror of stored pixels, as libvips' autorot applies it:
 * 2-4 mirror or half-turn, 5-8 a quarter turn (5 and 7 mirrored after it).
 */
async function orient(image: RawImage, orientation: number): Promise<RawImage> {
  const turn = ({ 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 } as const)[orientation] ?? 0;
  const mirrored = orientation === 2 || orientation === 4 || orientation === 5 || orientation === 7;
  if (turn === 0 && !mirrored) return image;
  // Two steps, so the mirror comes after the turn whatever order sharp's pipeline keeps.
  let current = image;
  for (const step of [turn !== 0 && 'turn', mirrored && 'mirror'] as const) {
    if (!step) continue;
    const pipeline = sharp(current.data, {
      raw: { width: current.width, height: current.height, channels: current.channels },
    });
    const { data, info } = await (step === 'turn' ? pipeline.rotate(turn) : pipeline.flop())
      .raw()
      .toBuffer({ resolveWithObject: true });
    current = { data, width: info.width, height: info.height, channels: current.channels };
  }
  return current;
}
