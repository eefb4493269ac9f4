/**
 * Exports an album as a static web gallery (a folder or a zip): `index.html`, `album.json`,
 * `images/` with the library's three WebP sizes of every photo and video (copied, never
 * re-encoded; a video's are its poster frame), `videos/` with a file every browser plays for
 * each video (gallery-videos.ts) and `assets/` with the lightbox. Nothing else of an original
 * leaves the library: a camera RAW goes out as its WebP sizes alone. Takes the repositories it
 * reads as parameters, so it runs (and is tested) under plain Node, apart from any transport.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import { ShoeboxError } from '../../../common/errors';
import type { AlbumRepository } from '../library/album-repository';
import type { SearchService } from '../search/search-service';
import { fromStoredPath, type LibraryLayout } from '../library/library-paths';
import type { PhotoRepository, PhotoRow } from '../library/photo-repository';
import { throwIfCancelled, type ExportFile, type MadeFile, type PhotoFile } from './export-files';
import { writeFolder } from './folder-target';
import { isValidGpsPosition } from './gps-exif';
import { planVideo } from './gallery-videos';
import { loadGalleryAssets } from './gallery-assets';
import {
  renderAlbumManifest,
  renderGalleryPage,
  type Gallery,
  type GalleryImage,
  type GalleryPhoto,
} from './gallery-page';
import { writeZip, type TempWriter } from './zip-target';

/** What the export reads. */
export interface ExportDependencies {
  layout: LibraryLayout;
  photos: PhotoRepository;
  albums: AlbumRepository;
  /** A smart album's photos are those its search finds. */
  search: SearchService;
  /** The library lease of this process, whose id names the temp files an export writes. */
  writer?: TempWriter;
}

/** Where an export is written (a download is a zip the caller placed). */
export type ExportTarget = { kind: 'folder'; path: string } | { kind: 'zip'; path: string };

/** What to export, and how. */
export interface ExportRequest {
  albumId: number;
  destination: ExportTarget;
  /** The page's title; the album's name when absent or blank. */
  title?: string;
  /**
   * Keep GPS positions; off by default. They go into album.json, the captions (with a map
   * link) and the images, as an EXIF block holding the position alone (written into the
   * WebP container, pixels untouched). Without it, images carry no metadata at all.
   */
  keepGps?: boolean;
  /** Show original file names in captions; on by default. */
  captionFileNames?: boolean;
  signal?: AbortSignal;
  /** Photos (videos included) done out of the total, now and then and at the end. */
  onProgress?: (progress: ExportProgressReport) => void;
}

/** How far an export is. */
export interface ExportProgressReport {
  /** Photos and videos whose every file is in place, out of all of them. */
  done: number;
  total: number;
  /**
   * 0..1 of the expected work, weighing each video's web copy by its length: `done` sits still
   * while a long clip is encoded, this moves.
   */
  fraction: number;
}

/** A video whose playable file could not be made: the gallery shows its poster as a still. */
export interface ExportItemFailure {
  /** The original's file name. */
  name: string;
  /** What went wrong, for a person to act on. */
  reason: string;
}

/** What an export did. */
export interface ExportSummary {
  /** The absolute path of the folder or zip. */
  location: string;
  photos: number;
  /** Files written, files found unchanged and left alone, files of a previous export removed. */
  written: number;
  unchanged: number;
  removed: number;
  /** Videos shown as stills because their playable file could not be made; empty when none. */
  failed: ExportItemFailure[];
}

// Progress events at most this often: an IPC message per photo of a 10k album is noise.
const PROGRESS_INTERVAL_MS = 100;
// Rows read per query while collecting the album: one statement per page, bounded memory.
const PAGE_SIZE = 1000;
/**
 * Progress units per second of video a web copy encodes, a photo's files being one unit.
 * Measured on this 2-core machine: a 5 s 1080p clip's web copy took 5.0 s, and an export of
 * 200 photos with 2400 px derivatives 3.5 ms per photo (folder or zip alike).
 */
const UNITS_PER_WEB_COPY_SECOND = 300;

