/**
 * Export of a 1,000-photo album as a web gallery folder, against a plain recursive copy
 * (`fs.cp`) of the same derivative files, in the same run: export reuses the library's WebP
 * files, so the copy is its floor. Also the re-export of the unchanged album (the incremental
 * path) and the zip. Run alone with `tsx bench/export-bench.ts`; `npm run bench` calls
 * `runExportBench`.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DERIVATIVE_SIZES, DERIVATIVE_SIZE_NAMES, fitLongEdge } from '../common/derivative-sizes';
import { exportAlbum } from '../main/core/export/export-service';
import { AlbumRepository } from '../main/core/library/album-repository';
import { openLibraryDatabase } from '../main/core/library/database';
import { libraryLayout } from '../main/core/library/library-paths';
import { SearchRepository } from '../main/core/search/search-repository';
import { SearchService } from '../main/core/search/search-service';
import { PhotoRepository, type NewPhoto } from '../main/core/library/photo-repository';
import { fakePhotoRecord } from '../test/helpers/photo-records';

/** Timings of one export benchmark run, in milliseconds (best of the repeats). */
export interface ExportBenchResult {
  photos: number;
  files: number;
  megabytes: number;
  copyMs: number;
  exportMs: number;
  reexportMs: number;
  zipMs: number;
  /** exportMs / copyMs; the target is at most 1.5. */
  ratio: number;
}

const ALBUM_SIZE = 1000;
// Distinct image sets the 1,000 photos' files are copies of: the bytes moved are those of
// real derivatives (textured, so WebP sizes are photo-like), generated in seconds.
const TEMPLATES = 8;
// Two rounds, best kept: the first also warms the page cache for both sides alike.
const REPEATS = 2;

/**
 * Builds (once, under `cacheDir`) a library with a 1,000-photo album, then times the plain
 * copy and the export into fresh folders under `workDir`, alternating, best of two each.
 */
export async function runExportBench(
  cacheDir: string,
  workDir: string,
  photoCount = ALBUM_SIZE,
): Promise<ExportBenchResult> {
  const root = path.join(cacheDir, `export-library-${photoCount}`);
  const layout = libraryLayout(root);
  const fresh = !(await stat(layout.database).catch(() => null));
  if (fresh) await buildLibrary(root, photoCount);
  const db = openLibraryDatabase(layout.database);
  const photos = new PhotoRepository(db, layout);
  const albums = new AlbumRepository(db);
  const search = new SearchService(new SearchRepository(db), photos, albums);
  const deps = { layout, photos, albums, search };
  const albumId = deps.albums.getByName('Bench').id;
  const files = await listFiles(layout.derivatives);
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;

  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  let copyMs = Infinity;
  let exportMs = Infinity;
  let reexportMs = Infinity;
  let zipMs = Infinity;
  try {
    for (let round = 0; round < REPEATS; round += 1) {
      const copyDir = path.join(workDir, `copy-${round}`);
      const exportDir = path.join(workDir, `export-${round}`);
      copyMs = Math.min(
        copyMs,
        await timed(() => cp(layout.derivatives, copyDir, { recursive: true })),
      );
      exportMs = Math.min(
        exportMs,
        await timed(() =>
          exportAlbum(deps, { albumId, destination: { kind: 'folder', path: exportDir } }),
        ),
      );
      reexportMs = Math.min(
        reexportMs,
        await timed(() =>
          exportAlbum(deps, { albumId, destination: { kind: 'folder', path: exportDir } }),
        ),
      );
      zipMs = Math.min(
        zipMs,
        await timed(() =>
          exportAlbum(deps, {
            albumId,
            destination: { kind: 'zip', path: path.join(workDir, `album-${round}.zip`) },
          }),
        ),
      );
      await Promise.all(
        [copyDir, exportDir, path.join(workDir, `album-${round}.zip`)].map((dir) =>
          rm(dir, { recursive: true, force: true }),
        ),
      );
    }
  } finally {
    db.close();
  }
  return {
    photos: photoCount,
    files: files.length,
    megabytes: bytes / 1024 / 1024,
    copyMs,
    exportMs,
    reexportMs,
    zipMs,
    ratio: exportMs / copyMs,
  };
}

async function buildLibrary(root: string, photoCount: number): Promise<void> {
  const layout = libraryLayout(root);
  const templates = path.join(root, 'templates');
  await mkdir(templates, { recursive: true });
  const sizes = await Promise.all(
    Array.from({ length: TEMPLATES }, (_, t) => writeTemplate(templates, t)),
  );
  const db = openLibraryDatabase(layout.database);
  const photos = new PhotoRepository(db, layout);
  const albums = new AlbumRepository(db);
  const records: NewPhoto[] = [];
  for (let index = 1; index <= photoCount; index += 1) {
    const base = fakePhotoRecord(index);
    const hash = randomBytes(32).toString('hex');
    const template = sizes[index % TEMPLATES]!;
    const derivatives = [];
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const storedPath = `derivatives/${hash.slice(0, 2)}/${hash}-${size}.webp`;
      await mkdir(path.join(layout.derivatives, hash.slice(0, 2)), { recursive: true });
      await copyFile(template[size].file, path.join(root, storedPath));
      derivatives.push({ size, storedPath, ...template[size].info });
    }
    records.push({ ...base, hash, derivatives });
  }
  const album = albums.create('Bench', new Date().toISOString());
  db.transaction(() => {
    const ids = records.map((record) => photos.insert(record));
    albums.addPhotos(album.id, ids, new Date().toISOString());
  })();
  db.close();
  await rm(templates, { recursive: true, force: true });
}

/** One set of the three derivative sizes of a textured 3:2 picture. */
async function writeTemplate(
  dir: string,
  index: number,
): Promise<
  Record<string, { file: string; info: { width: number; height: number; bytes: number } }>
> {
  // Random pixels at 1/16 size, smoothed by the upscale: a blotchy texture with WebP sizes
  // like a camera photo's (about 0.5 MB for the three); a flat colour would be almost nothing.
  const source = await sharp(randomBytes(128 * 85 * 3), {
    raw: { width: 128, height: 85, channels: 3 },
  })
    .resize(2048, 1365)
    .png()
    .toBuffer();
  const entries = await Promise.all(
    DERIVATIVE_SIZE_NAMES.map(async (size) => {
      const { width, height } = fitLongEdge(2048, 1365, DERIVATIVE_SIZES[size].longEdge);
      const file = path.join(dir, `${index}-${size}.webp`);
      const data = await sharp(source)
        .resize(width, height)
        .webp({ quality: DERIVATIVE_SIZES[size].quality })
        .toBuffer();
      await writeFile(file, data);
      return [size, { file, info: { width, height, bytes: data.length } }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Prints a result the way `npm run bench` does. */
export function formatExportBench(result: ExportBenchResult): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2).padStart(6)} s`;
  return [
    `Export of a ${result.photos}-photo album (${result.files} WebP files, ${result.megabytes.toFixed(0)} MB):`,
    `  plain copy (fs.cp):      ${s(result.copyMs)}`,
    `  export to a folder:      ${s(result.exportMs)}`,
    `  re-export, unchanged:    ${s(result.reexportMs)}`,
    `  export to a zip:         ${s(result.zipMs)}`,
    `  export / copy time:      ${result.ratio.toFixed(2)}x  (target ≤ 1.50x)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-export-bench-'));
  try {
    const cacheDir = path.join(import.meta.dirname, '.corpus');
    console.log(formatExportBench(await runExportBench(cacheDir, scratch)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
