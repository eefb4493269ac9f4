import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DescriptionRepository } from '../../../../main/core/library/description-repository';
import { ShoeboxError } from '../../../../common/errors';
import { exportAlbum, type ExportRequest } from '../../../../main/core/export/export-service';
import { EXPORT_RECORD } from '../../../../main/core/export/folder-target';
import {
  makeExportLibrary,
  mixedPhotos,
  type ExportLibrary,
} from '../../../helpers/export-library';
import { makeTempDir } from '../../../helpers/temp-dir';
import { readZipEntries } from '../../../helpers/zip-entries';

const HOSTILE = '<img src=x onerror=alert(1)>';

let library: ExportLibrary | null = null;
afterEach(() => {
  library?.db.close();
  library = null;
});

async function setUp(
  specs = mixedPhotos(3, 800),
  albumName = 'Summer',
): Promise<{ lib: ExportLibrary; out: string }> {
  library = await makeExportLibrary(await makeTempDir(), specs, albumName);
  return { lib: library, out: path.join(await makeTempDir(), 'gallery') };
}

function run(lib: ExportLibrary, request: Omit<ExportRequest, 'albumId'>) {
  return exportAlbum(lib, { albumId: lib.albumId, ...request });
}

/** Every file below `dir`, as `/`-separated relative paths, sorted. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).replace(/\\/g, '/'))
    .sort();
}

/** The EXIF tags of an exported image (IFD0, EXIF and GPS), empty when it has none. */
async function exifOf(file: string): Promise<Record<string, unknown>> {
  // From a buffer: libvips caches what it opened by path, and these files are rewritten.
  const { exif } = await sharp(await readFile(file)).metadata();
  if (!exif) return {};
  return ((await exifr.parse(exif, { tiff: true, exif: true, gps: true })) ?? {}) as Record<
    string,
    unknown
  >;
}

async function manifestOf(out: string) {
  return JSON.parse(await readFile(path.join(out, 'album.json'), 'utf8')) as {
    title: string;
    photos: {
      id: string;
      caption: string;
      fileName?: string;
      gps?: { lat: number; lon: number };
      images: Record<string, { file: string; width: number; height: number }>;
    }[];
  };
}

