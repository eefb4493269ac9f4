/**
 * `npm run bench`: Shoebox's import side by side with the naive baseline and the floor on the
 * same corpus in the same run, reported as ratios (these machines are noisy: only ratios of one
 * run mean something), then the page query on a 100k-photo library and the export of an album.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCorpus } from './corpus';
import type { ScenarioResult } from './import-scenario';
import { formatExportBench, runExportBench } from './export-bench';
import { runPageQueryBench } from './page-query-bench';

// The issue asks for at least 24 photos; SHOEBOX_BENCH_PHOTOS may raise it.
const PHOTOS = Math.max(24, Number(process.env.SHOEBOX_BENCH_PHOTOS ?? 24));
// The card of the default run's thumbnails-first bench (the 200 run on their own).
const THUMBNAIL_CARD_PHOTOS = 48;
// Two runs of the fast scenarios, best kept: the first run also warms the page cache.
const REPEATS = 2;

function runScenario(scenario: string, workDir: string): ScenarioResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'import-scenario.ts'), scenario, workDir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as ScenarioResult;
}

function row(result: ScenarioResult): string {
  const perSecond = (result.photos / result.ms) * 1000;
  return [
    result.scenario.padEnd(14),
    `${perSecond.toFixed(2).padStart(7)} photos/s`,
    `${(result.ms / result.photos).toFixed(0).padStart(6)} ms/photo`,
    `${(result.ms / 1000).toFixed(1).padStart(6)} s total`,
    `${result.peakRssMb.toFixed(0).padStart(6)} MB peak RSS`,
    `${(result.cpuMs / result.photos).toFixed(0).padStart(5)} CPU ms/photo`,
  ].join('  ');
}

console.log(`Generating or reusing ${PHOTOS} photo-like 24 MP JPEGs…`);
await ensureCorpus(PHOTOS);
const scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-bench-'));
try {
  const best = new Map<string, ScenarioResult>();
  // import-process: the Linux app's imaging in a child Node process (issue 10), beside the
  // in-process pool on the same corpus in the same run.
  const order = [
    'floor',
    'import',
    'import-process',
    ...Array(REPEATS - 1)
      .fill(['floor', 'import', 'import-process'])
      .flat(),
    'naive',
  ] as string[];
  for (const [index, scenario] of order.entries()) {
    const result = runScenario(scenario, path.join(scratch, `${scenario}-${index}`));
    console.log(`  run ${index + 1}/${order.length}: ${row(result)}`);
    const previous = best.get(scenario);
    if (!previous || result.ms < previous.ms) best.set(scenario, result);
    await rm(path.join(scratch, `${scenario}-${index}`), { recursive: true, force: true });
  }
  const naive = best.get('naive')!;
  const floor = best.get('floor')!;
  const shoebox = best.get('import')!;
  console.log(`\nImport of ${PHOTOS} camera JPEGs (24 MP) into WebP thumb/medium/large:`);
  for (const result of [naive, floor, shoebox, best.get('import-process')!])
    console.log(`  ${row(result)}`);
  console.log(
    `\n  import / floor time:   ${(shoebox.ms / floor.ms).toFixed(2)}x  (target ≤ 1.20x)`,
  );
  console.log(
    `  naive / import time:   ${(naive.ms / shoebox.ms).toFixed(2)}x faster  (target ≥ 3x)`,
  );
  // With the encoder settings fixed (WebP effort 4, q85/q90), the speed-up over the naive
  // baseline is its extra CPU work per photo times the cores the pool can use.
  const cpuRatio = naive.cpuMs / shoebox.cpuMs;
  const cores = availableParallelism();
  console.log(
    `  naive / import CPU per photo: ${cpuRatio.toFixed(2)}x; on ${cores} cores the ceiling is about ${(cpuRatio * cores).toFixed(1)}x`,
  );
  // Throughput is photos per second, so the ratio of throughputs is the inverse of the times'.
  const viaProcess = best.get('import-process')!;
  console.log(
    `  imaging process / in-process pool, import throughput: ${(shoebox.ms / viaProcess.ms).toFixed(2)}x  (the Linux app's path; its RSS and CPU above leave out the child)`,
  );
  console.log(`  import peak RSS:       ${shoebox.peakRssMb.toFixed(0)} MB  (target < 1024 MB)`);
  console.log(
    `  10 photos at this rate: ${(((shoebox.ms / shoebox.photos) * 10) / 1000).toFixed(1)} s (the replaced app: 8-12 s)`,
  );

  console.log('\nPage of 200 photos from a 100,000-photo library (photos + derivatives):');
  const pages = await runPageQueryBench(path.join(import.meta.dirname, '.corpus'));
  console.log(
    `  keyset cursor:  median ${pages.keysetMedianMs.toFixed(2)} ms, p95 ${pages.keysetP95Ms.toFixed(2)} ms  (target < 5 ms)`,
  );
  console.log(
    `  LIMIT/OFFSET:   median ${pages.offsetMedianMs.toFixed(2)} ms, p95 ${pages.offsetP95Ms.toFixed(2)} ms`,
  );
  console.log(
    `  offset / keyset median: ${(pages.offsetMedianMs / pages.keysetMedianMs).toFixed(1)}x`,
  );

  console.log(
    '\nExport of a 1,000-photo album as a web gallery, against a plain copy of its files:',
  );
  const exported = await runExportBench(
    path.join(import.meta.dirname, '.corpus'),
    path.join(scratch, 'export'),
  );
  console.log(formatExportBench(exported));
  await (await import('./describe-bench')).printDescribeBench(path.join(scratch, 'describe'));
  await (await import('./sidecar-import-bench')).runSidecarImportBench(scratch);
  await (await import('./quality-bench')).runBelowFloorBench(scratch);
  // Thumbnails first on a 48-photo card: the 200-photo card of the issue takes ~4 more minutes
  // a mode on these machines, so it is `npx tsx bench/thumbnails-first-bench.ts` (200 by default).
  await (
    await import('./thumbnails-first-bench')
  ).runThumbnailsFirstBench(THUMBNAIL_CARD_PHOTOS, scratch);
  await (await import('./search-bench')).printSearchBench(path.join(scratch, 'search'));
  const folders = await import('./folders-bench');
  console.log(
    folders.formatFoldersBench(await folders.runFoldersBench(path.join(scratch, 'folders'))),
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