/** Exports one album; throws a ShoeboxError (CANCELLED when `signal` fires). */
export async function exportAlbum(
  deps: ExportDependencies,
  request: ExportRequest,
): Promise<ExportSummary> {
  const album = deps.albums.get(request.albumId);
  const rows =
    album.query === null ? albumRows(deps.photos, album.id) : searchRows(deps.search, album.query);
  const entries = galleryPhotos(deps, rows, request);
  const failed = new Map<number, ExportItemFailure>();
  // The page and the manifest are rendered once every file is in place, without the videos
  // whose playable file could not be made (their posters stay, as stills).
  const gallery = (): Gallery => ({
    title: request.title?.trim() || album.name,
    locale: new Intl.DateTimeFormat().resolvedOptions().locale,
    photos: entries.map(({ photo }, index) =>
      failed.has(index) ? { ...photo, videoFile: null } : photo,
    ),
  });
  const location = path.resolve(request.destination.path);
  const generated = new Date();
  const previousManifest =
    request.destination.kind === 'folder'
      ? await readFile(path.join(location, 'album.json'), 'utf8').catch(() => null)
      : null;
  const assets = await loadGalleryAssets();
  const files: ExportFile[] = [
    ...entries.flatMap((entry) => entry.files),
    ...assets.map((asset) => ({
      kind: 'data' as const,
      name: `assets/${asset.name}`,
      data: asset.data,
    })),
    {
      kind: 'data',
      name: 'album.json',
      data: () => Buffer.from(albumManifest(gallery(), previousManifest, generated)),
    },
    // Last: a gallery is only announced once everything it shows is in place.
    { kind: 'data', name: 'index.html', data: () => Buffer.from(renderGalleryPage(gallery())) },
  ];
  throwIfCancelled(request.signal);

  const progress = progressReporter(entries, request.onProgress);
  const onFailed = (file: MadeFile, reason: string): void => {
    failed.set(file.photo, { name: file.label, reason });
  };
  const written =
    request.destination.kind === 'folder'
      ? await writeFolder(location, files, { signal: request.signal, ...progress.hooks, onFailed })
      : await writeZip(location, files, {
          signal: request.signal,
          mtime: generated,
          ...progress.hooks,
          onFailed,
          writer: deps.writer,
        }).then(() => ({ written: files.length - failed.size, unchanged: 0, removed: 0 }));
  progress.finish();
  return { location, photos: entries.length, ...written, failed: [...failed.values()] };
}

