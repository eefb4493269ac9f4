/**
 * What a photographer says about a photo (stars, a pick or reject flag, a colour label,
 * keywords, a title and a caption) and how it is turned: the vocabulary the contract, the
 * core, the CLI, the sidecars and the UI share. Plain values, no zod, so the browser bundle
 * may import it.
 */

/** The pick/reject flag, a separate axis from the stars (as in Lightroom Classic and digiKam). */
export const PHOTO_FLAGS = ['pick', 'reject'] as const;

/**
 * Colour labels, one per photo: the five of Lightroom Classic and Bridge, whose English names
 * (`xmp:Label` "Red"…) every other app reads.
 */
export const COLOR_LABELS = ['red', 'yellow', 'green', 'blue', 'purple'] as const;

/** The most stars a photo can have (`xmp:Rating` 0..5). */
export const MAX_RATING = 5;

/** Between the levels of a hierarchical keyword: `Places/France/Paris` (digiKam's TagsList). */
export const KEYWORD_SEPARATOR = '/';

// Long enough for any real keyword tree or caption; bounded so one request cannot fill the
// database or a sidecar with megabytes of text.
/** The longest keyword path, in characters. */
export const MAX_KEYWORD_LENGTH = 500;
/** The longest title, in characters. */
export const MAX_TITLE_LENGTH = 2_000;
/** The longest caption, in characters. */
export const MAX_CAPTION_LENGTH = 20_000;

/** Quarter turns clockwise applied on top of the file's own orientation. */
export const ROTATIONS = [0, 90, 180, 270] as const;

/** Which way a rotate command turns a photo. */
export const ROTATE_DIRECTIONS = ['left', 'right', '180'] as const;

export type PhotoFlag = (typeof PHOTO_FLAGS)[number];
export type ColorLabel = (typeof COLOR_LABELS)[number];
export type Rotation = (typeof ROTATIONS)[number];
export type RotateDirection = (typeof ROTATE_DIRECTIONS)[number];

/** The rotation after turning a photo at `rotation` one step `direction`. */
export function rotateBy(rotation: Rotation, direction: RotateDirection): Rotation {
  const step = direction === 'right' ? 90 : direction === 'left' ? 270 : 180;
  return ((rotation + step) % 360) as Rotation;
}

/** Whether a rotation swaps the photo's width and height. */
export function swapsSides(rotation: Rotation): boolean {
  return rotation === 90 || rotation === 270;
}

/**
 * A keyword path as stored: each level trimmed and in Unicode NFC (so a name typed on macOS
 * and one typed on Windows are one keyword), empty levels dropped. Null when nothing is left.
 */
export function normalizeKeywordPath(raw: string): string | null {
  const levels = raw
    .normalize('NFC')
    .split(KEYWORD_SEPARATOR)
    .map((level) => level.trim())
    .filter((level) => level.length > 0);
  return levels.length > 0 ? levels.join(KEYWORD_SEPARATOR) : null;
}

/** Whether a keyword path holds a control character (never typed on purpose; breaks XMP). */
export function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

/** The key two keyword paths are compared by: the same keyword whatever its letter case. */
export function keywordKey(path: string): string {
  return path.normalize('NFC').toLocaleLowerCase('und');
}
