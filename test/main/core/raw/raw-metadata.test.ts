import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawMetadata } from '../../../../main/core/raw/raw-metadata';
import {
  COLOURS,
  cmtBlocks,
  cr3Like,
  jpegWithOwnExif,
  nefLike,
  nefParts,
  rafLike,
  rw2Like,
  solidJpeg,
} from './raw-containers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shoebox-raw-meta-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** 2024-03-01T08:00:00Z, a file time distinct from every capture time below. */
const MTIME = Date.UTC(2024, 2, 1, 8);

describe('readRawMetadata', () => {
  it("reads a NEF's capture time with its offset and IFD0's orientation (6), not its SubIFDs' (1)", async () => {
    const file = await fileOf('a.nef', nefLike(await nefParts()));
    expect(await readRawMetadata(file, 'nef', MTIME)).toMatchObject({
      takenAt: '2024-05-01T10:00:00+02:00',
      takenAtSource: 'exif',
      cameraMake: 'NIKON CORPORATION',
      cameraModel: 'NIKON D850',
      orientation: 6,
      exposure: { exposureTime: 0.004 },
    });
  });

  it("reads a CR3's CMT1 (camera, orientation), CMT2 (time, aperture) and CMT4 (GPS)", async () => {
    const parts = {
      full: await solidJpeg(1800, 1200),
      prvw: await solidJpeg(1620, 1080, COLOURS.preview),
      thmb: await solidJpeg(160, 120, COLOURS.thumb),
      ...cmtBlocks(),
    };
    const file = await fileOf('a.cr3', cr3Like(parts));
    expect(await readRawMetadata(file, 'cr3', MTIME)).toMatchObject({
      takenAt: '2021-05-12T12:21:21+02:00',
      takenAtSource: 'exif',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R6',
      orientation: 8,
      gps: { lat: 48.8567, lon: 2.35 },
      exposure: { fNumber: 2.8 },
    });
  });

  it("reads a RAF from its preview's own EXIF", async () => {
    const jpeg = await jpegWithOwnExif(
      1920,
      1280,
      {
        IFD0: { Make: 'FUJIFILM', Model: 'X-T30' },
        IFD2: { DateTimeOriginal: '2022:08:14 17:45:03', OffsetTimeOriginal: '+09:00' },
      },
      6,
    );
    const file = await fileOf('a.raf', rafLike(jpeg));
    expect(await readRawMetadata(file, 'raf', MTIME)).toMatchObject({
      takenAt: '2022-08-14T17:45:03+09:00',
      cameraMake: 'FUJIFILM',
      cameraModel: 'X-T30',
      orientation: 6,
    });
  });

  it("reads an RW2's camera and orientation from IFD0 and its capture time from the preview's EXIF", async () => {
    const jpeg = await jpegWithOwnExif(
      1920,
      1080,
      { IFD0: { Make: 'Other' }, IFD2: { DateTimeOriginal: '2023:01:02 03:04:05' } },
      1,
    );
    const file = await fileOf('a.rw2', rw2Like(jpeg));
    expect(await readRawMetadata(file, 'rw2', MTIME)).toMatchObject({
      takenAt: '2023-01-02T03:04:05',
      cameraMake: 'Panasonic',
      cameraModel: 'DC-S5',
      orientation: 6,
    });
  });

  it('falls back to the file time for a damaged or unreadable RAW, without throwing', async () => {
    const file = await fileOf('text.cr2', Buffer.from('no raw here'));
    for (const target of [file, path.join(dir, 'missing.cr2')]) {
      const metadata = await readRawMetadata(target, 'cr2', MTIME);
      expect(metadata).toMatchObject({ takenAtSource: 'file', cameraMake: null, orientation: 1 });
      expect(Date.parse(metadata.takenAt)).toBe(MTIME);
    }
  });
});
