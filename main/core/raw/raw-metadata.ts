/**
 * What the camera recorded about a RAW (capture time with its offset, camera, lens, exposure,
 * GPS, orientation), read from the RAW's own structures, in the same shape and with the same
 * fallbacks as the import's `readMetadata`. exifr reads CR2, NEF and DNG from disk, but not
 * CR3, RAF or RW2 (research note camera-cards.md §1.2), and on a NEF the Orientation of a
 * SubIFD could win over IFD0's. So the tags are taken from where each format keeps them (IFD0
 * and its EXIF and GPS IFDs; a CR3's CMT1, CMT2 and CMT4; a RAF's preview EXIF; any tag IFD0's
 * blocks lack from the preview's EXIF, which is where a Panasonic RW2 keeps its capture data),
 * assembled into one small TIFF and read by `readMetadata` itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readMetadata, type PhotoMetadata } from '../import/metadata';
import type { ByteSource } from './byte-source';
import { buildExifTiff, copyEntries, mergeEntries, type ExifEntries } from './exif-assembly';
import { walkRaw } from './raw-container';
import { isWalkedFormat, type RawFormat } from './raw-format';
import { choosePreview, orientationIfd, withRawFile } from './raw-preview';
import { walkTiff } from './tiff-walk';

/** IFD0 tags kept: Make, Model (Orientation is taken from the photo's own IFD, see below). */
const IFD0_TAGS = new Set([0x010f, 0x0110]);
const ORIENTATION_TAGS = new Set([0x0112]);
/**
 * EXIF tags kept, the ones `readMetadata` reads: ExposureTime, FNumber, ISO, DateTimeOriginal,
 * DateTimeDigitized, OffsetTime(+Original, +Digitized), SubSecTimeOriginal/Digitized,
 * FocalLength, LensSpecification, LensMake, LensModel.
 */
const EXIF_TAGS = new Set([
  0x829a, 0x829d, 0x8827, 0x9003, 0x9004, 0x9010, 0x9011, 0x9012, 0x9291, 0x9292, 0x920a, 0xa432,
  0xa433, 0xa434,
]);
/** GPS tags kept: latitude and longitude with their hemispheres. */
const GPS_TAGS = new Set([0x0001, 0x0002, 0x0003, 0x0004]);

/**
 * The RAW's metadata; never throws. Without a readable capture time, the file's modification
 * time, as `readMetadata` falls back.
 */
export async function readRawMetadata(
  path: string,
  format: RawFormat,
  fileMtimeMs: number,
): Promise<PhotoMetadata> {
  let entries: ExifEntries = { ifd0: [], exif: [], gps: [] };
  if (isWalkedFormat(format)) {
    try {
      entries = await withRawFile(path, gatherEntries);
    } catch {
      // Unreadable or damaged past reading: no EXIF, as readMetadata treats it.
    }
  }
  return readAssembled(buildExifTiff(entries), path, fileMtimeMs);
}

async function gatherEntries(source: ByteSource): Promise<ExifEntries> {
  const layout = await walkRaw(source);
  if (!layout) return { ifd0: [], exif: [], gps: [] };
  const { best } = await choosePreview(source, layout);
  const previewExif = best?.frame.exifTiffOffset;
  const preview = previewExif ? await walkTiff(source, previewExif) : null;
  const orientation = await copyEntries(
    await orientationIfd(source, layout, best),
    ORIENTATION_TAGS,
  );
  return {
    ifd0: [
      ...mergeEntries(
        await copyEntries(layout.ifd0, IFD0_TAGS),
        await copyEntries(preview?.ifd0 ?? null, IFD0_TAGS),
      ),
      ...orientation,
    ],
    exif: mergeEntries(
      await copyEntries(layout.exif, EXIF_TAGS),
      await copyEntries(preview?.exif ?? null, EXIF_TAGS),
    ),
    gps: mergeEntries(
      await copyEntries(layout.gps, GPS_TAGS),
      await copyEntries(preview?.gps ?? null, GPS_TAGS),
    ),
  };
}

/**
 * `readMetadata` reads a file, so the assembled TIFF goes through a private temporary one (a
 * few hundred bytes), removed at once.
 */
async function readAssembled(
  tiff: Buffer,
  rawPath: string,
  fileMtimeMs: number,
): Promise<PhotoMetadata> {
  let folder: string | null = null;
  try {
    folder = await mkdtemp(path.join(tmpdir(), 'shoebox-raw-exif-'));
    const file = path.join(folder, 'exif.tif');
    await writeFile(file, tiff);
    return await readMetadata(file, fileMtimeMs);
  } catch {
    // No temporary file (a full or read-only disk): exifr on the RAW itself, which reads CR2,
    // NEF and DNG, and gives the file time for the rest.
    return readMetadata(rawPath, fileMtimeMs);
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
