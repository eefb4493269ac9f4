/**
 * Which files a folder walk keeps as candidate media, by extension only: the walk reads no
 * file's content, so what a file really is (its magic bytes, `import/detect-format.ts`) is
 * learnt when it is indexed. A JPEG named `.png` is kept (both are candidates); a photo with no
 * extension at all is not, which folders in place accept for a walk that opens nothing.
 */
import { IMAGE_FORMATS, RAW_FORMATS, VIDEO_FORMATS } from '../../../common/media-formats';
import { ATTACHMENT_EXTENSIONS } from '../import/group-shots';

/**
 * Extensions beyond the format names: the spellings cameras and apps use for the same formats,
 * and XMP sidecars, which belong to a shot and must move with it (organise.md B3.3).
 */
const OTHER_EXTENSIONS = ['jpg', 'jpe', 'jfif', 'tif', 'heif', 'hif', 'xmp'];

const CANDIDATE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...IMAGE_FORMATS,
  ...RAW_FORMATS,
  ...VIDEO_FORMATS,
  ...ATTACHMENT_EXTENSIONS.keys(),
  ...OTHER_EXTENSIONS,
]);

/**
 * Whether a file (name or path) is an XMP sidecar: indexed to travel with its photo, but no
 * photo itself (never imported on its own, nor counted as one).
 */
export function isXmpSidecar(name: string): boolean {
  return name.toLowerCase().endsWith('.xmp');
}

/** Whether a file name's extension (any case) is one of a photo, RAW, video or sidecar. */
export function isCandidateMediaName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  return CANDIDATE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
