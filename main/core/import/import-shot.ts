/**
 * Imports one shot: its original and the files that come with it (a RAW's JPEG, a Live
 * Photo's movie, a camera's .THM or .AAE). Each file is copied into staging while it is hashed
 * (or, added in place, read where it is: `shot-placement.ts` says how files come in);
 * the original's content is reserved (a duplicate stops there), and so is each pair or motion
 * file's; the derivatives come from the pair, the RAW's embedded JPEG or the video's poster;
 * the files are placed under one stem and one transaction records the photo with all of them.
 * A companion that turns out not to belong (a JPEG taken at another time, a long movie) is
 * handed back to be imported on its own.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Photo } from '../../../common/contract';
import type { DerivativeSize } from '../../../common/derivative-sizes';
import { ShoeboxError } from '../../../common/errors';
import type { ImagingPool } from '../imaging/imaging-pool';
import { prepareDerivativeSource, type DerivativeSource } from '../library/derivative-source';
import type { NewPhotoFile } from '../library/photo-file-repository';
import { readAppleContentIdentifier } from '../metadata/apple-content-identifier';
import { readForeignDescription } from '../metadata/read-photo-description';
import { sidecarPathOf } from '../sidecars/xmp-sidecar';
import type { ScanCandidate, ScanCompanion } from './group-shots';
import type { PendingDerivatives } from './finish-derivatives';
import { hashFile } from './hash-file';
import type { ImportDependencies } from './import-service';
import { joinInPlace } from './join-in-place';
import { joinLateFile } from './join-motion';
import { joinShotFiles } from './join-shot';
import type { PhotoMetadata } from './metadata';
import { originalsFolder, type ShotFileToPlace } from './place-original';
import { abandonReservation, newPhotoRecord } from './record-photo';
import { isLivePhotoMotion, isSameShot, readShotMetadata } from './shot-metadata';
import type { ShotPlacement } from './shot-placement';
import { CHANGED_WHILE_IMPORTED, type StagedSource } from './stage-source';

/** What importing one shot came to. */
export type ShotOutcome =
  | {
      status: 'imported';
      photo: Photo;
      /** Thumbnails first: the medium and large still to make, after every thumbnail. */
      pending?: PendingDerivatives;
    }
  | { status: 'duplicate'; photoId: number }
  | { status: 'failed'; error: string };

/** What every shot of one import shares. */
export interface ShotContext {
  deps: ImportDependencies;
  now: () => Date;
  signal: AbortSignal | undefined;
  albumId: number | undefined;
  /** The path (or uploaded name) the user knows a file by. */
  shown: (filePath: string) => string;
  /** Imports a file split off a shot (not the same shot after all) later in this import. */
  importAlone: (candidate: ScanCandidate) => void;
  /**
   * Thumbnails first: each shot is recorded with its thumbnail, and its medium and large are
   * left for the caller to make (the outcome's `pending`) once every shot has its thumbnail.
   */
  thumbnailsFirst: boolean;
  /** How files come in: copied into the library, or left where they are (folders in place). */
  placement: ShotPlacement;
}

// Thumbnails first: what the first phase makes (finish-derivatives.ts makes the rest).
const FIRST_SIZES: readonly DerivativeSize[] = ['thumb'];

// How often a file waits to see whether another process finished importing the same content:
// a photo takes a fraction of a second, so a racing duplicate is answered about as fast.
const RESERVATION_POLL_MS = 100;

/** Imports one shot; throws only what the caller reports as the shot's failure. */
export async function importShot(
  context: ShotContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
): Promise<ShotOutcome> {
  const { deps, signal, placement } = context;
  // A file whose size no photo has cannot be a duplicate: it is hashed as it is copied, in one
  // read. Otherwise it is hashed first, so a card inserted again is not copied again. A file
  // left in place is only read once anyway.
  let hashBeforeCopy: string | null = null;
  if (!placement.inPlace && deps.photos.hasFileOfSize(candidate.bytes)) {
    hashBeforeCopy = await hashFile(candidate.source, signal);
    const existing = deps.photos.findByContent(hashBeforeCopy);
    if (existing) return duplicateOf(context, candidate, existing.id);
  }
  const staged = await placement.stage(candidate.source, signal);
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
    await placement.discard(staged);
  }
}

/**
 * A copy of a photo already in the library: filed into the album, what its sidecars say added
 * to the photo (blanks filled, keywords added), and the files of its shot the photo lacks
 * joined to it (a RAW imported alone before, now with its JPEG).
 */
async function duplicateOf(
  context: ShotContext,
  candidate: ScanCandidate,
  photoId: number,
): Promise<ShotOutcome> {
  if (candidate.sidecars.length > 0) {
    const sources = candidate.sidecars.map((sidecar) => sidecar.source);
    const { description } = await readForeignDescription(null, sources);
    context.deps.photos.fillDescription(photoId, description);
  }
  // A file left in place joins no photo of the library: the photo's files stay as they are.
  if (candidate.companions.length > 0 && !context.placement.inPlace) {
    await joinShotFiles(context, photoId, candidate.companions);
  }
  const row = context.deps.photos.findById(photoId);
  linkToAlbum(context, photoId, row !== undefined && row.trashed_at === null);
  return { status: 'duplicate', photoId };
}

