/**
 * The formats a library's originals come in, named as `Photo.format` names them (lower case,
 * from the file's content, not its extension): images sharp decodes, camera RAW files (shown
 * through their embedded camera JPEG) and videos (shown through a poster frame).
 */

/** Image formats the library stores and decodes itself. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'heic', 'tiff', 'gif'] as const;

/**
 * Camera RAW formats: recognised by their bytes (and, for the TIFF-structured ones, by their
 * name), displayed through the largest JPEG the camera embedded.
 */
export const RAW_FORMATS = [
  'cr2',
  'cr3',
  'crw',
  'nef',
  'nrw',
  'arw',
  'sr2',
  'srf',
  'dng',
  'raf',
  'orf',
  'rw2',
  'rwl',
  'pef',
  'srw',
  '3fr',
  'fff',
  'iiq',
  'erf',
  'kdc',
  'k25',
  'dcr',
  'mef',
  'mos',
  'mrw',
  'x3f',
  'gpr',
  'raw',
] as const;

/** Video containers cameras and phones record (AVCHD's MPEG transport streams included). */
export const VIDEO_FORMATS = ['mp4', 'mov', 'm4v', '3gp', 'mts', 'm2ts'] as const;

/** Every format an original can have. */
export const MEDIA_FORMATS = [...IMAGE_FORMATS, ...RAW_FORMATS, ...VIDEO_FORMATS] as const;

/** What one of a photo's files is to it: `Photo.files[].role`. */
export const PHOTO_FILE_ROLES = ['original', 'pair', 'sidecar', 'motion'] as const;

/** An image format sharp decodes. */
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
/** A camera RAW format. */
export type RawFormat = (typeof RAW_FORMATS)[number];
/** A video container format. */
export type VideoFormat = (typeof VIDEO_FORMATS)[number];
/** The format of any original. */
export type MediaFormat = (typeof MEDIA_FORMATS)[number];
/** A file's role in its photo. */
export type PhotoFileRole = (typeof PHOTO_FILE_ROLES)[number];

const RAW_SET: ReadonlySet<string> = new Set(RAW_FORMATS);
const VIDEO_SET: ReadonlySet<string> = new Set(VIDEO_FORMATS);

/** Whether a format is a camera RAW format. */
export function isRawFormat(format: string): format is RawFormat {
  return RAW_SET.has(format);
}

/** Whether a format is a video container. */
export function isVideoFormat(format: string): format is VideoFormat {
  return VIDEO_SET.has(format);
}
