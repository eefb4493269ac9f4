import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import type { LibraryLayout } from './library-paths';

// What a file system says when a library cannot be written: a read-only disk or mount, or
// folders the user may not write to.
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/**
 * Throws one clear IO_ERROR when the library's folders cannot be written (a read-only disk, a
 * card's lock switch, permissions), so an import fails once instead of once per file: writes a
 * probe into `.staging/` and asks whether `originals/` and `derivatives/` take new files.
 */
export async function assertLibraryWritable(layout: LibraryLayout, leaseId: string): Promise<void> {
  const probe = path.join(layout.staging, `probe-${leaseId}-${randomUUID()}.tmp`);
  try {
    await mkdir(layout.staging, { recursive: true });
    await writeFile(probe, '');
    await unlink(probe);
    for (const folder of [layout.originals, layout.derivatives]) {
      await access(folder, constants.W_OK);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (READ_ONLY_CODES.has(code)) throw readOnlyLibrary(layout, code);
    throw error;
  }
}

/** The error of a library that cannot be written, for the file system's error `code`. */
export function readOnlyLibrary(layout: LibraryLayout, code: string): ShoeboxError {
  const why =
    code === 'EROFS'
      ? 'its disk is read-only (a locked card, or a read-only mount)'
      : 'you may not write to its folders';
  return new ShoeboxError('IO_ERROR', `The library at ${layout.root} cannot be changed: ${why}.`);
}

/**
 * The error to show for a library database that would not open: SQLite cannot open a WAL
 * database it may not write (its -shm file), and says only "unable to open database file".
 */
export async function explainOpenFailure(layout: LibraryLayout, error: unknown): Promise<unknown> {
  const code = (error as { code?: string }).code;
  if (code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY') return error;
  const denied = await access(layout.root, constants.W_OK).then(
    () => null,
    (failure: NodeJS.ErrnoException) => failure.code ?? 'EACCES',
  );
  return denied ? readOnlyLibrary(layout, denied) : error;
}
