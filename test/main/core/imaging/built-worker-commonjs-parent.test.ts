/**
 * The built imaging worker where an installed app keeps it: in a `dist/` folder with no
 * package.json beside it (app.asar.unpacked/dist), below a folder whose package.json says
 * `{"type":"commonjs"}` (what `npm init -y` writes; a Windows user's home sits above the
 * per-user install folder). Copies of the built files are driven through piscina in a plain
 * `node` process, as the packaged app's pool drives them. Needs dist/ (`npm run build`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DERIVATIVE_SIZES, DERIVATIVE_SIZE_NAMES } from '../../../../common/derivative-sizes';
import type { ImagingResponseOf } from '../../../../main/core/imaging/imaging-protocol';
import { texturedJpeg } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const BUILT_WORKER = path.join(ROOT, 'dist/imaging-worker.mjs');

// One task through piscina, as createImagingPool runs it; prints the worker's answer as JSON.
const DRIVER = `
import Piscina from 'piscina';
const [filename, sourcePath, outputDir] = process.argv.slice(2);
const pool = new Piscina({ filename, minThreads: 0, maxThreads: 1 });
const cancelState = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
try {
  const answer = await pool.run({
    type: 'derivatives',
    request: { sourcePath, outputDir, baseName: 'photo' },
    tempSuffix: 'test',
    cancelState,
  });
  process.stdout.write(JSON.stringify(answer));
} finally {
  await pool.close();
}
`;

interface InstalledApp {
  /** The app folder: dist/ and node_modules/ side by side, like app.asar.unpacked. */
  app: string;
  photo: string;
  output: string;
}

/** A copy of dist/ in a temp folder under a `{"type":"commonjs"}` package.json, and a JPEG. */
async function installBelowCommonJsPackage(): Promise<InstalledApp> {
  const home = await makeTempDir('shoebox-cjs-home-');
  await writeFile(path.join(home, 'package.json'), JSON.stringify({ type: 'commonjs' }));
  const app = path.join(home, 'Programs', 'shoebox', 'resources', 'app.asar.unpacked');
  await mkdir(app, { recursive: true });
  await cp(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
  // The packaged app's node_modules sits beside dist/; the project's stands in for it here.
  await symlink(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'junction');
  await writeFile(path.join(app, 'driver.mjs'), DRIVER);
  const photo = path.join(home, 'photo.jpg');
  await writeFile(photo, await texturedJpeg(2400, 1600));
  const output = path.join(home, 'derivatives');
  await mkdir(output);
  return { app, photo, output };
}

async function runWorker(
  installed: InstalledApp,
  workerFile: string,
): Promise<ImagingResponseOf<'derivatives'>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(installed.app, 'driver.mjs'), workerFile, installed.photo, installed.output],
    { cwd: installed.app, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return JSON.parse(stdout) as ImagingResponseOf<'derivatives'>;
}

describe('the built imaging worker below a {"type":"commonjs"} package.json', () => {
  it('is built as dist/imaging-worker.mjs', () => {
    expect(existsSync(BUILT_WORKER), 'run `npm run build` first').toBe(true);
  });

  it('makes the three derivatives of a photo', async () => {
    const installed = await installBelowCommonJsPackage();
    const answer = await runWorker(installed, path.join(installed.app, 'dist/imaging-worker.mjs'));

    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    expect(answer.value).toMatchObject({ format: 'jpeg', width: 2400, height: 1600 });
    expect(answer.value.derivatives.map((file) => file.size)).toEqual(DERIVATIVE_SIZE_NAMES);
    for (const file of answer.value.derivatives) {
      expect(file.path).toBe(path.join(installed.output, `photo-${file.size}.webp`));
      const written = await sharp(file.path).metadata();
      expect(written).toMatchObject({ format: 'webp', width: file.width, height: file.height });
      expect(Math.max(written.width, written.height)).toBe(DERIVATIVE_SIZES[file.size].longEdge);
    }
  });

  it('would fail as a `.js` file there (the trap the `.mjs` name avoids)', async () => {
    const installed = await installBelowCommonJsPackage();
    const asJs = path.join(installed.app, 'dist/imaging-worker.js');
    await copyFile(path.join(installed.app, 'dist/imaging-worker.mjs'), asJs);
    await expect(runWorker(installed, asJs)).rejects.toThrow(
      /Cannot use import statement outside a module/,
    );
  });
});
