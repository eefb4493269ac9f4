/**
 * Issue 15, "Below the floor": today's imaging pipeline and the whole import against the fixed
 * floor (bench/floor/, a frozen copy of the pipeline it started from), interleaved in one run
 * on the real camera JPEGs of the fixtures and on the photo-like corpus: CPU and wall time per
 * photo, peak RSS, and the quality of every derivative (PSNR against a full-resolution decode
 * resized with lanczos3, and file sizes), which must stay within 0.1 dB and 1 % of the floor's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../common/derivative-sizes';
import { ensureRealCameraCorpus, listCorpus, CORPUS_DIR } from './corpus';
import type { ScenarioResult } from './import-scenario';

const PHOTOS = 24;
// Floor, pipeline and import in turn, this many times; the median of each is reported.
const REPEATS = Math.max(1, Number(process.env.SHOEBOX_BENCH_FLOOR_REPEATS ?? 3));
const SCENARIOS = ['floor', 'pipeline', 'import'] as const;

function runScenario(scenario: string, workDir: string, corpusDir: string): ScenarioResult {
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'import-scenario.ts'),
      scenario,
      workDir,
      corpusDir,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as ScenarioResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** PSNR (dB) of two 8-bit buffers of the same layout. */
function psnr(a: Buffer, b: Buffer): number {
  let squares = 0;
  for (let i = 0; i < a.length; i += 1) {
    const difference = a[i]! - b[i]!;
    squares += difference * difference;
  }
  const mse = squares / a.length;
  return mse === 0 ? 99 : 10 * Math.log10((255 * 255) / mse);
}

interface DerivativeQuality {
  photo: number;
  size: DerivativeSize;
  psnr: number;
  bytes: number;
}

/**
 * PSNR and bytes of every `photo-<index>-<size>.webp` in `dir` against the reference: the
 * source decoded at full resolution (turned upright), resized with lanczos3 to the derivative's
 * own size, 8-bit sRGB.
 */
