/**
 * Writes an export into a folder, incrementally: a hidden record (`.shoebox-export.json`)
 * lists every file the export wrote with its size and modification time (and, for photos and
 * videos, the library file it came from, the GPS position written into it and how a web copy
 * was made, if any), so a re-export skips what did not change (keeping GPS or not included;
 * a video's web copy is not made again), rewrites what did and
 * deletes the files of photos no longer in the album. Files the record does not list are never
 * touched, and a non-empty folder without a record is refused.
 *
 * Every file is written under a temporary name in its own directory and renamed into place, so
 * a cancelled or failed export never leaves a half-written file under a final name.
 */
import { randomUUID } from 'node:crypto';
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ShoeboxError } from '../../../common/errors';
import {
  dataOf,
  madeFileFailure,
  openImageSource,
  throwIfCancelled,
  type ExportFile,
  type MadeFile,
  type PhotoFile,
} from './export-files';
import type { GpsPosition } from './gps-exif';

/** The record of what an export wrote, inside the export folder. */
export const EXPORT_RECORD = '.shoebox-export.json';

/** Files we write; only names of this shape are ever deleted, whatever a record says. */
const OWN_FILE =
  /^(?:index\.html|album\.json|images\/[a-z0-9-]+\.webp|videos\/[a-z0-9-]+\.(?:mp4|mov)|assets\/[a-z0-9.-]+)$/;
/**
 * Temporary files of ours, left over if a previous export was killed mid-write: ours, those a
 * web copy is made through beside it (`<temp>.web.mp4`), and the ones ffmpeg writes beside
 * those (video/output-file.ts names them `.<dest>.<8 hex>.partial.mp4`).
 */
const OWN_TEMP = /^\.{1,2}shoebox-tmp-[0-9a-f-]+(?:\.[0-9a-z.]+)?$/;
/** Files operating systems drop into folders users open: they do not make a folder "used". */
const SYSTEM_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
/** Copies at a time: enough to overlap file system latency, few enough for 2 cores. */
const COPY_CONCURRENCY = 8;

const RecordEntrySchema = z.object({
  bytes: z.number(),
  mtimeMs: z.number(),
  source: z
    .object({
      path: z.string(),
      bytes: z.number(),
      mtimeMs: z.number(),
      // Absent for an image written without GPS (and in records written before GPS was kept).
      gps: z.object({ lat: z.number(), lon: z.number() }).optional(),
      // How a made file (a video's web copy) was made from its source; absent for copies.
      recipe: z.string().optional(),
    })
    .optional(),
});
const RecordSchema = z.object({
  generator: z.literal('Shoebox'),
  version: z.literal(1),
  files: z.record(z.string(), RecordEntrySchema),
});
type RecordEntry = z.infer<typeof RecordEntrySchema>;

/** What a folder export did. */
export interface FolderWriteResult {
  written: number;
  unchanged: number;
  removed: number;
}

/** Options of `writeFolder`. */
export interface FolderWriteOptions {
  signal?: AbortSignal;
  /** Called after each file is in place (written, found unchanged, or failed to be made). */
  onFile?: (file: ExportFile) => void;
  /** A made file's progress, 0..1, while it is being made. */
  onMadeProgress?: (file: MadeFile, fraction: number) => void;
  /** A made file that could not be made: it is left out, and the export goes on. */
  onFailed?: (file: MadeFile, reason: string) => void;
}

/**
 * The record of a previous export in `folder`: null for a missing or empty folder; CONFLICT
 * for a file, or for a folder with other content and no valid record.
 */
