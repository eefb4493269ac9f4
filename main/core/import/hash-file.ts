import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

// Large reads keep a 24 MP JPEG to a handful of syscalls without holding the file in memory.
export const READ_CHUNK_BYTES = 1024 * 1024;

/** The SHA-256 of a file's content (hex), streamed; a Buffer path names a non-UTF-8 file. */
export async function hashFile(path: string | Buffer, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
