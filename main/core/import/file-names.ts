/**
 * Safe names for originals copied into the library. A photo's name comes from wherever the
 * user got it (a camera, a download, a browser upload naming any string it likes), and the
 * library folder is later browsed, synced, zipped and scripted on Windows, macOS and Linux:
 * the stored name must stay readable and be harmless everywhere.
 */

/**
 * The longest stored name in UTF-8 bytes. File systems allow 255, but the library adds
 * `originals/YYYY/MM/` and a numbered suffix, and sync tools and Windows' 260-character paths
 * need head room.
 */
const MAX_NAME_BYTES = 120;

/** The name used when nothing usable is left of the original one. */
const FALLBACK_STEM = 'photo';

/**
 * Characters a shell, `cmd.exe` or a file system gives a meaning to (expansion, globbing,
 * quoting, redirection, comments, drive letters): replaced so that a name pasted into a
 * command line unquoted cannot run anything. Path separators are dealt with before this.
 */
const SPECIAL_CHARACTERS = /[$`!*?;&|<>"'(){}[\]#%^:]/g;

/**
 * Invisible characters removed outright: format characters (bidirectional overrides that make
 * `photo\u202Egpj.exe` display as `photoexe.jpg`, zero-width joiners) and lone surrogates,
 * which cannot be written as UTF-8.
 */
const INVISIBLE_CHARACTERS = /[\p{Cf}\p{Cs}]/gu;

/** Control characters and every kind of space or line break: all become one plain space. */
const SPACE_LIKE = /[\p{Cc}\p{Z}\s]+/gu;

/**
 * Names Windows reserves for devices, whatever the extension (`CON.jpg` opens the console):
 * a file by that name cannot be created or copied there.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** An extension worth keeping as one: short, ASCII letters and digits (`jpg`, `jpeg`, `tif`). */
const EXTENSION = /^[a-z0-9]{1,10}$/i;

/** Cuts fall between user-perceived characters, never inside an accented letter or an emoji. */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A safe, readable file name from any string: the last path segment only; no shell or
 * file-system special characters, control or invisible characters, leading dots or dashes;
 * Windows device names and trailing dots or spaces made safe; NFC-normalised (accents and
 * non-Latin scripts kept); at most 120 UTF-8 bytes, keeping the extension, which is
 * lower-cased; never empty ("photo"). Applying it twice changes nothing.
 */
export function sanitizeFileName(name: string): string {
  const { stem, extension } = splitName(cleanCharacters(lastSegment(name)));
  return joinName(fitStem(safeStem(stem), extension, ''), extension);
}

/**
 * The `attempt`-th name to try when `name` is taken: `IMG_0001.jpg` → `IMG_0001-2.jpg`,
 * `IMG_0001-3.jpg`… (attempt 1 is the sanitised name itself). A hyphen rather than the
 * desktop's " (2)", so the result still holds no shell special characters; the stem is
 * shortened if needed to stay within the length limit.
 */
export function numberedName(name: string, attempt: number): string {
  const safe = sanitizeFileName(name);
  if (attempt <= 1) return safe;
  const { stem, extension } = splitName(safe);
  const suffix = `-${attempt}`;
  return joinName(fitStem(stem, extension, suffix) + suffix, extension);
}

function lastSegment(name: string): string {
  // Both separators, whatever this machine uses: names arrive from Windows and POSIX alike.
  const segments = name.split(/[/\\]/).filter((segment) => segment !== '');
  return segments.at(-1) ?? '';
}

function cleanCharacters(name: string): string {
  return name
    .normalize('NFC')
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(SPACE_LIKE, ' ')
    .replace(SPECIAL_CHARACTERS, '_')
    .replace(/_+/g, '_')
    .replace(/\.{2,}/g, '.');
}

function splitName(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  if (!EXTENSION.test(extension)) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: extension.toLowerCase() };
}

function safeStem(stem: string): string {
  // Leading dots hide a file; a leading dash makes it read as an option; `~` as a home folder.
  let safe = stem.replace(/^[.\-~ ]+/, '').replace(/[. ]+$/, '');
  // Windows checks the part before the first dot: `CON.tar.jpg` is reserved too.
  const [firstPart, ...rest] = safe.split('.');
  if (WINDOWS_RESERVED.test(firstPart.trim())) safe = [`${firstPart}_`, ...rest].join('.');
  return safe;
}

/** The stem cut (between whole characters) so stem + suffix + extension fit the byte limit. */
function fitStem(stem: string, extension: string, suffix: string): string {
  const budget = MAX_NAME_BYTES - utf8Bytes(joinName(suffix, extension));
  let fitted = '';
  let used = 0;
  for (const { segment } of graphemes.segment(stem)) {
    used += utf8Bytes(segment);
    if (used > budget) break;
    fitted += segment;
  }
  // Windows drops trailing dots and spaces, which a cut can expose.
  fitted = fitted.replace(/[. ]+$/, '');
  return fitted === '' ? FALLBACK_STEM : fitted;
}

function joinName(stem: string, extension: string): string {
  return extension === '' ? stem : `${stem}.${extension}`;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
