/**
 * One import benchmark scenario, run in its own process so its peak RSS is its own:
 * `node --import tsx bench/import-scenario.ts <naive|floor|pipeline|import|import-process>
 * <workDir> [corpusDir]`; prints one JSON line. `floor` is issue 15's fixed baseline (a frozen
 * copy of the pipeline, bench/floor/), `pipeline` today's imaging pool alone on the same files
 * and names (its derivatives beside the floor's are what the quality check compares). `import-process` is `import` with the Linux app's imaging process
 * (`imaging: 'process'`): its RSS and CPU figures are this process's only, not the child's.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createImagingPool } from '../main/core/imaging/imaging-pool';
import { naiveDerivatives } from '../main/core/imaging/naive-derivatives';
import { openCore } from '../main/core/shoebox-core';
import { CORPUS_DIR, listCorpus } from './corpus';
import { runFloor } from './floor/floor-pool';

/** The result line a scenario prints. */
export interface ScenarioResult {
  scenario: string;
  photos: number;
  ms: number;
  peakRssMb: number;
  /** CPU time of every thread of the process (user + system). */
  cpuMs: number;
  imported?: number;
}

const [scenario, workDir, corpusDir = CORPUS_DIR] = process.argv.slice(2);
if (!scenario || !workDir)
  throw new Error(
    'usage: import-scenario.ts <naive|floor|pipeline|import|import-process> <workDir> [corpusDir]',
  );
const files = await listCorpus(corpusDir);
await mkdir(workDir, { recursive: true });

const started = performance.now();
let imported: number | undefined;
if (scenario === 'naive') {
  // The replaced app: one image at a time, three separate pipelines from the file.
  for (const [index, file] of files.entries())
    await naiveDerivatives(file, workDir, `photo-${index}`);
} else if (scenario === 'floor') {
  // Decode once + three encodes per image, one image per core: nothing else (frozen code).
  await runFloor(files, workDir);
} else if (scenario === 'pipeline') {
  const pool = createImagingPool();
  await Promise.all(
    files.map((file, index) =>
      pool.makeDerivatives({ sourcePath: file, outputDir: workDir, baseName: `photo-${index}` }),
    ),
  );
  await pool.destroy();
} else if (scenario === 'import' || scenario === 'import-process') {
  const core = await openCore({
    libraryRoot: path.join(workDir, 'library'),
    imaging: scenario === 'import-process' ? 'process' : 'threads',
  });
  const summary = await core.importFiles([{ path: corpusDir }]);
  imported = summary.totals.imported;
  if (summary.failed.length > 0)
    throw new Error(`import failed: ${JSON.stringify(summary.failed)}`);
  await core.close();
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
const ms = performance.now() - started;
const result: ScenarioResult = {
  scenario,
  photos: files.length,
  ms,
  // resourceUsage covers every thread of the process: the workers' decoding buffers count.
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  imported,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
