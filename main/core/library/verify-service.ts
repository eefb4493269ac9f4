import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DERIVATIVE_SIZE_NAMES } from '../../../common/derivative-sizes';
import type { ImagingPool } from '../imaging/imaging-pool';
import { hashFile } from '../import/hash-file';
import { adoptStoredOriginal, describeFailure } from '../import/import-service';
import type { AlbumRepository } from './album-repository';
import type { LibraryDatabase } from './database';
import { fromStoredPath, type LibraryLayout, toStoredPath } from './library-paths';
import type { PhotoRepository, PhotoRow } from './photo-repository';

const DERIVATIVE_TEMP = /\.tmp-[^/\\]+$/;

/** One inconsistency in a library. */
export interface Problem {
  kind:
    | 'database'
    | 'missing-original'
    | 'original-changed'
    | 'missing-derivative'
    | 'derivative-changed'
    | 'stray-original'
    | 'stray-derivative'
    | 'leftover-temp';
  /** The file concerned, relative to the library root (or the database message). */
  path: string;
  photoId?: number;
  detail: string;
  /** What `--repair` did about it, when it did something. */
  repaired?: string;
}

/** What verify found. */
export interface VerifyReport {
  ok: boolean;
  photos: number;
  problems: Problem[];
}

/** Options of verify. */
export interface VerifyOptions {
  /** Mend what can be mended: never deletes an original. */
  repair?: boolean;
  /** Compare sizes only, without re-hashing every original (fast on large libraries). */
  quick?: boolean;
}

/** What verify works with. */
export interface VerifyDependencies {
  layout: LibraryLayout;
  photos: PhotoRepository;
  albums: AlbumRepository;
  db: LibraryDatabase;
  imaging: () => ImagingPool;
}

/**
 * Checks that every photo has its original (recorded size and hash) and its derivatives
 * (recorded size), that no stray files or leftovers exist, and SQLite's own integrity check.
 * With `repair`: leftovers and stray derivatives are removed, missing derivatives remade, a stray
 * original is recorded where it lies (or moved to recovered/ when its content is already in the
 * library). Originals are never deleted; a missing or changed original stays a problem.
 */
export async function verifyLibrary(
  deps: VerifyDependencies,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: Problem[] = [];
  const integrity = deps.db.pragma('integrity_check', { simple: false }) as {
    integrity_check: string;
  }[];
  for (const { integrity_check: message } of integrity) {
    if (message !== 'ok') problems.push({ kind: 'database', path: 'library.db', detail: message });
  }
  const foreignKeys = deps.db.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) {
    problems.push({
      kind: 'database',
      path: 'library.db',
      detail: `${foreignKeys.length} rows break foreign keys`,
    });
  }

  const rows = deps.photos.allRows();
  const derivativesByPhoto = deps.photos.derivativesOf(rows.map((row) => row.id));
  const knownFiles = new Set<string>();
  for (const row of rows) {
    knownFiles.add(row.stored_path);
    const originalOk = await checkOriginal(deps, row, options, problems);
    const recorded = derivativesByPhoto.get(row.id) ?? [];
    let needsDerivatives = false;
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const derivative = recorded.find((d) => d.size === size);
      if (!derivative) {
        problems.push({
          kind: 'missing-derivative',
          path: `(no ${size} recorded)`,
          photoId: row.id,
          detail: `photo ${row.id} has no ${size} derivative recorded`,
        });
        needsDerivatives = true;
        continue;
      }
      knownFiles.add(derivative.stored_path);
      const file = fromStoredPath(deps.layout, derivative.stored_path);
      const info = file ? await stat(file).catch(() => null) : null;
      if (!info) {
        problems.push({
          kind: 'missing-derivative',
          path: derivative.stored_path,
          photoId: row.id,
          detail: `the ${size} derivative of photo ${row.id} is missing`,
        });
        needsDerivatives = true;
      } else if (info.size !== derivative.bytes) {
        problems.push({
          kind: 'derivative-changed',
          path: derivative.stored_path,
          photoId: row.id,
          detail: `the ${size} derivative of photo ${row.id} has ${info.size} bytes; ${derivative.bytes} were recorded`,
        });
        needsDerivatives = true;
      }
    }
    if (needsDerivatives && options.repair && originalOk) {
      await remakeDerivatives(deps, row, problems);
    }
  }

  await findStrays(deps, knownFiles, options, problems);
  return {
    ok: problems.every((problem) => problem.repaired !== undefined),
    photos: rows.length,
    problems,
  };
}

