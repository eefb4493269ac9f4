import { existsSync, linkSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DERIVATIVE_SIZE_NAMES } from '../../../common/derivative-sizes';
import { ShoeboxError } from '../../../common/errors';
import type { ImagingPool } from '../imaging/imaging-pool';
import { hashFile } from '../import/hash-file';
import { ImagingError } from '../imaging/imaging-pool';
import { describeFailure } from '../import/failure-messages';
import { numberedName } from '../import/file-names';
import { recordStoredOriginal } from '../import/record-photo';
import type { AlbumRepository } from './album-repository';
import type { LibraryDatabase } from './database';
import { LEASE_ID_PATTERN, type LeaseRepository } from './lease-repository';
import { fromStoredPath, type LibraryLayout, toStoredPath } from './library-paths';
import type { PhotoRepository, PhotoRow } from './photo-repository';
import type { ReservationRepository } from './reservation-repository';
import type { WriterLease } from './writer-lease';

const DERIVATIVE_TEMP = /\.tmp-[^/\\]+$/;
// The lease id of the process that wrote a temp file: `<derivative>.tmp-<lease>-<hex>`, or
// `original-<lease>-…`, `upload-<lease>-…`, `export-<lease>-…` in .staging/.
const TEMP_WRITER = [
  new RegExp(`\\.tmp-(${LEASE_ID_PATTERN})-[0-9a-f]+$`),
  new RegExp(`^[a-z]+-(${LEASE_ID_PATTERN})-`),
];
// `derivatives/ab/<hash>-<size>.webp`: the content a derivative was made from.
const DERIVATIVE_HASH = /^([0-9a-f]{64})-[a-z]+\.webp$/;

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
  leases: LeaseRepository;
  reservations: ReservationRepository;
  db: LibraryDatabase;
  imaging: () => ImagingPool;
  /** This process's lease, opened on first use: only a repair writes, so only it needs one. */
  lease: () => WriterLease;
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
  if (!options.repair) return checkLibrary(deps, options);
  // One repair at a time per library: two would each adopt or move away the same strays.
  const lease = deps.lease();
  deps.leases.reapDead();
  deps.leases.acquireLock('repair', lease.id, 'repairing');
  const endActivity = lease.begin('repairing');
  try {
    return await checkLibrary(deps, options, lease);
  } finally {
    endActivity();
    deps.leases.releaseLock('repair', lease.id);
  }
}

async function checkLibrary(
  deps: VerifyDependencies,
  options: VerifyOptions,
  lease?: WriterLease,
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
    if (needsDerivatives && lease && originalOk) {
      await remakeDerivatives(deps, row, problems);
    }
  }

  await findStrays(deps, knownFiles, lease, problems);
  return {
    ok: problems.every((problem) => problem.repaired !== undefined),
    // Counted after the repair: the photos it recorded (and another process's imports) count.
    photos: deps.photos.countAll(),
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
  // Deleted for good by another process since the listing: nothing is missing.
  if (!info && !deps.photos.findById(row.id)) return false;
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

/**
 * Files no row records. What a live process is writing is left alone, whichever process it is:
 * its temp files (named by its lease), derivatives of content it has reserved, originals at
 * names it has reserved. Each check is made again at the moment of acting, inside a write
 * transaction, since another process may record the file after the listing.
 */
async function findStrays(
  deps: VerifyDependencies,
  knownFiles: Set<string>,
  lease: WriterLease | undefined,
  problems: Problem[],
): Promise<void> {
  const { layout } = deps;
  const leftover = (relative: string): Problem => ({
    kind: 'leftover-temp',
    path: relative,
    detail: 'a temporary file left by an interrupted import, upload or export',
  });
  for (const file of await listFiles(layout.staging)) {
    if (writerIsLive(deps, file)) continue;
    const problem = leftover(toStoredPath(layout, file));
    if (lease) {
      await rm(file, { force: true });
      problem.repaired = 'removed';
    }
    problems.push(problem);
  }
  for (const file of await listFiles(layout.derivatives)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative)) continue;
    const temp = DERIVATIVE_TEMP.test(file);
    if (temp ? writerIsLive(deps, file) : derivativeInFlight(deps, file, relative)) continue;
    const problem: Problem = temp
      ? leftover(relative)
      : { kind: 'stray-derivative', path: relative, detail: 'a derivative no photo records' };
    if (lease) {
      const removed = deps.db
        .transaction(() => {
          if (!temp && derivativeInFlight(deps, file, relative)) return false;
          assertStillRepairing(deps, lease);
          unlinkSync(file);
          return true;
        })
        .immediate();
      if (!removed) continue;
      problem.repaired = 'removed (derivatives are made again from originals)';
    }
    problems.push(problem);
  }
  for (const file of await listFiles(layout.originals)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative) || originalInFlight(deps, relative)) continue;
    const problem: Problem = {
      kind: 'stray-original',
      path: relative,
      detail: 'a file in originals/ that no photo records',
    };
    if (lease) {
      const outcome = await placeStrayOriginal(deps, lease, file, relative);
      if (outcome === null) continue;
      if ('repaired' in outcome) problem.repaired = outcome.repaired;
      else problem.detail += ` (could not record it: ${outcome.kept})`;
    }
    problems.push(problem);
  }
}

