/**
 * Real photos from Debian and npm packages (scripts/fetch-photo-fixtures.sh): camera and phone
 * JPEGs with EXIF, GPS shots, the EXIF orientation sets, other formats and a folder of
 * malformed and hostile files. Run by `npm run test:real-photos`, which fetches them first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../common/contract';
import { runShoebox } from '../helpers/run-cli';

const FIXTURES = path.resolve(process.env.SHOEBOX_PHOTO_FIXTURES ?? 'test-results/photo-fixtures');

interface ImportJson {
  imported: Photo[];
  duplicates: { path: string; photoId: number }[];
  skipped: { path: string; reason: string }[];
  failed: { path: string; error: string }[];
}

let work: string;
let library: string;
let result: ImportJson;
let code: number;
const byName = new Map<string, Photo>();

beforeAll(async () => {
  // One library for the whole file (makeTempDir's folders go after each test).
  work = await mkdtemp(path.join(tmpdir(), 'shoebox-real-'));
  library = path.join(work, 'library');
  const run = await runShoebox('import', FIXTURES, '--library', library, '--json');
  code = run.code;
  result = JSON.parse(run.stdout) as ImportJson;
  for (const photo of result.imported) byName.set(photo.originalName, photo);
}, 300_000);

afterAll(() => rm(work, { recursive: true, force: true }));

/** A thumbnail as small greyscale pixels, to compare orientations by what they show. */
async function looks(photo: Photo): Promise<Buffer> {
  return sharp(photo.derivatives.thumb.path)
    .resize(16, 16, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
}

function difference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('real photos', () => {
  it('imports every good photo and gives every broken file a reason, without stopping', () => {
    // 2: some files failed and the rest were imported.
    expect(code).toBe(2);
    const outside = <T extends { path: string }>(entries: T[]): T[] =>
      entries.filter((entry) => !entry.path.includes(`${path.sep}broken${path.sep}`));
    // Outside broken/, only the two RAWs with no picture to show fail, each saying why, and
    // the fixtures' list of sources is no photo.
    expect(
      outside(result.failed).map((failure) => [path.basename(failure.path), failure.error]),
    ).toEqual([
      ['IMG_1361.dng', expect.stringMatching(/DNG looks cut short/)],
      ['s-FujiFilm.raf', expect.stringMatching(/only a 8×8 preview/)],
    ]);
    expect(outside(result.skipped).map((skip) => path.basename(skip.path))).toEqual([
      'SOURCES.txt',
    ]);
    expect(result.imported.length).toBeGreaterThanOrEqual(55);
    for (const failure of result.failed) expect(failure.error).toMatch(/\w{4,}/);
    for (const skip of result.skipped) expect(skip.reason).toMatch(/\w{4,}/);
    const bomb = result.failed.find((failure) => failure.path.endsWith('bug793470-crasher.png'));
    expect(bomb?.error).toMatch(/megapixels; the limit is 250/);
  });

  it('leaves a library that verifies', async () => {
    const verify = await runShoebox('verify', '--library', library, '--json');
    expect(JSON.parse(verify.stdout).problems).toEqual([]);
    expect(verify.code).toBe(0);
  });

  it('reads the camera, lens, capture time and size of a Sony A6000 frame', () => {
    expect(byName.get('sony-alpha-6000.jpg')).toMatchObject({
      width: 6000,
      height: 4000,
      cameraMake: 'SONY',
      cameraModel: 'ILCE-6000',
      lens: 'E PZ 16-50mm F3.5-5.6 OSS',
      takenAt: '2014-04-18T20:33:53',
    });
  });

  it('reads the GPS position of iPhone shots', () => {
    const gps = (name: string) => byName.get(name)?.gps;
    expect(gps('iphone6plus-gps-orient6.jpg')).toEqual({ lat: 40.0040861, lon: 116.4847806 });
    expect(gps('test1.jpg')).toEqual({ lat: 37.885, lon: -122.6225 });
    expect(gps('test3.jpg')).toEqual({ lat: 37.7763333, lon: -122.4196667 });
  });

  it('shows every EXIF orientation upright: the eight files of a set look the same', async () => {
    for (const set of ['Landscape', 'Portrait']) {
      const upright = byName.get(`${set}_1.jpg`)!;
      const reference = await looks(upright);
      for (let orientation = 2; orientation <= 8; orientation += 1) {
        const photo = byName.get(`${set}_${orientation}.jpg`)!;
        expect([photo.width, photo.height], `${set}_${orientation}`).toEqual([
          upright.width,
          upright.height,
        ]);
        // Mirrored or rotated the wrong way, the test pattern differs by far more than this.
        expect(difference(await looks(photo), reference), `${set}_${orientation}`).toBeLessThan(12);
      }
    }
  });

  it('shows camera RAWs through their largest embedded JPEG, upright by their own IFD0', () => {
    expect(byName.get('IMG_5952.CR2')).toMatchObject({
      format: 'cr2',
      kind: 'photo',
      width: 1728,
      height: 1152,
      cameraModel: 'Canon EOS 30D',
    });
    expect(byName.get('Canon-R6-pruned.CR3')).toMatchObject({
      format: 'cr3',
      width: 1620,
      height: 1080,
      takenAt: '2021-05-12T12:21:21.920+02:00',
    });
    // Orientation 6 in IFD0 only (the SubIFDs say 1): shown portrait.
    expect(byName.get('s-Nikon.nef')).toMatchObject({ format: 'nef', width: 4000, height: 6000 });
    expect(byName.get('s-Panasonic.rw2')).toMatchObject({ format: 'rw2', width: 4000 });
    expect(byName.get('s-DNG.dng')).toMatchObject({ format: 'dng', width: 6000, height: 4000 });
  });

  it('imports phone and camera videos with a poster, their length and where they were taken', () => {
    const android = byName.get('VID_20191220_170832.mp4')!;
    expect(android).toMatchObject({ kind: 'video', format: 'mp4', width: 1920, height: 1080 });
    expect(android.durationSeconds).toBeGreaterThan(1);
    expect(android.durationSeconds).toBeLessThan(3);
    expect(android.gps!.lat).toBeCloseTo(-15.8355, 3);
    expect(android.gps!.lon).toBeCloseTo(-48.0153, 3);
    expect(android.takenAt.startsWith('2019-12-2')).toBe(true);
    for (const name of ['mov.mov', 'mp4.mp4', 'cockatoo.mp4', 'realshort.mp4']) {
      const video = byName.get(name);
      expect(video?.kind, name).toBe('video');
      expect(video!.derivatives.thumb.width, name).toBeGreaterThan(0);
    }
  });

  it('turns a phone photo taken sideways (orientation 6) upright', () => {
    // The Panasonic file is stored 640 wide and 428 high, with orientation 6.
    expect(byName.get('panasonic-gf1-orient6.jpg')).toMatchObject({ width: 428, height: 640 });
  });
});
