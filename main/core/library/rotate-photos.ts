/**
 * Turning photos in the library: their derivatives are made again from the original with the
 * new rotation on top of the file's own orientation, and the rows switched over in one
 * transaction. The original's bytes are never touched (its hash is its identity).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { rotateBy, type RotateDirection, type Rotation } from '../../../common/description';
import { ShoeboxError } from '../../../common/errors';
import type { DerivativeFile, ImagingPool } from '../imaging/imaging-pool';
import type { LibraryDatabase } from './database';
import { addTurns, prepareDerivativeSource, sourceFactsOfRow } from './derivative-source';
import { fromStoredPath, toStoredPath, type LibraryLayout } from './library-paths';
import type { PhotoRepository, PhotoRow } from './photo-repository';
import type { WriterLease } from './writer-lease';
import { unreadableOriginal } from './referenced-files';

/** What rotating photos works with. */
export interface RotateDependencies {
  layout: LibraryLayout;
  db: LibraryDatabase;
  photos: PhotoRepository;
  imaging: () => ImagingPool;
  lease: () => WriterLease;
}

/**
 * Derivatives of a rotated photo are named by their rotation (`<hash>-r90-thumb.webp`), so the
 * new files never replace the ones a window is showing until the rows point at them, and an
 * unrotated photo keeps the names import gave it.
 */
export function derivativeBaseName(hash: string, rotation: Rotation): string {
  return rotation === 0 ? hash : `${hash}-r${rotation}`;
}

// Photos rotated at once: enough to keep every imaging thread busy, few enough that a large
// selection does not stage thousands of files before the first commit.
const BATCH = 8;

/**
 * Turns each photo one step `direction`; answers how many turned. NOT_FOUND (nothing turned)
 * for an unknown id. A photo another process turned meanwhile is turned again from where it is.
 */
export async function rotatePhotos(
  deps: RotateDependencies,
  photoIds: number[],
  direction: RotateDirection,
): Promise<number> {
  const ids = [...new Set(photoIds)];
  const missing = ids.filter((photoId) => !deps.photos.findById(photoId));
  if (missing.length > 0) {
    throw new ShoeboxError(
      'NOT_FOUND',
      `No photo with id ${missing.slice(0, 10).join(', ')}; nothing was turned.`,
    );
  }
  let turned = 0;
  for (let start = 0; start < ids.length; start += BATCH) {
    const results = await Promise.all(
      ids.slice(start, start + BATCH).map((photoId) => rotateOne(deps, photoId, direction)),
    );
    turned += results.filter(Boolean).length;
  }
  return turned;
}

async function rotateOne(
  deps: RotateDependencies,
  photoId: number,
  direction: RotateDirection,
): Promise<boolean> {
  // Another process may turn the same photo: the commit only lands on the rotation the
  // derivatives were made for, else they are made again from the new one.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const row = deps.photos.findById(photoId);
    if (!row) return false; // deleted for good meanwhile
    // Turned from the original's pixels: a photo left in a folder that is not there cannot be.
    const location = deps.photos.locate(row.stored_path);
    if (location && location.status !== 'ok') {
      throw new ShoeboxError('NOT_FOUND', unreadableOriginal(row.original_name, location.status));
    }
    const rotation = rotateBy(row.rotation, direction);
    const lease = deps.lease();
    // Staged under this process's lease: a repair running meanwhile leaves them alone.
    const staged = path.join(
      deps.layout.staging,
      `rotate-${lease.id}-${randomBytes(6).toString('hex')}`,
    );
    mkdirSync(staged, { recursive: true });
    try {
      // A RAW's embedded JPEG or a video's poster is made into the staged folder too.
      const source = await prepareDerivativeSource(sourceFactsOfRow(deps.photos, row), {
        folder: staged,
        leaseId: lease.id,
      });
      const made = await deps.imaging().makeDerivatives({
        sourcePath: source.sourcePath,
        outputDir: staged,
        baseName: derivativeBaseName(row.hash, rotation),
        rotation: addTurns(source.turn, rotation),
      });
      if (commit(deps, row, rotation, made)) return true;
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
  }
  throw new ShoeboxError('CONFLICT', `Photo ${photoId} kept being turned by another process.`);
}

/** Moves the new derivatives in and points the rows at them, if the photo is still as read. */
function commit(
  deps: RotateDependencies,
  before: PhotoRow,
  rotation: Rotation,
  made: { width: number; height: number; derivatives: DerivativeFile[] },
): boolean {
  const { db, layout, photos } = deps;
  const outputDir = path.join(layout.derivatives, before.hash.slice(0, 2));
  const replaced = (photos.derivativesOf([before.id]).get(before.id) ?? []).map(
    (derivative) => derivative.stored_path,
  );
  const committed = db
    .transaction(() => {
      const now = photos.findById(before.id);
      if (!now || now.rotation !== before.rotation) return false;
      mkdirSync(outputDir, { recursive: true });
      for (const derivative of made.derivatives) {
        const final = path.join(outputDir, path.basename(derivative.path));
        renameSync(derivative.path, final);
        photos.saveDerivative(before.id, {
          size: derivative.size,
          storedPath: toStoredPath(layout, final),
          width: derivative.width,
          height: derivative.height,
          bytes: derivative.bytes,
        });
      }
      photos.setRotation(before.id, rotation, made.width, made.height);
      return true;
    })
    .immediate();
  if (!committed) return false;
  // The old files after the commit: a window still showing them has them open or cached.
  for (const stored of replaced) {
    if (photos.recordsFile(stored)) continue;
    rmSync(fromStoredPath(layout, stored)!, { force: true });
  }
  return true;
}
