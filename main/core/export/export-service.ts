/**
 * Exports an album as a static web gallery (a folder or a zip): `index.html`, `album.json`,
 * `images/` with the library's three WebP sizes of every photo (copied, never re-encoded) and
 * `assets/` with the lightbox. Takes the repositories it reads as parameters, so it runs (and
 * is tested) under plain Node, apart from any transport.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import { ShoeboxError } from '../../../common/errors';
import type { AlbumRepository } from '../library/album-repository';
import type { SearchService } from '../search/search-service';
import { fromStoredPath, type LibraryLayout } from '../library/library-paths';
import type { PhotoRepository, PhotoRow } from '../library/photo-repository';
import { throwIfCancelled, type ExportFile } from './export-files';
import { writeFolder } from './folder-target';
import { isValidGpsPosition } from './gps-exif';
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
  /** Photos done out of the total, now and then and at the end. */
  onProgress?: (progress: { done: number; total: number }) => void;
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
}

// Progress events at most this often: an IPC message per photo of a 10k album is noise.
const PROGRESS_INTERVAL_MS = 100;
// Rows read per query while collecting the album: one statement per page, bounded memory.
const PAGE_SIZE = 1000;

/** Exports one album; throws a ShoeboxError (CANCELLED when `signal` fires). */
export async function exportAlbum(
  deps: ExportDependencies,
  request: ExportRequest,
): Promise<ExportSummary> {
  const album = deps.albums.get(request.albumId);
  const rows =
    album.query === null ? albumRows(deps.photos, album.id) : searchRows(deps.search, album.query);
  const photos = galleryPhotos(deps, rows, request);
  const gallery: Gallery = {
    title: request.title?.trim() || album.name,
    locale: new Intl.DateTimeFormat().resolvedOptions().locale,
    photos: photos.map((entry) => entry.photo),
  };
  const location = path.resolve(request.destination.path);
  const generated = new Date();
  const manifest = await albumManifest(gallery, request.destination, location, generated);
  const assets = await loadGalleryAssets();
  const files: ExportFile[] = [
    ...photos.flatMap((entry) => entry.files),
    ...assets.map((asset) => ({ name: `assets/${asset.name}`, data: asset.data })),
    { name: 'album.json', data: Buffer.from(manifest) },
    // Last: a gallery is only announced once everything it shows is in place.
    { name: 'index.html', data: Buffer.from(renderGalleryPage(gallery)) },
  ];
  throwIfCancelled(request.signal);

  const progress = progressReporter(photos.length, request.onProgress);
  const filesLeft = photos.map((entry) => entry.files.length);
  const onFile = (file: ExportFile): void => {
    if ('photo' in file && --filesLeft[file.photo]! === 0) progress.photoDone();
  };
  const counts =
    request.destination.kind === 'folder'
      ? await writeFolder(location, files, { signal: request.signal, onFile })
      : await writeZip(location, files, {
          signal: request.signal,
          mtime: generated,
          onFile,
          writer: deps.writer,
        }).then(() => ({ written: files.length, unchanged: 0, removed: 0 }));
  progress.finish();
  return { location, photos: photos.length, ...counts };
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

function galleryPhotos(
  deps: ExportDependencies,
  rows: PhotoRow[],
  request: ExportRequest,
): { photo: GalleryPhoto; files: ExportFile[] }[] {
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
    const files: ExportFile[] = [];
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
      files.push({ name, source, photo: index, label: row.original_name, gps: imageGps });
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
      },
      files,
    };
  });
}

/**
 * album.json, keeping the previous export's `generated` time when nothing else changed: a
 * re-export of an unchanged album then rewrites nothing at all.
 */
async function albumManifest(
  gallery: Gallery,
  destination: ExportTarget,
  location: string,
  generated: Date,
): Promise<string> {
  if (destination.kind === 'folder') {
    const previous = await readFile(path.join(location, 'album.json'), 'utf8').catch(() => null);
    const previousTime = previous?.match(/^ {2}"generated": ("[^"\\]*"),$/m)?.[1];
    if (previousTime) {
      const same = renderAlbumManifest(gallery, JSON.parse(previousTime) as string);
      if (same === previous) return same;
    }
  }
  return renderAlbumManifest(gallery, generated.toISOString());
}

function progressReporter(
  total: number,
  onProgress: ExportRequest['onProgress'],
): { photoDone(): void; finish(): void } {
  let done = 0;
  let last = 0;
  onProgress?.({ done, total });
  return {
    photoDone() {
      done += 1;
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        onProgress?.({ done, total });
      }
    },
    finish() {
      onProgress?.({ done: total, total });
    },
  };
}
