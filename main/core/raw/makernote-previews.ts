/**
 * Previews that camera makers keep inside their EXIF MakerNote rather than in a TIFF IFD:
 * Nikon's PreviewIFD, Olympus's CameraSettings and Pentax's preview tags. Each maker writes its
 * own small header and counts offsets from its own base, so each is told apart by that header.
 * Nikon's is exercised by the tests; the Olympus and Pentax layouts follow ExifTool's tables
 * and were not tried on real files (none could be obtained).
 */
import type { PreviewCandidate } from './preview-candidate';
import { readIfd, readInteger, readTiffHeader, type IfdEntry, type TiffContext } from './tiff-ifd';

/** The makernote bytes looked at to recognise its maker. */
const HEADER_BYTES = 18;

/** The preview candidates inside a MakerNote entry of an EXIF IFD. */
export async function makernotePreviews(
  exif: TiffContext,
  makernote: IfdEntry,
): Promise<PreviewCandidate[]> {
  const start = makernote.valueOffset;
  const header = await exif.source.read(start, HEADER_BYTES);
  const text = header.toString('latin1');
  if (text.startsWith('Nikon\0')) return nikonPreviews(exif, start);
  if (text.startsWith('OLYMPUS\0') || text.startsWith('OM SYSTEM\0')) {
    // The newer header: "OLYMPUS\0" or "OM SYSTEM\0\0\0", byte order, version; offsets count
    // from the makernote's start.
    const headerLength = text.startsWith('OLYMPUS\0') ? 12 : 16;
    const littleEndian = text.slice(headerLength - 4, headerLength - 2) === 'II';
    const context = { source: exif.source, base: start, littleEndian };
    return olympusPreviews(context, headerLength);
  }
  if (text.startsWith('OLYMP\0')) {
    // The older header: offsets count from the EXIF's TIFF header.
    return olympusPreviews(exif, start + 8 - exif.base);
  }
  if (text.startsWith('AOC\0')) {
    // "AOC\0" + byte order ("II", "MM", or spaces for the EXIF's); offsets count from the
    // EXIF's TIFF header.
    const order = text.slice(4, 6);
    const littleEndian = order === 'II' ? true : order === 'MM' ? false : exif.littleEndian;
    return pentaxPreviews({ ...exif, littleEndian }, start + 6 - exif.base);
  }
  if (text.startsWith('PENTAX \0')) {
    const littleEndian = text.slice(8, 10) === 'II';
    return pentaxPreviews({ source: exif.source, base: start, littleEndian }, 10);
  }
  return [];
}

/** Nikon: "Nikon\0", a version, then a TIFF header of its own 10 bytes in; PreviewIFD is 0x0011. */
async function nikonPreviews(exif: TiffContext, start: number): Promise<PreviewCandidate[]> {
  const tiff = await readTiffHeader(exif.source, start + 10);
  if (!tiff) return [];
  const main = await readIfd(tiff.context, tiff.firstIfd);
  const previewIfdOffset = await readInteger(tiff.context, main?.entries.get(0x0011));
  if (!previewIfdOffset) return [];
  const previewIfd = await readIfd(tiff.context, previewIfdOffset);
  const offset = await readInteger(tiff.context, previewIfd?.entries.get(0x0201));
  const length = await readInteger(tiff.context, previewIfd?.entries.get(0x0202));
  return candidate(tiff.context, offset, length, 'Nikon PreviewIFD');
}

/** Olympus: CameraSettings (0x2020, an IFD) holds PreviewImageStart/Length (0x0101/0x0102). */
async function olympusPreviews(
  context: TiffContext,
  ifdOffset: number,
): Promise<PreviewCandidate[]> {
  const main = await readIfd(context, ifdOffset);
  const settings = main?.entries.get(0x2020);
  if (!settings) return [];
  // Written as an IFD pointer (LONG or IFD) by most bodies, as the IFD itself (UNDEFINED) by old ones.
  const settingsOffset =
    settings.type === 7
      ? settings.valueOffset - context.base
      : await readInteger(context, settings);
  if (!settingsOffset) return [];
  const ifd = await readIfd(context, settingsOffset);
  const offset = await readInteger(context, ifd?.entries.get(0x0101));
  const length = await readInteger(context, ifd?.entries.get(0x0102));
  return candidate(context, offset, length, 'Olympus CameraSettings');
}

/** Pentax: PreviewImageLength 0x0003 and PreviewImageStart 0x0004 in the makernote's IFD. */
async function pentaxPreviews(
  context: TiffContext,
  ifdOffset: number,
): Promise<PreviewCandidate[]> {
  const main = await readIfd(context, ifdOffset);
  const length = await readInteger(context, main?.entries.get(0x0003));
  const offset = await readInteger(context, main?.entries.get(0x0004));
  return candidate(context, offset, length, 'Pentax makernote');
}

function candidate(
  context: TiffContext,
  offset: number | null,
  length: number | null,
  origin: string,
): PreviewCandidate[] {
  return offset && length ? [{ offset: context.base + offset, length, origin }] : [];
}
