/**
 * The second half of a shot arriving later in a folder added in place (a card copied into a
 * watched folder lands in several rescans): a JPEG beside its RAW's photo becomes its pair and
 * the photo is shown from it; a RAW beside its JPEG's photo becomes its original, the JPEG its
 * pair. As `join-shot.ts` does for copies, without copying anything: the files stay where they
 * are and their index rows are linked to the photo in the joining transaction. The photo keeps
 * its id, description and albums.
 */
import path from 'node:path';
import { isRawFormat } from '../../../common/media-formats';
import type { PhotoRow } from '../library/photo-repository';
import type { ScanCandidate } from './group-shots';
import type { ShotContext } from './import-shot';
import type { PhotoMetadata } from './metadata';
import { isSameShot, readShotMetadata } from './shot-metadata';
import type { StagedSource } from './stage-source';
import {
  dropStaged,
  removeReplaced,
  stageDerivatives,
  switchDerivatives,
} from './switch-derivatives';

/**
 * Joins a lone file left in place (its content reserved under `reservationId`) to the photo of
 * its other half in the same folder, if there is one. Answers the photo's id, or null when the
 * file is a photo of its own.
 */
export async function joinInPlace(
  context: ShotContext,
  candidate: ScanCandidate,
  staged: StagedSource,
  reservationId: number,
  metadata: PhotoMetadata,
): Promise<number | null> {
  const incomingRaw = candidate.kind === 'raw';
  const incomingStill =
    candidate.kind === 'image' && (candidate.format === 'jpeg' || candidate.format === 'heic');
  if (candidate.companions.length > 0 || (!incomingRaw && !incomingStill)) return null;
  const partner = await partnerOf(context, candidate, metadata, incomingRaw);
  if (!partner) return null;
  const { deps } = context;
  const leaseId = deps.lease.id;
  const now = context.now().toISOString();
  const storedPath = context.placement.storedPathOf(candidate.source);
  if (incomingRaw) {
    const promoted = deps.photos.shots.promoteToOriginal(
      partner.row,
      {
        hash: staged.hash,
        originalName: path.basename(candidate.path),
        storedPath,
        bytes: staged.bytes,
        format: candidate.format,
      },
      now,
      () => {
        deps.reservations.complete(reservationId, leaseId);
        context.placement.recorded(partner.row.id, [
          { role: 'original', source: candidate.source },
          { role: 'pair', source: partner.source },
        ]);
      },
    );
    return promoted ? partner.row.id : null;
  }
  // The camera's JPEG joining its RAW: the photo is shown from it from now on, as when they
  // come together (derivative-source.ts), not from the preview the RAW embeds.
  const derivatives = await stageDerivatives(
    deps,
    staged,
    partner.row.rotation,
    context.signal,
  ).catch(() => {
    context.signal?.throwIfAborted();
    return null; // a JPEG sharp cannot read: the RAW's preview stays
  });
  try {
    let replaced: string[] = [];
    const file = {
      role: 'pair' as const,
      hash: staged.hash,
      originalName: path.basename(candidate.path),
      storedPath,
      bytes: staged.bytes,
      format: candidate.format,
    };
    const added = deps.photos.shots.addFiles(partner.row.id, [file], now, () => {
      deps.reservations.complete(reservationId, leaseId);
      context.placement.recorded(partner.row.id, [{ role: 'pair', source: candidate.source }]);
      if (derivatives && deps.photos.findById(partner.row.id)?.rotation === partner.row.rotation) {
        replaced = switchDerivatives(deps, partner.row.id, derivatives);
        deps.photos.shots.setShownSize(
          partner.row.id,
          derivatives.made.width,
          derivatives.made.height,
        );
      }
    });
    if (added) await removeReplaced(deps, replaced);
    return added ? partner.row.id : null;
  } finally {
    if (derivatives) await dropStaged(derivatives);
  }
}

/**
 * The photo of the same stem in the same folder that is the file's other half: a RAW's photo
 * for a JPEG, a JPEG's for a RAW, without a pair yet, of the same moment and camera.
 */
async function partnerOf(
  context: ShotContext,
  candidate: ScanCandidate,
  metadata: PhotoMetadata,
  incomingRaw: boolean,
): Promise<{ row: PhotoRow; source: string } | null> {
  const { photos } = context.deps;
  for (const sibling of context.placement.siblingsOf(candidate.source)) {
    const row = photos.findById(sibling.photoId);
    // A photo in the trash is joined by nothing, as for copies (its files would go with it).
    if (!row || row.kind !== 'photo' || row.trashed_at !== null) continue;
    if (row.stored_path !== sibling.storedPath) continue;
    const wanted = incomingRaw
      ? row.format === 'jpeg' || row.format === 'heic'
      : isRawFormat(row.format);
    const files = photos.files.of([row.id]).get(row.id) ?? [];
    if (!wanted || files.some((file) => file.role === 'pair')) continue;
    if (
      row.camera_model !== null &&
      metadata.cameraModel !== null &&
      row.camera_model !== metadata.cameraModel
    ) {
      continue;
    }
    // The moment the partner was taken, from its file as the shot's own check reads it.
    const own = await readShotMetadata(
      { kind: incomingRaw ? 'image' : 'raw', format: row.format as ScanCandidate['format'] },
      sibling.path,
      0,
    ).catch(() => null);
    if (!own) continue;
    const [raw, still] = incomingRaw ? [metadata, own.metadata] : [own.metadata, metadata];
    if (isSameShot(raw, still)) return { row, source: sibling.path };
  }
  return null;
}