/** Every photo of the album (not trashed), in album order. */
function albumRows(photos: PhotoRepository, albumId: number): PhotoRow[] {
  const rows: PhotoRow[] = [];
  let cursor: string | null = null;
  do {
    const page = photos.page({ kind: 'album', albumId, order: 'asc' }, cursor, PAGE_SIZE);
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** Every photo a smart album's search finds now, oldest first as its listing shows them. */
function searchRows(search: SearchService, query: string): PhotoRow[] {
  const rows: PhotoRow[] = [];
  let cursor: string | null = null;
  do {
    const page = search.rowPage({ query, sort: 'taken', order: 'asc', cursor, limit: PAGE_SIZE });
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/**
 * The name a photo's files get: the start of its content hash (stable across re-exports and
 * album reordering, and never user text), or its id for a hash that is not plain hex.
 */
function photoKey(row: PhotoRow, taken: Set<string>): string {
  // 16 hex digits: a collision among 200k photos has odds of about 1 in 10^9, and is handled.
  let key = /^[0-9a-f]{16}/.test(row.hash) ? row.hash.slice(0, 16) : `photo-${row.id}`;
  if (taken.has(key)) key = `${key}-${row.id}`;
  taken.add(key);
  return key;
}

interface GalleryEntry {
  photo: GalleryPhoto;
  files: PhotoFile[];
  /** Progress units of each file (a photo's copies share one; a web copy weighs its length). */
  units: Map<PhotoFile, number>;
}

function galleryPhotos(
  deps: ExportDependencies,
  rows: PhotoRow[],
  request: ExportRequest,
): GalleryEntry[] {
  const derivatives = deps.photos.derivativesOf(rows.map((row) => row.id));
  const keywords = deps.photos.keywordsOf(rows.map((row) => row.id));
  const keys = new Set<string>();
  return rows.map((row, index) => {
    const key = photoKey(row, keys);
    const gps =
      request.keepGps && row.gps_lat != null && row.gps_lon != null
        ? { lat: row.gps_lat, lon: row.gps_lon }
        : null;
    // A position EXIF cannot express (a hand-edited database) stays out of the images.
    const imageGps = gps && isValidGpsPosition(gps) ? gps : null;
    const files: PhotoFile[] = [];
    const images = {} as Record<DerivativeSize, GalleryImage>;
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const stored = derivatives.get(row.id)?.find((d) => d.size === size);
      // Stored paths come from a database users can edit: only files inside the library.
      const source = stored && fromStoredPath(deps.layout, stored.stored_path);
      if (!stored || !source) {
        throw new ShoeboxError(
          'NOT_FOUND',
          `"${row.original_name}" has no ${size} web copy in the library; run \`shoebox verify --repair\` to remake it.`,
        );
      }
      const name = `images/${key}-${size}.webp`;
      images[size] = {
        file: name,
        width: stored.width,
        height: stored.height,
        bytes: stored.bytes,
      };
      files.push({
        kind: 'image',
        name,
        source,
        photo: index,
        label: row.original_name,
        gps: imageGps,
      });
    }
    const units = new Map<PhotoFile, number>(files.map((file) => [file, 1 / files.length]));
    const video = row.kind === 'video' ? videoFile(deps, row, key, index, request) : null;
    if (video) {
      files.push(video.file);
      units.set(video.file, video.units);
    }
    return {
      photo: {
        key,
        takenAt: row.taken_at,
        fileName: request.captionFileNames === false ? null : row.original_name,
        title: row.title,
        caption: row.caption,
        keywords: keywords.get(row.id) ?? [],
        rating: row.rating,
        gps,
        images,
        kind: row.kind,
        durationSeconds: row.kind === 'video' ? (row.duration_seconds ?? 0) : null,
        videoFile: video?.file.name ?? null,
      },
      files,
      units,
    };
  });
}

/** The playable file of the video `row`, and the progress units making it is worth. */
function videoFile(
  deps: ExportDependencies,
  row: PhotoRow,
  key: string,
  index: number,
  request: ExportRequest,
): { file: PhotoFile; units: number } {
  // In the library, or (a video left in an added folder) in its folder's index.
  const source = deps.photos.fileOf(row.stored_path)?.path;
  if (!source) {
    throw new ShoeboxError(
      'NOT_FOUND',
      `The video "${row.original_name}" is recorded outside the library; run \`shoebox verify\` to check it.`,
    );
  }
  const plan = planVideo(row, key, source, request.keepGps === true);
  const label = row.original_name;
  if (plan.kind === 'copy') {
    return { file: { kind: 'video', name: plan.name, source, photo: index, label }, units: 0 };
  }
  const file: MadeFile = { ...plan, source, photo: index, label };
  const encodes = plan.recipe.startsWith('web-copy');
  return { file, units: encodes ? (row.duration_seconds ?? 1) * UNITS_PER_WEB_COPY_SECOND : 0 };
}

/**
 * album.json, keeping the previous export's `generated` time when nothing else changed: a
 * re-export of an unchanged album then rewrites nothing at all.
 */
function albumManifest(gallery: Gallery, previous: string | null, generated: Date): string {
  const previousTime = previous?.match(/^ {2}"generated": ("[^"\\]*"),$/m)?.[1];
  if (previous && previousTime) {
    const same = renderAlbumManifest(gallery, JSON.parse(previousTime) as string);
    if (same === previous) return same;
  }
  return renderAlbumManifest(gallery, generated.toISOString());
}

/** Progress by photo (all of its files in place) and by units of work (`fraction`). */
function progressReporter(
  entries: GalleryEntry[],
  onProgress: ExportRequest['onProgress'],
): {
  hooks: {
    onFile: (file: ExportFile) => void;
    onMadeProgress: (file: MadeFile, fraction: number) => void;
  };
  finish(): void;
} {
  const total = entries.length;
  const filesLeft = entries.map((entry) => entry.files.length);
  const unitsOf = (file: PhotoFile): number => entries[file.photo]?.units.get(file) ?? 0;
  const totalUnits = entries.reduce(
    (sum, entry) => sum + [...entry.units.values()].reduce((a, b) => a + b, 0),
    0,
  );
  const partial = new Map<PhotoFile, number>();
  let done = 0;
  let doneUnits = 0;
  // Each kind of report on its own clock: a photo finished is not held back by the reports of a
  // web copy's progress that came just before it.
  const last = { photo: 0, work: 0 };
  const report = (kind: keyof typeof last): void => {
    const now = Date.now();
    if (now - last[kind] < PROGRESS_INTERVAL_MS) return;
    last[kind] = now;
    const fraction =
      totalUnits > 0 ? Math.min(1, doneUnits / totalUnits) : done / Math.max(1, total);
    onProgress?.({ done, total, fraction });
  };
  onProgress?.({ done, total, fraction: 0 });
  return {
    hooks: {
      onFile(file) {
        if (file.kind === 'data') return;
        doneUnits += unitsOf(file) - (partial.get(file) ?? 0);
        partial.delete(file);
        if (--filesLeft[file.photo]! === 0) {
          done += 1;
          report('photo');
        }
      },
      onMadeProgress(file, fraction) {
        const units = unitsOf(file) * Math.min(1, Math.max(0, fraction));
        doneUnits += units - (partial.get(file) ?? 0);
        partial.set(file, units);
        report('work');
      },
    },
    finish() {
      onProgress?.({ done: total, total, fraction: 1 });
    },
  };
}
