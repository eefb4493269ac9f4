/**
 * Writes an export into a folder, incrementally: a hidden record (`.shoebox-export.json`)
 * lists every file the export wrote with its size and modification time (and, for photos, the
 * library file it came from and the GPS position written into it, if any), so a re-export skips
 * what did not change (keeping GPS or not included), rewrites what did and
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
import { openImageSource, throwIfCancelled, type ExportFile } from './export-files';
import type { GpsPosition } from './gps-exif';

/** The record of what an export wrote, inside the export folder. */
export const EXPORT_RECORD = '.shoebox-export.json';

/** Files we write; only names of this shape are ever deleted, whatever a record says. */
const OWN_FILE = /^(?:index\.html|album\.json|images\/[a-z0-9-]+\.webp|assets\/[a-z0-9.-]+)$/;
/** Temporary files of ours, left over if a previous export was killed mid-write. */
const OWN_TEMP = /^\.shoebox-tmp-[0-9a-f-]+$/;
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
  /** Called after each file is in place (written or found unchanged). */
  onFile?: (file: ExportFile) => void;
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
 * files of a previous export that are no longer part of it. Generated files are written in
 * the order given, after every photo: callers put index.html last.
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
    const entry =
      'source' in file
        ? await placeImage(file, target, previous[file.name], signal)
        : await placeData(file.data, target, signal);
    if (entry.written) result.written += 1;
    else result.unchanged += 1;
    record[file.name] = entry.record;
    options.onFile?.(file);
  };

  const images = files.filter((file) => 'source' in file);
  let next = 0;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(COPY_CONCURRENCY, images.length) }, async () => {
      // After a failure the other copies stop too, and the error is thrown once all have.
      while (next < images.length && !failure) {
        await place(images[next++]!).catch((error: unknown) => {
          failure ??= { error };
        });
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
  for (const file of files) if (!('source' in file)) await place(file);

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

async function placeImage(
  file: Extract<ExportFile, { source: string }>,
  target: string,
  before: RecordEntry | undefined,
  signal: AbortSignal | undefined,
): Promise<{ written: boolean; record: RecordEntry }> {
  if (before?.source?.path === file.source && sameGps(before.source.gps, file.gps)) {
    const [source, existing] = await Promise.all([
      stat(file.source).catch(() => null),
      stat(target).catch(() => null),
    ]);
    if (
      source?.size === before.source.bytes &&
      source.mtimeMs === before.source.mtimeMs &&
      existing?.size === before.bytes &&
      existing.mtimeMs === before.mtimeMs
    ) {
      return { written: false, record: before };
    }
  }
  const source = await openImageSource(file);
  const written = await writeAtomically(target, signal, (temp) =>
    source.rewritten ? writeFile(temp, source.rewritten) : copyFile(file.source, temp),
  );
  const gps = file.gps ? { gps: { lat: file.gps.lat, lon: file.gps.lon } } : {};
  return {
    written: true,
    record: {
      ...written,
      source: { path: file.source, bytes: source.bytes, mtimeMs: source.mtimeMs, ...gps },
    },
  };
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
