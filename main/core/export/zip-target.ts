/**
 * Writes an export as one zip file, streamed with yazl: each derivative is read from the library
 * while the archive is written, one at a time, so memory stays flat however large the album.
 * The archive is written to `<file>.tmp-<random>` beside its final name and renamed when it is
 * complete: a cancelled or failed export leaves nothing under the final name.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { ShoeboxError } from '../../../common/errors';
import { isCompressed, openImageSource, throwIfCancelled, type ExportFile } from './export-files';

/** Options of `writeZip`. */
export interface ZipWriteOptions {
  signal?: AbortSignal;
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
  const temp = `${target}.tmp-${randomUUID()}`;
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
