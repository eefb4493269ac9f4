/**
 * How a photo's files become a row: the record an import commits, the recording of a file
 * found in originals/ (repair), and the clean-up of an unfinished photo under its reservation.
 */
import { unlinkSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoDescription } from '../../../common/contract';
import type { DerivativesResult, ImagingPool } from '../imaging/imaging-pool';
import { toStoredPath, type LibraryLayout } from '../library/library-paths';
import type { CaptureFacts, NewPhoto, PhotoRepository } from '../library/photo-repository';
import type { NewPhotoFile } from '../library/photo-file-repository';
import type { ReservationRepository } from '../library/reservation-repository';
import type { DescriptionRepository } from '../library/description-repository';
import { derivativeBaseName } from '../library/rotate-photos';
import type { WriterLease } from '../library/writer-lease';
import { readOwnSidecar } from '../sidecars/read-own-sidecar';
import { ShoeboxError } from '../../../common/errors';
import { ImagingError } from '../imaging/imaging-protocol';
import { addTurns, prepareDerivativeSource } from '../library/derivative-source';
import { sniffFile } from './detect-format';
import { captureSortKey, type PhotoMetadata } from './metadata';
import { readShotMetadata } from './shot-metadata';

/** What recording a photo works with. */
export interface RecordDependencies {
  layout: LibraryLayout;
  photos: PhotoRepository;
  reservations: ReservationRepository;
  lease: WriterLease;
  imaging: () => ImagingPool;
  now?: () => Date;
}

/** The row of a photo whose files are all written (paths relative to the library root). */
export function newPhotoRecord(
  layout: LibraryLayout,
  facts: {
    hash: string;
    originalName: string;
    storedPath: string;
    bytes: number;
    metadata: PhotoMetadata;
    made: DerivativesResult;
    importedAt: string;
    /** What other apps said about it. */
    description?: PhotoDescription;
    /**
     * What the original is when its derivatives come from another picture (a RAW's embedded
     * or paired JPEG, a video's poster frame); else the decoded format, a still photo.
     */
    original?: Pick<NewPhoto, 'format' | 'kind' | 'durationSeconds' | 'browserPlayable'>;
    /** Its files beside the original. */
    files?: NewPhotoFile[];
  },
): NewPhoto {
  const { metadata, made } = facts;
  return {
    hash: facts.hash,
    originalName: facts.originalName,
    storedPath: facts.storedPath,
    bytes: facts.bytes,
    format: made.format,
    kind: 'photo',
    durationSeconds: null,
    browserPlayable: false,
    ...facts.original,
    files: facts.files ?? [],
    width: made.width,
    height: made.height,
    orientation: made.orientation,
    ...captureFactsOf(metadata),
    importedAt: facts.importedAt,
    description: facts.description,
    derivatives: made.derivatives.map((derivative) => ({
      size: derivative.size,
      storedPath: toStoredPath(layout, derivative.path),
      width: derivative.width,
      height: derivative.height,
      bytes: derivative.bytes,
    })),
  };
}

/**
 * Records a file that already lies in originals/ but has no row (left by a crash between
 * placing it and committing), whose name and content the caller has reserved: its derivatives
 * are made and the row points at it where it is. Returns the new photo id. On failure the
 * derivatives it made are removed and the reservation stays the caller's, to move the file
 * away under it.
 */
