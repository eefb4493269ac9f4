import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import type { LibraryLayout } from '../library/library-paths';
import { READ_CHUNK_BYTES as CHUNK_BYTES } from './hash-file';

/** A source file copied into the library's staging folder, with the hash of what was copied. */
export interface StagedSource {
  /** The copy, under `.staging/`: derivatives and metadata are read from it, never the source. */
  path: string;
  /** SHA-256 (hex) of exactly the bytes copied. */
  hash: string;
  bytes: number;
  /** The source's modification time: the capture time of photos without an EXIF date. */
  mtimeMs: number;
}

/** The message of a file that changed while it was read. */
export const CHANGED_WHILE_IMPORTED =
  'the file changed while it was being imported (is a program still writing it?); import it again';

/**
 * Copies a source into `.staging/original-<leaseId>-<uuid>.tmp`, hashing the bytes as they
 * pass (one read for both), flushed to disk. Fails with CHANGED_WHILE_IMPORTED when the source
 * was rewritten, truncated or replaced meanwhile (its size, time or inode moved), so what is
 * recorded is always what was hashed and a half-written file is never imported. `onChunk` is
 * awaited after each chunk is read (with the bytes read so far).
 */
export async function stageSource(
  layout: LibraryLayout,
  source: string | Buffer,
  leaseId: string,
  options: { signal?: AbortSignal; onChunk?: (bytesRead: number) => Promise<void> | void } = {},
): Promise<StagedSource> {
  const { signal } = options;
  await mkdir(layout.staging, { recursive: true });
  const staged = path.join(layout.staging, `original-${leaseId}-${randomUUID()}.tmp`);
  const input = await open(source, 'r');
  let output: Awaited<ReturnType<typeof open>> | null = null;
  try {
    const before = await input.stat();
    output = await open(staged, 'wx');
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytes = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await input.read(buffer, 0, CHUNK_BYTES, bytes);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await output.write(chunk, 0, bytesRead, bytes);
      bytes += bytesRead;
      await options.onChunk?.(bytes);
    }
    // Flushed before it can get a name in originals/: a row is committed only after this, and
    // a power loss must not leave a recorded original with missing bytes.
    await output.sync();
    const after = await input.stat();
    const atPath = await stat(source).catch(() => null);
    const unchanged =
      bytes === before.size &&
      after.size === before.size &&
      after.mtimeMs === before.mtimeMs &&
      // The change time too: a rewrite of the same size within a FAT card's 2-second mtime, or
      // by a tool that restores the mtime, still moves it.
      after.ctimeMs === before.ctimeMs &&
      atPath !== null &&
      atPath.ino === before.ino &&
      atPath.dev === before.dev &&
      atPath.size === before.size &&
      atPath.mtimeMs === before.mtimeMs;
    if (!unchanged) throw new ShoeboxError('IO_ERROR', CHANGED_WHILE_IMPORTED);
    await output.close();
    output = null;
    // Keep the camera's file time: it is the capture time of photos that have no EXIF date.
    await utimes(staged, before.atime, before.mtime);
    return { path: staged, hash: hash.digest('hex'), bytes, mtimeMs: before.mtimeMs };
  } catch (error) {
    await output?.close().catch(() => undefined);
    await unlink(staged).catch(() => undefined);
    throw error;
  } finally {
    await input.close();
  }
}
