/**
 * The two hashes a folder file is known by (organise.md B3.2/B3.3): the quick hash, SHA-256 of
 * the size and the first and last 64 KiB (0.6 ms a file, whatever its size), which with the size
 * tells a moved file from another; and the full SHA-256 of the content, read only when a quick
 * match must be confirmed. Every byte read goes through one reader that counts them, so a
 * rescan can show it read nothing.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/** How much of each end of a file the quick hash reads. */
export const QUICK_HASH_EDGE_BYTES = 64 * 1024;

// Large reads for the full hash: fewer system calls, and a disk streams them best.
const FULL_HASH_CHUNK_BYTES = 1024 * 1024;

/** Reads files for their hashes, counting what it read. */
export interface ContentReader {
  /** SHA-256 (hex) of the size (8 bytes, big-endian) then the first and last 64 KiB. */
  quickHash(file: string): Promise<{ hash: string; size: number }>;
  /** SHA-256 (hex) of the whole content. */
  fullHash(file: string): Promise<string>;
  /** Bytes read by this reader so far. */
  readonly bytesRead: number;
  /** Files opened by this reader so far. */
  readonly filesOpened: number;
}

/** A reader of the real file system. Each call rejects as `fs` does (ENOENT, EACCES…). */
export function createContentReader(): ContentReader {
  let bytesRead = 0;
  let filesOpened = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    get filesOpened() {
      return filesOpened;
    },
    async quickHash(file) {
      const handle = await open(file, 'r');
      filesOpened++;
      try {
        // The size of the open file, so the hash and the size describe the same moment.
        const { size } = await handle.stat();
        const hash = createHash('sha256');
        const sizeBytes = Buffer.alloc(8);
        sizeBytes.writeBigUInt64BE(BigInt(size));
        hash.update(sizeBytes);
        const headLength = Math.min(size, QUICK_HASH_EDGE_BYTES);
        // The tail starts after the head, so a small file is hashed once, not twice.
        const tailStart = Math.max(headLength, size - QUICK_HASH_EDGE_BYTES);
        for (const [start, length] of [
          [0, headLength],
          [tailStart, size - tailStart],
        ]) {
          if (length === 0) continue;
          const buffer = Buffer.alloc(length);
          const read = await readFully(handle, buffer, start);
          bytesRead += read;
          hash.update(buffer.subarray(0, read));
        }
        return { hash: hash.digest('hex'), size };
      } finally {
        await handle.close();
      }
    },
    async fullHash(file) {
      const handle = await open(file, 'r');
      filesOpened++;
      try {
        const hash = createHash('sha256');
        const buffer = Buffer.alloc(FULL_HASH_CHUNK_BYTES);
        for (let position = 0; ;) {
          const { bytesRead: read } = await handle.read(buffer, 0, buffer.length, position);
          if (read === 0) break;
          bytesRead += read;
          position += read;
          hash.update(buffer.subarray(0, read));
        }
        return hash.digest('hex');
      } finally {
        await handle.close();
      }
    },
  };
}

/** Reads until `buffer` is full or the file ends; answers how many bytes were read. */
async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let total = 0;
  while (total < buffer.length) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}