async function measureQuality(files: string[], dirs: string[]): Promise<DerivativeQuality[][]> {
  const results: DerivativeQuality[][] = dirs.map(() => []);
  for (const [photo, file] of files.entries()) {
    const full = await sharp(file, { autoOrient: true, failOn: 'none' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { width: full.info.width, height: full.info.height, channels: full.info.channels };
    for (const size of DERIVATIVE_SIZE_NAMES) {
      const references = new Map<string, Buffer>();
      for (const [index, dir] of dirs.entries()) {
        const derivative = path.join(dir, `photo-${photo}-${size}.webp`);
        const decoded = await sharp(derivative)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        const key = `${decoded.info.width}x${decoded.info.height}`;
        let reference = references.get(key);
        if (!reference) {
          reference = await sharp(full.data, { raw })
            .resize(decoded.info.width, decoded.info.height, { fit: 'fill', kernel: 'lanczos3' })
            .raw()
            .toBuffer();
          references.set(key, reference);
        }
        const { size: bytes } = await stat(derivative);
        results[index]!.push({ photo, size, psnr: psnr(decoded.data, reference), bytes });
      }
    }
  }
  return results;
}

function timeRow(name: string, runs: ScenarioResult[]): string {
  const photos = runs[0]!.photos;
  return [
    `    ${name.padEnd(9)}`,
    `${(median(runs.map((run) => run.cpuMs)) / photos).toFixed(0).padStart(5)} CPU ms/photo`,
    `${(median(runs.map((run) => run.ms)) / photos).toFixed(0).padStart(5)} wall ms/photo`,
    `${median(runs.map((run) => run.peakRssMb))
      .toFixed(0)
      .padStart(5)} MB peak RSS`,
    `  (CPU ${runs.map((run) => (run.cpuMs / photos).toFixed(0)).join('/')})`,
  ].join('  ');
}

async function benchCorpus(label: string, corpusDir: string, scratch: string): Promise<void> {
  const files = (await listCorpus(corpusDir)).slice(0, PHOTOS);
  console.log(`\n  ${label}: ${files.length} JPEGs (${corpusDir})`);
  const runs = new Map<string, ScenarioResult[]>(SCENARIOS.map((name) => [name, []]));
  const kept: Record<string, string> = {};
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const scenario of SCENARIOS) {
      const workDir = path.join(scratch, `${label}-${scenario}-${repeat}`);
      const result = runScenario(scenario, workDir, corpusDir);
      runs.get(scenario)!.push(result);
      // The first floor and pipeline outputs are kept for the quality check.
      if (repeat === 0 && scenario !== 'import') kept[scenario] = workDir;
      else await rm(workDir, { recursive: true, force: true });
    }
  }
  for (const scenario of SCENARIOS) console.log(timeRow(scenario, runs.get(scenario)!));
  const floor = runs.get('floor')!;
  for (const scenario of ['pipeline', 'import'] as const) {
    const these = runs.get(scenario)!;
    const cpu = median(these.map((run) => run.cpuMs)) / median(floor.map((run) => run.cpuMs));
    const wall = median(these.map((run) => run.ms)) / median(floor.map((run) => run.ms));
    console.log(
      `    ${scenario} / floor: CPU ${cpu.toFixed(3)}x, wall ${wall.toFixed(3)}x  (target ≤ 0.85x)`,
    );
  }

  const [floorQuality, pipelineQuality] = await measureQuality(files, [
    kept.floor!,
    kept.pipeline!,
  ]);
  for (const size of DERIVATIVE_SIZE_NAMES) {
    const floorOf = floorQuality!.filter((entry) => entry.size === size);
    const ours = pipelineQuality!.filter((entry) => entry.size === size);
    const meanOf = (list: DerivativeQuality[]) =>
      list.reduce((sum, entry) => sum + entry.psnr, 0) / list.length;
    const bytesOf = (list: DerivativeQuality[]) =>
      list.reduce((sum, entry) => sum + entry.bytes, 0);
    const drops = ours.map((entry, index) => entry.psnr - floorOf[index]!.psnr);
    const worst = drops.indexOf(Math.min(...drops));
    const byteRatios = ours.map((entry, index) => entry.bytes / floorOf[index]!.bytes);
    // The rule, per size: mean PSNR at most 0.1 dB lower, bytes within 1 %.
    const meanDrop = meanOf(ours) - meanOf(floorOf);
    const bytesRatio = bytesOf(ours) / bytesOf(floorOf);
    const ok = meanDrop >= -0.1 && Math.abs(bytesRatio - 1) <= 0.01;
    console.log(
      `    ${size.padEnd(6)} PSNR floor ${meanOf(floorOf).toFixed(2)} dB, pipeline ${meanOf(ours).toFixed(2)} dB (${meanDrop >= 0 ? '+' : ''}${meanDrop.toFixed(3)});` +
        ` bytes ${bytesRatio.toFixed(4)}x ${ok ? 'ok' : 'OUTSIDE THE RULE'};` +
        ` per photo ${Math.min(...drops).toFixed(3)} to +${Math.max(...drops).toFixed(3)} dB (worst ${path.basename(files[worst]!)}), bytes ${Math.min(...byteRatios).toFixed(3)}-${Math.max(...byteRatios).toFixed(3)}x`,
    );
  }
  for (const dir of Object.values(kept)) await rm(dir, { recursive: true, force: true });
}

/** Prints the issue-15 comparison on both corpora. */
export async function runBelowFloorBench(scratch: string): Promise<void> {
  const load = await readFile('/proc/loadavg', 'utf8').catch(() => 'n/a');
  console.log(
    `\nBelow the floor (issue 15): floor (frozen) vs pipeline vs import, ${REPEATS} interleaved runs, medians; load ${load.trim()}`,
  );
  const real = await ensureRealCameraCorpus(PHOTOS);
  if (real) await benchCorpus('real camera', path.dirname(real[0]!), scratch);
  else console.log('  real camera JPEGs: unavailable (scripts/fetch-photo-fixtures.sh failed)');
  if ((await readdir(CORPUS_DIR).catch(() => [])).length > 0)
    await benchCorpus('photo-like', CORPUS_DIR, scratch);
}

// `tsx bench/quality-bench.ts`: this part of the bench alone.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-floor-'));
  try {
    await runBelowFloorBench(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
