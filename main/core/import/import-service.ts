import path from 'node:path';
import type { ImportProgress, ImportTotals, Photo } from '../../../common/contract';
import { photoSummary } from '../../../common/photo-summary';
import type { ErrorData } from '../../../common/errors';
import type { ImagingPool } from '../imaging/imaging-pool';
import type { AlbumRepository } from '../library/album-repository';
import { isInside, type LibraryLayout } from '../library/library-paths';
import type { PhotoRepository } from '../library/photo-repository';
import type { ReservationRepository } from '../library/reservation-repository';
import type { WriterLease } from '../library/writer-lease';
import { describeFailure } from './failure-messages';
import {
  leavePending,
  finishDerivatives,
  takeLeftPending,
  type PendingDerivatives,
} from './finish-derivatives';
import { importShot, type ShotContext } from './import-shot';
import { scanInputs, type ScanCandidate } from './scan';
import { copyPlacement, type ShotPlacement } from './shot-placement';

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
  /**
   * Thumbnails first above this many files (THUMBNAILS_FIRST_ABOVE by default); the bench
   * passes Infinity to time the one-phase import of the same card.
   */
  thumbnailsFirstAbove?: number;
  /** How the files come in: copied (the default), or left where they are (folders in place). */
  placement?: ShotPlacement;
}

/**
 * Above this many files, an import makes every photo's thumbnail first and the medium and
 * large after (finish-derivatives.ts), so a card is browsable in a fraction of its import.
 * At ~0.3 s per 24 MP photo on two cores, a dozen photos are fully made in 2-4 s: about the
 * time the grid takes to show them anyway, and too short for the wait to matter, so a single
 * dropped photo (or a handful) still appears with every size at once, the way it always did,
 * without the second decode the split costs (~90 ms CPU per 24 MP JPEG).
 */
export const THUMBNAILS_FIRST_ABOVE = 12;

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

/**
 * Imports files and folders: scan → copy into staging while hashing (duplicates skipped) →
 * content reserved → metadata and derivatives from the staged copy → original placed at a
 * reserved name → one transaction per photo. Above THUMBNAILS_FIRST_ABOVE files, each photo
 * is recorded (and reported) with its thumbnail only, and the medium and large of all of them
 * are made after the last thumbnail. A file that fails is reported and the batch goes
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
    { signal, names: displayNames },
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
      bytes: scan.candidates.reduce((sum, candidate) => sum + shotBytes(candidate), 0),
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

  const placement = request.placement ?? copyPlacement(deps.layout, deps.lease.id);
  // A folder added in place is a library already, not a card to browse before it is copied.
  const thumbnailsFirst =
    !placement.inPlace &&
    scan.candidates.length > (request.thumbnailsFirstAbove ?? THUMBNAILS_FIRST_ABOVE);
  // The medium and large still to make: a cancelled import's photos (of any process), then
  // this import's as their thumbnails land.
  const pending: PendingDerivatives[] = takeLeftPending(deps);
  const context: ShotContext = {
    deps,
    now,
    signal,
    albumId: request.albumId,
    shown,
    thumbnailsFirst,
    placement,
    // A file split off a shot (a JPEG of another moment than its RAW) comes after the rest.
    importAlone: (candidate) => {
      scan.candidates.push(candidate);
      summary.totals.files += 1;
    },
  };
  const pool = scan.candidates.length > 0 || pending.length > 0 ? deps.imaging() : null;
  // The other processes on this library show that this one is importing.
  const endActivity = deps.lease.begin('importing');
  // Twice the pool's threads in flight: while the workers encode, the next files are hashed
  // and copied, so the encoders never wait on I/O.
  const lanes = Math.max(1, (pool?.threads ?? 1) * 2);
  // One shared position in the candidate list (shift() would move a 10k-file card each time).
  let next = 0;
  let fatal: ErrorData | null = null;
  // The same for the second phase's list.
  let nextPending = 0;
  const takePending = () => (nextPending < pending.length ? pending[nextPending++] : undefined);

  await Promise.all(
    Array.from({ length: lanes }, async () => {
      // Never past the end: a file split off a shot is appended while other lanes still run.
      const take = () => (next < scan.candidates.length ? scan.candidates[next++] : undefined);
      for (let candidate = take(); candidate; candidate = take()) {
        if (signal?.aborted) return;
        const outcome = await importShot(context, pool!, candidate).catch((error: unknown) => {
          if (signal?.aborted) return null;
          return { status: 'failed' as const, error: describeFailure(error) };
        });
        if (!outcome) return;
        const shownPath = shown(candidate.path);
        summary.totals.processed += 1;
        summary.totals.processedBytes += shotBytes(candidate);
        if (outcome.status === 'imported') {
          summary.totals.imported += 1;
          summary.imported.push(outcome.photo);
          if (outcome.pending) pending.push({ ...outcome.pending, shownPath });
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
    // Thumbnails first: the medium and large once every photo has its thumbnail. The photo
    // was reported imported with its thumbnail; a size that cannot be made is reported as the
    // file's failure and left for verify to report and repair (finishDerivatives), the import
    // goes on.
    .then(() =>
      Promise.all(
        Array.from({ length: lanes }, async () => {
          for (let entry = takePending(); entry; entry = takePending()) {
            if (signal?.aborted) {
              await leavePending(deps, entry);
              continue;
            }
            // Windows hear of each landing (pending-derivatives.ts announces them).
            await finishDerivatives(deps, pool!, entry, signal).catch((error: unknown) => {
              if (signal?.aborted) return;
              const failure = laterSizesFailed(entry, error);
              summary.failed.push(failure);
              // The panel lists it with the import's problems; the totals stay as they were.
              emit({
                type: 'file',
                importId: request.importId,
                outcome: { status: 'failed', ...failure },
                totals: totals(),
              });
            });
          }
        }),
      ),
    )
    .catch((error: unknown) => {
      fatal = { code: 'INTERNAL', message: describeFailure(error) };
    })
    .finally(endActivity);
  // A fatal error left the second phase unrun: its photos are left for the next import.
  for (let entry = takePending(); entry; entry = takePending()) await leavePending(deps, entry);

  // Thumbnails first: the photos as they are now, with the sizes made since their thumbnail.
  if (thumbnailsFirst) {
    summary.imported = summary.imported.map((photo) => {
      const row = deps.photos.findById(photo.id);
      return row ? deps.photos.toPhotos([row])[0]! : photo;
    });
  }
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

/** The bytes of a shot: its original's and its companions'. */
function shotBytes(candidate: ScanCandidate): number {
  return candidate.companions.reduce((sum, companion) => sum + companion.bytes, candidate.bytes);
}

/**
 * A photo recorded with its thumbnail whose medium and large could not be made: the file's
 * failure in the summary (the photo is in the library, and counted as imported).
 */
function laterSizesFailed(
  entry: PendingDerivatives,
  error: unknown,
): { path: string; error: string } {
  return {
    path: entry.shownPath ?? `photo ${entry.photoId}`,
    error:
      `imported with its thumbnail only: its larger sizes could not be made ` +
      `(${describeFailure(error)}); \`shoebox verify --repair\` makes them again`,
  };
}
