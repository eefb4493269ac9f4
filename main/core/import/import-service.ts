import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ImportProgress, ImportTotals, Photo } from '../../../common/contract';
import { photoSummary } from '../../../common/photo-summary';
import { ShoeboxError, type ErrorData } from '../../../common/errors';
import type { ImagingPool } from '../imaging/imaging-pool';
import type { AlbumRepository } from '../library/album-repository';
import { isInside, type LibraryLayout } from '../library/library-paths';
import type { PhotoRepository } from '../library/photo-repository';
import type { ReservationRepository } from '../library/reservation-repository';
import type { WriterLease } from '../library/writer-lease';
import { readForeignDescription } from '../metadata/read-photo-description';
import { sidecarPathOf } from '../sidecars/xmp-sidecar';
import { describeFailure } from './failure-messages';
import { hashFile } from './hash-file';
import { readMetadata } from './metadata';
import { placeOriginal } from './place-original';
import { abandonReservation, newPhotoRecord } from './record-photo';
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
  /**
   * The contents this process is importing now, by hash, across all its imports: a second copy
   * waits for the first to settle, then tries again on its own (a failed first copy never fails
   * the second).
   */
  inFlight: Map<string, Promise<unknown>>;
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
          outcome:
            outcome.status === 'imported'
              ? { status: 'imported', path: shownPath, photo: photoSummary(outcome.photo) }
              : { ...outcome, path: shownPath },
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
    if (existing) return duplicateOf(context, candidate, existing.id);
  }
  const staged = await stageSource(deps.layout, candidate.source, deps.lease.id, { signal });
  try {
    if (hashBeforeCopy !== null && staged.hash !== hashBeforeCopy) {
      throw new ShoeboxError('IO_ERROR', CHANGED_WHILE_IMPORTED);
    }
    for (;;) {
      const claim = deps.reservations.reserveHash(deps.lease.id, staged.hash);
      if (claim.kind === 'recorded') return duplicateOf(context, candidate, claim.photoId);
      if (claim.kind === 'reserved') {
        const attempt = importReserved(context, pool, candidate, staged, claim.reservationId);
        deps.inFlight.set(
          staged.hash,
          attempt.catch(() => undefined),
        );
        try {
          return await attempt;
        } finally {
          deps.inFlight.delete(staged.hash);
        }
      }
      // Busy: this process or another is importing the same content. Wait for it to settle;
      // it is then a duplicate, or ours to try if that import failed or died.
      const ours = deps.inFlight.get(staged.hash);
      if (ours) await ours;
      else if (claim.leaseId === deps.lease.id) {
        // Held by this process with nothing working on it: a release that failed (a full
        // disk) left it behind. It is ours to end, or every later copy would wait for ever.
        deps.reservations.releaseHash(staged.hash, deps.lease.id);
      } else await delay(RESERVATION_POLL_MS, undefined, { signal });
    }
  } finally {
    await unlink(staged.path).catch(() => undefined);
  }
}

/**
 * A copy of a photo already in the library: filed into the album, and what its sidecars say
 * added to the photo (blanks filled, keywords added), so a sidecar written since the first
 * import is not lost. Its embedded metadata is the photo's own, read when it first came.
 */
async function duplicateOf(
  context: FileContext,
  candidate: ScanCandidate,
  photoId: number,
): Promise<Outcome> {
  if (candidate.sidecars.length > 0) {
    const sources = candidate.sidecars.map((sidecar) => sidecar.source);
    const { description } = await readForeignDescription(null, sources);
    context.deps.photos.fillDescription(photoId, description);
  }
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
    const [metadata, foreign] = await Promise.all([
      readMetadata(staged.path, staged.mtimeMs),
      readForeignDescription(
        staged.path,
        candidate.sidecars.map((sidecar) => sidecar.source),
      ),
    ]);
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
      (storedPath) => deps.reservations.reserveName(reservationId, leaseId, storedPath),
      signal,
    );
    if (!placed.adopted) written.push(placed.absolutePath);
    if (foreign.sidecar) {
      // The sidecar travels with its photo: the library's own is made from it (the other
      // apps' fields kept, ours put in) once the photo is recorded.
      const sidecarPath = sidecarPathOf(placed.absolutePath);
      written.push(sidecarPath);
      await writeFile(sidecarPath, foreign.sidecar);
    }
    signal?.throwIfAborted();
    const photoId = deps.photos.insert(
      newPhotoRecord(deps.layout, {
        hash: staged.hash,
        originalName,
        storedPath: placed.storedPath,
        bytes: staged.bytes,
        metadata,
        made,
        importedAt: context.now().toISOString(),
        description: foreign.description,
      }),
      (newId) => {
        deps.reservations.complete(reservationId, leaseId);
        linkToAlbum(context, newId, true);
      },
    );
    const row = deps.photos.findById(photoId)!;
    return { status: 'imported', photo: deps.photos.toPhotos([row])[0]! };
  } catch (error) {
    abandonReservation(deps, reservationId, written);
    throw error;
  }
}

function linkToAlbum(context: FileContext, photoId: number, visible: boolean): void {
  if (context.albumId === undefined || !visible) return;
  context.deps.albums.addPhotos(context.albumId, [photoId], context.now().toISOString());
}
