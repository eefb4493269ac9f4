/**
 * Positioned reads from a RAW file. A RAW is 20-80 MB and its previews and metadata sit at
 * offsets its own structures name, so the walkers read a few bytes at a time where they point,
 * never the whole file, and never past its end: a damaged offset reads as nothing, not as an
 * exception or a huge allocation.
 */
import type { FileHandle } from 'node:fs/promises';

/**
 * The largest single read a walker may ask for. Directory entries, box headers and JPEG
 * segment headers are bytes to kilobytes; a corrupt length field must not allocate gigabytes.
 */
const MAX_READ_BYTES = 4 * 1024 * 1024;

/** A RAW file opened for positioned reads. */
export interface ByteSource {
  /** The file's size in bytes: no structure of it can lie beyond. */
  readonly size: number;
  /**
   * Up to `length` bytes at `offset`: fewer where the file ends, none for an offset outside
   * it or a length over the read limit.
   */
  read(offset: number, length: number): Promise<Buffer>;
}

/** A byte source over an open file handle of the given size. */
export function fileByteSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const valid = Number.isSafeInteger(offset) && Number.isSafeInteger(length);
      if (!valid || offset < 0 || offset >= size || length <= 0 || length > MAX_READ_BYTES) {
        return Buffer.alloc(0);
      }
      const buffer = Buffer.alloc(Math.min(length, size - offset));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
}

/** Whether `length` bytes at `offset` lie wholly inside a file of `size` bytes. */
export function fitsInFile(offset: number, length: number, size: number): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length > 0 &&
    offset + length <= size
  );
}
