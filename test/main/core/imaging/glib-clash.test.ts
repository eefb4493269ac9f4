/**
 * Issue 10, item 1: Electron's Linux binary links the system GLib/GObject/GIO, and sharp's
 * libvips carries its own, so the system symbols win. `LD_PRELOAD` of the system libraries
 * emulates that (sharp#2535). The in-thread pool then floods `GLib-GObject-CRITICAL`; the
 * process pool, whose child is a plain Node without the preload, prints none.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texturedJpeg } from '../../../helpers/make-images';
import { makeTempDir } from '../../../helpers/temp-dir';

const GLIB_LIBRARIES = ['libglib-2.0.so.0', 'libgobject-2.0.so.0', 'libgio-2.0.so.0'];
const SCRIPT = path.join(import.meta.dirname, '../../../helpers/imaging-under-glib.ts');
const PHOTOS = 4;

/** The system GLib libraries' paths from the loader cache, or null when one is missing. */
function systemGlib(): string[] | null {
  if (process.platform !== 'linux') return null;
  let cache: string;
  try {
    cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' });
  } catch {
    return null;
  }
  const arch = process.arch === 'x64' ? 'x86-64' : process.arch === 'arm64' ? 'AArch64' : '';
  const found = GLIB_LIBRARIES.map((name) => {
    const lines = cache.split('\n').filter((line) => line.trim().startsWith(`${name} `));
    const line = lines.find((candidate) => candidate.includes(arch)) ?? lines[0];
    return line?.split('=>')[1]?.trim();
  });
  return found.every((file) => file) ? (found as string[]) : null;
}

const glib = systemGlib();

// On Linux the clash is the point: a machine without the system GLib (.ci/run installs it)
// fails here rather than skipping the proof.
describe.runIf(process.platform === 'linux')('the system GLib', () => {
  it('is installed (apt-get install libglib2.0-0)', () => {
    expect(glib, `ldconfig -p lists none of ${GLIB_LIBRARIES.join(', ')}`).not.toBeNull();
  });
});

/** Runs the script with the preload; resolves with its stderr once it exited with 0. */
function runPreloaded(mode: 'threads' | 'process' | 'core', outDir: string, photos: string[]) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode, outDir, ...photos], {
      env: { ...process.env, LD_PRELOAD: glib!.join(' ') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(`${mode} run ended with ${signal ?? code}: ${stderr.slice(-2000)}`));
    });
  });
}

function criticals(stderr: string): number {
  return stderr.split('\n').filter((line) => line.includes('GLib-GObject-CRITICAL')).length;
}

describe.skipIf(!glib)('imaging under the system GLib (Electron on Linux, emulated)', () => {
  let photos: string[];
  // The photos serve both tests (makeTempDir's folders go after each test).
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoebox-glib-'));
    photos = await Promise.all(
      Array.from({ length: PHOTOS }, async (_, index) => {
        const file = path.join(dir, `photo-${index}.jpg`);
        await writeFile(file, await texturedJpeg(1200, 900));
        return file;
      }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function expectAllDerivatives(outDir: string) {
    const names = await readdir(outDir);
    expect(names.filter((name) => name.endsWith('.webp'))).toHaveLength(PHOTOS * 3);
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
  }

  it('floods GLib-GObject-CRITICAL with the in-thread pool (the clash today)', async () => {
    const outDir = await makeTempDir('shoebox-glib-threads-');
    const stderr = await runPreloaded('threads', outDir, photos);
    console.log(
      `in-thread pool under the preload: ${criticals(stderr)} GLib-GObject-CRITICAL lines`,
    );
    expect(criticals(stderr)).toBeGreaterThan(0);
    await expectAllDerivatives(outDir);
  }, 60_000);

  it('prints none with the process pool, from the same preloaded parent', async () => {
    const outDir = await makeTempDir('shoebox-glib-process-');
    const stderr = await runPreloaded('process', outDir, photos);
    console.log(`process pool under the preload: ${criticals(stderr)} GLib-GObject-CRITICAL lines`);
    expect(criticals(stderr)).toBe(0);
    expect(stderr).not.toMatch(/CRITICAL|WARNING/);
    await expectAllDerivatives(outDir);
  }, 60_000);

  it("prints none when the app's core imports with imaging: 'process'", async () => {
    const library = await makeTempDir('shoebox-glib-core-');
    const stderr = await runPreloaded('core', library, photos);
    console.log(`core, imaging 'process', under the preload: ${criticals(stderr)} lines`);
    expect(criticals(stderr)).toBe(0);
    const written = await readdir(path.join(library, 'derivatives'), { recursive: true });
    expect(written.filter((name) => name.endsWith('.webp'))).toHaveLength(PHOTOS * 3);
  }, 60_000);
});
