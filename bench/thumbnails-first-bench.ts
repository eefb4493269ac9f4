/**
 * Thumbnails first (issue 13): a card of 24 MP camera JPEGs imported twice in the same run,
 * alternately, each time into a new library in its own process: thumbnails first (today's
 * path for a card) and in one phase (the same code with the threshold set out of reach,
 * `thumbnailsFirstAbove: Infinity`). Reported: the time until the last thumbnail is recorded
 * (its photo's `importProgress` 'file' event: the grid can show it), the full import's time,
 * their ratio (target < 20 %), the full import against the one-phase one (target ≤ 1.05x, wall
 * and CPU), and the final thumbnails' quality against the one-phase ones (PSNR against a full
 * decode + lanczos3, bytes), with the first phase's own (what the grid shows until the second
 * phase remakes it).
 *
 * The card is made like a Sony A6000's (bench/corpus.ts `ensureCard`): the fixture
 * `sony-alpha-6000.jpg` from that camera carries a 1616x1080 MPF large thumbnail after the
 * photo, as Sony bodies write them, which the first phase makes the thumbnail from
 * (imaging/preview-thumbnail.ts). A card of the same JPEGs without previews (as sharp and
 * editors write them; every other camera JPEG of the fixtures has at most a 256-pixel EXIF
 * thumbnail) runs too from the command line: its first phase decodes each photo at 1/4 scale.
 *
 * `npx tsx bench/thumbnails-first-bench.ts [photos] [camera|plain|both]` (200 photos and both
 * cards by default; SHOEBOX_BENCH_CARD too); `npm run bench` runs it on a smaller camera card
 * (bench/index.ts). A child run is `thumbnails-first-bench.ts run <two-phase|one-phase>
 * <workDir> <cardDir>`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DERIVATIVE_SIZES, WEBP_EFFORT, fitLongEdge } from '../common/derivative-sizes';
import { decodeToSizeRaw } from '../main/core/imaging/decode-large';
import { decodeThumbFromPreview } from '../main/core/imaging/preview-thumbnail';
import type { RawImage } from '../main/core/imaging/raw-image';
import { readHeader } from '../main/core/imaging/source-header';
import { openCore } from '../main/core/shoebox-core';
import { ensureCard } from './corpus';

/** The cards the bench can import: camera-made (with MPF previews) or without previews. */
export type BenchCard = 'camera' | 'plain';

/** What one child run measured. */
interface CardRun {
  mode: 'two-phase' | 'one-phase';
  photos: number;
  /** Milliseconds from the start until the last photo was reported with its thumbnail. */
  lastThumbMs: number;
  /** CPU milliseconds (every thread) spent by then: the first phase's. */
  lastThumbCpuMs: number;
  /** Milliseconds until the import finished, every size of every photo made. */
  fullMs: number;
  cpuMs: number;
  peakRssMb: number;
}

// Each mode this many times, alternately; the best of each is compared (these 2-core machines
// are shared: the best run is the one least disturbed).
const REPEATS = Math.max(1, Number(process.env.SHOEBOX_BENCH_CARD_REPEATS ?? 2));
// Distinct pictures whose thumbnails are compared (the card repeats the corpus's 24).
const QUALITY_PHOTOS = 24;

