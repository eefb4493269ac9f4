/**
 * Search (issue 12, "Speed"): the first page (200 photos, with its total) of four kinds of
 * search through the core's SearchService, each beside the plain timeline page on the same
 * library in the same run; the filter bar's facet counts; and what the search indexes cost
 * (database size per 100k photos with and without them, and how long an existing library's
 * upgrade takes to build them). On generated libraries of 100k photos and, when
 * SHOEBOX_BENCH_SEARCH_1M=1, 1M photos (SHOEBOX_BENCH_SEARCH_LARGE=<n> for another size).
 * A library is generated as an existing one of schema version 3 (before search) in one bulk
 * transaction, then upgraded by opening it: the upgrade is the one measured, and the indexes,
 * FTS tables and kept counts are built in bulk by the migrations, not row by row by triggers
 * (the generator is bench/search-library.ts). Run alone with `tsx bench/search-bench.ts`;
 * `npm run bench` calls `printSearchBench`.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AlbumRepository } from '../main/core/library/album-repository';
import { openLibraryDatabase } from '../main/core/library/database';
import { libraryLayout } from '../main/core/library/library-paths';
import { PhotoRepository } from '../main/core/library/photo-repository';
import { SearchRepository } from '../main/core/search/search-repository';
import { SearchService } from '../main/core/search/search-service';
import {
  BEFORE_SEARCH,
  buildLibrary,
  CORPUS_VERSION,
  indexCosts,
  type IndexCosts,
} from './search-library';
import { timing, type Timing } from './stats';

/** One search's first page beside the timeline's, measured interleaved. */
export interface PageMeasure {
  label: string;
  query: string;
  total: number;
  search: Timing;
  timeline: Timing;
}

/** The benchmark on one library. */
export interface SearchBenchResult {
  photos: number;
  repeats: number;
  pages: PageMeasure[];
  facets: { label: string; query: string; timing: Timing }[];
  costs: IndexCosts | null;
  /** Whether `costs` were measured in this run or when the library was generated. */
  costsMeasuredNow: boolean;
  generatedMs: number | null;
  load: { before: string; after: string };
}

const PAGE = 200;
const WARM_UP = 3;
const REPEATS = 30;
// Issue 12's targets: a first page at 100k and at 1M photos, facet counts at 100k.
const PAGE_TARGET_MS = (photos: number): number => (photos <= 100_000 ? 20 : 100);
const FACET_TARGET_MS = 50;

const QUERIES: { label: string; query: string }[] = [
  { label: 'text: a city', query: 'Zürich' },
  { label: 'text: a rare city', query: 'Akureyri' },
  { label: 'rating + keyword', query: 'rating>=4 keyword:Places' },
  { label: 'date range', query: '2019-06..2019-08' },
  { label: 'five terms', query: '2019 camera:x-t4 rating>=3 keyword:Places -flag:reject' },
];
const FACET_QUERIES = [
  { label: 'empty query', query: '' },
  { label: 'rating>=3 keyword:Places', query: 'rating>=3 keyword:Places' },
];

/**
 * Builds (once, under `cacheDir`) a library of `photos` photos, measures its index costs on a
 * copy under `workDir` when asked (or reuses those measured at generation), and times the
 * searches and the facets against the timeline through the core's search service.
 */
