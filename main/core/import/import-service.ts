import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ImportProgress, ImportTotals, Photo } from '../../../common/contract';
import { ShoeboxError, type ErrorData } from '../../../common/errors';
import type { DerivativesResult, ImagingPool } from '../imaging/imaging-pool';
import type { AlbumRepository } from '../library/album-repository';
import { isInside, type LibraryLayout, toStoredPath } from '../library/library-paths';
import type { NewPhoto, PhotoRepository } from '../library/photo-repository';
import { hashFile } from './hash-file';
import { captureSortKey, readMetadata, type PhotoMetadata } from './metadata';
import { scanInputs, type ScanCandidate } from './scan';
import { storeOriginal, type StoredOriginal } from './store-original';

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
  imaging: () => ImagingPool;
  now?: () => Date;
}

type Outcome =
  | { status: 'imported'; photo: Photo }
  | { status: 'duplicate'; photoId: number }
  | { status: 'failed'; error: string };

/**
 * Imports files and folders: scan → hash (duplicates skipped) → metadata → original copied and
 * derivatives made in parallel → one transaction per photo. A file that fails is reported and
 * the batch goes on; a cancelled import keeps what it finished and leaves nothing half-written.
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
  ).catch((error: unknown) => {
    fatal = { code: 'INTERNAL', message: describeFailure(error) };
  });

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
  /** Files of this batch being imported, by hash: a second copy waits for the first. */
  inFlight: Map<string, Promise<Outcome>>;
}

async function importOneFile(
  context: FileContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
): Promise<Outcome> {
  const { deps, signal } = context;
  const hash = await hashFile(candidate.path, signal);
  const existing = deps.photos.findByHash(hash);
  if (existing) {
    linkToAlbum(context, existing.id, existing.trashed_at === null);
    return { status: 'duplicate', photoId: existing.id };
  }
  const earlier = context.inFlight.get(hash);
  if (earlier) {
    const first = await earlier;
    if (first.status === 'imported') return { status: 'duplicate', photoId: first.photo.id };
    if (first.status === 'duplicate') return first;
  }
  const attempt = importNewFile(context, pool, candidate, hash);
  context.inFlight.set(hash, attempt);
  try {
    return await attempt;
  } finally {
    context.inFlight.delete(hash);
  }
}

async function importNewFile(
  context: FileContext,
  pool: ImagingPool,
  candidate: ScanCandidate,
  hash: string,
): Promise<Outcome> {
  const { deps, signal } = context;
  const metadata = await readMetadata(candidate.path, candidate.mtimeMs);
  // Uploads are staged under a generated name; the user knows them by the name they uploaded.
  const originalName = path.basename(context.shown(candidate.path));
  const [stored, made] = await Promise.allSettled([
    storeOriginal(
      deps.layout,
      {
        sourcePath: candidate.path,
        originalName,
        takenAt: metadata.takenAt,
        hash,
        bytes: candidate.bytes,
        mtimeMs: candidate.mtimeMs,
      },
      (storedPath) => deps.photos.findByStoredPath(storedPath) !== undefined,
      signal,
    ),
    pool.makeDerivatives(
      {
        sourcePath: candidate.path,
        outputDir: path.join(deps.layout.derivatives, hash.slice(0, 2)),
        baseName: hash,
      },
      signal,
    ),
  ]);
  if (stored.status === 'rejected' || made.status === 'rejected') {
    await removeWritten(stored, made);
    throw stored.status === 'rejected' ? stored.reason : (made as PromiseRejectedResult).reason;
  }
  try {
    signal?.throwIfAborted();
    const photoId = deps.photos.insert(
      newPhotoRecord(deps, {
        hash,
        originalName,
        storedPath: stored.value.storedPath,
        bytes: candidate.bytes,
        metadata,
        made: made.value,
        importedAt: context.now().toISOString(),
      }),
      (newId) => linkToAlbum(context, newId, true),
    );
    const row = deps.photos.findById(photoId)!;
    return { status: 'imported', photo: deps.photos.toPhotos([row])[0]! };
  } catch (error) {
    await removeWritten(stored, made);
    throw error;
  }
}

/**
 * Records a file that already lies in originals/ but has no row (left by a crash between
 * placing it and committing): its derivatives are made and the row points at it where it is.
 * Returns the new photo id, or the id of the photo that already has this content.
 */
export async function adoptStoredOriginal(
  deps: ImportDependencies,
  absolutePath: string,
): Promise<{ status: 'adopted' | 'duplicate'; photoId: number }> {
  const info = await stat(absolutePath);
  const hash = await hashFile(absolutePath);
  const existing = deps.photos.findByHash(hash);
  if (existing) return { status: 'duplicate', photoId: existing.id };
  const metadata = await readMetadata(absolutePath, info.mtimeMs);
  const made = await deps.imaging().makeDerivatives({
    sourcePath: absolutePath,
    outputDir: path.join(deps.layout.derivatives, hash.slice(0, 2)),
    baseName: hash,
  });
  const photoId = deps.photos.insert(
    newPhotoRecord(deps, {
      hash,
      originalName: path.basename(absolutePath),
      storedPath: toStoredPath(deps.layout, absolutePath),
      bytes: info.size,
      metadata,
      made,
      importedAt: (deps.now ?? (() => new Date()))().toISOString(),
    }),
  );
  return { status: 'adopted', photoId };
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

/** Removes what an unfinished photo wrote: its copy (never an adopted file) and derivatives. */
async function removeWritten(
  stored: PromiseSettledResult<StoredOriginal>,
  made: PromiseSettledResult<DerivativesResult>,
): Promise<void> {
  const files: string[] = [];
  if (stored.status === 'fulfilled' && !stored.value.adopted) files.push(stored.value.absolutePath);
  if (made.status === 'fulfilled') files.push(...made.value.derivatives.map((d) => d.path));
  await Promise.all(files.map((file) => unlink(file).catch(() => undefined)));
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
      return "the library's disk is full";
    case 'EIO':
      return 'the file could not be read (I/O error: is the card still inserted?)';
  }
  return error instanceof Error ? error.message : String(error);
}
