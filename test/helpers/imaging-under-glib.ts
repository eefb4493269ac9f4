/**
 * Run as a script by glib-clash.test.ts, under `LD_PRELOAD` of the system GLib (what Electron's
 * Linux binary links): `node --import tsx imaging-under-glib.ts <threads|process> <outDir>
 * <photo>...` makes the derivatives of every photo with the chosen pool, then exits.
 */
import path from 'node:path';
import type { ImagingPool } from '../../main/core/imaging/imaging-pool';

const [mode, outputDir, ...photos] = process.argv.slice(2);
if (!outputDir || (mode !== 'threads' && mode !== 'process'))
  throw new Error('usage: imaging-under-glib.ts <threads|process> <outDir> <photo>...');
// Imported by mode: the process path must not load sharp in this (preloaded) process at all.
const pool: ImagingPool =
  mode === 'threads'
    ? (await import('../../main/core/imaging/imaging-pool')).createImagingPool({ threads: 2 })
    : (await import('../../main/core/imaging/imaging-process')).createImagingProcess({
        threads: 2,
      });
try {
  await Promise.all(
    photos.map((sourcePath) =>
      pool.makeDerivatives({
        sourcePath,
        outputDir,
        baseName: path.basename(sourcePath, '.jpg'),
      }),
    ),
  );
} finally {
  await pool.destroy();
}
