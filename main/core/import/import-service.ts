import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ImportProgress, ImportTotals, Photo } from '../../../common/contract';
import { ShoeboxError, type ErrorData } from '../../../common/errors';
import type { DerivativesResult, ImagingPool } from '../imaging/imaging-pool';
import type { AlbumRepository } from '../library/album-repository';
import { isInside, type LibraryLayout, toStoredPath } from '../library/library-paths';
import type { NewPhoto, PhotoRepository } from '../library/photo-repository';
import type { ReservationRepository } from '../library/reservation-repository';
import type { WriterLease } from '../library/writer-lease';
import { hashFile } from './hash-file';
import { captureSortKey, readMetadata, type PhotoMetadata } from './metadata';
import { placeOriginal } from './place-original';
import { scanInputs, type ScanCandidate } from './scan';
import { CHANGED_WHILE_IMPORTED, stageSource, type StagedSource } from './stage-source';

/** One thing to import: a path, with the name the user knows it by when that differs (uploads). */
export interface ImportInput {
  path: string;
  originalName?: string;
}

/** What an import is asked to do. */
export interface ImportRequest {
  importId: string;
  inputs: ImportInput[];
  albumId?: number;
  signal?: AbortSignal;
  onProgress?: (event: ImportProgress) => void;
}

/** What an import did, file by file (`shoebox import --json` prints this). */
export interface ImportSummary {
  importId: string;
  imported: Photo[];
  duplicates: { path: string; photoId: number }[];
  skipped: { path: string; reason: string }[];
  failed: { path: string; error: string }[];
  totals: ImportTotals;
  cancelled: boolean;
}

/** What the import service works with: passed in, so it tests under plain Node. */
export interface ImportDependencies {
  layout: LibraryLayout;
  photos: PhotoRepository;
  albums: AlbumRepository;
  reservations: ReservationRepository;
  /** This process's lease: what it reserves is held under it, its temp files carry its id. */
  lease: WriterLease;
  imaging: () => ImagingPool;
  now?: () => Date;
}

type Outcome =
  | { status: 'imported'; photo: Photo }
  | { status: 'duplicate'; photoId: number }
  | { status: 'failed'; error: string };

/**
 * Imports files and folders: scan → copy into staging while hashing (duplicates skipped) →
 * content reserved → metadata and derivatives from the staged copy → original placed at a
 * reserved name → one transaction per photo. A file that fails is reported and the batch goes
 * on; a cancelled import keeps what it finished and leaves nothing half-written. Another
 * process importing the same content at the same time makes this file a duplicate, not a
 * failure.
 */
