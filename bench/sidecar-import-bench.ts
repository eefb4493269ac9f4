/**
 * Reading other apps' sidecars on import, against the same import without them: the camera
 * corpus imported from a folder where each photo has an XMP sidecar (darktable's
 * `DSC00001.JPG.xmp` for half, Lightroom's `DSC00002.xmp` for the others, each with a
 * description and an editor's settings), and from a folder of the same photos alone, in turns
 * in one run. Each import counts until its core is closed, so the library's own sidecars (made
 * from the other apps' on one side, fresh on the other) are written inside the time.
 */
import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scanInputs } from '../main/core/import/scan';
import { readForeignDescription } from '../main/core/metadata/read-photo-description';
import { openCore } from '../main/core/shoebox-core';
import { listCorpus } from './corpus';

/** Best import times of the two sides, in milliseconds. */
export interface SidecarImportResult {
  photos: number;
  withoutMs: number;
  withMs: number;
  /** The scan and the description reads alone, each side: what sidecars add, without noise. */
  readWithoutMs: number;
  readWithMs: number;
}

// Runs of the scan and description reads alone, best kept: they take milliseconds.
const READ_REPEATS = 5;

// Turns of each side, best kept: the first also warms the page cache.
const REPEATS = Math.max(1, Number(process.env.SHOEBOX_BENCH_SIDECAR_REPEATS ?? 2));

// An editor's history as darktable writes one step of it: a sidecar of a developed photo holds
// tens of these, which is most of its size.
const HISTORY_STEP = (index: number) =>
  `     <rdf:li darktable:num="${index}" darktable:operation="exposure" darktable:enabled="1"
      darktable:modversion="6" darktable:params="${'0'.repeat(64)}" darktable:multi_name=""
      darktable:multi_priority="0" darktable:blendop_version="11"
      darktable:blendop_params="${'gz12eJxjYGBgkGAAgRNODGiAEV0AJ2iwh+CRyscFAAdeGQQ='.repeat(2)}"/>`;

/** A sidecar as darktable or Lightroom leaves one beside a described, developed photo. */
function sidecarFor(index: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="${(index % 5) + 1}"
   xmp:Label="Green"
   crs:Exposure2012="+0.35"
   crs:Contrast2012="+12"
   darktable:xmp_version="5"
   darktable:history_end="24">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Frame ${index + 1}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Morning light over the harbour</rdf:li></rdf:Alt></dc:description>
   <dc:subject><rdf:Bag><rdf:li>Oslo</rdf:li><rdf:li>Harbour</rdf:li><rdf:li>Anna</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|Norway|Oslo</rdf:li><rdf:li>Places|Norway|Oslo|Harbour</rdf:li><rdf:li>People|Anna</rdf:li></rdf:Bag></lr:hierarchicalSubject>
   <darktable:history>
    <rdf:Seq>
${Array.from({ length: 24 }, (_, step) => HISTORY_STEP(step)).join('\n')}
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;
}

/** The corpus photos in `folder` (linked, not copied, where the file system can). */
async function placePhotos(files: string[], folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  return Promise.all(
    files.map(async (file) => {
      const target = path.join(folder, path.basename(file));
      await link(file, target).catch(() => copyFile(file, target));
      return target;
    }),
  );
}

/**
 * Imports `folder` into a new library at `root`; answers the milliseconds until it is closed.
 * Throws unless every photo was imported, no sidecar was counted as a file of its own, and the
 * photos with sidecars came out described.
 */
async function timeImport(
  folder: string,
  root: string,
  expected: number,
  described: boolean,
): Promise<number> {
  const started = performance.now();
  const core = await openCore({ libraryRoot: root });
  const summary = await core.importFiles([{ path: folder }]);
  await core.close();
  const ms = performance.now() - started;
  const rated = summary.imported.filter((photo) => photo.rating > 0).length;
  if (
    summary.totals.imported !== expected ||
    summary.totals.files !== expected ||
    rated !== (described ? expected : 0)
  ) {
    throw new Error(`sidecar bench: ${JSON.stringify(summary.totals)} for ${expected} photos`);
  }
  return ms;
}

/** The scan of `folder` and the description read of each photo found, in milliseconds. */
async function timeDescriptionReads(folder: string): Promise<number> {
  const started = performance.now();
  const { candidates } = await scanInputs([folder]);
  await Promise.all(
    candidates.map((candidate) =>
      readForeignDescription(
        candidate.path,
        candidate.sidecars.map((sidecar) => sidecar.source),
      ),
    ),
  );
  return performance.now() - started;
}

/**
 * Runs the bench in `workDir` and prints both sides and their ratio (target: reading sidecars
 * adds under 5 %).
 */
export async function runSidecarImportBench(workDir: string): Promise<SidecarImportResult> {
  const files = await listCorpus();
  const without = path.join(workDir, 'sidecar-bench', 'without');
  const withSidecars = path.join(workDir, 'sidecar-bench', 'with');
  await placePhotos(files, without);
  const placed = await placePhotos(files, withSidecars);
  await Promise.all(
    placed.map((file, index) => {
      const sidecar = index % 2 === 0 ? `${file}.xmp` : file.replace(/\.JPG$/, '.xmp');
      return writeFile(sidecar, sidecarFor(index));
    }),
  );

  const best = { without: Infinity, with: Infinity };
  for (let turn = 0; turn < REPEATS; turn += 1) {
    for (const side of ['without', 'with'] as const) {
      const root = path.join(workDir, 'sidecar-bench', `library-${side}-${turn}`);
      const folder = side === 'with' ? withSidecars : without;
      const ms = await timeImport(folder, root, files.length, side === 'with');
      console.log(
        `  turn ${turn + 1}/${REPEATS}, ${side.padEnd(7)} sidecars: ${(ms / 1000).toFixed(2)} s`,
      );
      best[side] = Math.min(best[side], ms);
      await rm(root, { recursive: true, force: true });
    }
  }
  const reads = { without: Infinity, with: Infinity };
  for (let turn = 0; turn < READ_REPEATS; turn += 1) {
    reads.without = Math.min(reads.without, await timeDescriptionReads(without));
    reads.with = Math.min(reads.with, await timeDescriptionReads(withSidecars));
  }
  await rm(path.join(workDir, 'sidecar-bench'), { recursive: true, force: true });

  const result = {
    photos: files.length,
    withoutMs: best.without,
    withMs: best.with,
    readWithoutMs: reads.without,
    readWithMs: reads.with,
  };
  console.log(
    `\nImport of ${result.photos} camera JPEGs with an XMP sidecar each, against the same without:`,
  );
  console.log(`  without sidecars: ${(result.withoutMs / 1000).toFixed(2)} s`);
  console.log(`  with sidecars:    ${(result.withMs / 1000).toFixed(2)} s`);
  console.log(
    `  with / without:   ${(result.withMs / result.withoutMs).toFixed(3)}x  (target < 1.05x)`,
  );
  // The imports' times move by more than the sidecars cost on a busy machine; the scan and
  // description reads alone show what they add.
  const added = result.readWithMs - result.readWithoutMs;
  console.log(
    `  scan + description reads alone: ${result.readWithoutMs.toFixed(1)} ms without, ${result.readWithMs.toFixed(1)} ms with: sidecars add ${added.toFixed(1)} ms, ${((added / result.withoutMs) * 100).toFixed(2)} % of the import`,
  );
  return result;
}
