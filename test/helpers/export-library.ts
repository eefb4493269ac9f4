/**
 * A small library for export tests, without the import pipeline: photo rows inserted through
 * the repositories, and real WebP derivative files (made with sharp, no metadata) at the paths
 * the rows record.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import {
  DERIVATIVE_SIZES,
  DERIVATIVE_SIZE_NAMES,
  fitLongEdge,
} from '../../common/derivative-sizes';
import { AlbumRepository } from '../../main/core/library/album-repository';
import { openLibraryDatabase, type LibraryDatabase } from '../../main/core/library/database';
import { libraryLayout, type LibraryLayout } from '../../main/core/library/library-paths';
import { PhotoRepository, type NewPhoto } from '../../main/core/library/photo-repository';
import { SearchRepository } from '../../main/core/search/search-repository';
import { SearchService } from '../../main/core/search/search-service';
import { fakePhotoRecord } from './photo-records';

/** One photo to put in the test library. */
export interface TestPhotoSpec {
  /** Width and height of the "original" (derivatives are scaled from it, never up). */
  width: number;
  height: number;
  originalName?: string;
  gps?: { lat: number; lon: number } | null;
  /** Make the derivatives carry EXIF with GPS and a serial number (as a careless writer would). */
  derivativeExif?: boolean;
}

/** A library opened on its repositories, with one album holding every photo. */
export interface ExportLibrary {
  layout: LibraryLayout;
  db: LibraryDatabase;
  photos: PhotoRepository;
  albums: AlbumRepository;
  search: SearchService;
  albumId: number;
  photoIds: number[];
}

// A few hues, so a gallery of test photos looks like a gallery and tiles can be told apart.
const HUES = [20, 200, 140, 320, 45, 260, 100, 0, 180, 280];

/** A photo-like picture: a sky gradient over hills, with a sun; `index` picks the colours. */
function picture(index: number, width: number, height: number): Buffer {
  const hue = HUES[index % HUES.length]!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 100 ${(100 * height) / width}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="hsl(${hue},60%,72%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},70%,88%)"/>
</linearGradient></defs>
<rect width="100%" height="100%" fill="url(#sky)"/>
<circle cx="${30 + ((index * 17) % 40)}" cy="${(22 * height) / width}" r="8" fill="hsl(${(hue + 180) % 360},80%,85%)"/>
<path d="M0 ${(70 * height) / width} Q 30 ${(45 * height) / width} 60 ${(65 * height) / width} T 100 ${(55 * height) / width} V 200 H 0 Z" fill="hsl(${(hue + 90) % 360},35%,38%)"/>
<path d="M0 ${(85 * height) / width} Q 40 ${(65 * height) / width} 100 ${(80 * height) / width} V 200 H 0 Z" fill="hsl(${(hue + 110) % 360},30%,24%)"/>
</svg>`;
  return Buffer.from(svg);
}

/** Writes the three derivatives of one photo and returns its record. */
async function testPhoto(
  layout: LibraryLayout,
  index: number,
  spec: TestPhotoSpec,
): Promise<NewPhoto> {
  const hash = createHash('sha256').update(`test photo ${index}`).digest('hex');
  const base = fakePhotoRecord(index);
  const source = await sharp(picture(index, spec.width, spec.height))
    .png()
    .toBuffer();
  const derivatives = await Promise.all(
    DERIVATIVE_SIZE_NAMES.map(async (size) => {
      const { width, height } = fitLongEdge(
        spec.width,
        spec.height,
        DERIVATIVE_SIZES[size].longEdge,
      );
      let image = sharp(source).resize(width, height);
      if (spec.derivativeExif) {
        image = image.withExif({
          IFD0: { Make: 'TestCam', Model: 'X1' },
          IFD2: { BodySerialNumber: 'SERIAL-12345' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '48/1 51/1 2400/100',
            GPSLongitudeRef: 'E',
            GPSLongitude: '2/1 21/1 300/100',
          },
        });
      }
      const data = await image.webp({ quality: DERIVATIVE_SIZES[size].quality }).toBuffer();
      const storedPath = `derivatives/${hash.slice(0, 2)}/${hash}-${size}.webp`;
      await mkdir(path.join(layout.derivatives, hash.slice(0, 2)), { recursive: true });
      await writeFile(path.join(layout.root, storedPath), data);
      return { size, storedPath, width, height, bytes: data.length };
    }),
  );
  return {
    ...base,
    hash,
    originalName: spec.originalName ?? base.originalName,
    width: spec.width,
    height: spec.height,
    gps: spec.gps ?? null,
    derivatives,
  };
}

/** Creates a library in `root` with `specs` as photos, all in one album named `albumName`. */
export async function makeExportLibrary(
  root: string,
  specs: TestPhotoSpec[],
  albumName = 'Summer',
): Promise<ExportLibrary> {
  const layout = libraryLayout(root);
  await mkdir(layout.root, { recursive: true });
  const db = openLibraryDatabase(layout.database);
  const photos = new PhotoRepository(db, layout);
  const albums = new AlbumRepository(db);
  const records = await Promise.all(specs.map((spec, i) => testPhoto(layout, i + 1, spec)));
  const photoIds = records.map((record) => photos.insert(record));
  const album = albums.create(albumName, '2026-01-01T00:00:00.000Z');
  albums.addPhotos(album.id, photoIds, '2026-01-01T00:00:00.000Z');
  const search = new SearchService(new SearchRepository(db), photos, albums);
  return { layout, db, photos, albums, search, albumId: album.id, photoIds };
}

/** Landscape, portrait and square photos, `count` of them, in turn. */
export function mixedPhotos(count: number, longEdge = 1600): TestPhotoSpec[] {
  const shapes = [
    [3, 2],
    [2, 3],
    [4, 3],
    [1, 1],
    [16, 9],
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const [w, h] = shapes[i % shapes.length]!;
    const scale = longEdge / Math.max(w, h);
    return { width: Math.round(w * scale), height: Math.round(h * scale) };
  });
}