async function checkOriginal(
  deps: VerifyDependencies,
  row: PhotoRow,
  options: VerifyOptions,
  problems: Problem[],
): Promise<boolean> {
  const file = fromStoredPath(deps.layout, row.stored_path);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info) {
    problems.push({
      kind: 'missing-original',
      path: row.stored_path,
      photoId: row.id,
      detail: `the original of photo ${row.id} (${row.original_name}) is missing`,
    });
    return false;
  }
  if (info.size !== row.bytes) {
    problems.push({
      kind: 'original-changed',
      path: row.stored_path,
      photoId: row.id,
      detail: `the original of photo ${row.id} has ${info.size} bytes; ${row.bytes} were recorded`,
    });
    return false;
  }
  if (!options.quick && (await hashFile(file)) !== row.hash) {
    problems.push({
      kind: 'original-changed',
      path: row.stored_path,
      photoId: row.id,
      detail: `the content of the original of photo ${row.id} changed since import (hash differs)`,
    });
    return false;
  }
  return true;
}

async function remakeDerivatives(
  deps: VerifyDependencies,
  row: PhotoRow,
  problems: Problem[],
): Promise<void> {
  const mine = problems.filter(
    (problem) => problem.photoId === row.id && problem.kind.includes('derivative'),
  );
  try {
    const made = await deps.imaging().makeDerivatives({
      sourcePath: fromStoredPath(deps.layout, row.stored_path)!,
      outputDir: path.join(deps.layout.derivatives, row.hash.slice(0, 2)),
      baseName: row.hash,
    });
    for (const derivative of made.derivatives) {
      deps.photos.saveDerivative(row.id, {
        size: derivative.size,
        storedPath: toStoredPath(deps.layout, derivative.path),
        width: derivative.width,
        height: derivative.height,
        bytes: derivative.bytes,
      });
    }
    for (const problem of mine) problem.repaired = 'derivatives remade from the original';
  } catch (error) {
    for (const problem of mine) problem.detail += ` (could not remake: ${describeFailure(error)})`;
  }
}

async function findStrays(
  deps: VerifyDependencies,
  knownFiles: Set<string>,
  options: VerifyOptions,
  problems: Problem[],
): Promise<void> {
  const { layout } = deps;
  for (const file of await listFiles(layout.staging)) {
    const relative = toStoredPath(layout, file);
    const problem: Problem = {
      kind: 'leftover-temp',
      path: relative,
      detail: 'a temporary file left by an interrupted import, upload or export',
    };
    if (writerIsAlive(file)) continue;
    if (options.repair) {
      await rm(file, { force: true });
      problem.repaired = 'removed';
    }
    problems.push(problem);
  }
  for (const file of await listFiles(layout.derivatives)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative)) continue;
    // The imaging workers write `<name>.tmp-<pid>-<random>` beside the final file, then rename
    // it: the files of an import running in another process are not leftovers.
    if (DERIVATIVE_TEMP.test(file) && writerIsAlive(file)) continue;
    const problem: Problem = DERIVATIVE_TEMP.test(file)
      ? {
          kind: 'leftover-temp',
          path: relative,
          detail: 'a temporary file left by an interrupted import, upload or export',
        }
      : { kind: 'stray-derivative', path: relative, detail: 'a derivative no photo records' };
    if (options.repair) {
      await rm(file, { force: true });
      problem.repaired = 'removed (derivatives are made again from originals)';
    }
    problems.push(problem);
  }
  for (const file of await listFiles(layout.originals)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative)) continue;
    const problem: Problem = {
      kind: 'stray-original',
      path: relative,
      detail: 'a file in originals/ that no photo records',
    };
    if (options.repair) problem.repaired = await placeStrayOriginal(deps, file);
    if (!problem.repaired) delete problem.repaired;
    problems.push(problem);
  }
}

async function placeStrayOriginal(
  deps: VerifyDependencies,
  file: string,
): Promise<string | undefined> {
  try {
    const result = await adoptStoredOriginal(
      { layout: deps.layout, photos: deps.photos, albums: deps.albums, imaging: deps.imaging },
      file,
    );
    if (result.status === 'adopted') return `recorded as photo ${result.photoId}`;
  } catch {
    // Not an image Shoebox can read: keep it, out of the way, for the user to look at.
  }
  const target = path.join(deps.layout.recovered, path.relative(deps.layout.originals, file));
  await mkdir(path.dirname(target), { recursive: true });
  await rename(file, target);
  return `moved to ${toStoredPath(deps.layout, target)}`;
}

/** Every regular file below `dir` (none if it does not exist), skipping hidden files. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Whether the process that wrote a temporary file (pid in its name) is still running. */
function writerIsAlive(file: string): boolean {
  const name = path.basename(file);
  // `<derivative>.tmp-<pid>-<hex>`, or `original-<pid>-…`, `upload-<pid>-…`, `export-<pid>-…`.
  const pid = Number((/\.tmp-(\d+)-[0-9a-f]+$/.exec(name) ?? /^[a-z]+-(\d+)-/.exec(name))?.[1]);
  if (!Number.isSafeInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
