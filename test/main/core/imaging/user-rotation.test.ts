import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rotation } from '../../../../common/description';
import {
  createImagingPool,
  type DerivativesResult,
  type ImagingPool,
} from '../../../../main/core/imaging/imaging-pool';
import { createImagingProcess } from '../../../../main/core/imaging/imaging-process';
import { makeTempDir } from '../../../helpers/temp-dir';

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
type Edge = 'top' | 'right' | 'bottom' | 'left';

/** A 640x320 blue JPEG with a red band along its top edge, stored with EXIF `orientation`. */
function redTopJpeg(orientation: number): Promise<Buffer> {
  return sharp({
    create: { width: 640, height: 320, channels: 3, background: { r: 0, g: 0, b: 255 } },
  })
    .composite([
      {
        input: {
          create: { width: 640, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } },
        },
        top: 0,
        left: 0,
      },
    ])
    .withMetadata({ orientation })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** The colour a few pixels in from the middle of each edge of an image file. */
async function edgeColours(file: string): Promise<Record<Edge, number[]>> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const offset = (y * info.width + x) * info.channels;
    return [...data.subarray(offset, offset + 3)];
  };
  const [midX, midY] = [info.width >> 1, info.height >> 1];
  return {
    top: at(midX, 2),
    right: at(info.width - 3, midY),
    bottom: at(midX, info.height - 3),
    left: at(2, midY),
  };
}

function expectNear(actual: number[], expected: number[]) {
  const distance = Math.max(
    ...expected.map((value, channel) => Math.abs(value - actual[channel]!)),
  );
  expect(distance, `colour ${actual.join(',')} vs ${expected.join(',')}`).toBeLessThan(40);
}

/** Expects red on `redEdge` only, at every size, and the sizes shown `landscape` or not. */
async function expectRedOn(result: DerivativesResult, redEdge: Edge, landscape: boolean) {
  expect(result.derivatives).toHaveLength(3);
  for (const derivative of result.derivatives) {
    expect(derivative.width > derivative.height, derivative.size).toBe(landscape);
    const edges = await edgeColours(derivative.path);
    for (const edge of ['top', 'right', 'bottom', 'left'] as const) {
      expectNear(edges[edge], edge === redEdge ? RED : BLUE);
    }
  }
}

describe.each([
  ['worker threads', () => createImagingPool({ threads: 1 })],
  ['the imaging child process', () => createImagingProcess({ threads: 1 })],
])('a user rotation, through %s', (_transport, create) => {
  let pool: ImagingPool;
  beforeAll(() => {
    pool = create();
  });
  afterAll(() => pool.destroy());

  async function derivativesOf(orientation: number, rotation?: Rotation) {
    const dir = await makeTempDir();
    const sourcePath = path.join(dir, 'photo.jpg');
    await writeFile(sourcePath, await redTopJpeg(orientation));
    const outputDir = path.join(dir, 'derivatives');
    return pool.makeDerivatives({ sourcePath, outputDir, baseName: 'photo', rotation });
  }

  it('turns a quarter turn clockwise: the red top edge is on the right, sides swapped', async () => {
    const result = await derivativesOf(1, 90);
    expect(result).toMatchObject({ width: 320, height: 640, orientation: 1 });
    expect(result.derivatives.map(({ width, height }) => [width, height])).toEqual([
      [200, 400],
      [320, 640],
      [320, 640],
    ]);
    await expectRedOn(result, 'right', false);
  });

  it('turns on top of EXIF orientation 6: the same as 180 from upright', async () => {
    const onExif = await derivativesOf(6, 90);
    // Orientation 6 shows the stored 640x320 as 320x640; 90 more makes it 640x320 again.
    expect(onExif).toMatchObject({ width: 640, height: 320, orientation: 6 });
    await expectRedOn(onExif, 'bottom', true);
    const fromUpright = await derivativesOf(1, 180);
    expect(fromUpright).toMatchObject({ width: 640, height: 320, orientation: 1 });
    await expectRedOn(fromUpright, 'bottom', true);
  });

  it.each([0, undefined] as const)(
    'leaves the photo as it is with rotation %s',
    async (rotation) => {
      const result = await derivativesOf(1, rotation);
      expect(result).toMatchObject({ width: 640, height: 320, orientation: 1 });
      await expectRedOn(result, 'top', true);
    },
  );

  it('refuses a rotation that is not a quarter turn', async () => {
    const error = await derivativesOf(1, 45 as Rotation).then(
      () => expect.fail('expected an ImagingError'),
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect((error as Error).message).toMatch(/0, 90, 180 or 270/);
  });
});