export async function runImport(
  deps: ImportDependencies,
  request: ImportRequest,
): Promise<ImportSummary> {
  const { signal } = request;
  const now = deps.now ?? (() => new Date());
  if (request.albumId !== undefined) deps.albums.get(request.albumId);

  const displayNames = new Map(
    request.inputs.map((input) => [path.resolve(input.path), input.originalName ?? input.path]),
  );
  const shown = (filePath: string): string => displayNames.get(path.resolve(filePath)) ?? filePath;

  const scanned = await scanInputs(
    request.inputs.map((input) => input.path),
    { signal },
  );
  // The library's own files (a user importing ~/Pictures) would come back as copies of
  // themselves, and its WebP derivatives as new photos; staged uploads are the exception.
  const ownFile = (candidate: ScanCandidate): boolean =>
    isInside(deps.layout.root, path.resolve(candidate.path)) &&
    !isInside(deps.layout.staging, path.resolve(candidate.path));
  const scan = {
    ...scanned,
    candidates: scanned.candidates.filter((candidate) => !ownFile(candidate)),
    skipped: [
      ...scanned.skipped,
      ...scanned.candidates.filter(ownFile).map((candidate) => ({
        path: candidate.path,
        reason: 'a file of the Shoebox library itself',
      })),
    ],
  };
  const summary: ImportSummary = {
    importId: request.importId,
    imported: [],
    duplicates: [],
    skipped: scan.skipped.map((entry) => ({ path: shown(entry.path), reason: entry.reason })),
    failed: scan.failed.map((entry) => ({ path: shown(entry.path), error: entry.error })),
    totals: {
      files: scan.candidates.length + scan.skipped.length + scan.failed.length,
      bytes: scan.candidates.reduce((sum, candidate) => sum + candidate.bytes, 0),
      processed: scan.skipped.length + scan.failed.length,
      processedBytes: 0,
      imported: 0,
      duplicates: 0,
      skipped: scan.skipped.length,
      failed: scan.failed.length,
    },
    cancelled: false,
  };
  const emit = (event: ImportProgress): void => request.onProgress?.(event);
  const totals = (): ImportTotals => ({ ...summary.totals });

  emit({
    type: 'queued',
    importId: request.importId,
    files: scan.candidates.map((candidate) => ({
      path: shown(candidate.path),
      bytes: candidate.bytes,
    })),
    totals: totals(),
  });
  for (const entry of summary.skipped) {
    emit({
      type: 'file',
      importId: request.importId,
      outcome: { status: 'skipped', ...entry },
      totals: totals(),
    });
  }
  for (const entry of summary.failed) {
    emit({
      type: 'file',
      importId: request.importId,
      outcome: { status: 'failed', ...entry },
      totals: totals(),
    });
  }

  const context: FileContext = {
    deps,
    now,
    signal,
    albumId: request.albumId,
    shown,
    inFlight: new Map(),
  };
  const pool = scan.candidates.length > 0 ? deps.imaging() : null;
  // The other processes on this library show that this one is importing.
  const endActivity = deps.lease.begin('importing');
  // Twice the pool's threads in flight: while the workers encode, the next files are hashed
  // and copied, so the encoders never wait on I/O.
  const lanes = Math.max(1, (pool?.threads ?? 1) * 2);
  // One shared position in the candidate list (shift() would move a 10k-file card each time).
  let next = 0;
  let fatal: ErrorData | null = null;

  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (
        let candidate = scan.candidates[next++];
        candidate;
        candidate = scan.candidates[next++]
      ) {
        if (signal?.aborted) return;
        const outcome = await importOneFile(context, pool!, candidate).catch((error: unknown) => {
          if (signal?.aborted) return null;
          return { status: 'failed' as const, error: describeFailure(error) };
        });
        if (!outcome) return;
        const shownPath = shown(candidate.path);
        summary.totals.processed += 1;
        summary.totals.processedBytes += candidate.bytes;
        if (outcome.status === 'imported') {
          summary.totals.imported += 1;
          summary.imported.push(outcome.photo);
        } else if (outcome.status === 'duplicate') {
          summary.totals.duplicates += 1;
          summary.duplicates.push({ path: shownPath, photoId: outcome.photoId });
        } else {
          summary.totals.failed += 1;
          summary.failed.push({ path: shownPath, error: outcome.error });
        }
        emit({
          type: 'file',
          importId: request.importId,
          outcome: { ...outcome, path: shownPath },
          totals: totals(),
        });
      }
    }),
  )
    .catch((error: unknown) => {
      fatal = { code: 'INTERNAL', message: describeFailure(error) };
    })
    .finally(endActivity);

  summary.cancelled = signal?.aborted ?? false;
  emit({
    type: 'finished',
    importId: request.importId,
    totals: totals(),
    cancelled: summary.cancelled,
    error: fatal,
  });
  return summary;
}

interface FileContext {
  deps: ImportDependencies;
  now: () => Date;
  signal: AbortSignal | undefined;
  albumId: number | undefined;
  /** The path (or uploaded name) the user knows a file by. */
  shown: (filePath: string) => string;
  /**
   * This batch's reserved contents, by hash: a second copy in the batch waits for the first to
   * settle, then tries again on its own (a failed first copy never fails the second).
   */
  inFlight: Map<string, Promise<unknown>>;
}

// How often a file waits to see whether another process finished importing the same content:
// a photo takes a fraction of a second, so a racing duplicate is answered about as fast.
const RESERVATION_POLL_MS = 100;

