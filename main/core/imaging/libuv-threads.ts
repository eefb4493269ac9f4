import { availableParallelism } from 'node:os';

/**
 * Sizes libuv's thread pool for the imaging pool. sharp in every imaging worker, file hashing
 * and copying all run on that one process-wide pool (4 threads by default): without more, a
 * pool of 8 workers would decode 4 photos at a time. libuv reads the size when the pool first
 * starts, so this must run before the first asynchronous file or sharp call of the process.
 */
export function sizeLibuvThreadPool(): void {
  // Four more than the cores: file reads and copies of the next photos go on beside the encoders.
  process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism() + 4);
}
