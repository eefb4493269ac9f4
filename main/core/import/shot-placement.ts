/**
 * How a shot's files come into the library: copied (the import: staged while hashed, placed
 * in `originals/` under reserved names) or left where they are (a folder added in place: read
 * where they are, recorded by their folder index row). `import-shot.ts` asks its placement at
 * every step that touches a file, so the in-place import never copies, moves, renames or
 * removes a user's file.
 */
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import { FolderRepository } from '../folders/folder-repository';
import { baseName } from '../folders/path-key';
import type { LibraryDatabase } from '../library/database';
import { isInside, type LibraryLayout } from '../library/library-paths';
import { referencedStoredPath } from '../library/referenced-files';
import { hashFile } from './hash-file';
import { placeShot, type PlacedOriginal, type ShotFileToPlace } from './place-original';
import { CHANGED_WHILE_IMPORTED, stageSource, type StagedSource } from './stage-source';

/** A file of a shot, as the recording transaction links it. */
export interface RecordedShotFile {
  role: 'original' | 'pair' | 'motion' | 'sidecar';
  /** The path the scan found it at. */
  source: string | Buffer;
}

/** How the files of every shot of one import come into the library. */
export interface ShotPlacement {
  /** True when the files stay where they are: no copy, no library sidecar, no late joins. */
  readonly inPlace: boolean;
  /** Reads a source in: a staged copy with its hash, or the file itself, hashed where it is. */
  stage(source: string | Buffer, signal: AbortSignal | undefined): Promise<StagedSource>;
  /** Lets go of what `stage` answered: the staged copy is removed, a user's file never. */
  discard(staged: StagedSource): Promise<void>;
  /** The stored paths of a shot's files (`files` in the order of `sources`). */
  place(
    folder: string,
    files: ShotFileToPlace[],
    sources: readonly (string | Buffer)[],
    signal: AbortSignal | undefined,
  ): Promise<PlacedOriginal[]>;
  /** Inside the transaction that records the photo: what else records its files. */
  recorded(photoId: number, files: readonly RecordedShotFile[]): void;
  /** The stored path a file left in place is recorded by (in place only). */
  storedPathOf(source: string | Buffer): string;
  /**
   * The photos whose originals lie beside `source` under its stem (any case): the other half
   * of its shot, arrived earlier (in place only; none for a copy).
   */
  siblingsOf(source: string | Buffer): { photoId: number; storedPath: string; path: string }[];
}

/** The import's placement: copied into staging while hashed, placed in `originals/`. */
export function copyPlacement(layout: LibraryLayout, leaseId: string): ShotPlacement {
  return {
    inPlace: false,
    stage: (source, signal) => stageSource(layout, source, leaseId, { signal }),
    async discard(staged) {
      // Only ever a copy in staging: a wrong path here must not remove anything else.
      if (isInside(layout.staging, staged.path)) await unlink(staged.path).catch(() => undefined);
    },
    place: (folder, files, _sources, signal) => placeShot(layout, folder, files, signal),
    recorded: () => undefined,
    storedPathOf: () => {
      throw new ShoeboxError('INTERNAL', 'a copied file is recorded where it is placed');
    },
    siblingsOf: () => [],
  };
}

/**
 * A folder added in place: each file read where it is (its index row's id by its absolute
 * path, `fileIds`), recorded as `folder:<id>` and its index row linked to its photo in the
 * same transaction. A file not in `fileIds` fails: it was not indexed, so it is no photo's.
 */
export function inPlacePlacement(
  db: LibraryDatabase,
  fileIds: ReadonlyMap<string, number>,
): ShotPlacement {
  const folders = new FolderRepository(db);
  const idOf = (source: string | Buffer): number => {
    const id = typeof source === 'string' ? fileIds.get(path.resolve(source)) : undefined;
    if (id === undefined) {
      throw new ShoeboxError('INTERNAL', `${String(source)} is not in an added folder's index`);
    }
    return id;
  };
  return {
    inPlace: true,
    async stage(source, signal) {
      if (typeof source !== 'string') {
        throw new ShoeboxError(
          'IO_ERROR',
          'a file whose name is not UTF-8 cannot be added in place',
        );
      }
      idOf(source);
      return readInPlace(source, signal);
    },
    discard: () => Promise.resolve(),
    place: (_folder, files, sources) =>
      Promise.resolve(
        files.map((_file, index) => ({
          absolutePath: sources[index] as string,
          storedPath: referencedStoredPath(idOf(sources[index]!)),
          // Already where it belongs: nothing of it is ever removed on a failure.
          adopted: true,
        })),
      ),
    storedPathOf: (source) => referencedStoredPath(idOf(source)),
    siblingsOf(source) {
      const own = folders.fileById(idOf(source));
      if (!own || typeof source !== 'string') return [];
      const slash = own.relPath.lastIndexOf('/');
      const folder = slash === -1 ? '' : own.relPath.slice(0, slash);
      const stem = (name: string) => name.slice(0, name.length - path.extname(name).length);
      const wanted = stem(baseName(own.relPath)).toLowerCase();
      return folders
        .filesOf(own.rootId, [{ folder, deep: false }])
        .filter(
          (file) =>
            file.id !== own.id &&
            file.photoId !== null &&
            file.state === 'present' &&
            stem(baseName(file.relPath)).toLowerCase() === wanted,
        )
        .map((file) => ({
          photoId: file.photoId!,
          storedPath: referencedStoredPath(file.id),
          path: path.join(path.dirname(source), baseName(file.relPath)),
        }));
    },
    recorded(photoId, files) {
      for (const file of files) {
        // Its row gone (its folder removed meanwhile): the photo is not recorded either.
        if (!folders.linkPhoto(idOf(file.source), photoId, file.role)) {
          throw new ShoeboxError('CONFLICT', 'its folder was removed from the library meanwhile');
        }
      }
    },
  };
}

/**
 * A file hashed where it is, as staging would hash its copy: fails with CHANGED_WHILE_IMPORTED
 * when it was rewritten meanwhile, so what is recorded is what was hashed.
 */
async function readInPlace(source: string, signal: AbortSignal | undefined): Promise<StagedSource> {
  const before = await stat(source);
  const hash = await hashFile(source, signal);
  const after = await stat(source);
  const unchanged =
    after.size === before.size &&
    after.mtimeMs === before.mtimeMs &&
    after.ctimeMs === before.ctimeMs &&
    after.ino === before.ino;
  if (!unchanged) throw new ShoeboxError('IO_ERROR', CHANGED_WHILE_IMPORTED);
  return { path: source, hash, bytes: before.size, mtimeMs: before.mtimeMs };
}