describe('exportAlbum to a folder', () => {
  it('writes the page, the manifest, three sizes per photo and the lightbox', async () => {
    const { lib, out } = await setUp();
    const progress: number[] = [];
    const summary = await run(lib, {
      destination: { kind: 'folder', path: out },
      onProgress: ({ done, total }) => progress.push(done / total),
    });

    expect(summary).toMatchObject({ location: out, photos: 3, unchanged: 0, removed: 0 });
    const files = await listTree(out);
    expect(files.filter((f) => f.startsWith('images/'))).toHaveLength(9);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'album.json',
        EXPORT_RECORD,
        'assets/gallery.js',
        'assets/gallery.css',
        'assets/photoswipe.umd.min.js',
        'assets/photoswipe-lightbox.umd.min.js',
        'assets/photoswipe.css',
        'assets/photoswipe-license.txt',
      ]),
    );
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);

    const manifest = await manifestOf(out);
    expect(manifest.title).toBe('Summer');
    expect(manifest.photos.map((p) => p.fileName)).toEqual([
      'IMG_00001.JPG',
      'IMG_00002.JPG',
      'IMG_00003.JPG',
    ]);
    // The derivatives are published byte for byte, not re-encoded.
    const rows = lib.photos.derivativesOf([lib.photoIds[0]!]).get(lib.photoIds[0]!)!;
    const large = rows.find((row) => row.size === 'large')!;
    const exported = await readFile(path.join(out, manifest.photos[0]!.images.large!.file));
    expect(exported.equals(await readFile(path.join(lib.layout.root, large.stored_path)))).toBe(
      true,
    );
    expect(manifest.photos[0]!.images.large).toMatchObject({
      width: large.width,
      height: large.height,
    });
  });

  it('gives every image srcset, sizes, width, height and lazy loading', async () => {
    const { lib, out } = await setUp();
    await run(lib, { destination: { kind: 'folder', path: out } });
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    const images = html.match(/<img [^>]*>/g) ?? [];
    expect(images).toHaveLength(3);
    for (const img of images) {
      expect(img).toMatch(/srcset="images\/[0-9a-f]{16}-thumb\.webp \d+w, images\/\S+ \d+w"/);
      expect(img).toMatch(/ sizes="[^"]+"/);
      expect(img).toMatch(/ width="\d+" height="\d+"/);
      expect(img).toContain('loading="lazy"');
      expect(img).toContain('decoding="async"');
    }
    expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/https?:\/\/(?!www\.openstreetmap)/);
  });

  it('shows a hostile album name and file name as text', async () => {
    const specs = mixedPhotos(1, 800).map((spec) => ({
      ...spec,
      originalName: `"${HOSTILE}'.jpg`,
    }));
    const { lib, out } = await setUp(specs, HOSTILE);
    await run(lib, { destination: { kind: 'folder', path: out } });
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"<img');
    expect(html).toContain('<title>&#60;img src=x onerror=alert(1)&#62;</title>');
    expect(html).toContain('alt="&#34;&#60;img src=x onerror=alert(1)&#62;&#39;.jpg');
    expect((await manifestOf(out)).title).toBe(HOSTILE);
  });

  it('uses the given title and leaves file names out when asked', async () => {
    const { lib, out } = await setUp();
    await run(lib, {
      destination: { kind: 'folder', path: out },
      title: '  Lisbon, June  ',
      captionFileNames: false,
    });
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h1>Lisbon, June</h1>');
    expect(html).not.toContain('IMG_0000');
    const manifest = await manifestOf(out);
    expect(manifest.photos.every((p) => p.fileName === undefined)).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('IMG_0000');
  });

  it('shows titles and captions, and puts keywords and stars in album.json', async () => {
    const { lib, out } = await setUp(mixedPhotos(2, 800));
    const [first] = lib.photoIds;
    const descriptions = new DescriptionRepository(lib.db, lib.photos);
    descriptions.update([first!], {
      title: 'Tram <28>',
      caption: 'Up the hill to Graça',
      rating: 4,
      addKeywords: ['Places/Portugal/Lisbon'],
    });
    await run(lib, { destination: { kind: 'folder', path: out } });
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<strong class="title">Tram &#60;28&#62;</strong>');
    expect(html).toContain('<span class="caption">Up the hill to Graça</span>');
    const manifest = (await manifestOf(out)) as unknown as {
      photos: { title?: string; description?: string; keywords: string[]; rating: number }[];
    };
    expect(manifest.photos[0]).toMatchObject({
      title: 'Tram <28>',
      description: 'Up the hill to Graça',
      keywords: ['Places/Portugal/Lisbon'],
      rating: 4,
    });
    expect(manifest.photos[1]).toMatchObject({ keywords: [], rating: 0 });
    expect(manifest.photos[1]).not.toHaveProperty('title');
  });

  it('leaves GPS out unless keepGps, and never publishes EXIF from a derivative', async () => {
    const specs = mixedPhotos(2, 800).map((spec) => ({
      ...spec,
      gps: { lat: 48.8566, lon: 2.3522 },
      derivativeExif: true,
    }));
    const { lib, out } = await setUp(specs);
    await run(lib, { destination: { kind: 'folder', path: out } });

    const manifest = await manifestOf(out);
    expect(JSON.stringify(manifest)).not.toMatch(/gps|48\.85/i);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).not.toContain('48.85');
    const rows = lib.photos.derivativesOf([lib.photoIds[0]!]).get(lib.photoIds[0]!)!;
    const medium = rows.find((row) => row.size === 'medium')!;
    const original = path.join(lib.layout.root, medium.stored_path);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    for (const file of await listTree(path.join(out, 'images'))) {
      const exported = path.join(out, 'images', file);
      const metadata = await sharp(exported).metadata();
      expect(metadata.exif, file).toBeUndefined();
      expect(metadata.xmp, file).toBeUndefined();
      expect((await readFile(exported)).includes('SERIAL-12345')).toBe(false);
    }
    // Stripping rewrote the container, not the pixels.
    const exportedMedium = path.join(out, manifest.photos[0]!.images.medium!.file);
    const [before, after] = await Promise.all(
      [original, exportedMedium].map((file) => sharp(file).raw().toBuffer()),
    );
    expect(after.equals(before)).toBe(true);

    const withGps = path.join(await makeTempDir(), 'gps');
    await run(lib, { destination: { kind: 'folder', path: withGps }, keepGps: true });
    const gpsManifest = await manifestOf(withGps);
    expect(gpsManifest.photos[0]!.gps).toEqual({ lat: 48.8566, lon: 2.3522 });
    // keepGps: every image carries the photo's position, and nothing else of the camera's EXIF.
    for (const file of await listTree(path.join(withGps, 'images'))) {
      const exported = path.join(withGps, 'images', file);
      const tags = await exifOf(exported);
      expect(Math.abs((tags.latitude as number) - 48.8566), file).toBeLessThan(1e-6);
      expect(Math.abs((tags.longitude as number) - 2.3522), file).toBeLessThan(1e-6);
      expect(tags, file).not.toHaveProperty('Make');
      expect(tags, file).not.toHaveProperty('Model');
      expect((await readFile(exported)).includes('SERIAL-12345'), file).toBe(false);
    }
    const gpsMedium = path.join(withGps, gpsManifest.photos[0]!.images.medium!.file);
    expect((await sharp(gpsMedium).raw().toBuffer()).equals(before)).toBe(true);
  });

  it('rewrites the images when keepGps is switched, and only then', async () => {
    const specs = mixedPhotos(2, 800).map((spec, i) => ({
      ...spec,
      gps: i === 0 ? { lat: -33.8567844, lon: 151.2152967 } : null,
    }));
    const { lib, out } = await setUp(specs);
    const folder = { kind: 'folder', path: out } as const;
    await run(lib, { destination: folder });
    const large = path.join(out, (await manifestOf(out)).photos[0]!.images.large!.file);
    expect(await exifOf(large)).toEqual({});

    // Only the photo with a position has different images (3); album.json and index.html too.
    expect(await run(lib, { destination: folder, keepGps: true })).toMatchObject({ written: 5 });
    expect(await exifOf(large)).toMatchObject({ latitude: expect.closeTo(-33.8567844, 6) });
    expect(await run(lib, { destination: folder, keepGps: true })).toMatchObject({ written: 0 });

    expect(await run(lib, { destination: folder })).toMatchObject({ written: 5 });
    expect(await exifOf(large)).toEqual({});
    expect(await run(lib, { destination: folder })).toMatchObject({ written: 0 });
  });

  it('re-exports only what changed and removes the files of a removed photo', async () => {
    const { lib, out } = await setUp(mixedPhotos(4, 800));
    await run(lib, { destination: { kind: 'folder', path: out } });
    await writeFile(path.join(out, 'notes.txt'), 'my own notes');
    const before = await listTree(out);
    const stats = new Map(
      await Promise.all(before.map(async (f) => [f, await stat(path.join(out, f))] as const)),
    );

    const again = await run(lib, { destination: { kind: 'folder', path: out } });
    expect(again).toMatchObject({ written: 0, removed: 0 });

    const removedKey = (await manifestOf(out)).photos[1]!.id;
    lib.albums.removePhotos(lib.albumId, [lib.photoIds[1]!]);
    const summary = await run(lib, { destination: { kind: 'folder', path: out } });

    const after = await listTree(out);
    const gone = before.filter((f) => !after.includes(f));
    expect(gone.sort()).toEqual(
      ['large', 'medium', 'thumb'].map((size) => `images/${removedKey}-${size}.webp`).sort(),
    );
    expect(summary.removed).toBe(3);
    expect(after).toContain('notes.txt');
    for (const file of after.filter((f) => f.startsWith('images/') || f.startsWith('assets/'))) {
      const now = await stat(path.join(out, file));
      expect(now.mtimeMs, file).toBe(stats.get(file)!.mtimeMs);
      expect(now.ino, file).toBe(stats.get(file)!.ino);
    }
    expect((await manifestOf(out)).photos).toHaveLength(3);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).not.toContain(removedKey);
  });

  it('names the photo whose web copy is missing or damaged, and publishes no page', async () => {
    const { lib, out } = await setUp(mixedPhotos(2, 800));
    const fileOf = (photo: number, size: string): string =>
      path.join(
        lib.layout.root,
        lib.photos
          .derivativesOf([lib.photoIds[photo]!])
          .get(lib.photoIds[photo]!)!
          .find((row) => row.size === size)!.stored_path,
      );
    await rm(fileOf(1, 'medium'));
    await expect(run(lib, { destination: { kind: 'folder', path: out } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"IMG_00002.JPG"'),
    });
    expect(await listTree(out)).not.toContain('index.html');

    // A WebP whose flags announce EXIF and whose EXIF chunk runs past the end of the file.
    const damaged = Buffer.alloc(40);
    damaged.write('RIFF', 0, 'latin1');
    damaged.writeUInt32LE(32, 4);
    damaged.write('WEBPVP8X', 8, 'latin1');
    damaged.writeUInt32LE(10, 16);
    damaged[20] = 0x08;
    damaged.write('EXIF', 30, 'latin1');
    damaged.writeUInt32LE(1000, 34);
    await writeFile(fileOf(1, 'medium'), damaged);
    await expect(run(lib, { destination: { kind: 'folder', path: out } })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringMatching(/"IMG_00002\.JPG" is damaged/),
    });
    expect(await listTree(out)).not.toContain('index.html');
  });

  it('refuses a folder with other content and leaves it untouched', async () => {
    const { lib } = await setUp();
    const userDir = await makeTempDir();
    await writeFile(path.join(userDir, 'thesis.docx'), 'precious');
    const error = await run(lib, { destination: { kind: 'folder', path: userDir } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShoeboxError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toMatch(/not empty/);
    expect(await readdir(userDir)).toEqual(['thesis.docx']);
  });

  it('leaves no half-written file when cancelled', async () => {
    const { lib, out } = await setUp(mixedPhotos(4, 800));
    const controller = new AbortController();
    const error = await run(lib, {
      destination: { kind: 'folder', path: out },
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 1) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    const files = await listTree(out);
    expect(files).not.toContain('index.html');
    expect(files.filter((f) => f.includes('.shoebox-tmp-'))).toEqual([]);
    // Whatever is there is whole: every image decodes.
    for (const file of files.filter((f) => f.startsWith('images/'))) {
      await expect(sharp(path.join(out, file)).stats()).resolves.toBeDefined();
    }
  });
});

describe('exportAlbum to a zip', () => {
  it('holds the same files as the folder export', async () => {
    const { lib, out } = await setUp();
    await run(lib, { destination: { kind: 'folder', path: out } });
    const zip = path.join(await makeTempDir(), 'summer.zip');
    await run(lib, { destination: { kind: 'zip', path: zip } });

    const entries = await readZipEntries(zip);
    const folderFiles = (await listTree(out)).filter((f) => f !== EXPORT_RECORD);
    expect(entries.map((e) => e.name).sort()).toEqual(folderFiles);
    for (const entry of entries.filter((e) => e.name !== 'album.json')) {
      expect(entry.crc32, entry.name).toBe(crc32(await readFile(path.join(out, entry.name))));
    }
    expect(await readdir(path.dirname(zip))).toEqual(['summer.zip']);
  });

  it('holds the same GPS-carrying images as the folder export with keepGps', async () => {
    const specs = mixedPhotos(1, 800).map((spec) => ({ ...spec, gps: { lat: 1.5, lon: -2.25 } }));
    const { lib, out } = await setUp(specs);
    await run(lib, { destination: { kind: 'folder', path: out }, keepGps: true });
    const zip = path.join(await makeTempDir(), 'gps.zip');
    await run(lib, { destination: { kind: 'zip', path: zip }, keepGps: true });

    const images = (await readZipEntries(zip)).filter((e) => e.name.startsWith('images/'));
    expect(images).toHaveLength(3);
    for (const entry of images) {
      const exported = path.join(out, entry.name);
      expect(entry.crc32, entry.name).toBe(crc32(await readFile(exported)));
      expect(await exifOf(exported)).toMatchObject({ latitude: 1.5, longitude: -2.25 });
    }
  });

  it('leaves no file under the final name when cancelled', async () => {
    const { lib } = await setUp(mixedPhotos(4, 800));
    const dir = await makeTempDir();
    const controller = new AbortController();
    const error = await run(lib, {
      destination: { kind: 'zip', path: path.join(dir, 'album.zip') },
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 1) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('will not overwrite a file that is not a zip', async () => {
    const { lib } = await setUp(mixedPhotos(1, 800));
    const file = path.join(await makeTempDir(), 'report.zip');
    await writeFile(file, 'not a zip at all');
    await expect(run(lib, { destination: { kind: 'zip', path: file } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await readFile(file, 'utf8')).toBe('not a zip at all');
  });
});
