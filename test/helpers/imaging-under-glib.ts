/**
 * Run as a script by glib-clash.test.ts, under `LD_PRELOAD` of the system GLib (what Electron's
 * Linux binary links): `node --import tsx imaging-under-glib.ts <threads|process|core> <outDir>
 * <photo>...` makes the derivatives of every photo with the chosen pool, then exits. `core` is
 * the app's path: a library in `<outDir>` opened with `imaging: 'process'` imports the photos.
 */
import path from 'node:path';
import type { ImagingPool } from '../../main/core/imaging/imaging-pool';

const [mode, outputDir, ...photos] = process.argv.slice(2);
if (!outputDir || (mode !== 'threads' && mode !== 'process' && mode !== 'core'))
  throw new Error('usage: imaging-under-glib.ts <threads|process|core> <outDir> <photo>...');
if (mode === 'core') {
  // The whole core loads here, sharp with it (unused: the imaging runs in the child).
  const { openCore } = await import('../../main/core/shoebox-core');
  const core = await openCore({ libraryRoot: outputDir, imaging: 'process', imagingThreads: 2 });
  try {
    const summary = await core.importFiles(photos.map((photo) => ({ path: photo })));
    if (summary.failed.length > 0) throw new Error(JSON.stringify(summary.failed));
  } finally {
    await core.close();
  }
  process.exit(0);
}
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
