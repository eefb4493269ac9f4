/**
 * A Live Photo's still arriving after its movie, in another import (a phone's videos copied
 * first, or a card imported with the still left out): the movie was imported as a video of
 * its own; the still becomes that photo's original and the movie its motion file, and the
 * photo keeps its id, its description, its albums and its place in them, as a late RAW does
 * with its JPEG (join-shot.ts). Its derivatives are made again from the still. Also where a
 * lone file of any kind looks for the photo it completes.
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { fromStoredPath } from '../library/library-paths';
import type { PhotoRow } from '../library/photo-repository';
import { readAppleContentIdentifier } from '../metadata/apple-content-identifier';
import { sidecarPathOf } from '../sidecars/xmp-sidecar';
import { readVideoMetadata } from '../video/video-metadata';
import type { ScanCandidate } from './group-shots';
import type { ShotContext } from './import-shot';
import { captureSortKey, type PhotoMetadata } from './metadata';
import { captureFactsOf } from './record-photo';
import { findShotPartner, joinPartner, placeUnderStemOf } from './join-shot';
import { isLivePhotoMotion } from './shot-metadata';
import type { StagedSource } from './stage-source';
import {
  dropStaged,
  removeReplaced,
  stageDerivatives,
  switchDerivatives,
} from './switch-derivatives';

/**
 * Without a pairing key on both files, how far apart the still's and the movie's capture
 * times may be: an iPhone's movie starts 1.5 s before the still and its creation date is the
 * still's moment, so a few seconds covers clocks rounding either way; stems like IMG_0001
 * come round again every 10,000 shots, so a movie of another day is never taken for it.
 */
const SAME_MOMENT_MS = 4_000;

/**
 * How far apart their capture times may be when both carry the key, which decides: a day
 * either way covers a movie whose UTC creation time was read as this machine's wall clock
 * (shot-metadata.ts) against a still's camera clock, and keeps the search a range of the
 * timeline's index rather than a scan of every photo for each still imported.
 */
const SEARCH_WINDOW_MS = 86_400_000;

/**
 * Joins a lone file to the photo in the library it is the other half of (a RAW's JPEG, a
 * JPEG's RAW, a Live Photo movie's still); answers that photo's id, or null to import it alone.
 */
export async function joinLateFile(
  context: ShotContext,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
  metadata: PhotoMetadata,
): Promise<number | null> {
  const partner = findShotPartner(context, candidate, metadata);
  if (partner && (await joinPartner(context, partner, candidate, staged, reservationId))) {
    return partner.id;
  }
  const video = partner ? null : await findMotionPartner(context, candidate, staged.path, metadata);
  if (
    video &&
    (await joinStillToMotion(context, video, candidate, staged, reservationId, metadata))
  ) {
    return video.id;
  }
  return null;
}

/**
 * The video in the library that a lone still is the Live Photo of, if any: the same stem,
 * taken within a day, no motion file yet, and its movie qualifies (the same ContentIdentifier
 * as the still's; without both keys, as short as a Live Photo's and taken at the same moment).
 */
export async function findMotionPartner(
  context: ShotContext,
  candidate: ScanCandidate,
  stagedPath: string,
  metadata: PhotoMetadata,
): Promise<PhotoRow | null> {
  if (candidate.companions.length > 0 || candidate.kind !== 'image') return null;
  if (candidate.format !== 'jpeg' && candidate.format !== 'heic') return null;
  const name = path.basename(context.shown(candidate.path));
  const videos = context.deps.photos.shots.motionPartners(
    stemOf(name),
    captureSortKey(metadata.takenAt),
    SEARCH_WINDOW_MS,
  );
  if (videos.length === 0) return null;
  const stillIdentifier = await readAppleContentIdentifier(stagedPath);
  for (const row of videos) {
    const movie = fromStoredPath(context.deps.layout, row.stored_path);
    const video = movie ? await readVideoMetadata(movie).catch(() => null) : null;
    if (!video || !isLivePhotoMotion(video, stillIdentifier)) continue;
    const byKey = stillIdentifier !== null && video.contentIdentifier !== null;
    const sameMoment =
      metadata.takenAtSource === 'exif' &&
      row.taken_at_source === 'exif' &&
      Math.abs(captureSortKey(metadata.takenAt) - row.taken_sort) <= SAME_MOMENT_MS;
    if (byKey || sameMoment) return row;
  }
  return null;
}

/**
 * Joins a staged lone still (its content reserved under `reservationId`) to its movie's
 * photo as the new original. False when the photo changed meanwhile (the still is then the
 * caller's to import on its own); throws what making its derivatives threw.
 */
export async function joinStillToMotion(
  context: ShotContext,
  partner: PhotoRow,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
  metadata: PhotoMetadata,
): Promise<boolean> {
  const { deps, signal } = context;
  const leaseId = deps.lease.id;
  // Null for a movie left in an added folder, which no copied still joins (motionPartners
  // finds none): the still is then imported alone.
  const movie = fromStoredPath(deps.layout, partner.stored_path);
  if (!movie) return false;
  const derivatives = await stageDerivatives(deps, staged, partner.rotation, signal);
  try {
    const placed = await placeUnderStemOf(context, movie, candidate.path, staged, reservationId);
    let replaced: string[] = [];
    const promoted = deps.photos.shots.promoteStillOverMotion(
      partner,
      {
        hash: staged.hash,
        originalName: path.basename(context.shown(candidate.path)),
        storedPath: placed.storedPath,
        bytes: staged.bytes,
        format: candidate.format,
        width: derivatives.made.width,
        height: derivatives.made.height,
        orientation: metadata.orientation,
        ...captureFactsOf(metadata),
      },
      context.now().toISOString(),
      () => {
        deps.reservations.complete(reservationId, leaseId);
        replaced = switchDerivatives(deps, partner.id, derivatives);
      },
    );
    if (!promoted) {
      if (!placed.adopted) await unlink(placed.absolutePath).catch(() => undefined);
      return false;
    }
    await removeReplaced(deps, replaced);
    // The library's sidecar follows its original (sidecar_rev was reset: the writer makes it
    // beside the still); the one beside the movie would otherwise be a stray.
    await unlink(sidecarPathOf(movie)).catch(() => undefined);
    return true;
  } finally {
    await dropStaged(derivatives);
  }
}

function stemOf(name: string): string {
  return name.slice(0, name.length - path.extname(name).length);
}
