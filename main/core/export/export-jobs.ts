/**
 * Exports as the core's contract runs them: in the background, with `exportProgress` events,
 * cancellable by id. A `download` export (for `shoebox serve`) is a zip inside the library's
 * staging folder, which serve streams from `/exports/<exportId>.zip`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { HTTP_ROUTES } from '../../../common/bridge';
import type { ExportProgress, ParsedInput } from '../../../common/contract';
import { ShoeboxError, toErrorData } from '../../../common/errors';
import type { LibraryLayout } from '../library/library-paths';
import { exportAlbum, type ExportDependencies, type ExportTarget } from './export-service';
import type { TempWriter } from './zip-target';

/** The core's export handlers and their lifecycle. */
export interface ExportJobs {
  /** Starts an export; NOT_FOUND for an unknown album, CONFLICT for a destination in use. */
  start(input: ParsedInput<'startExport'>): Promise<{ exportId: string }>;
  /** Cancels a running export; NOT_FOUND when none has this id. */
  cancel(exportId: string): { count: number };
  /** The zip of a finished download export and the name to save it as; null if none. */
  resolveDownload(exportId: string): Promise<{ path: string; fileName: string } | null>;
  /** Cancels every export, waits for them, and deletes this process's downloads. */
  close(): Promise<void>;
}

// Export ids are UUIDs: anything else in a download URL is refused before it nears a path.
const EXPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A browser starts its download as soon as the export finishes; an hour covers a slow or
// resumed one, and older zips (a whole album each) are deleted when the next export starts.
const DOWNLOAD_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Where a download export's zip is (or will be): `.staging/exports/export-<lease>-<id>.zip`, or
 * null for an id that is not an export id. The writer's lease id in the name lets `shoebox
 * verify --repair` tell a live server's download from a leftover of one that has stopped.
 */
export function exportDownloadPath(
  layout: LibraryLayout,
  leaseId: string,
  exportId: string,
): string | null {
  if (!EXPORT_ID.test(exportId)) return null;
  return path.join(downloadsDir(layout), `export-${leaseId}-${exportId}.zip`);
}

/** A file name for a download: the title without characters file systems refuse. */
function downloadName(title: string): string {
  // Control characters and the characters Windows forbids; dots at the ends hide or vanish.
  const name = [...title]
    .map((char) => (char.charCodeAt(0) < 0x20 || '\u007f<>:"/\\|?*'.includes(char) ? '_' : char))
    .join('')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100);
  return name || 'album';
}

function downloadsDir(layout: LibraryLayout): string {
  return path.join(layout.staging, 'exports');
}

/** Creates the export handlers of one core; events go to `publish`. */
export function createExportJobs(
  deps: ExportDependencies & {
    publish: (payload: ExportProgress) => void;
    /** This process's lease: download zips are named by it. */
    writer: TempWriter;
  },
): ExportJobs {
  const running = new Map<
    string,
    { controller: AbortController; done: Promise<void>; location: string }
  >();
  const downloads = new Map<string, { path: string; fileName: string }>();
  let madeDownloads = false;

  async function removeDownloads(olderThanMs: number): Promise<void> {
    const dir = downloadsDir(deps.layout);
    const mine = `export-${deps.writer.leaseId()}-`;
    const now = Date.now();
    for (const name of await readdir(dir).catch(() => [])) {
      if (!name.startsWith(mine)) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs >= olderThanMs) await rm(file, { force: true });
    }
    for (const [exportId, download] of downloads) {
      if (!(await stat(download.path).catch(() => null))) downloads.delete(exportId);
    }
  }

  return {
    async start(input) {
      const album = deps.albums.get(input.albumId);
      const exportId = randomUUID();
      let target: ExportTarget;
      let location: (file: string) => string = (file) => file;
      if (input.destination.kind === 'download') {
        madeDownloads = true;
        await removeDownloads(DOWNLOAD_LIFETIME_MS);
        await mkdir(downloadsDir(deps.layout), { recursive: true });
        target = {
          kind: 'zip',
          path: exportDownloadPath(deps.layout, deps.writer.leaseId(), exportId)!,
        };
        const fileName = `${downloadName(input.title?.trim() || album.name)}.zip`;
        location = (file) => {
          downloads.set(exportId, { path: file, fileName });
          return `${HTTP_ROUTES.exports}${exportId}.zip`;
        };
      } else {
        target = { kind: input.destination.kind, path: path.resolve(input.destination.path) };
      }
      for (const job of running.values()) {
        if (job.location === target.path) {
          throw new ShoeboxError('CONFLICT', `An export into ${target.path} is already running.`);
        }
      }

      const controller = new AbortController();
      // Reports that moved the work by less than a percent within the same photo count are
      // not sent: a progress bar cannot show them.
      let published = '';
      const publish = (payload: Omit<ExportProgress & { type: 'finished' }, 'type' | 'exportId'>) =>
        deps.publish({ type: 'finished', exportId, ...payload });
      // The work starts on a later turn: the caller gets its exportId before the first event
      // (even an immediate failure's) is published.
      const done = new Promise((resolve) => setImmediate(resolve))
        .then(() =>
          exportAlbum(deps, {
            albumId: input.albumId,
            destination: target,
            title: input.title,
            keepGps: input.keepGps,
            captionFileNames: input.captionFileNames,
            signal: controller.signal,
            onProgress: ({ done: photosDone, total, fraction }) => {
              const shown = `${photosDone}/${total}/${Math.floor(fraction * 100)}`;
              if (published === shown) return;
              published = shown;
              deps.publish({ type: 'progress', exportId, done: photosDone, total, fraction });
            },
          }),
        )
        .then(
          (summary) =>
            publish({
              cancelled: false,
              location: location(summary.location),
              error: null,
              failed: summary.failed,
            }),
          (error: unknown) => {
            const cancelled = controller.signal.aborted;
            const error_ = cancelled ? null : toErrorData(error);
            publish({ cancelled, location: null, error: error_, failed: [] });
          },
        )
        .finally(() => running.delete(exportId));
      running.set(exportId, { controller, done, location: target.path });
      return { exportId };
    },

    cancel(exportId) {
      const job = running.get(exportId);
      if (!job) throw new ShoeboxError('NOT_FOUND', `No export ${exportId} is running.`);
      job.controller.abort();
      return { count: 1 };
    },

    async resolveDownload(exportId) {
      const download = downloads.get(exportId);
      if (!download || !(await stat(download.path).catch(() => null))) return null;
      return download;
    },

    async close() {
      for (const job of running.values()) job.controller.abort();
      await Promise.all([...running.values()].map((job) => job.done));
      // Only a process that made downloads has any (and a lease to name them by).
      if (madeDownloads) await removeDownloads(0);
    },
  };
}
