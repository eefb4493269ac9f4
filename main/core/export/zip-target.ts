/**
 * Writes an export as one zip file, streamed with yazl: each derivative is read from the library
 * while the archive is written, one at a time, so memory stays flat however large the album.
 * The archive is written to `<file>.tmp-<lease>-<random>` beside its final name and renamed when
 * it is complete: a cancelled or failed export leaves nothing under the final name, and the temp
 * of a killed one is removed by the next export to that place.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { ShoeboxError } from '../../../common/errors';
import { LEASE_ID_PATTERN } from '../library/lease-repository';
import { isCompressed, openImageSource, throwIfCancelled, type ExportFile } from './export-files';

/** Who is writing: a library lease, by which a killed export's temp file is told apart. */
export interface TempWriter {
  /** This process's lease id (opened on first use). */
  leaseId: () => string;
  /** Whether the lease with this id is held by a running process. */
  isLive: (leaseId: string) => boolean;
}

/** Options of `writeZip`. */
export interface ZipWriteOptions {
  signal?: AbortSignal;
  /** Names the temp file; without one the temp has a random name and none is cleaned up. */
  writer?: TempWriter;
  /** Time stamp of every entry. */
  mtime: Date;
  /** Called once a file's data is in the archive. */
  onFile?: (file: ExportFile) => void;
}

// The local file header signature: an existing file is replaced only if it is a zip.
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Writes `files` into the zip `target` (replacing a previous zip there); returns its size. */
export async function writeZip(
  target: string,
  files: ExportFile[],
  options: ZipWriteOptions,
): Promise<number> {
  const { signal } = options;
  throwIfCancelled(signal);
  await assertReplaceable(target);
  await mkdir(path.dirname(target), { recursive: true });
  if (options.writer) await removeStaleTemps(target, options.writer);
  const tag = options.writer?.leaseId() ?? randomBytes(8).toString('hex');
  const temp = `${target}.tmp-${tag}-${randomUUID()}`;
  const zip = new ZipFile();
  for (const file of files) {
    const entryOptions = { mtime: options.mtime, compress: !isCompressed(file.name) };
    if ('data' in file) {
      zip.addBuffer(file.data, file.name, entryOptions);
      continue;
    }
    zip.addReadStreamLazy(file.name, entryOptions, (callback) => {
      openImageSource(file).then(
        (source) => {
          const stream = source.rewritten
            ? Readable.from([source.rewritten])
            : createReadStream(file.source);
          // yazl listens to errors of the files it opens itself, not of streams it is given.
          stream.on('error', (error: Error) => zip.emit('error', error));
          stream.on('end', () => options.onFile?.(file));
          callback(null, stream);
        },
        (error: unknown) => callback(error, undefined as never),
      );
    });
  }
  zip.end();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  try {
    await pipeline(output, createWriteStream(temp), { signal });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (signal?.aborted) throw new ShoeboxError('CANCELLED', 'The export was cancelled.');
    throw error;
  }
  return (await stat(target)).size;
}

/**
 * Removes `<target>.tmp-…` files left by exports that were killed: those whose writer's lease is
 * no longer held. A running export's temp (in this or another process) stays.
 */
async function removeStaleTemps(target: string, writer: TempWriter): Promise<void> {
  const prefix = `${path.basename(target)}.tmp-`;
  const names = await readdir(path.dirname(target)).catch(() => []);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const leaseId = new RegExp(`^(${LEASE_ID_PATTERN})-`).exec(name.slice(prefix.length))?.[1];
    if (leaseId !== undefined && writer.isLive(leaseId)) continue;
    await rm(path.join(path.dirname(target), name), { force: true });
  }
}

async function assertReplaceable(target: string): Promise<void> {
  const info = await stat(target).catch(() => null);
  if (!info) return;
  if (info.isFile()) {
    const handle = await open(target, 'r');
    const head = Buffer.alloc(4);
    try {
      await handle.read(head, 0, 4, 0);
    } finally {
      await handle.close();
    }
    if (head.equals(ZIP_MAGIC) || head.equals(EMPTY_ZIP_MAGIC)) return;
  }
  throw new ShoeboxError(
    'CONFLICT',
    `${target} exists and is not a zip file; choose another name for the archive.`,
  );
}