async function importOneFile(
  context: FileContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
): Promise<Outcome> {
  const { deps, signal } = context;
  // A file whose size no photo has cannot be a duplicate: it is hashed as it is copied, in one
  // read. Otherwise it is hashed first, so a card inserted again is not copied again.
  let hashBeforeCopy: string | null = null;
  if (deps.photos.hasFileOfSize(candidate.bytes)) {
    hashBeforeCopy = await hashFile(candidate.source, signal);
    const existing = deps.photos.findByHash(hashBeforeCopy);
    if (existing) return duplicateOf(context, existing.id);
  }
  const staged = await stageSource(deps.layout, candidate.source, deps.lease.id, { signal });
  try {
    if (hashBeforeCopy !== null && staged.hash !== hashBeforeCopy) {
      throw new ShoeboxError('IO_ERROR', CHANGED_WHILE_IMPORTED);
    }
    for (;;) {
      const claim = deps.reservations.reserveHash(deps.lease.id, staged.hash);
      if (claim.kind === 'recorded') return duplicateOf(context, claim.photoId);
      if (claim.kind === 'reserved') {
        const attempt = importReserved(context, pool, candidate, staged, claim.reservationId);
        context.inFlight.set(
          staged.hash,
          attempt.catch(() => undefined),
        );
        try {
          return await attempt;
        } finally {
          context.inFlight.delete(staged.hash);
        }
      }
      // Busy: this batch or another process is importing the same content. Wait for it to
      // settle; it is then a duplicate, or ours to try if that import failed or died.
      const sameBatch = context.inFlight.get(staged.hash);
      if (sameBatch) await sameBatch;
      else await delay(RESERVATION_POLL_MS, undefined, { signal });
    }
  } finally {
    await unlink(staged.path).catch(() => undefined);
  }
}

function duplicateOf(context: FileContext, photoId: number): Outcome {
  const row = context.deps.photos.findById(photoId);
  linkToAlbum(context, photoId, row !== undefined && row.trashed_at === null);
  return { status: 'duplicate', photoId };
}

/**
 * Imports a staged file whose content this process has reserved: metadata and derivatives from
 * the staged copy, the original placed at a reserved name, then one transaction records the
 * photo and ends the reservation. On failure, what it wrote is removed, but only while the
 * reservation is still this process's, and never a file a row records.
 */
async function importReserved(
  context: FileContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
): Promise<Outcome> {
  const { deps, signal } = context;
  const leaseId = deps.lease.id;
  const written: string[] = [];
  try {
    const metadata = await readMetadata(staged.path, staged.mtimeMs);
    const made = await pool.makeDerivatives(
      {
        sourcePath: staged.path,
        outputDir: path.join(deps.layout.derivatives, staged.hash.slice(0, 2)),
        baseName: staged.hash,
      },
      signal,
    );
    written.push(...made.derivatives.map((derivative) => derivative.path));
    // Uploads are staged under a generated name; the user knows them by the name they uploaded.
    const originalName = path.basename(context.shown(candidate.path));
    const placed = await placeOriginal(
      deps.layout,
      staged,
      { originalName, takenAt: metadata.takenAt },
      (storedPath) => deps.reservations.reserveName(reservationId, storedPath),
      signal,
    );
    if (!placed.adopted) written.push(placed.absolutePath);
    signal?.throwIfAborted();
    const photoId = deps.photos.insert(
      newPhotoRecord(deps, {
        hash: staged.hash,
        originalName,
        storedPath: placed.storedPath,
        bytes: staged.bytes,
        metadata,
        made,
        importedAt: context.now().toISOString(),
      }),
      (newId) => {
        deps.reservations.complete(reservationId, leaseId);
        linkToAlbum(context, newId, true);
      },
    );
    const row = deps.photos.findById(photoId)!;
    return { status: 'imported', photo: deps.photos.toPhotos([row])[0]! };
  } catch (error) {
    await abandonReservation(deps, reservationId, written);
    throw error;
  }
}

/**
 * Records a file that already lies in originals/ but has no row (left by a crash between
 * placing it and committing), whose name and content the caller has reserved: its derivatives
 * are made and the row points at it where it is. Returns the new photo id. On failure the
 * reservation stays the caller's, to move the file away under it.
 */