export async function recordStoredOriginal(
  deps: RecordDependencies & { descriptions: DescriptionRepository },
  absolutePath: string,
  hash: string,
  reservationId: number,
): Promise<number> {
  const written: string[] = [];
  let release = async (): Promise<void> => undefined;
  try {
    const info = await stat(absolutePath);
    const sniff = await sniffFile(absolutePath);
    if (sniff.kind !== 'image' && sniff.kind !== 'raw' && sniff.kind !== 'video') {
      throw new ImagingError('UNSUPPORTED_FORMAT', `not a photo or video Shoebox can read`);
    }
    const shot = await readShotMetadata(sniff, absolutePath, info.mtimeMs);
    const { metadata } = shot;
    // What the photo's sidecar remembers (the database may be the thing that was lost).
    const sidecar = await readOwnSidecar(absolutePath, metadata.orientation);
    const rotation = sidecar?.rotation ?? 0;
    const kind = sniff.kind === 'video' ? 'video' : 'photo';
    const source = await prepareDerivativeSource(
      {
        kind,
        format: sniff.format,
        originalPath: absolutePath,
        pairPath: null,
        orientation: metadata.orientation,
        durationSeconds: shot.video?.durationSeconds ?? null,
      },
      { folder: deps.layout.staging, leaseId: deps.lease.id },
    ).catch((error: unknown) => {
      // A RAW without a picture to show is as undecodable as a damaged image: recovered/.
      if (error instanceof ShoeboxError && error.code === 'UNSUPPORTED') {
        throw new ImagingError('UNSUPPORTED_FORMAT', error.message);
      }
      throw error;
    });
    release = source.release;
    const made = await deps.imaging().makeDerivatives({
      sourcePath: source.sourcePath,
      outputDir: path.join(deps.layout.derivatives, hash.slice(0, 2)),
      baseName: derivativeBaseName(hash, rotation),
      rotation: addTurns(source.turn, rotation),
    });
    written.push(...made.derivatives.map((derivative) => derivative.path));
    const record = newPhotoRecord(deps.layout, {
      hash,
      originalName: sidecar?.originalName ?? path.basename(absolutePath),
      storedPath: toStoredPath(deps.layout, absolutePath),
      bytes: info.size,
      metadata,
      made: { ...made, orientation: metadata.orientation },
      importedAt: (deps.now ?? (() => new Date()))().toISOString(),
      original: {
        format: sniff.format,
        kind,
        durationSeconds: shot.video?.durationSeconds ?? null,
        browserPlayable: shot.video?.browserPlayable ?? false,
      },
    });
    return deps.photos.insert(record, (photoId) => {
      deps.reservations.complete(reservationId, deps.lease.id);
      if (!sidecar) return;
      deps.photos.setRotation(photoId, rotation, made.width, made.height);
      const row = deps.photos.findById(photoId)!;
      const takenAt = validCaptureTime(sidecar.takenAt) ?? row.taken_at;
      deps.descriptions.record(row, sidecar.description, {
        takenAt,
        takenAtOriginal: takenAt === row.taken_at ? null : row.taken_at,
      });
    });
  } catch (error) {
    removeUnderReservation(deps, reservationId, written);
    throw error;
  } finally {
    await release().catch(() => undefined);
  }
}

/** A capture time as the library stores it, or null for one it cannot sort. */
function validCaptureTime(takenAt: string | null): string | null {
  if (takenAt === null) return null;
  try {
    captureSortKey(takenAt);
    return takenAt;
  } catch {
    return null;
  }
}

/**
 * Removes the files an unfinished photo wrote and ends its reservation. When the reservation
 * is no longer this process's (another process took it for dead), nothing is touched: those
 * files may be someone else's by now.
 */
export function abandonReservation(
  deps: RecordDependencies,
  reservationId: number,
  written: string[],
): void {
  if (removeUnderReservation(deps, reservationId, written)) {
    deps.reservations.release([reservationId], deps.lease.id);
  }
}

/**
 * Removes `files` (absolute) that no row records, in one transaction with the check that the
 * reservation is still this process's; false when it was lost and nothing was removed.
 */
function removeUnderReservation(
  deps: RecordDependencies,
  reservationId: number,
  files: string[],
): boolean {
  return deps.reservations.fenced(reservationId, deps.lease.id, () => {
    for (const file of files) {
      if (deps.photos.recordsFile(toStoredPath(deps.layout, file))) continue;
      try {
        unlinkSync(file);
      } catch {
        // Already gone (a cancelled worker removed its own files): nothing to remove.
      }
    }
  });
}

/** What a photo's capture metadata says, as the photos table keeps it. */
export function captureFactsOf(metadata: PhotoMetadata): CaptureFacts {
  return {
    takenAt: metadata.takenAt,
    takenSort: captureSortKey(metadata.takenAt),
    takenAtSource: metadata.takenAtSource,
    cameraMake: metadata.cameraMake,
    cameraModel: metadata.cameraModel,
    lens: metadata.lens,
    gps: metadata.gps,
    exposure: metadata.exposure,
  };
}