export async function readExportRecord(
  folder: string,
): Promise<Record<string, RecordEntry> | null> {
  const info = await stat(folder).catch(() => null);
  if (!info) return null;
  if (!info.isDirectory()) {
    throw new ShoeboxError('CONFLICT', `${folder} is a file; choose a folder to export into.`);
  }
  const raw = await readFile(path.join(folder, EXPORT_RECORD), 'utf8').catch(() => null);
  if (raw !== null) {
    const parsed = RecordSchema.safeParse(safeJson(raw));
    if (parsed.success) return parsed.data.files;
  }
  const entries = await readdir(folder);
  if (entries.every((name) => SYSTEM_LITTER.has(name))) return null;
  throw new ShoeboxError(
    'CONFLICT',
    `${folder} is not empty and holds no Shoebox export; choose an empty folder or a previous export.`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Writes `files` into `folder` (created if needed), skipping unchanged ones and deleting the
 * files of a previous export that are no longer part of it. Made files come first, one at a
 * time (each is a long ffmpeg run using every core); then the copies, several at once; then
 * generated files in the order given: callers put index.html last.
 */
export async function writeFolder(
  folder: string,
  files: ExportFile[],
  options: FolderWriteOptions = {},
): Promise<FolderWriteResult> {
  const { signal } = options;
  const previous = (await readExportRecord(folder)) ?? {};
  const names = new Set(files.map((file) => file.name));
  const dirs = new Set(files.map((file) => path.dirname(path.join(folder, file.name))));
  for (const dir of [folder, ...dirs]) {
    await mkdir(dir, { recursive: true });
    await sweepTemps(dir);
  }

  // Until this export finishes, the record lists old and new files alike: whatever happens
  // next, a later export knows every file that may be ours.
  const record: Record<string, RecordEntry> = { ...previous };
  for (const name of names) record[name] ??= { bytes: -1, mtimeMs: -1 };
  await writeRecord(folder, record);

  const result: FolderWriteResult = { written: 0, unchanged: 0, removed: 0 };
  const place = async (file: ExportFile): Promise<void> => {
    throwIfCancelled(signal);
    const target = path.join(folder, ...file.name.split('/'));
    const before = previous[file.name];
    const entry =
      file.kind === 'data'
        ? await placeData(dataOf(file), target, signal)
        : file.kind === 'made'
          ? await placeMade(file, target, before, options)
          : await placeCopy(file, target, before, signal);
    if (entry) {
      if (entry.written) result.written += 1;
      else result.unchanged += 1;
      record[file.name] = entry.record;
    } else {
      // Not made: whatever a previous export left under this name is stale, and goes below.
      names.delete(file.name);
    }
    options.onFile?.(file);
  };

  for (const file of files) if (file.kind === 'made') await place(file);
  const copies = files.filter((file) => file.kind === 'image' || file.kind === 'video');
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(COPY_CONCURRENCY, copies.length) }, async () => {
      // After a failure the other copies stop too, and the error is thrown once all have.
      while (next < copies.length && !failure) {
        await place(copies[next++]!).catch((error: unknown) => {
          failure ??= { error };
        });
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
  for (const file of files) if (file.kind === 'data') await place(file);

  for (const name of Object.keys(record)) {
    if (names.has(name)) continue;
    if (OWN_FILE.test(name) && (await removeIfPresent(path.join(folder, ...name.split('/'))))) {
      result.removed += 1;
    }
    delete record[name];
  }
  await writeRecord(folder, record);
  return result;
}

/** Whether `target` is what an earlier export made from `file`'s source, untouched since. */
async function unchangedSince(
  file: PhotoFile,
  target: string,
  before: RecordEntry | undefined,
  gps: GpsPosition | null | undefined,
  recipe: string | undefined,
): Promise<boolean> {
  if (before?.source?.path !== file.source || before.source.recipe !== recipe) return false;
  if (!sameGps(before.source.gps, gps)) return false;
  const [source, existing] = await Promise.all([
    stat(file.source).catch(() => null),
    stat(target).catch(() => null),
  ]);
  return (
    source?.size === before.source.bytes &&
    source.mtimeMs === before.source.mtimeMs &&
    existing?.size === before.bytes &&
    existing.mtimeMs === before.mtimeMs
  );
}

async function placeCopy(
  file: Extract<PhotoFile, { kind: 'image' | 'video' }>,
  target: string,
  before: RecordEntry | undefined,
  signal: AbortSignal | undefined,
): Promise<{ written: boolean; record: RecordEntry }> {
  const gps = file.kind === 'image' ? file.gps : null;
  if (await unchangedSince(file, target, before, gps, undefined)) {
    return { written: false, record: before! };
  }
  const source = file.kind === 'image' ? await openImageSource(file) : await videoSource(file);
  const written = await writeAtomically(target, signal, (temp) =>
    source.rewritten ? writeFile(temp, source.rewritten) : copyFile(file.source, temp),
  );
  const recordedGps = gps ? { gps: { lat: gps.lat, lon: gps.lon } } : {};
  return {
    written: true,
    record: {
      ...written,
      source: { path: file.source, bytes: source.bytes, mtimeMs: source.mtimeMs, ...recordedGps },
    },
  };
}

/** A video original's size and time, or NOT_FOUND naming it when it is gone. */
async function videoSource(
  file: Extract<PhotoFile, { kind: 'video' }>,
): Promise<{ bytes: number; mtimeMs: number; rewritten: null }> {
  const info = await stat(file.source).catch(() => null);
  if (!info) {
    throw new ShoeboxError(
      'NOT_FOUND',
      `The video "${file.label}" is missing from the library; run \`shoebox verify\` to see what else is.`,
    );
  }
  return { bytes: info.size, mtimeMs: info.mtimeMs, rewritten: null };
}

/** Makes `file` at `target` unless an earlier export made it from the same source; null if it fails. */
async function placeMade(
  file: MadeFile,
  target: string,
  before: RecordEntry | undefined,
  options: FolderWriteOptions,
): Promise<{ written: boolean; record: RecordEntry } | null> {
  if (await unchangedSince(file, target, before, undefined, file.recipe)) {
    return { written: false, record: before! };
  }
  const source = await stat(file.source).catch(() => null);
  try {
    const written = await writeAtomically(target, options.signal, (temp) =>
      file.make(temp, {
        signal: options.signal,
        onProgress: (fraction) => options.onMadeProgress?.(file, fraction),
      }),
    );
    return {
      written: true,
      record: {
        ...written,
        source: {
          path: file.source,
          bytes: source?.size ?? -1,
          mtimeMs: source?.mtimeMs ?? -1,
          recipe: file.recipe,
        },
      },
    };
  } catch (error) {
    throwIfCancelled(options.signal);
    const reason = madeFileFailure(file, error);
    if (reason === null) throw error;
    options.onFailed?.(file, reason);
    return null;
  }
}

function sameGps(
  recorded: GpsPosition | undefined,
  wanted: GpsPosition | null | undefined,
): boolean {
  if (!recorded || !wanted) return !recorded && !wanted;
  return recorded.lat === wanted.lat && recorded.lon === wanted.lon;
}

async function placeData(
  data: Buffer,
  target: string,
  signal: AbortSignal | undefined,
): Promise<{ written: boolean; record: RecordEntry }> {
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === data.length) {
    const current = await readFile(target);
    if (current.equals(data)) {
      return { written: false, record: { bytes: existing.size, mtimeMs: existing.mtimeMs } };
    }
  }
  const written = await writeAtomically(target, signal, (temp) => writeFile(temp, data));
  return { written: true, record: written };
}

/** Writes through `write(temp)` beside `target`, then renames; returns the final size and time. */
async function writeAtomically(
  target: string,
  signal: AbortSignal | undefined,
  write: (temp: string) => Promise<void>,
): Promise<{ bytes: number; mtimeMs: number }> {
  const temp = path.join(path.dirname(target), `.shoebox-tmp-${randomUUID()}`);
  try {
    await write(temp);
    throwIfCancelled(signal);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const info = await stat(target);
  return { bytes: info.size, mtimeMs: info.mtimeMs };
}

async function writeRecord(folder: string, files: Record<string, RecordEntry>): Promise<void> {
  const record = { generator: 'Shoebox', version: 1, files };
  await writeAtomically(path.join(folder, EXPORT_RECORD), undefined, (temp) =>
    writeFile(temp, `${JSON.stringify(record)}\n`),
  );
}

async function removeIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function sweepTemps(dir: string): Promise<void> {
  const entries = await readdir(dir);
  await Promise.all(
    entries
      .filter((name) => OWN_TEMP.test(name))
      .map((name) => rm(path.join(dir, name), { force: true })),
  );
}
