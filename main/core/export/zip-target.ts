/**
 * Writes an export as one zip file, streamed with yazl: each derivative is read from the library
 * while the archive is written, one at a time, so memory stays flat however large the album.
 * Files that must be made first (videos' web copies) are made before the archive starts, into
 * temp files beside it (a video can be larger than memory, and one that fails is left out, which
 * a stream already in the archive could not be), and streamed in from there.
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
import {
  dataOf,
  isCompressed,
  madeFileFailure,
  openImageSource,
  throwIfCancelled,
  type ExportFile,
  type MadeFile,
} from './export-files';

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
  /** Called once a file's data is in the archive (or it failed to be made). */
  onFile?: (file: ExportFile) => void;
  /** A made file's progress, 0..1, while it is being made. */
  onMadeProgress?: (file: MadeFile, fraction: number) => void;
  /** A made file that could not be made: it is left out, and the export goes on. */
  onFailed?: (file: MadeFile, reason: string) => void;
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
  const made = new Map<MadeFile, string>();
  try {
    for (const file of files) {
      if (file.kind !== 'made') continue;
      const place = await makeBeside(file, `${temp}-${made.size}.part`, options);
      if (place) made.set(file, place);
      options.onFile?.(file);
    }
    await archive(temp, files, made, options);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (signal?.aborted) throw new ShoeboxError('CANCELLED', 'The export was cancelled.');
    throw error;
  } finally {
    await Promise.all([...made.values()].map((file) => rm(file, { force: true })));
  }
  return (await stat(target)).size;
}

/** Makes `file` at `place`; null (and `onFailed`) when it cannot be made. */
async function makeBeside(
  file: MadeFile,
  place: string,
  options: ZipWriteOptions,
): Promise<string | null> {
  try {
    await file.make(place, {
      signal: options.signal,
      onProgress: (fraction) => options.onMadeProgress?.(file, fraction),
    });
    return place;
  } catch (error) {
    await rm(place, { force: true });
    throwIfCancelled(options.signal);
    const reason = madeFileFailure(file, error);
    if (reason === null) throw error;
    options.onFailed?.(file, reason);
    return null;
  }
}

/** Streams the archive of `files` into `temp`, made files from where they were made. */
async function archive(
  temp: string,
  files: ExportFile[],
  made: Map<MadeFile, string>,
  options: ZipWriteOptions,
): Promise<void> {
  const zip = new ZipFile();
  for (const file of files) {
    const entryOptions = { mtime: options.mtime, compress: !isCompressed(file.name) };
    if (file.kind === 'data') {
      zip.addBuffer(dataOf(file), file.name, entryOptions);
      continue;
    }
    const from = file.kind === 'made' ? made.get(file) : file.source;
    if (from === undefined) continue;
    zip.addReadStreamLazy(file.name, entryOptions, (callback) => {
      const opened =
        file.kind === 'image'
          ? openImageSource(file)
          : Promise.resolve({ rewritten: null as Buffer | null });
      opened.then(
        (source) => {
          const stream = source.rewritten
            ? Readable.from([source.rewritten])
            : createReadStream(from);
          // yazl listens to errors of the files it opens itself, not of streams it is given.
          stream.on('error', (error: Error) => zip.emit('error', missingVideo(file, error)));
          stream.on('end', () => {
            if (file.kind !== 'made') options.onFile?.(file);
          });
          callback(null, stream);
        },
        (error: unknown) => callback(error, undefined as never),
      );
    });
  }
  zip.end();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  await pipeline(output, createWriteStream(temp), { signal: options.signal });
}

/** A video original that is gone says so as the folder export does; other errors pass. */
function missingVideo(file: ExportFile, error: Error): Error {
  if (file.kind !== 'video' || (error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  return new ShoeboxError(
    'NOT_FOUND',
    `The video "${file.label}" is missing from the library; run \`shoebox verify\` to see what else is.`,
  );
}

/**
 * Removes `<target>.tmp-…` files left by exports that were killed: those whose writer's lease is
 * no longer held. A running export's temp (in this or another process) stays.
 */
async function removeStaleTemps(target: string, writer: TempWriter): Promise<void> {
  const prefix = `${path.basename(target)}.tmp-`;
  const names = await readdir(path.dirname(target)).catch(() => []);
  for (const name of names) {
    // ffmpeg's own temp beside a web copy being made starts with a dot (video/output-file.ts).
    const own = name.startsWith('.') ? name.slice(1) : name;
    if (!own.startsWith(prefix)) continue;
    const leaseId = new RegExp(`^(${LEASE_ID_PATTERN})-`).exec(own.slice(prefix.length))?.[1];
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
