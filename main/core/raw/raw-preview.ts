/**
 * The displayable image of a camera RAW: its largest embedded JPEG that sharp can show, found
 * by walking the RAW's own container (TIFF IFDs with SubIFDs and makernotes, CR3 boxes, the
 * RAF header) with a few dozen positioned reads.
 *
 * Why a walker of our own, and not exiftool-vendored or libraw-wasm (research note
 * camera-cards.md §1): the research prototype took 0.7 ms a file with no dependency, while
 * exiftool-vendored costs 7-24 ms a file after an 80 ms perl spawn, needs a system perl on Linux
 * and macOS, cannot run from inside an asar, and its current versions require Node >= 22.
 * libraw-wasm decodes the sensor data itself, about 1 s and 280 MB per 8 MP, and hung on a real
 * CR3. This walker, measured on the fetched fixtures: 8-64 reads of 0.1-2 KB in all, 2.5 ms a
 * file on average with async reads on a busy 2-core machine.
 *
 * No RAW is decoded here (no full decode, no "develop"): the embedded JPEG is the camera's own
 * rendering, what its screen showed, and a RAW without a usable one is reported, not developed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { fileByteSource, fitsInFile, type ByteSource } from './byte-source';
import { isDisplayableFrame, readJpegFrame, type JpegFrame } from './jpeg-sof';
import { walkRaw, type RawLayout } from './raw-container';
import { formatLabel, isWalkedFormat, type RawFormat } from './raw-format';
import { readInteger } from './tiff-ifd';
import { walkTiff, type LocatedIfd } from './tiff-walk';

export type { RawFormat } from './raw-format';

/** Where a RAW's preview JPEG lies in the file, and its size in pixels (as stored, unturned). */
export interface RawPreview {
  offset: number;
  length: number;
  width: number;
  height: number;
}

/** What inspecting a RAW found: its preview and orientation, or why there is none to show. */
export type RawInspection =
  | {
      ok: true;
      preview: RawPreview;
      /** IFD0 (CR3: CMT1) orientation 1-8; 1 when absent */
      orientation: number;
    }
  | { ok: false; reason: string };

/**
 * A preview smaller than this on its long side is a thumbnail (160×120 in most RAWs), not a
 * picture of the photo: showing it full screen as "the photo" would look broken.
 */
const MIN_USABLE_LONG_SIDE = 640;

/** The EXIF Orientation tag. */
const ORIENTATION_TAG = 0x0112;

/** Finds a RAW's preview and orientation; never throws (a damaged file gives a reason). */
export async function inspectRaw(path: string, format: RawFormat): Promise<RawInspection> {
  const label = formatLabel(format);
  if (!isWalkedFormat(format)) {
    return { ok: false, reason: `Shoebox cannot read the embedded preview of ${label} files yet` };
  }
  try {
    return await withRawFile(path, async (source) => {
      const layout = await walkRaw(source);
      if (!layout) {
        return {
          ok: false,
          reason: `this ${label} is damaged or not a ${label}: Shoebox does not know its layout`,
        };
      }
      return inspectLayout(source, layout, label);
    });
  } catch (error) {
    return { ok: false, reason: `this ${label} could not be read: ${(error as Error).message}` };
  }
}

/**
 * Copies the preview's bytes to `destPath` (a JPEG file). Throws when the RAW cannot be read
 * or `destPath` written, or when the RAW no longer holds a JPEG where `preview` says.
 */
export async function extractRawPreview(
  path: string,
  preview: RawPreview,
  destPath: string,
): Promise<void> {
  const changed = () =>
    new Error(`${path} no longer holds its preview where it was found: was it changed?`);
  const soi = await withRawFile(path, (source) => source.read(preview.offset, 2));
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) throw changed();
  const end = preview.offset + preview.length - 1;
  await pipeline(
    createReadStream(path, { start: preview.offset, end }),
    createWriteStream(destPath),
  );
  if ((await stat(destPath)).size !== preview.length) throw changed();
}

/** A preview candidate that is a JPEG sharp can show, with its frame. */
export interface CheckedPreview {
  preview: RawPreview;
  frame: JpegFrame;
}

/**
 * The largest displayable preview of a walked RAW (by pixels, then bytes), with counts of
 * what was passed over; shared with the metadata reader, which reads a RAF's EXIF from it.
 */
export async function choosePreview(
  source: ByteSource,
  layout: RawLayout,
): Promise<{ best: CheckedPreview | null; pastEnd: number; lossless: number }> {
  let best: CheckedPreview | null = null;
  let pastEnd = 0;
  let lossless = 0;
  for (const candidate of layout.candidates) {
    if (!fitsInFile(candidate.offset, candidate.length, source.size)) {
      pastEnd += 1;
      continue;
    }
    const frame = await readJpegFrame(source, candidate.offset, candidate.length);
    if (!frame) continue;
    if (!isDisplayableFrame(frame)) {
      if (frame.sofMarker === 0xc3) lossless += 1;
      continue;
    }
    const preview = {
      offset: candidate.offset,
      length: candidate.length,
      width: frame.width,
      height: frame.height,
    };
    if (!best || isLarger(preview, best.preview)) best = { preview, frame };
  }
  return { best, pastEnd, lossless };
}

/**
 * The IFD whose Orientation is the photo's: IFD0 (CR3: CMT1); for a RAF, which has no IFD of
 * its own, the IFD0 of its preview's EXIF (Fujifilm writes the camera's orientation there).
 */
export async function orientationIfd(
  source: ByteSource,
  layout: RawLayout,
  best: CheckedPreview | null,
): Promise<LocatedIfd | null> {
  if (layout.container !== 'raf') return layout.ifd0;
  const exif = best?.frame.exifTiffOffset;
  return exif ? ((await walkTiff(source, exif))?.ifd0 ?? null) : null;
}

/** Opens a RAW for positioned reads for the length of `use`. */
export async function withRawFile<T>(
  path: string,
  use: (source: ByteSource) => Promise<T>,
): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use(fileByteSource(handle, size));
  } finally {
    await handle.close();
  }
}

async function inspectLayout(
  source: ByteSource,
  layout: RawLayout,
  label: string,
): Promise<RawInspection> {
  const { best, pastEnd, lossless } = await choosePreview(source, layout);
  if (!best) {
    if (pastEnd > 0) {
      return {
        ok: false,
        reason: `this ${label} looks cut short: its preview lies past the end of the file`,
      };
    }
    const sensorOnly =
      lossless > 0 ? ' (only its undeveloped sensor data, which Shoebox does not develop)' : '';
    return {
      ok: false,
      reason: `this ${label} holds no embedded preview Shoebox can show${sensorOnly}`,
    };
  }
  const { width, height } = best.preview;
  if (Math.max(width, height) < MIN_USABLE_LONG_SIDE) {
    return {
      ok: false,
      reason: `this ${label} holds only a ${width}×${height} preview, too small to show as the photo`,
    };
  }
  const ifd = await orientationIfd(source, layout, best);
  const value = ifd ? await readInteger(ifd.context, ifd.ifd.entries.get(ORIENTATION_TAG)) : null;
  const orientation = value !== null && value >= 1 && value <= 8 ? value : 1;
  return { ok: true, preview: best.preview, orientation };
}

function isLarger(a: RawPreview, b: RawPreview): boolean {
  const pixels = a.width * a.height - b.width * b.height;
  return pixels !== 0 ? pixels > 0 : a.length > b.length;
}
