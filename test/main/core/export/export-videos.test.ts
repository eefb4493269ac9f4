/**
 * Videos and camera RAWs in an exported gallery, from a library the real import filled with
 * files the bundled ffmpeg made: an H.264 MP4 goes out byte for byte, an HEVC MOV and an AVCHD
 * MTS as web copies that play (H.264 + AAC MP4), a position the export does not keep is taken
 * out of the video files too, a video whose copy fails is shown as a still, and nothing of a
 * RAW but its WebP sizes leaves the library.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../../../common/contract';
import type { ExportProgressReport } from '../../../../main/core/export/export-service';
import { EXPORT_RECORD } from '../../../../main/core/export/folder-target';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { readVideoMetadata } from '../../../../main/core/video/video-metadata';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';
import { readZipEntries } from '../../../helpers/zip-entries';
import { nefLike, nefParts } from '../raw/raw-containers';
import { APPLE_TAGS, appleHevcMov, avchdMts, phoneMp4 } from '../video/test-videos';

// Test clips last 2 s; containers round their lengths a little differently.
const LENGTH_TOLERANCE_SECONDS = 0.2;
// The iPhone MOV's latitude as ISO 6709 text, the way its QuickTime Keys entry holds it.
const APPLE_PLACE = APPLE_TAGS.location.slice(0, 8);

let base: string;
let core: ShoeboxCore;
let albumId: number;
let card: string;
const byName = new Map<string, Photo>();

interface Manifest {
  photos: {
    id: string;
    kind: 'photo' | 'video';
    fileName: string;
    images: Record<string, { file: string }>;
    video?: { file: string | null; durationSeconds: number };
  }[];
}

async function manifestOf(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(dir, 'album.json'), 'utf8')) as Manifest;
}

/** Every file below `dir`, as `/`-separated relative paths, sorted. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).replace(/\\/g, '/'))
    .sort();
}

function videoFileOf(manifest: Manifest, fileName: string): string {
  const entry = manifest.photos.find((photo) => photo.fileName === fileName);
  const file = entry?.video?.file;
  if (!file) throw new Error(`${fileName} has no video file in album.json`);
  return file;
}

async function exportTo(
  destination: { kind: 'folder' | 'zip'; path: string },
  options: { keepGps?: boolean; onProgress?: (progress: ExportProgressReport) => void } = {},
) {
  return core.exportAlbum({ albumId, destination, ...options });
}

beforeAll(async () => {
  // Not makeTempDir: its folders go after each test, and the library serves them all.
  base = await mkdtemp(path.join(tmpdir(), 'shoebox-export-videos-'));
  card = path.join(base, 'card', 'DCIM', '100CAMERA');
  await mkdir(card, { recursive: true });
  await writeSamplePhoto(path.join(card, 'IMG_0100.JPG'), {
    seed: 3,
    width: 640,
    height: 480,
    takenAt: '2024:05:01 09:00:00',
  });
  await writeFile(path.join(card, 'DSC_0001.NEF'), nefLike(await nefParts()));
  await phoneMp4(card);
  await appleHevcMov(card);
  await avchdMts(card);
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  const summary = await core.importFiles([{ path: path.join(base, 'card') }]);
  expect(summary.failed).toEqual([]);
  for (const photo of summary.imported) byName.set(photo.originalName, photo);
  expect([...byName.keys()].sort()).toEqual([
    '00000.MTS',
    'DSC_0001.NEF',
    'IMG_0001.MOV',
    'IMG_0100.JPG',
    'VID_phone.mp4',
  ]);
  const album = await core.handlers.createAlbum({ name: 'Weekend' });
  albumId = album.id;
  await core.handlers.addPhotosToAlbum({
    albumId,
    photoIds: summary.imported.map((photo) => photo.id),
  });
}, 240_000);

afterAll(async () => {
  await core?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('exporting videos', () => {
  it('copies a playable MP4 as it is and makes playable web copies of HEVC and MTS', async () => {
    const out = path.join(await makeTempDir(), 'gallery');
    const progress: ExportProgressReport[] = [];
    const summary = await exportTo(
      { kind: 'folder', path: out },
      { keepGps: true, onProgress: (report) => progress.push(report) },
    );
    expect(summary).toMatchObject({ photos: 5, failed: [] });

    const manifest = await manifestOf(out);
    const phone = videoFileOf(manifest, 'VID_phone.mp4');
    expect(phone).toMatch(/^videos\/[0-9a-f]{16}\.mp4$/);
    const original = await readFile(byName.get('VID_phone.mp4')!.path);
    expect((await readFile(path.join(out, phone))).equals(original)).toBe(true);

    for (const name of ['IMG_0001.MOV', '00000.MTS']) {
      const file = videoFileOf(manifest, name);
      expect(file, name).toMatch(/^videos\/[0-9a-f]{16}\.mp4$/);
      const copy = await readVideoMetadata(path.join(out, file));
      expect(copy, name).toMatchObject({
        videoCodec: 'AVC',
        audioCodec: 'AAC',
        browserPlayable: true,
      });
      expect(Math.abs(copy.durationSeconds - 2), name).toBeLessThan(LENGTH_TOLERANCE_SECONDS);
    }
    const entry = manifest.photos.find((photo) => photo.fileName === '00000.MTS')!;
    expect(entry.kind).toBe('video');
    expect(Math.abs(entry.video!.durationSeconds - 2)).toBeLessThan(LENGTH_TOLERANCE_SECONDS);
    expect(manifest.photos.find((photo) => photo.fileName === 'IMG_0100.JPG')).toMatchObject({
      kind: 'photo',
    });
    expect(manifest.photos.find((p) => p.fileName === 'IMG_0100.JPG')).not.toHaveProperty('video');

    // Three videos on the page, each a poster with a labelled play button and its length.
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html.match(/<figure class="photo video">/g)).toHaveLength(3);
    expect(html).toContain(`<a href="${phone}" data-pswp-type="video"`);
    expect(html).toMatch(
      /<button type="button" class="play" aria-label="Play Video, 0:02: [^"]*VID_phone\.mp4[^"]*" hidden>/,
    );
    expect(html.match(/<span class="duration" aria-hidden="true">0:02<\/span>/g)).toHaveLength(3);
    expect(html).toContain('2 photos, 3 videos');

    // The web copies are most of the work: the fraction moves while the count waits on them.
    expect(progress[0]).toEqual({ done: 0, total: 5, fraction: 0 });
    expect(progress.at(-1)).toEqual({ done: 5, total: 5, fraction: 1 });
    const fractions = progress.map((report) => report.fraction);
    expect(fractions.every((fraction, i) => i === 0 || fraction >= fractions[i - 1]!)).toBe(true);
    expect(progress.some((report) => report.done === 0 && report.fraction > 0.1)).toBe(true);

    // Unchanged, a re-export makes no web copy again and rewrites nothing.
    const before = await stat(path.join(out, videoFileOf(manifest, '00000.MTS')));
    const again = await exportTo({ kind: 'folder', path: out }, { keepGps: true });
    expect(again).toMatchObject({ written: 0, removed: 0 });
    const after = await stat(path.join(out, videoFileOf(manifest, '00000.MTS')));
    expect(after.mtimeMs).toBe(before.mtimeMs);
  }, 240_000);

  it('takes a position it does not keep out of the video files, streams untouched', async () => {
    const out = path.join(await makeTempDir(), 'gallery');
    await exportTo({ kind: 'folder', path: out });
    const manifest = await manifestOf(out);
    expect(JSON.stringify(manifest)).not.toMatch(/gps|48\.85|41\.87/i);

    const phone = path.join(out, videoFileOf(manifest, 'VID_phone.mp4'));
    const original = byName.get('VID_phone.mp4')!.path;
    const [kept, source] = await Promise.all([
      readVideoMetadata(phone),
      readVideoMetadata(original),
    ]);
    expect(source.gps).not.toBeNull();
    expect(kept.gps).toBeNull();
    expect(kept).toMatchObject({
      videoCodec: source.videoCodec,
      audioCodec: source.audioCodec,
      width: source.width,
      height: source.height,
      browserPlayable: true,
    });
    expect(Math.abs(kept.durationSeconds - source.durationSeconds)).toBeLessThan(0.05);
    // The iPhone's web copy: no place in its metadata or anywhere in its bytes.
    const hevc = path.join(out, videoFileOf(manifest, 'IMG_0001.MOV'));
    expect((await readVideoMetadata(hevc)).gps).toBeNull();
    expect((await readFile(byName.get('IMG_0001.MOV')!.path)).includes(APPLE_PLACE)).toBe(true);
    expect((await readFile(hevc)).includes(APPLE_PLACE)).toBe(false);
    expect(await listTree(out)).not.toContainEqual(expect.stringMatching(/shoebox-tmp|partial/));
  }, 240_000);

  it('holds the same files in a zip as in a folder', async () => {
    const out = path.join(await makeTempDir(), 'gallery');
    await exportTo({ kind: 'folder', path: out }, { keepGps: true });
    const zipDir = await makeTempDir();
    const zip = path.join(zipDir, 'weekend.zip');
    await exportTo({ kind: 'zip', path: zip }, { keepGps: true });

    const entries = await readZipEntries(zip);
    const folderFiles = (await listTree(out)).filter((file) => file !== EXPORT_RECORD);
    expect(entries.map((entry) => entry.name).sort()).toEqual(folderFiles);
    const manifest = await manifestOf(out);
    const phone = entries.find((entry) => entry.name === videoFileOf(manifest, 'VID_phone.mp4'))!;
    expect(phone.crc32).toBe(crc32(await readFile(byName.get('VID_phone.mp4')!.path)));
    // The web copies are encoded afresh for the zip: whole files of about the folder's size.
    for (const name of ['IMG_0001.MOV', '00000.MTS']) {
      const file = videoFileOf(manifest, name);
      const inZip = entries.find((entry) => entry.name === file)!;
      const inFolder = (await stat(path.join(out, file))).size;
      expect(Math.abs(inZip.size - inFolder) / inFolder, name).toBeLessThan(0.05);
    }
    expect(await readdir(zipDir)).toEqual(['weekend.zip']);
  }, 240_000);

  it('lets nothing of a RAW but its WebP sizes leave the library', async () => {
    const out = path.join(await makeTempDir(), 'gallery');
    await exportTo({ kind: 'folder', path: out }, { keepGps: true });
    const raw = await readFile(byName.get('DSC_0001.NEF')!.path);
    const manifest = await manifestOf(out);
    const entry = manifest.photos.find((photo) => photo.fileName === 'DSC_0001.NEF')!;
    expect(entry.kind).toBe('photo');
    expect(entry).not.toHaveProperty('video');
    const rawFiles = (await listTree(out)).filter((file) => file.includes(entry.id));
    expect(rawFiles).toEqual(
      ['large', 'medium', 'thumb'].map((size) => `images/${entry.id}-${size}.webp`).sort(),
    );
    // No exported byte sequence from the RAW: its camera strings, its sensor data, its JPEGs.
    const samples = [
      Buffer.from('NIKON D850'),
      Buffer.from('Nikon\0'),
      raw.subarray(raw.length - 4096, raw.length - 4096 + 64),
      raw.subarray(Math.floor(raw.length / 2), Math.floor(raw.length / 2) + 64),
    ];
    for (const file of await listTree(out)) {
      const bytes = await readFile(path.join(out, file));
      expect(bytes.length, file).not.toBe(raw.length);
      for (const sample of samples) expect(bytes.includes(sample), file).toBe(false);
    }
  }, 240_000);
});

describe('cancelling while a web copy is made', () => {
  it('leaves no temporary file and no page, in a folder or beside a zip', async () => {
    const dir = await makeTempDir();
    for (const destination of [
      { kind: 'folder' as const, path: path.join(dir, 'gallery') },
      { kind: 'zip' as const, path: path.join(dir, 'weekend.zip') },
    ]) {
      const controller = new AbortController();
      const error = await core
        .exportAlbum({
          albumId,
          destination,
          signal: controller.signal,
          // Part way into the first web copy: work done, no photo finished yet.
          onProgress: ({ done, fraction }) => {
            if (done === 0 && fraction > 0) controller.abort();
          },
        })
        .catch((caught: unknown) => caught);
      expect(error, destination.kind).toMatchObject({ code: 'CANCELLED' });
    }
    const left = await listTree(dir);
    expect(left).not.toContain('gallery/index.html');
    expect(left).not.toContain('weekend.zip');
    expect(left.filter((file) => /tmp|partial|\.part/.test(file))).toEqual([]);
  }, 240_000);
});

describe('a video whose web copy cannot be made', () => {
  it('is shown as a still, named in the summary, and the rest of the export is whole', async () => {
    const out = path.join(await makeTempDir(), 'gallery');
    const mts = byName.get('00000.MTS')!;
    const kept = await readFile(mts.path);
    await chmod(mts.path, 0o644);
    // The header a reader recognises, the rest noise: a card copy gone bad after the import.
    await writeFile(
      mts.path,
      Buffer.concat([kept.subarray(0, 188 * 4), Buffer.alloc(kept.length - 188 * 4, 0x5a)]),
    );
    try {
      const summary = await exportTo({ kind: 'folder', path: out }, { keepGps: true });
      expect(summary.failed).toEqual([
        { name: '00000.MTS', reason: expect.stringContaining('"00000.MTS"') },
      ]);
      const manifest = await manifestOf(out);
      const entry = manifest.photos.find((photo) => photo.fileName === '00000.MTS')!;
      expect(entry).toMatchObject({ kind: 'video', video: { file: null } });
      const files = await listTree(out);
      expect(files.filter((file) => file.startsWith('videos/'))).toHaveLength(2);
      expect(files).toContain(entry.images.large!.file);
      expect(files).toContain('index.html');
      const html = await readFile(path.join(out, 'index.html'), 'utf8');
      expect(html.match(/<figure class="photo video">/g)).toHaveLength(2);
      expect(html).toContain(`<a href="${entry.images.large!.file}"`);

      // Mended, the next export makes its copy and the page plays it.
      await writeFile(mts.path, kept);
      const mended = await exportTo({ kind: 'folder', path: out }, { keepGps: true });
      expect(mended.failed).toEqual([]);
      expect(videoFileOf(await manifestOf(out), '00000.MTS')).toMatch(/\.mp4$/);
    } finally {
      await writeFile(mts.path, kept);
      await rm(out, { recursive: true, force: true });
    }
  }, 240_000);
});
