/**
 * Lists folders as the scan walks them: in natural name order, with names that are not
 * UTF-8 (an old camera's Latin-1 `été.jpg`) opened by their bytes and shown decoded as
 * windows-1252, and real paths as keys that tell such files apart.
 */
import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Natural order (`IMG_2` before `IMG_10`) in a fixed locale, so the order never varies by machine. */
const naturalOrder = new Intl.Collator('en', { numeric: true });

/**
 * What windows-1252 puts at bytes 0x80-0x9F, where Latin-1 has invisible control characters
 * (the five bytes it leaves undefined keep them). Spelt out because Node's TextDecoder decodes
 * the `windows-1252` label as plain Latin-1.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

const SEPARATOR = Buffer.from(sep);

/** A file or folder as the scan reached it. */
export interface Place {
  /** What people are shown (see ScanCandidate.path). */
  path: string;
  /** What the file system is asked for (see ScanCandidate.source). */
  source: string | Buffer;
}

/** A folder's entry, with the name people are shown. */
export interface Child {
  dirent: Dirent<string | Buffer>;
  name: string;
  place: Place;
}

/**
 * A folder's entries. Node decodes names as UTF-8 and turns bytes that are not (a Latin-1
 * `été.jpg` from an old camera card, or from a zip or tar made on Windows) into U+FFFD, and
 * that string names no file. So a folder whose names come back with U+FFFD is read again as
 * bytes, and a folder reached by bytes is only read as bytes; any other folder costs the one
 * readdir it always did.
 */
export async function listFolder(folder: Place): Promise<Child[]> {
  if (typeof folder.source === 'string') {
    const dirents = await readdir(folder.source, { withFileTypes: true });
    if (!dirents.some((dirent) => dirent.name.includes('\uFFFD'))) {
      return dirents.map((dirent) => {
        const path = join(folder.path, dirent.name);
        return { dirent, name: dirent.name, place: { path, source: path } };
      });
    }
  }
  const dirents = await readdir(folder.source, { withFileTypes: true, encoding: 'buffer' });
  return dirents.map((dirent) => {
    const bytes = dirent.name;
    const utf8 = isUtf8(bytes);
    const name = utf8 ? bytes.toString('utf8') : decodeWindows1252(bytes);
    const path = join(folder.path, name);
    const source =
      utf8 && typeof folder.source === 'string' ? path : joinBytes(folder.source, bytes);
    return { dirent, name, place: { path, source } };
  });
}

/**
 * A name that is not UTF-8, as people are shown it. It is most likely in the Windows code page
 * of Western Europe, which old cameras and archivers wrote; and every byte decodes to a
 * character of its own, so two such names never look alike.
 */
function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]);
}

/** `folder` and a name in it, as the bytes of a path. */
function joinBytes(folder: string | Buffer, name: Buffer): Buffer {
  const parent = typeof folder === 'string' ? Buffer.from(folder) : folder;
  // Inputs are resolved, so only a root (`/`) already ends with a separator.
  const separator = parent.subarray(-SEPARATOR.length).equals(SEPARATOR) ? [] : [SEPARATOR];
  return Buffer.concat([parent, ...separator, name]);
}

/**
 * Natural order of the names shown. A UTF-8 `été.jpg` and a Latin-1 one are shown alike: their
 * bytes break the tie, so the order never depends on the order the folder listed them in.
 */
export function compareChildren(a: Child, b: Child): number {
  return (
    naturalOrder.compare(a.name, b.name) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    Buffer.compare(Buffer.from(a.place.source), Buffer.from(b.place.source))
  );
}

/**
 * The real path of `source` (symbolic links resolved), as a key that tells files apart. Decoded
 * as UTF-8, the real paths of `\xe9.jpg` and `\xe8.jpg` would both end in `\uFFFD.jpg` and look
 * like one file, so a real path that is not UTF-8 is keyed by its bytes.
 */
export async function realPathKey(source: string | Buffer): Promise<string> {
  const real = await realpath(source);
  if (!real.includes('\uFFFD')) return real;
  return sourceKey(await realpath(source, 'buffer'));
}

/** A path as a string key that differs exactly when the bytes it names differ. */
export function sourceKey(source: string | Buffer): string {
  // A NUL cannot be part of a path, so a key made of bytes never equals a string path.
  return typeof source === 'string' ? source : `\0${source.toString('latin1')}`;
}
