/**
 * Derivatives made again when a late file changes what a photo is shown from: the camera's
 * JPEG joining its RAW (whose embedded preview they were made from), a still joining its Live
 * Photo movie (whose poster they were). As a rotation does (rotate-photos.ts): made into
 * staging under this process's lease (a repair meanwhile leaves them alone), moved in and
 * recorded in the transaction that joins the file, and the files they replace removed only
 * after it commits, since a window showing them has them open or cached.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Rotation } from '../../../common/description';
import type { DerivativesResult } from '../imaging/imaging-pool';
import { fromStoredPath, toStoredPath } from '../library/library-paths';
import { derivativeBaseName } from '../library/rotate-photos';
import type { ImportDependencies } from './import-service';

/** Derivatives made into a staging folder, waiting to be switched in. */
export interface StagedDerivatives {
  folder: string;
  /** The hash of the file they were made from: it names them (another file's never clash). */
  sourceHash: string;
  made: DerivativesResult;
}

/**
 * Makes every size of a picture (an image sharp reads as it is: a JPEG or HEIC, turned by its
 * own EXIF orientation) at the photo's `rotation`, into staging.
 */
export async function stageDerivatives(
  deps: ImportDependencies,
  source: { path: string; hash: string },
  rotation: Rotation,
  signal: AbortSignal | undefined,
): Promise<StagedDerivatives> {
  const folder = path.join(
    deps.layout.staging,
    `join-${deps.lease.id}-${randomBytes(6).toString('hex')}`,
  );
  await mkdir(folder, { recursive: true });
  try {
    const made = await deps.imaging().makeDerivatives(
      {
        sourcePath: source.path,
        outputDir: folder,
        baseName: derivativeBaseName(source.hash, rotation),
        rotation,
      },
      signal,
    );
    return { folder, sourceHash: source.hash, made };
  } catch (error) {
    await dropStaged({ folder });
    throw error;
  }
}

/**
 * Moves staged derivatives into the library and points the photo's rows at them. Run inside
 * the transaction that joins the file; answers the stored paths of the files they replace.
 */
export function switchDerivatives(
  deps: ImportDependencies,
  photoId: number,
  staged: StagedDerivatives,
): string[] {
  const { layout, photos } = deps;
  const replaced = (photos.derivativesOf([photoId]).get(photoId) ?? []).map(
    (derivative) => derivative.stored_path,
  );
  const outputDir = path.join(layout.derivatives, staged.sourceHash.slice(0, 2));
  mkdirSync(outputDir, { recursive: true });
  const placed = new Set<string>();
  for (const derivative of staged.made.derivatives) {
    const final = path.join(outputDir, path.basename(derivative.path));
    renameSync(derivative.path, final);
    const storedPath = toStoredPath(layout, final);
    placed.add(storedPath);
    photos.saveDerivative(photoId, {
      size: derivative.size,
      storedPath,
      width: derivative.width,
      height: derivative.height,
      bytes: derivative.bytes,
    });
  }
  return replaced.filter((stored) => !placed.has(stored));
}

/** Removes the files switched out, after the commit (unless a row records them still). */
export async function removeReplaced(deps: ImportDependencies, replaced: string[]): Promise<void> {
  for (const stored of replaced) {
    if (deps.photos.recordsFile(stored)) continue;
    const file = fromStoredPath(deps.layout, stored);
    if (file) await rm(file, { force: true }).catch(() => undefined);
  }
}

/** Removes a staging folder and what is left in it (nothing once switched in). */
export async function dropStaged(staged: { folder: string }): Promise<void> {
  await rm(staged.folder, { recursive: true, force: true }).catch(() => undefined);
}
