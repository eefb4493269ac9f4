import { availableParallelism } from 'node:os';

/**
 * The size Shoebox wants for libuv's thread pool. sharp in every imaging worker, file hashing
 * and copying all run on that one process-wide pool (4 threads by default): without more, a
 * pool of 8 workers would decode 4 photos at a time. Four more than the cores: file reads and
 * copies of the next photos go on beside the encoders. bin/shoebox.js computes the same.
 */
export function intendedLibuvThreadPoolSize(): number {
  return availableParallelism() + 4;
}

/**
 * Sizes libuv's thread pool for the imaging pool, unless the environment already did. libuv
 * reads UV_THREADPOOL_SIZE when the pool first starts, so this works only in a process whose
 * pool has not started yet: in Electron 40's main process (Node 24, whose ES module loader
 * does not start it before the entry runs), not in an ES module on Node 20, whose loader
 * already has. The CLI therefore sets the variable before its process starts (bin/shoebox.js).
 */
export function sizeLibuvThreadPool(): void {
  process.env.UV_THREADPOOL_SIZE ??= String(intendedLibuvThreadPoolSize());
}