async function childRun(mode: CardRun['mode'], workDir: string, cardDir: string): Promise<void> {
  const core = await openCore({ libraryRoot: path.join(workDir, 'library') });
  const started = performance.now();
  let lastThumbMs = 0;
  let lastThumbCpuMs = 0;
  const summary = await core.importFiles([{ path: cardDir }], {
    ...(mode === 'one-phase' && { thumbnailsFirstAbove: Infinity }),
    onProgress: (event) => {
      if (event.type !== 'file' || event.outcome.status !== 'imported') return;
      lastThumbMs = performance.now() - started;
      const cpu = process.cpuUsage();
      lastThumbCpuMs = (cpu.user + cpu.system) / 1000;
    },
  });
  const fullMs = performance.now() - started;
  if (summary.failed.length > 0)
    throw new Error(`import failed: ${JSON.stringify(summary.failed)}`);
  await core.close();
  const usage = process.cpuUsage();
  const result: CardRun = {
    mode,
    photos: summary.totals.imported,
    lastThumbMs,
    lastThumbCpuMs,
    fullMs,
    cpuMs: (usage.user + usage.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(mode: CardRun['mode'], workDir: string, cardDir: string): CardRun {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, 'run', mode, workDir, cardDir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as CardRun;
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

/** Every file below `dir`, by name. */
async function filesByName(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return new Map(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name, path.join(entry.parentPath, entry.name)]),
  );
}

/** Each library's thumbnails of some card photos, and the first phase's pixels of the same. */
interface ThumbnailQuality {
  /** Per library: mean PSNR (dB) and bytes of its thumbnails. */
  libraries: { psnr: number; bytes: number }[];
  /** The lowest difference of one photo's PSNR, first library minus second. */
  worstDb: number;
  /** Mean PSNR of the first phase's thumbnails (their pixels encoded as the pipeline does). */
  firstPhasePsnr: number;
  /** How many of the first phase's came from an embedded preview. */
  fromPreview: number;
  photos: number;
}

/**
 * The thumbnails of the first QUALITY_PHOTOS card photos in each library, and the first
 * phase's pixels of them, against the photo decoded at full size and resized with lanczos3 to
 * the thumbnail's size.
 */
async function thumbnailQuality(
  cardFiles: string[],
  libraries: string[],
): Promise<ThumbnailQuality> {
  const found = await Promise.all(libraries.map((library) => filesByName(library)));
  const totals = libraries.map(() => ({ psnr: 0, bytes: 0 }));
  let worstDb = Infinity;
  let firstPhase = 0;
  let fromPreview = 0;
  const files = cardFiles.slice(0, QUALITY_PHOTOS);
  for (const file of files) {
    const hash = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    const full = await sharp(file, { autoOrient: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const referenceAt = (width: number, height: number) =>
      sharp(full.data, { raw: full.info })
        .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
        .raw()
        .toBuffer();
    const measured: number[] = [];
    for (const [index, names] of found.entries()) {
      const thumb = names.get(`${hash}-thumb.webp`);
      if (!thumb) throw new Error(`no thumbnail of ${file} in ${libraries[index]}`);
      const decoded = await sharp(thumb).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const value = psnr(decoded.data, await referenceAt(decoded.info.width, decoded.info.height));
      measured.push(value);
      totals[index]!.psnr += value;
      totals[index]!.bytes += (await stat(thumb)).size;
    }
    worstDb = Math.min(worstDb, measured[0]! - measured[1]!);
    const first = await firstPhaseThumbnail(file);
    if (first.fromPreview) fromPreview += 1;
    const { data, ...raw } = first.image;
    const encoded = await sharp(data, { raw })
      .webp({ quality: DERIVATIVE_SIZES.thumb.quality, effort: WEBP_EFFORT })
      .toBuffer();
    const shown = await sharp(encoded).removeAlpha().raw().toBuffer();
    firstPhase += psnr(shown, await referenceAt(raw.width, raw.height));
  }
  return {
    libraries: totals.map((total) => ({
      psnr: total.psnr / files.length,
      bytes: total.bytes / files.length,
    })),
    worstDb,
    firstPhasePsnr: firstPhase / files.length,
    fromPreview,
    photos: files.length,
  };
}

/** The thumbnail's pixels as the first phase makes them (derivative-pipeline.ts). */
async function firstPhaseThumbnail(
  file: string,
): Promise<{ image: RawImage; fromPreview: boolean }> {
  const header = await readHeader(file);
  const preview = await decodeThumbFromPreview(file, header);
  if (preview) return { image: preview, fromPreview: true };
  const image = await decodeToSizeRaw(file, header, 'thumb');
  const { width, height } = fitLongEdge(
    header.width,
    header.height,
    DERIVATIVE_SIZES.thumb.longEdge,
  );
  if (image.width !== width || image.height !== height)
    throw new Error(`the first phase's decode of ${file} is ${image.width}x${image.height}`);
  return { image, fromPreview: false };
}

/** Runs the bench on a card of `photos` of each kind and prints its report. */
export async function runThumbnailsFirstBench(
  photos: number,
  scratch: string,
  cards: readonly BenchCard[] = ['camera'],
): Promise<void> {
  for (const kind of cards) await benchCard(photos, scratch, kind);
}

async function benchCard(photos: number, scratch: string, kind: BenchCard): Promise<void> {
  const generating = performance.now();
  const card = await ensureCard(photos, { previews: kind === 'camera' });
  const cardFiles = (await filesByName(card)).values();
  const sorted = [...cardFiles].sort();
  const what =
    kind === 'camera'
      ? 'with 1616x1080 MPF previews, as a Sony A6000 writes them'
      : 'without previews';
  console.log(
    `\nThumbnails first: a card of ${photos} 24 MP camera JPEGs ${what} (${card}, ready in ${((performance.now() - generating) / 1000).toFixed(1)} s)`,
  );
  const best = new Map<CardRun['mode'], CardRun>();
  const kept = new Map<CardRun['mode'], string>();
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const mode of ['two-phase', 'one-phase'] as const) {
      const workDir = path.join(scratch, `thumbs-${kind}-${mode}-${repeat}`);
      const run = runChild(mode, workDir, card);
      console.log(
        `  run ${repeat + 1}/${REPEATS} ${mode.padEnd(9)}: last thumbnail ${(run.lastThumbMs / 1000).toFixed(1)} s, full import ${(run.fullMs / 1000).toFixed(1)} s, ${(run.cpuMs / run.photos).toFixed(0)} CPU ms/photo, ${run.peakRssMb.toFixed(0)} MB peak RSS`,
      );
      const previous = best.get(mode);
      if (!previous || run.fullMs < previous.fullMs) {
        if (kept.has(mode)) await rm(kept.get(mode)!, { recursive: true, force: true });
        best.set(mode, run);
        kept.set(mode, workDir);
      } else await rm(workDir, { recursive: true, force: true });
    }
  }
  const twoPhase = best.get('two-phase')!;
  const onePhase = best.get('one-phase')!;
  console.log(
    `  last thumbnail / full import: ${((twoPhase.lastThumbMs / twoPhase.fullMs) * 100).toFixed(1)} %  (target < 20 %)`,
  );
  console.log(
    `  full import, thumbnails first / one phase: ${(twoPhase.fullMs / onePhase.fullMs).toFixed(3)}x wall  (target ≤ 1.05x); CPU ${(twoPhase.cpuMs / onePhase.cpuMs).toFixed(3)}x`,
  );
  // Cores kept busy (CPU time over wall time) before and after the last thumbnail: on a
  // machine the bench has to itself, a phase below the cores' count is wall time the other
  // mode may not lose.
  const secondCpu = twoPhase.cpuMs - twoPhase.lastThumbCpuMs;
  const secondMs = twoPhase.fullMs - twoPhase.lastThumbMs;
  console.log(
    `  thumbnails first, cores busy: ${(twoPhase.lastThumbCpuMs / twoPhase.lastThumbMs).toFixed(2)} until the last thumbnail (${(twoPhase.lastThumbCpuMs / twoPhase.photos).toFixed(0)} CPU ms/photo, with the process's start), ${(secondCpu / secondMs).toFixed(2)} after; one phase ${(onePhase.cpuMs / onePhase.fullMs).toFixed(2)}; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `  one phase, its last photo reported: ${(onePhase.lastThumbMs / 1000).toFixed(1)} s (${((onePhase.lastThumbMs / onePhase.fullMs) * 100).toFixed(0)} % of its import)`,
  );
  const quality = await thumbnailQuality(sorted, [kept.get('two-phase')!, kept.get('one-phase')!]);
  const [first, today] = quality.libraries;
  console.log(
    `  thumbnails of ${quality.photos} photos, thumbnails first / one phase: PSNR ${first!.psnr.toFixed(2)} / ${today!.psnr.toFixed(2)} dB (worst photo ${quality.worstDb.toFixed(2)} dB), bytes ${(first!.bytes / today!.bytes).toFixed(4)}x`,
  );
  console.log(
    `  the first phase's thumbnails (until the second remakes them): PSNR ${quality.firstPhasePsnr.toFixed(2)} dB, ${quality.fromPreview} of ${quality.photos} from an embedded preview`,
  );
  for (const dir of kept.values()) await rm(dir, { recursive: true, force: true });
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'run') {
  const [mode, workDir, cardDir] = rest as [CardRun['mode'], string, string];
  await childRun(mode, workDir, cardDir);
} else if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const photos = Number(command ?? process.env.SHOEBOX_BENCH_CARD ?? 200);
  const which = rest[0] ?? 'both';
  const cards: BenchCard[] = which === 'both' ? ['camera', 'plain'] : [which as BenchCard];
  const scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-thumbs-'));
  try {
    await runThumbnailsFirstBench(photos, scratch, cards);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
