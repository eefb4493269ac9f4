/**
 * The floor of issue 15 as a fixed baseline: one photo per core on worker threads, each decoded
 * once with shrink-on-load and encoded three times, by a frozen copy of the pipeline
 * (floor-pipeline.ts), so `npm run bench` compares today's import against the same floor
 * whatever the real pipeline becomes.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
// libvips is initialised by the main thread before any worker loads it (sharp#2263).
import 'sharp';
import type { DerivativesResult } from '../../main/core/imaging/imaging-protocol';

/** Makes every file's derivatives into `outputDir` as `photo-<index>-<size>.webp`. */
export async function runFloor(files: string[], outputDir: string): Promise<DerivativesResult[]> {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const piscina = new Piscina({
    filename: fileURLToPath(new URL('./floor-worker.ts', import.meta.url)),
    execArgv: ['--import', pathToFileURL(tsxLoader).href],
    minThreads: 0,
    maxThreads: availableParallelism(),
  });
  try {
    return (await Promise.all(
      files.map((sourcePath, index) =>
        piscina.run({
          request: { sourcePath, outputDir, baseName: `photo-${index}` },
          tempSuffix: `floor-${index}`,
        }),
      ),
    )) as DerivativesResult[];
  } finally {
    await piscina.destroy();
  }
}