/** A companion copied into staging, with the reservation that holds its content or name. */
interface StagedCompanion {
  companion: ScanCompanion;
  staged: StagedSource;
  reservationId: number;
}

/**
 * Imports a staged shot whose original's content this process has reserved. On failure, what
 * it wrote is removed, but only while the reservations are still this process's, and never a
 * file a row records.
 */
async function importReserved(
  context: ShotContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
): Promise<ShotOutcome> {
  const { deps, signal } = context;
  const leaseId = deps.lease.id;
  const written: string[] = [];
  const companions: StagedCompanion[] = [];
  let release = async (): Promise<void> => undefined;
  try {
    for (const companion of candidate.companions) {
      const kept = await stageCompanion(context, companion);
      if (kept) companions.push(kept);
    }
    const [shot, foreign] = await Promise.all([
      readShotMetadata(candidate, staged.path, staged.mtimeMs),
      readForeignDescription(
        candidate.kind === 'video' ? null : staged.path,
        candidate.sidecars.map((sidecar) => sidecar.source),
      ),
    ]);
    await dropStrangers(context, candidate, staged.path, shot.metadata, companions);
    // A late file joining a photo: copied into the library beside its other files, or (left
    // in place) linked to the photo of its other half in the same folder.
    const joinedId = context.placement.inPlace
      ? await joinInPlace(context, candidate, staged, reservationId, shot.metadata)
      : await joinLateFile(context, candidate, staged, reservationId, shot.metadata);
    if (joinedId !== null) {
      const joined = deps.photos.findById(joinedId)!;
      return { status: 'imported', photo: deps.photos.toPhotos([joined])[0]! };
    }
    const pair = companions.find((entry) => entry.companion.role === 'pair');

    const source = await prepareDerivativeSource(
      {
        kind: candidate.kind === 'video' ? 'video' : 'photo',
        format: candidate.format,
        originalPath: staged.path,
        pairPath: pair?.staged.path ?? null,
        orientation: shot.metadata.orientation,
        durationSeconds: shot.video?.durationSeconds ?? null,
      },
      { folder: deps.layout.staging, leaseId },
      signal,
    );
    release = source.release;
    const { thumbnailsFirst } = context;
    const made = await pool.makeDerivatives(
      {
        sourcePath: source.sourcePath,
        outputDir: path.join(deps.layout.derivatives, staged.hash.slice(0, 2)),
        baseName: staged.hash,
        rotation: source.turn,
        ...(thumbnailsFirst && { sizes: FIRST_SIZES }),
      },
      signal,
    );
    written.push(...made.derivatives.map((derivative) => derivative.path));

    // Uploads are staged under a generated name; the user knows them by the name they uploaded.
    const originalName = path.basename(context.shown(candidate.path));
    const toPlace: ShotFileToPlace[] = [
      {
        staged,
        originalName,
        reserveName: (storedPath) =>
          deps.reservations.reserveName(reservationId, leaseId, storedPath),
      },
      ...companions.map((entry) => ({
        staged: entry.staged,
        originalName: path.basename(context.shown(entry.companion.path)),
        reserveName: (storedPath: string) =>
          deps.reservations.reserveName(entry.reservationId, leaseId, storedPath),
      })),
    ];
    const placed = await context.placement.place(
      originalsFolder(deps.layout, shot.metadata.takenAt),
      toPlace,
      [candidate.source, ...companions.map((entry) => entry.companion.source)],
      signal,
    );
    for (const file of placed) if (!file.adopted) written.push(file.absolutePath);
    const [original] = placed;
    if (foreign.sidecar && !context.placement.inPlace) {
      // The sidecar travels with its photo: the library's own is made from it (the other
      // apps' fields kept, ours put in) once the photo is recorded. A photo left in place keeps
      // the user's sidecar where it is; what it says is in the row.
      const sidecarPath = sidecarPathOf(original!.absolutePath);
      written.push(sidecarPath);
      await writeFile(sidecarPath, foreign.sidecar);
    }
    const files: NewPhotoFile[] = companions.map((entry, index) => ({
      role: entry.companion.role,
      hash: entry.staged.hash,
      originalName: toPlace[index + 1]!.originalName,
      storedPath: placed[index + 1]!.storedPath,
      bytes: entry.staged.bytes,
      format: entry.companion.format,
    }));
    signal?.throwIfAborted();
    const photoId = deps.photos.insert(
      {
        ...newPhotoRecord(deps.layout, {
          hash: staged.hash,
          originalName,
          storedPath: original!.storedPath,
          bytes: staged.bytes,
          metadata: shot.metadata,
          made: { ...made, orientation: shot.metadata.orientation },
          importedAt: context.now().toISOString(),
          description: foreign.description,
          original: {
            format: candidate.format,
            kind: candidate.kind === 'video' ? 'video' : 'photo',
            durationSeconds: shot.video?.durationSeconds ?? null,
            browserPlayable: shot.video?.browserPlayable ?? false,
          },
          files,
        }),
        ...(thumbnailsFirst && { derivativesPending: leaseId }),
      },
      (newId) => {
        deps.reservations.complete(reservationId, leaseId);
        for (const entry of companions) deps.reservations.complete(entry.reservationId, leaseId);
        context.placement.recorded(newId, [
          { role: 'original', source: candidate.source },
          ...companions.map((entry) => ({
            role: entry.companion.role,
            source: entry.companion.source,
          })),
        ]);
        linkToAlbum(context, newId, true);
      },
    );
    const row = deps.photos.findById(photoId)!;
    const photo = deps.photos.toPhotos([row])[0]!;
    if (!thumbnailsFirst) return { status: 'imported', photo };
    // The second phase reads the same picture: the original or its pair where they now lie
    // (their staged copies go below), a RAW's preview or a video's poster kept until then.
    const stagedFiles = [staged, ...companions.map((entry) => entry.staged)];
    const fromStaging = stagedFiles.findIndex((file) => file.path === source.sourcePath);
    const kept: DerivativeSource = {
      ...source,
      sourcePath: fromStaging === -1 ? source.sourcePath : placed[fromStaging]!.absolutePath,
    };
    release = async () => undefined;
    const pending: PendingDerivatives = {
      photoId,
      hash: staged.hash,
      rotation: 0,
      source: async () => kept,
      drop: () => kept.release(),
    };
    return { status: 'imported', photo, pending };
  } catch (error) {
    abandonReservation(deps, reservationId, written);
    deps.reservations.release(
      companions.map((entry) => entry.reservationId),
      leaseId,
    );
    throw error;
  } finally {
    await release().catch(() => undefined);
    for (const entry of companions) await context.placement.discard(entry.staged);
  }
}