export async function runSearchBench(
  cacheDir: string,
  workDir: string,
  photos: number,
  options: { measureCosts: boolean; repeats?: number },
): Promise<SearchBenchResult> {
  const load = (): string =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  const root = path.join(cacheDir, `${CORPUS_VERSION}-${photos / 1000}k`);
  const layout = libraryLayout(root);
  const metaFile = path.join(root, 'bench.json');
  // The library before its upgrade, VACUUMed, kept beside it when costs are measured: each run
  // measures the upgrade again on a copy of it.
  const beforeSearch = path.join(root, `schema-${BEFORE_SEARCH}.db`);
  let generatedMs: number | null = null;
  let costs: IndexCosts | null;
  let costsMeasuredNow = true;
  if (!(await stat(metaFile).catch(() => null))) {
    const started = performance.now();
    costs = await buildLibrary(root, photos, options.measureCosts);
    generatedMs = performance.now() - started;
    await writeFile(metaFile, JSON.stringify({ generatedMs, costs }));
  } else if (options.measureCosts && (await stat(beforeSearch).catch(() => null))) {
    costs = await indexCosts(beforeSearch, path.join(workDir, 'costs'), photos);
  } else {
    costs = (JSON.parse(await readFile(metaFile, 'utf8')) as { costs: IndexCosts | null }).costs;
    costsMeasuredNow = false;
  }

  const before = load();
  const db = openLibraryDatabase(layout.database);
  try {
    const photoRepository = new PhotoRepository(db, layout);
    const service = new SearchService(
      new SearchRepository(db),
      photoRepository,
      new AlbumRepository(db),
    );
    const timelinePage = (): void => {
      const page = photoRepository.page({ kind: 'timeline', order: 'desc' }, null, PAGE);
      photoRepository.toPhotos(page.rows);
    };
    const searchPage = (query: string): number =>
      service.page({ query, sort: 'taken', order: 'desc', limit: PAGE }).total ?? 0;
    const repeats = options.repeats ?? REPEATS;
    const pageSamples = QUERIES.map(() => ({ search: [] as number[], timeline: [] as number[] }));
    const facetSamples = FACET_QUERIES.map(() => [] as number[]);
    const totals = QUERIES.map(() => 0);
    // The repository remembers a search's count until the library changes: moving the change
    // counter before each search makes every measured page count afresh, as after an edit or
    // for a query just typed.
    const forgetCounts = db.prepare('UPDATE library_changes SET counter = counter + 1');
    const time = (run: () => void): number => {
      const started = performance.now();
      run();
      return performance.now() - started;
    };
    for (let round = 0; round < WARM_UP + repeats; round += 1) {
      const measured = round >= WARM_UP;
      for (const [index, { query }] of QUERIES.entries()) {
        // Each search right after its own timeline page: the same machine load for both.
        const timeline = time(timelinePage);
        forgetCounts.run();
        const search = time(() => void (totals[index] = searchPage(query)));
        if (!measured) continue;
        pageSamples[index]!.timeline.push(timeline);
        pageSamples[index]!.search.push(search);
      }
      for (const [index, { query }] of FACET_QUERIES.entries()) {
        const facets = time(() => void service.facets(query));
        if (measured) facetSamples[index]!.push(facets);
      }
    }
    return {
      photos,
      repeats,
      pages: QUERIES.map(({ label, query }, index) => ({
        label,
        query,
        total: totals[index]!,
        search: timing(pageSamples[index]!.search),
        timeline: timing(pageSamples[index]!.timeline),
      })),
      facets: FACET_QUERIES.map(({ label, query }, index) => ({
        label,
        query,
        timing: timing(facetSamples[index]!),
      })),
      costs,
      costsMeasuredNow,
      generatedMs,
      load: { before, after: load() },
    };
  } finally {
    db.close();
  }
}

