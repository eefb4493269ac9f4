/**
 * `shoebox verify`: every photo's original, other files (verify-photo-files.ts) and derivatives
 * checked against their rows, SQLite's
 * own checks, and (stray-files.ts) the files no row records; with `repair`, what can be mended
 * is, under a library-wide lock.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DERIVATIVE_SIZE_NAMES } from '../../../common/derivative-sizes';
import type { ImagingPool } from '../imaging/imaging-pool';
import { describeFailure } from '../import/failure-messages';
import { LEFT_FOR_NEXT_IMPORT } from '../import/finish-derivatives';
import { hashFile } from '../import/hash-file';
import type { SidecarWriter } from '../sidecars/sidecar-writer';
import type { AlbumRepository } from './album-repository';
import type { DescriptionRepository } from './description-repository';
import type { LibraryDatabase } from './database';
import type { LeaseRepository } from './lease-repository';
import { fromStoredPath, type LibraryLayout, toStoredPath } from './library-paths';
import type { PhotoRepository, PhotoRow } from './photo-repository';
import type { ReservationRepository } from './reservation-repository';
import { derivativeBaseName } from './rotate-photos';
import { addTurns, prepareDerivativeSource, sourceFactsOfRow } from './derivative-source';
import { findStrays } from './stray-files';
import { checkPhotoFiles } from './verify-photo-files';
import { isReferenced } from './referenced-files';
import { checkReferencedFile, type Notice } from './verify-referenced';
import type { WriterLease } from './writer-lease';

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
    | 'stray-sidecar'
    | 'missing-sidecar'
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
  /** Files of added folders not as recorded (missing, offline, changed): not the library's fault. */
  notices: Notice[];
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
  descriptions: DescriptionRepository;
  /** Writes the sidecars a repair found behind or missing. */
  sidecars: Pick<SidecarWriter, 'flush'>;
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
  const notices: Notice[] = [];
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
    const originalOk = await checkOriginal(deps, row, options, problems, notices);
    const recorded = derivativesByPhoto.get(row.id) ?? [];
    // Thumbnails first: a live import is still making this photo's medium and large, or a
    // cancelled one left them for the next import; only the sizes recorded are checked (a
    // repair makes a cancelled import's now). A crashed one's are missing, and remade below.
    const pendingWith = row.derivatives_pending;
    const stillMaking =
      pendingWith !== null &&
      (pendingWith === LEFT_FOR_NEXT_IMPORT ? !lease : deps.leases.isLive(pendingWith));
    let needsDerivatives = false;
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const derivative = recorded.find((d) => d.size === size);
      if (!derivative && stillMaking) continue;
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
      } else if (info.size !== derivative.bytes && !stillMaking) {
        // (A live import's second phase replaces the quick thumbnail before the transaction
        // that records the new one: its sizes settle when it does.)
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
    // A photo left in its folder keeps its description in the database (or writes a sidecar
    // beside it there, which is the user's file to keep).
    if (!isReferenced(row.stored_path)) await checkSidecar(deps, row, knownFiles, lease, problems);
  }

  await checkPhotoFiles(deps, options, knownFiles, problems, notices);
  await findStrays(deps, knownFiles, lease, problems);
  // A repair writes every sidecar that is behind (or was found missing above).
  if (lease) await deps.sidecars.flush();
  return {
    ok: problems.every((problem) => problem.repaired !== undefined),
    // Counted after the repair: the photos it recorded (and another process's imports) count.
    photos: deps.photos.countAll(),
    problems,
    notices,
  };
}

/**
 * A photo whose sidecar the database says is written must have it beside its original; with
 * repair it is written again. A sidecar still pending is not a problem: a writer is on it.
 */
async function checkSidecar(
  deps: VerifyDependencies,
  row: PhotoRow,
  knownFiles: Set<string>,
  lease: WriterLease | undefined,
  problems: Problem[],
): Promise<void> {
  const stored = `${row.stored_path}.xmp`;
  knownFiles.add(stored);
  if (row.sidecar_rev !== row.description_rev) return;
  const file = fromStoredPath(deps.layout, stored);
  if (file && (await stat(file).catch(() => null))) return;
  const problem: Problem = {
    kind: 'missing-sidecar',
    path: stored,
    photoId: row.id,
    detail: `the XMP sidecar of photo ${row.id} (${row.original_name}) is missing`,
  };
  if (lease) {
    deps.descriptions.markSidecarMissing(row.id);
    problem.repaired = 'written again from the library';
  }
  problems.push(problem);
}

async function checkOriginal(
  deps: VerifyDependencies,
  row: PhotoRow,
  options: VerifyOptions,
  problems: Problem[],
  notices: Notice[],
): Promise<boolean> {
  if (isReferenced(row.stored_path)) {
    const what = `the original of photo ${row.id} (${row.original_name})`;
    const found = await checkReferencedFile(
      deps.photos,
      { stored: row.stored_path, photoId: row.id, bytes: row.bytes, hash: row.hash, what },
      options.quick === true,
      notices,
    );
    if (found !== null) return found;
    problems.push({
      kind: 'missing-original',
      path: row.stored_path,
      photoId: row.id,
      detail: `${what} names a file no added folder has`,
    });
    return false;
  }
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
  let release = async (): Promise<void> => undefined;
  try {
    const source = await prepareDerivativeSource(sourceFactsOfRow(deps.photos, row), {
      folder: deps.layout.staging,
      leaseId: deps.lease().id,
    });
    release = source.release;
    const made = await deps.imaging().makeDerivatives({
      sourcePath: source.sourcePath,
      outputDir: path.join(deps.layout.derivatives, row.hash.slice(0, 2)),
      baseName: derivativeBaseName(row.hash, row.rotation),
      rotation: addTurns(source.turn, row.rotation),
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
    // A photo a dead import left with its thumbnail only is now whole.
    if (row.derivatives_pending !== null) deps.photos.pending.clear(row.id);
    for (const problem of mine) problem.repaired = 'derivatives remade from the original';
  } catch (error) {
    for (const problem of mine) problem.detail += ` (could not remake: ${describeFailure(error)})`;
  } finally {
    await release().catch(() => undefined);
  }
}
