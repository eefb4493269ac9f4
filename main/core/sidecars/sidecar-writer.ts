/**
 * Keeps every photo's XMP sidecar in step with the database: the database is the truth, and a
 * photo whose `description_rev` differs from its `sidecar_rev` has a sidecar to (re)write.
 * Any process may write it — this one soon after a change, the next one after a crash — and
 * the new file replaces the old only inside a write transaction that checks the revision it
 * was rendered from is still the latest, so two processes never leave an older sidecar last.
 * Each write reads the sidecar already there first and keeps what other apps put in it (the
 * sidecar a photo came with is its first version).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../../common/errors';
import type { LibraryDatabase } from '../library/database';
import type { DescriptionRepository } from '../library/description-repository';
import { fromStoredPath, type LibraryLayout } from '../library/library-paths';
import { descriptionOf, type PhotoRepository, type PhotoRow } from '../library/photo-repository';
import { isReferenced } from '../library/referenced-files';
import { renderSidecar, sidecarPathOf } from './xmp-sidecar';

/** What writing sidecars works with. */
export interface SidecarWriterDependencies {
  layout: LibraryLayout;
  db: LibraryDatabase;
  photos: PhotoRepository;
  descriptions: DescriptionRepository;
  /** This process's lease id (temp files carry it, so a repair leaves them alone). */
  leaseId: () => string;
  /** Told about a sidecar that could not be written (a full disk): it is tried again later. */
  onError?: (message: string) => void;
}

/** Writes pending sidecars in the background, and all of them on `flush`. */
export interface SidecarWriter {
  /** Writes pending sidecars soon (changes in one burst are written together). */
  schedule(): void;
  /** Writes every pending sidecar now; answers how many were written. */
  flush(): Promise<number>;
  /** Writes what is pending and stops. */
  close(): Promise<void>;
}

// Long enough that rating a burst key by key writes each sidecar once, short enough that
// another app opening the folder a moment later sees the change.
const DEBOUNCE_MS = 400;
// Sidecars written per transaction and turn of the event loop.
const BATCH = 100;
// A sidecar larger than this is no description (darktable's, history and all, is tens of KB):
// it is replaced by a fresh one rather than read into memory.
const MAX_EXISTING_BYTES = 8 * 1024 * 1024;

/**
 * The sidecar now at `sidecarPath`, whose other apps' fields the new one keeps; null when
 * there is none (or it cannot be read: it is then written fresh).
 */
function existingSidecar(sidecarPath: string): string | null {
  try {
    if (statSync(sidecarPath).size > MAX_EXISTING_BYTES) return null;
    return readFileSync(sidecarPath, 'utf8');
  } catch {
    return null;
  }
}

/** Creates the sidecar writer of one core. */
export function createSidecarWriter(deps: SidecarWriterDependencies): SidecarWriter {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let closed = false;

  /**
   * Where a photo's sidecar goes and where its temp file is written first (on the same disk,
   * so the rename is atomic): beside its original in the library, or beside its file in an
   * added folder that writes XMP (named `IMG.CR2.xmp`, never `IMG.xmp`, which another file of
   * the shot may own). Null when it gets none: a folder that does not write XMP keeps its
   * photos' descriptions in the database, and a file not there now is written at its next
   * change.
   */
  function sidecarTarget(row: PhotoRow): { target: string; temp: string } | null {
    const unique = `${deps.leaseId()}-${randomBytes(6).toString('hex')}`;
    const location = deps.photos.locate(row.stored_path);
    if (location) {
      if (!location.writeXmp || location.status !== 'ok') return null;
      const target = sidecarPathOf(location.path);
      const temp = path.join(
        path.dirname(target),
        `.${path.basename(target)}.shoebox-${unique}.tmp`,
      );
      return { target, temp };
    }
    const original = fromStoredPath(deps.layout, row.stored_path);
    if (!original) return null;
    return {
      target: sidecarPathOf(original),
      temp: path.join(deps.layout.staging, `sidecar-${unique}.xmp`),
    };
  }

  function writeBatch(): number {
    const rows = deps.descriptions.pendingSidecars(BATCH);
    if (rows.length === 0) return 0;
    const keywords = deps.photos.keywordsOf(rows.map((row) => row.id));
    const targets = rows.map((row) => ({ row, place: sidecarTarget(row) }));
    // Given no sidecar (a folder that does not write XMP), or given up: a user's folder that
    // refuses the write keeps the description in the database, and says why once.
    const none = targets.filter((entry) => entry.place === null).map((entry) => entry.row);
    const staged: { row: PhotoRow; temp: string; target: string }[] = [];
    const refused = (row: PhotoRow, target: string, error: unknown): void => {
      none.push(row);
      deps.onError?.(`the XMP sidecar ${target} could not be written: ${errorMessage(error)}`);
    };
    try {
      for (const { row, place } of targets) {
        if (!place) continue;
        const { target, temp } = place;
        try {
          writeFileSync(
            temp,
            renderSidecar(
              {
                ...descriptionOf(row, keywords.get(row.id) ?? []),
                orientation: row.orientation,
                rotation: row.rotation,
                takenAt: row.taken_at,
                originalName: row.original_name,
              },
              existingSidecar(target),
            ),
          );
          staged.push({ row, temp, target });
        } catch (error) {
          // A write that failed part-way leaves no temp file behind, in a user's folder least.
          rmSync(temp, { force: true });
          // The library's own sidecars stay pending (a full disk): tried again later.
          if (!isReferenced(row.stored_path)) throw error;
          refused(row, target, error);
        }
      }
      deps.db
        .transaction(() => {
          for (const { row, temp, target } of staged) {
            if (!deps.descriptions.isLatest(row.id, row.description_rev)) continue;
            try {
              renameSync(temp, target);
            } catch (error) {
              if (!isReferenced(row.stored_path)) throw error;
              refused(row, target, error);
              continue;
            }
            deps.descriptions.markSidecarWritten(row.id, row.description_rev);
          }
          for (const row of none) {
            if (deps.descriptions.isLatest(row.id, row.description_rev)) {
              deps.descriptions.markSidecarWritten(row.id, row.description_rev);
            }
          }
        })
        .immediate();
    } finally {
      for (const { temp } of staged) rmSync(temp, { force: true });
    }
    return rows.length;
  }

  async function writeAll(): Promise<number> {
    let written = 0;
    for (;;) {
      const count = writeBatch();
      written += count;
      if (count < BATCH) return written;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  function flush(): Promise<number> {
    if (timer) clearTimeout(timer);
    timer = null;
    running ??= writeAll().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    schedule() {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = null;
        flush().catch((error: unknown) => deps.onError?.(errorMessage(error)));
      }, DEBOUNCE_MS);
      timer.unref();
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