/**
 * Copies a companion into staging and reserves it: a pair's or motion file's content (one
 * another photo already has, or another import is placing, is left out of this shot: it is
 * that photo's), a sidecar's place. Null when it is left out.
 */
async function stageCompanion(
  context: ShotContext,
  companion: ScanCompanion,
): Promise<StagedCompanion | null> {
  const { deps, signal } = context;
  const staged = await context.placement.stage(companion.source, signal);
  if (companion.role === 'sidecar') {
    return { companion, staged, reservationId: deps.reservations.reserveSidecar(deps.lease.id) };
  }
  const claim = deps.reservations.reserveHash(deps.lease.id, staged.hash);
  if (claim.kind === 'reserved') return { companion, staged, reservationId: claim.reservationId };
  await context.placement.discard(staged);
  return null;
}

/**
 * Leaves out of the shot the companions that are not of it after all: a JPEG taken at another
 * moment than its RAW, a movie that is not its still's Live Photo (another ContentIdentifier,
 * or too long without one). They are imported alone, later in this import.
 */
async function dropStrangers(
  context: ShotContext,
  candidate: ScanCandidate,
  originalPath: string,
  metadata: PhotoMetadata,
  companions: StagedCompanion[],
): Promise<void> {
  // The still's pairing key, read only when a movie came with it.
  const stillIdentifier = companions.some((entry) => entry.companion.role === 'motion')
    ? await readAppleContentIdentifier(originalPath)
    : null;
  for (const entry of [...companions]) {
    const { companion } = entry;
    if (companion.role === 'sidecar') continue;
    const kind = companion.role === 'pair' ? 'image' : 'video';
    const format = companion.format as ScanCandidate['format'];
    const own = await readShotMetadata(
      { kind, format },
      entry.staged.path,
      entry.staged.mtimeMs,
    ).catch(() => null);
    const belongs =
      own !== null &&
      (companion.role === 'pair'
        ? isSameShot(metadata, own.metadata)
        : own.video !== null && isLivePhotoMotion(own.video, stillIdentifier));
    if (belongs) continue;
    companions.splice(companions.indexOf(entry), 1);
    context.deps.reservations.release([entry.reservationId], context.deps.lease.id);
    await context.placement.discard(entry.staged);
    context.importAlone({
      path: companion.path,
      source: companion.source,
      bytes: companion.bytes,
      mtimeMs: companion.mtimeMs,
      format,
      kind,
      explicit: candidate.explicit,
      sidecars: [],
      companions: [],
    });
  }
}

/** Files a photo into the import's album (a trashed duplicate is not brought back that way). */
export function linkToAlbum(context: ShotContext, photoId: number, visible: boolean): void {
  if (context.albumId === undefined || !visible) return;
  context.deps.albums.addPhotos(context.albumId, [photoId], context.now().toISOString());
}