/**
 * Records a stray original where it lies, or moves it to recovered/ when its content is a photo
 * already or Shoebox cannot decode it. Null when it turned out to be recorded or in flight; a
 * string saying why it stayed when recording failed for another reason (a full disk, a busy
 * database): the next repair tries again, and a good photo is never moved away for it.
 */
async function placeStrayOriginal(
  deps: VerifyDependencies,
  lease: WriterLease,
  file: string,
  relative: string,
): Promise<{ repaired: string } | { kept: string } | null> {
  let hash: string;
  try {
    hash = await hashFile(file);
  } catch (error) {
    // Gone since the listing (an import that failed, a delete): nothing left to repair.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const claim = deps.reservations.claimStray(lease.id, relative, hash);
  if (claim.kind === 'recorded' || claim.kind === 'in-flight') return null;
  try {
    if (claim.kind === 'claimed') {
      try {
        const photoId = await recordStoredOriginal(
          { ...deps, lease },
          file,
          hash,
          claim.reservationId,
        );
        return { repaired: `recorded as photo ${photoId}` };
      } catch (error) {
        if (!undecodable(error)) return { kept: describeFailure(error) };
        // Not an image Shoebox can read: keep it, out of the way, for the user to look at.
      }
    }
    const moved = moveToRecovered(deps, lease, claim.reservationId, file);
    return moved ? { repaired: `moved to ${toStoredPath(deps.layout, moved)}` } : null;
  } finally {
    deps.reservations.release([claim.reservationId], lease.id);
  }
}

/** Whether recording failed because the file is no image Shoebox can decode. */
function undecodable(error: unknown): boolean {
  return (
    error instanceof ImagingError &&
    (error.code === 'UNSUPPORTED_FORMAT' ||
      error.code === 'CORRUPT' ||
      error.code === 'TOO_MANY_PIXELS')
  );
}

/**
 * Moves a stray original to recovered/, under a name no earlier recovered file has, in one
 * transaction with the checks that its reservation and the repair lock are still this
 * process's (no other process can have adopted the file meanwhile). Its new path, or null when
 * either was lost and the file stayed.
 */
function moveToRecovered(
  deps: VerifyDependencies,
  lease: WriterLease,
  reservationId: number,
  file: string,
): string | null {
  const relative = path.relative(deps.layout.originals, file);
  let target: string | null = null;
  mkdirSync(path.join(deps.layout.recovered, path.dirname(relative)), { recursive: true });
  deps.reservations.fenced(reservationId, lease.id, () => {
    assertStillRepairing(deps, lease);
    for (let attempt = 1; target === null; attempt += 1) {
      const candidate = path.join(
        deps.layout.recovered,
        path.dirname(relative),
        numberedName(path.basename(relative), attempt),
      );
      try {
        // link() never overwrites: a file recovered by an earlier repair stays.
        linkSync(file, candidate);
        target = candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // File systems without hard links: the same check, then a rename.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
          if (existsSync(candidate)) continue;
          renameSync(file, candidate);
          target = candidate;
          return;
        }
        throw error;
      }
    }
    unlinkSync(file);
  });
  return target;
}

/**
 * Throws when another process took this repair for stopped (its lock is gone): two repairs
 * must never act at once, so this one stops before it removes or moves anything more.
 */
function assertStillRepairing(deps: VerifyDependencies, lease: WriterLease): void {
  if (!deps.leases.holdsLock('repair', lease.id)) {
    throw new ShoeboxError(
      'CONFLICT',
      'Another Shoebox process took this repair for stopped and may be repairing; run it again.',
    );
  }
}

/** Whether a derivative no listed row had is recorded by now, or its content is in flight. */
function derivativeInFlight(deps: VerifyDependencies, file: string, relative: string): boolean {
  if (deps.photos.recordsFile(relative)) return true;
  const hash = DERIVATIVE_HASH.exec(path.basename(file))?.[1];
  return hash !== undefined && deps.reservations.hashInFlight(hash);
}

/** Whether an original no listed row had is recorded by now, or a live import is placing it. */
function originalInFlight(deps: VerifyDependencies, relative: string): boolean {
  return deps.photos.recordsFile(relative) || deps.reservations.pathInFlight(relative);
}

/** Every regular file below `dir` (none if it does not exist), skipping hidden files. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Whether the process that wrote a temp file (its lease id in the name) is still alive. */
function writerIsLive(deps: VerifyDependencies, file: string): boolean {
  const name = path.basename(file);
  const leaseId = TEMP_WRITER.map((pattern) => pattern.exec(name)?.[1]).find(Boolean);
  return leaseId !== undefined && deps.leases.isLive(leaseId);
}
