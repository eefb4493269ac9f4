/**
 * The second half of a shot arriving after the first, in another import: a JPEG whose RAW the
 * library has becomes that photo's pair; a RAW whose JPEG the library has becomes that photo's
 * original (the JPEG its pair); a .THM, .AAE or Live Photo movie joins the photo it belongs
 * to. The photo keeps its id, its description and its albums; a JPEG joining its RAW makes its
 * derivatives again (the camera's rendering, not the RAW's preview). Files are placed beside
 * the photo's original under its stem, so the folder shows them as one shot.
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { isRawFormat } from '../../../common/media-formats';
import { fromStoredPath } from '../library/library-paths';
import type { NewPhotoFile } from '../library/photo-file-repository';
import type { PhotoRow } from '../library/photo-repository';
import { sidecarPathOf } from '../sidecars/xmp-sidecar';
import type { ScanCandidate, ScanCompanion } from './group-shots';
import { hashFile } from './hash-file';
import type { ShotContext } from './import-shot';
import { captureSortKey, type PhotoMetadata } from './metadata';
import { placeShot, type PlacedOriginal } from './place-original';
import { stageSource, type StagedSource } from './stage-source';
import {
  dropStaged,
  removeReplaced,
  stageDerivatives,
  switchDerivatives,
} from './switch-derivatives';

/** As shot-metadata.ts's SAME_SHOT_MS: a RAW's and its JPEG's capture times agree this well. */
const SAME_SHOT_MS = 2_000;

/**
 * Joins the files of a shot that a photo lacks to it (each one another photo has already is
 * left alone). Answers how many joined.
 */
export async function joinShotFiles(
  context: ShotContext,
  photoId: number,
  companions: ScanCompanion[],
): Promise<number> {
  let joined = 0;
  for (const companion of companions) {
    if (await joinFile(context, photoId, companion)) joined += 1;
  }
  return joined;
}

async function joinFile(
  context: ShotContext,
  photoId: number,
  companion: ScanCompanion,
): Promise<boolean> {
  const { deps, signal } = context;
  const unique = companion.role !== 'sidecar';
  if (unique && deps.photos.hasFileOfSize(companion.bytes)) {
    const hash = await hashFile(companion.source, signal);
    if (deps.photos.findByContent(hash)) return false;
  }
  const staged = await stageSource(deps.layout, companion.source, deps.lease.id, { signal });
  try {
    if (!unique) {
      const reservationId = deps.reservations.reserveSidecar(deps.lease.id);
      return await placeBeside(context, photoId, companion, staged, reservationId);
    }
    const claim = deps.reservations.reserveHash(deps.lease.id, staged.hash);
    if (claim.kind !== 'reserved') return false;
    return await placeBeside(context, photoId, companion, staged, claim.reservationId);
  } finally {
    await unlink(staged.path).catch(() => undefined);
  }
}

/**
 * The photo in the library that a lone RAW or a lone camera JPEG is the other half of, if any:
 * the same stem and camera, taken within SAME_SHOT_MS, the one a RAW when this is a JPEG and
 * the other way round, without a pair yet.
 */
export function findShotPartner(
  context: ShotContext,
  candidate: ScanCandidate,
  metadata: PhotoMetadata,
): PhotoRow | null {
  if (candidate.companions.length > 0 || metadata.takenAtSource !== 'exif') return null;
  const incomingRaw = candidate.kind === 'raw';
  const incomingStill =
    candidate.kind === 'image' && (candidate.format === 'jpeg' || candidate.format === 'heic');
  if (!incomingRaw && !incomingStill) return null;
  const name = path.basename(context.shown(candidate.path));
  const stem = name.slice(0, name.length - path.extname(name).length);
  const partners = context.deps.photos.shots.shotPartners(
    stem,
    captureSortKey(metadata.takenAt),
    SAME_SHOT_MS,
  );
  return (
    partners.find(
      (row) =>
        (incomingRaw ? row.format === 'jpeg' || row.format === 'heic' : isRawFormat(row.format)) &&
        (row.camera_model === null ||
          metadata.cameraModel === null ||
          row.camera_model === metadata.cameraModel),
    ) ?? null
  );
}

/**
 * Joins a staged lone file (its content reserved under `reservationId`) to its partner photo:
 * a JPEG as the RAW's pair, a RAW as the JPEG's new original. False when the partner changed
 * meanwhile (the file is then the caller's to import on its own).
 */