export async function recordStoredOriginal(
  deps: ImportDependencies,
  absolutePath: string,
  hash: string,
  reservationId: number,
): Promise<number> {
  const written: string[] = [];
  try {
    const info = await stat(absolutePath);
    const metadata = await readMetadata(absolutePath, info.mtimeMs);
    const made = await deps.imaging().makeDerivatives({
      sourcePath: absolutePath,
      outputDir: path.join(deps.layout.derivatives, hash.slice(0, 2)),
      baseName: hash,
    });
    written.push(...made.derivatives.map((derivative) => derivative.path));
    return deps.photos.insert(
      newPhotoRecord(deps, {
        hash,
        originalName: path.basename(absolutePath),
        storedPath: toStoredPath(deps.layout, absolutePath),
        bytes: info.size,
        metadata,
        made,
        importedAt: (deps.now ?? (() => new Date()))().toISOString(),
      }),
      () => deps.reservations.complete(reservationId, deps.lease.id),
    );
  } catch (error) {
    if (deps.reservations.holds(reservationId, deps.lease.id))
      await removeUnrecorded(deps, written);
    throw error;
  }
}

/**
 * Removes the files an unfinished photo wrote and ends its reservation. When the reservation
 * is no longer this process's (another process took it for dead), nothing is touched: those
 * files may be someone else's by now. A file some row records is never removed.
 */
async function abandonReservation(
  deps: ImportDependencies,
  reservationId: number,
  written: string[],
): Promise<void> {
  if (!deps.reservations.holds(reservationId, deps.lease.id)) return;
  await removeUnrecorded(deps, written);
  deps.reservations.release([reservationId]);
}

/** Removes files (absolute) that no row records. */
async function removeUnrecorded(deps: ImportDependencies, files: string[]): Promise<void> {
  const removable = files.filter(
    (file) => !deps.photos.recordsFile(toStoredPath(deps.layout, file)),
  );
  await Promise.all(removable.map((file) => unlink(file).catch(() => undefined)));
}

function newPhotoRecord(
  deps: ImportDependencies,
  facts: {
    hash: string;
    originalName: string;
    storedPath: string;
    bytes: number;
    metadata: PhotoMetadata;
    made: DerivativesResult;
    importedAt: string;
  },
): NewPhoto {
  const { metadata, made } = facts;
  return {
    hash: facts.hash,
    originalName: facts.originalName,
    storedPath: facts.storedPath,
    bytes: facts.bytes,
    format: made.format,
    width: made.width,
    height: made.height,
    orientation: made.orientation,
    takenAt: metadata.takenAt,
    takenSort: captureSortKey(metadata.takenAt),
    takenAtSource: metadata.takenAtSource,
    cameraMake: metadata.cameraMake,
    cameraModel: metadata.cameraModel,
    lens: metadata.lens,
    gps: metadata.gps,
    exposure: metadata.exposure,
    importedAt: facts.importedAt,
    derivatives: made.derivatives.map((derivative) => ({
      size: derivative.size,
      storedPath: toStoredPath(deps.layout, derivative.path),
      width: derivative.width,
      height: derivative.height,
      bytes: derivative.bytes,
    })),
  };
}

function linkToAlbum(context: FileContext, photoId: number, visible: boolean): void {
  if (context.albumId === undefined || !visible) return;
  context.deps.albums.addPhotos(context.albumId, [photoId], context.now().toISOString());
}

/** One clear line for a file that failed. */
export function describeFailure(error: unknown): string {
  if (error instanceof ShoeboxError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the file disappeared during import';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return "the library's disk is full";
    case 'EROFS':
    case 'SQLITE_READONLY':
      return 'the library is read-only';
    case 'EIO':
      return 'the file could not be read (I/O error: is the card still inserted?)';
  }
  const message = error instanceof Error ? error.message : String(error);
  // libvips and other native code report a full disk only in their message.
  if (/no space left on device|disk is full/i.test(message)) return "the library's disk is full";
  return message;
}
