/**
 * The smaller pictures a camera JPEG carries of itself, found without decoding anything: the
 * MPF (CIPA DC-007) "large thumbnail" appended after the main image, which Sony bodies write at
 * 1616x1080 (the A6000 fixture: 599 KB), and the EXIF thumbnail of IFD1 (160x120 on most
 * cameras). Only the JPEG segments before the first scan are walked (APP1 "Exif", APP2 "MPF"),
 * with the TIFF reader of the RAW walkers (raw/tiff-ifd.ts) and their SOF reader, which refuses
 * a candidate that is not a displayable JPEG. Other MPF images (stereo views, panorama frames,
 * the gain map of an Ultra HDR photo) are other pictures and are never answered.
 */
import type { ByteSource } from '../raw/byte-source';
import { fitsInFile } from '../raw/byte-source';
import { isDisplayableFrame, readJpegFrame } from '../raw/jpeg-sof';
import { readIfd, readInteger, readTiffHeader, type TiffContext } from '../raw/tiff-ifd';

/** One embedded picture: where its JPEG lies in the file and its stored size. */
export interface JpegPreview {
  from: 'mpf' | 'exif';
  offset: number;
  length: number;
  width: number;
  height: number;
}

// A camera JPEG has a handful of segments before its first scan (APP0/1/2, DQT, DHT, SOF);
// a corrupt file must not keep the walk reading.
const MAX_SEGMENTS = 64;

/** MPF image types that are the primary image made smaller (CIPA DC-007 5.2.3.3.1). */
const MPF_LARGE_THUMBNAILS = new Set([0x010001, 0x010002]);
// An MP Index IFD lists one 16-byte entry per image; cameras write 2, a panorama a few dozen.
const MAX_MPF_ENTRIES = 64;

const TAG_MP_ENTRY = 0xb002;
const TAG_THUMBNAIL_OFFSET = 0x0201;
const TAG_THUMBNAIL_LENGTH = 0x0202;

/**
 * The displayable previews a JPEG file embeds, MPF large thumbnails first, then the EXIF
 * thumbnail; empty when it has none (or is not a JPEG).
 */
export async function findJpegPreviews(source: ByteSource): Promise<JpegPreview[]> {
  const soi = await source.read(0, 2);
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) return [];
  const found: Omit<JpegPreview, 'width' | 'height'>[] = [];
  let position = 2;
  for (let segment = 0; segment < MAX_SEGMENTS; segment += 1) {
    const header = await source.read(position, 10);
    if (header.length < 4 || header[0] !== 0xff) break;
    const marker = header[1]!;
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    // The first scan (or the end) comes after every segment a preview can be named in.
    if (marker === 0xda || marker === 0xd9) break;
    const segmentLength = header.readUInt16BE(2);
    if (segmentLength < 2) break;
    const signature = header.toString('latin1', 4, 10);
    if (marker === 0xe1 && signature === 'Exif\0\0') {
      found.push(...(await exifThumbnail(source, position + 10)));
    } else if (marker === 0xe2 && signature.startsWith('MPF\0')) {
      found.unshift(...(await mpfLargeThumbnails(source, position + 8)));
    }
    position += 2 + segmentLength;
  }
  const previews: JpegPreview[] = [];
  for (const candidate of found) {
    if (!fitsInFile(candidate.offset, candidate.length, source.size)) continue;
    const frame = await readJpegFrame(source, candidate.offset, candidate.length);
    if (frame && isDisplayableFrame(frame))
      previews.push({ ...candidate, width: frame.width, height: frame.height });
  }
  return previews;
}

/** The MPF large thumbnails of the MP Index IFD whose TIFF header is at `base`. */
async function mpfLargeThumbnails(
  source: ByteSource,
  base: number,
): Promise<Omit<JpegPreview, 'width' | 'height'>[]> {
  const tiff = await readTiffHeader(source, base);
  if (!tiff) return [];
  const ifd = await readIfd(tiff.context, tiff.firstIfd);
  const entry = ifd?.entries.get(TAG_MP_ENTRY);
  if (!entry || entry.count % 16 !== 0 || entry.count / 16 > MAX_MPF_ENTRIES) return [];
  const table = await source.read(entry.valueOffset, entry.count);
  if (table.length !== entry.count) return [];
  const previews: Omit<JpegPreview, 'width' | 'height'>[] = [];
  for (let at = 0; at < table.length; at += 16) {
    const attribute = u32(tiff.context, table, at);
    const length = u32(tiff.context, table, at + 4);
    const start = u32(tiff.context, table, at + 8);
    // The first image (the photo itself) has offset 0; the others count from the MP header.
    if (start === 0 || !MPF_LARGE_THUMBNAILS.has(attribute & 0xffffff)) continue;
    previews.push({ from: 'mpf', offset: base + start, length });
  }
  return previews;
}

/** The IFD1 JPEG thumbnail of the EXIF block whose TIFF header is at `base`. */
async function exifThumbnail(
  source: ByteSource,
  base: number,
): Promise<Omit<JpegPreview, 'width' | 'height'>[]> {
  const tiff = await readTiffHeader(source, base);
  if (!tiff) return [];
  const ifd0 = await readIfd(tiff.context, tiff.firstIfd);
  const ifd1 = ifd0 && ifd0.next > 0 ? await readIfd(tiff.context, ifd0.next) : null;
  if (!ifd1) return [];
  const offset = await readInteger(tiff.context, ifd1.entries.get(TAG_THUMBNAIL_OFFSET));
  const length = await readInteger(tiff.context, ifd1.entries.get(TAG_THUMBNAIL_LENGTH));
  if (!offset || !length) return [];
  return [{ from: 'exif', offset: base + offset, length }];
}

function u32(context: TiffContext, bytes: Buffer, at: number): number {
  return context.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}