export async function joinPartner(
  context: ShotContext,
  partner: PhotoRow,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
): Promise<boolean> {
  if (candidate.kind !== 'raw') {
    const companion: ScanCompanion = { ...candidate, role: 'pair', format: candidate.format };
    return placeBeside(context, partner.id, companion, staged, reservationId);
  }
  const { deps } = context;
  const leaseId = deps.lease.id;
  // Null for a photo left in an added folder, which no copied file joins (shotPartners finds
  // none): the RAW is then imported alone.
  const original = fromStoredPath(deps.layout, partner.stored_path);
  if (!original) return false;
  const originalName = stemOf(partner.original_name) + path.extname(candidate.path);
  const placed = await placeUnderStemOf(context, original, candidate.path, staged, reservationId);
  const promoted = deps.photos.shots.promoteToOriginal(
    partner,
    {
      hash: staged.hash,
      originalName,
      storedPath: placed.storedPath,
      bytes: staged.bytes,
      format: candidate.format,
    },
    context.now().toISOString(),
    () => deps.reservations.complete(reservationId, leaseId),
  );
  if (!promoted) {
    if (!placed.adopted) await unlink(placed.absolutePath).catch(() => undefined);
    return false;
  }
  // The library's sidecar follows its original (sidecar_rev was reset: the writer makes it
  // beside the RAW); the one beside the JPEG would otherwise be a stray.
  await unlink(sidecarPathOf(original)).catch(() => undefined);
  return true;
}

/**
 * Places a staged file beside the photo's original, named by its stem, and records it as one
 * of the photo's files; false when the photo is gone. The reservation ends either way.
 */
async function placeBeside(
  context: ShotContext,
  photoId: number,
  companion: ScanCompanion,
  staged: StagedSource,
  reservationId: number,
): Promise<boolean> {
  const { deps } = context;
  const leaseId = deps.lease.id;
  const row = deps.photos.findById(photoId);
  const original = row ? fromStoredPath(deps.layout, row.stored_path) : null;
  if (!row || !original) {
    deps.reservations.release([reservationId], leaseId);
    return false;
  }
  // The camera's JPEG joining its RAW: the photo is shown from it from now on, as when they
  // come together (derivative-source.ts), not from the preview the RAW embeds.
  const derivatives =
    companion.role === 'pair'
      ? await stageDerivatives(deps, staged, row.rotation, context.signal).catch(() => {
          context.signal?.throwIfAborted();
          return null; // a JPEG sharp cannot read: the RAW's preview stays
        })
      : null;
  try {
    const placed = await placeUnderStemOf(context, original, companion.path, staged, reservationId);
    const file: NewPhotoFile = {
      role: companion.role,
      hash: staged.hash,
      originalName: path.basename(context.shown(companion.path)),
      storedPath: placed.storedPath,
      bytes: staged.bytes,
      format: companion.format,
    };
    let replaced: string[] = [];
    const added = deps.photos.shots.addFiles(photoId, [file], context.now().toISOString(), () => {
      deps.reservations.complete(reservationId, leaseId);
      // Turned meanwhile: the rotation made its sizes again; these are of the old turn.
      if (derivatives && deps.photos.findById(photoId)?.rotation === row.rotation) {
        replaced = switchDerivatives(deps, photoId, derivatives);
        deps.photos.shots.setShownSize(photoId, derivatives.made.width, derivatives.made.height);
        // Every size is made: a thumbnails-first import's medium and large are not wanted.
        deps.photos.pending.clear(photoId);
      }
    });
    if (!added) {
      if (!placed.adopted) await unlink(placed.absolutePath).catch(() => undefined);
      deps.reservations.release([reservationId], leaseId);
    } else await removeReplaced(deps, replaced);
    return added;
  } finally {
    if (derivatives) await dropStaged(derivatives);
  }
}

/**
 * Places a staged file beside `original` (absolute) under its stem and the extension of
 * `incomingPath`, at a name reserved for `reservationId`.
 */
export async function placeUnderStemOf(
  context: ShotContext,
  original: string,
  incomingPath: string,
  staged: StagedSource,
  reservationId: number,
): Promise<PlacedOriginal> {
  const { deps, signal } = context;
  const [placed] = await placeShot(
    deps.layout,
    path.dirname(original),
    [
      {
        staged,
        originalName: stemOf(path.basename(original)) + path.extname(incomingPath),
        reserveName: (storedPath) =>
          deps.reservations.reserveName(reservationId, deps.lease.id, storedPath),
      },
    ],
    signal,
  );
  return placed!;
}

function stemOf(name: string): string {
  return name.slice(0, name.length - path.extname(name).length);
}