/** The lines `npm run bench` prints for one library's result. */
export function formatSearchBench(result: SearchBenchResult): string {
  const ms = (value: number): string => `${value.toFixed(2).padStart(7)} ms`;
  const target = PAGE_TARGET_MS(result.photos);
  const lines = [
    `  ${result.photos.toLocaleString('en')} photos, ${result.repeats} repeats after ${WARM_UP} warm-up rounds, load average ${result.load.before} → ${result.load.after}`,
  ];
  if (result.generatedMs !== null)
    lines.push(`  (library generated in ${(result.generatedMs / 1000).toFixed(1)} s)`);
  lines.push(
    `  ${'first page of 200, with total'.padEnd(30)} ${'search p50'.padStart(10)} ${'p95'.padStart(10)}  ${'timeline p50'.padStart(12)} ${'p95'.padStart(10)}  search/timeline p50`,
  );
  for (const page of result.pages) {
    lines.push(
      [
        `  ${`${page.label} (${page.total.toLocaleString('en')})`.padEnd(30)}`,
        `${ms(page.search.p50).padStart(10)} ${ms(page.search.p95).padStart(10)}`,
        ` ${ms(page.timeline.p50).padStart(12)} ${ms(page.timeline.p95).padStart(10)}`,
        ` ${`${(page.search.p50 / page.timeline.p50).toFixed(1)}x`.padStart(6)}`,
        `   ${page.search.p95 < target ? 'PASS' : 'FAIL'}  ${page.query}`,
      ].join(''),
    );
  }
  lines.push(`  target: search first page p95 < ${target} ms`);
  for (const facet of result.facets) {
    const verdict =
      result.photos <= 100_000
        ? `  ${facet.timing.p95 < FACET_TARGET_MS ? 'PASS' : 'FAIL'} (target p95 < ${FACET_TARGET_MS} ms)`
        : '  (target only at 100k)';
    lines.push(
      `  ${`facets, ${facet.label}`.padEnd(30)} p50 ${ms(facet.timing.p50)}  p95 ${ms(facet.timing.p95)}${verdict}`,
    );
  }
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  const { costs } = result;
  if (costs === null) return lines.join('\n');
  lines.push(
    `  database per 100k photos${costs.vacuumed ? ', VACUUMed' : ' as built'}: ${mb(costs.withoutPer100k)} at schema 3 (no search indexes), ${mb(costs.withPer100k)} upgraded (+${mb(costs.withPer100k - costs.withoutPer100k)}, ${((costs.withPer100k / costs.withoutPer100k - 1) * 100).toFixed(0)} %)`,
    `  upgrade of a schema-3 library of ${result.photos.toLocaleString('en')} photos (building them): ${(costs.upgradeMs / 1000).toFixed(2)} s` +
      (result.costsMeasuredNow ? '' : ` (measured when generated, load average ${costs.load})`),
  );
  if (costs.keywordRoots) {
    lines.push(
      `  of which keyword roots (migration 9: rating + top-level keyword in photos_by_rating): +${mb(costs.keywordRoots.per100k)} per 100k, ${(costs.keywordRoots.upgradeMs / 1000).toFixed(2)} s`,
    );
  }
  return lines.join('\n');
}

/** Runs the benchmark on 100k photos (and, when asked, on the large library) and prints it. */
export async function printSearchBench(workDir: string): Promise<void> {
  const cacheDir = path.join(import.meta.dirname, '.corpus');
  await mkdir(cacheDir, { recursive: true });
  console.log('\nSearch: first page, facets and index costs on a 100,000-photo library:');
  console.log(
    formatSearchBench(await runSearchBench(cacheDir, workDir, 100_000, { measureCosts: true })),
  );
  const large = Number(
    process.env.SHOEBOX_BENCH_SEARCH_LARGE ??
      (process.env.SHOEBOX_BENCH_SEARCH_1M === '1' ? 1_000_000 : 0),
  );
  if (large > 0) {
    console.log(`\nSearch on a ${large.toLocaleString('en')}-photo library:`);
    console.log(
      formatSearchBench(await runSearchBench(cacheDir, workDir, large, { measureCosts: false })),
    );
  } else {
    console.log(
      '  (the large library is opt-in: SHOEBOX_BENCH_SEARCH_1M=1, or SHOEBOX_BENCH_SEARCH_LARGE=500000; generating 1M takes about 2.5 minutes on a busy 2-core machine, its upgrade included)',
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scratch = await mkdtemp(path.join(tmpdir(), 'shoebox-search-bench-'));
  try {
    await printSearchBench(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
