/**
 * The files of a library that no row records, as verify finds and repairs them: temp files of
 * processes that died, stray derivatives, stray originals (recorded where they lie, or moved to
 * recovered/). What any live process has in flight is left alone.
 */
import { existsSync, linkSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ShoeboxError } from '../../../common/errors';
import { ImagingError } from '../imaging/imaging-protocol';
import { describeFailure } from '../import/failure-messages';
import { LEFT_FOR_NEXT_IMPORT } from '../import/finish-derivatives';
import { numberedName } from '../import/file-names';
import { hashFile } from '../import/hash-file';
import { recordStoredOriginal } from '../import/record-photo';
import { LEASE_ID_PATTERN } from './lease-repository';
import { toStoredPath } from './library-paths';
import type { Problem, VerifyDependencies } from './verify-service';
import type { WriterLease } from './writer-lease';

const DERIVATIVE_TEMP = /\.tmp-[^/\\]+$/;
// The lease id of the process that wrote a temp file: `<derivative>.tmp-<lease>-<hex>`, or
// `original-<lease>-…`, `upload-<lease>-…`, `export-<lease>-…` in .staging/, and the hidden
// names the video module writes beside those (`.export-<lease>-….partial.mp4`: a web copy
// inside a download export, output-file.ts), or a folder so named (`rotate-<lease>-…/`).
const TEMP_WRITER = [
  new RegExp(`\\.tmp-(${LEASE_ID_PATTERN})-[0-9a-f]+$`),
  new RegExp(`^\\.?[a-z]+-(${LEASE_ID_PATTERN})-`),
];
// `derivatives/ab/<hash>[-r90]-<size>.webp`: the content a derivative was made from.
const DERIVATIVE_HASH = /^([0-9a-f]{64})(?:-r\d+)?-[a-z]+\.webp$/;
// `originals/…/IMG_0001.JPG.xmp`: a photo's sidecar (sidecars/xmp-sidecar.ts).
const SIDECAR = /\.xmp$/i;

/**
 * Files no row records. What a live process is writing is left alone, whichever process it is:
 * its temp files (named by its lease), derivatives of content it has reserved, originals at
 * names it has reserved. Each check is made again at the moment of acting, inside a write
 * transaction, since another process may record the file after the listing.
 */
export async function findStrays(
  deps: VerifyDependencies,
  knownFiles: Set<string>,
  lease: WriterLease | undefined,
  problems: Problem[],
): Promise<void> {
  const { layout } = deps;
  const leftover = (relative: string): Problem => ({
    kind: 'leftover-temp',
    path: relative,
    detail: 'a temporary file left by an interrupted import, upload or export',
  });
  // Everything in staging is a writer's, hidden names too; a folder's name may say whose.
  for (const file of await listFiles(layout.staging, { hidden: true })) {
    if (writerIsLive(deps, path.relative(layout.staging, file).split(path.sep))) continue;
    const problem = leftover(toStoredPath(layout, file));
    if (lease) {
      await rm(file, { force: true });
      problem.repaired = 'removed';
    }
    problems.push(problem);
  }
  // The folders a dead writer made in staging (`rotate-<lease>-…/`, `join-<lease>-…/`), empty
  // once their files went above; those of no process (`uploads/`) stay for the next to use.
  if (lease) await removeDeadWritersFolders(deps, layout.staging);
  for (const file of await listFiles(layout.derivatives)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative)) continue;
    const temp = DERIVATIVE_TEMP.test(file);
    const inFlight = temp
      ? writerIsLive(deps, [path.basename(file)])
      : derivativeInFlight(deps, file, relative);
    if (inFlight) continue;
    const problem: Problem = temp
      ? leftover(relative)
      : { kind: 'stray-derivative', path: relative, detail: 'a derivative no photo records' };
    if (lease) {
      const removed = deps.db
        .transaction(() => {
          if (!temp && derivativeInFlight(deps, file, relative)) return false;
          assertStillRepairing(deps, lease);
          unlinkSync(file);
          return true;
        })
        .immediate();
      if (!removed) continue;
      problem.repaired = 'removed (derivatives are made again from originals)';
    }
    problems.push(problem);
  }
  for (const file of await listFiles(layout.originals)) {
    const relative = toStoredPath(layout, file);
    if (knownFiles.has(relative) || originalInFlight(deps, relative)) continue;
    if (SIDECAR.test(relative)) {
      // A photo's XMP sidecar (the listing is sorted, so a stray original just recorded above
      // already counts); one whose photo is gone is reported and left: it is only text.
      const photoFile = relative.replace(SIDECAR, '');
      if (knownFiles.has(photoFile) || originalInFlight(deps, photoFile)) continue;
      problems.push({
        kind: 'stray-sidecar',
        path: relative,
        detail: 'an XMP sidecar whose photo is not in the library',
      });
      continue;
    }
    const problem: Problem = {
      kind: 'stray-original',
      path: relative,
      detail: 'a file in originals/ that no photo records',
    };
    if (lease) {
      const outcome = await placeStrayOriginal(deps, lease, file, relative);
      if (outcome === null) continue;
      if ('repaired' in outcome) problem.repaired = outcome.repaired;
      else problem.detail += ` (could not record it: ${outcome.kept})`;
    }
    problems.push(problem);
  }
}

/**
 * Records a stray original where it lies, or moves it to recovered/ when its content is a photo
 * already or Shoebox cannot decode it. Null when it turned out to be recorded or in flight; a
 * string saying why it stayed when recording failed for another reason (a full disk, a busy
 * database): the next repair tries again, and a good photo is never moved away for it.
 */
async function placeStrayOriginal(
  deps: VerifyDependencies,
  lease: WriterLease,
  file: string,
  relative: string,
): Promise<{ repaired: string } | { kept: string } | null> {
  let hash: string;
  try {
    hash = await hashFile(file);
  } catch (error) {
    // Gone since the listing (an import that failed, a delete): nothing left to repair.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const claim = deps.reservations.claimStray(lease.id, relative, hash);
  if (claim.kind === 'recorded' || claim.kind === 'in-flight') return null;
  try {
    if (claim.kind === 'claimed') {
      try {
        const photoId = await recordStoredOriginal(
          { ...deps, lease },
          file,
          hash,
          claim.reservationId,
        );
        return { repaired: `recorded as photo ${photoId}` };
      } catch (error) {
        if (!undecodable(error)) return { kept: describeFailure(error) };
        // Not an image Shoebox can read: keep it, out of the way, for the user to look at.
      }
    }
    const moved = moveToRecovered(deps, lease, claim.reservationId, file);
    return moved ? { repaired: `moved to ${toStoredPath(deps.layout, moved)}` } : null;
  } finally {
    deps.reservations.release([claim.reservationId], lease.id);
  }
}

/** Whether recording failed because the file is no image Shoebox can decode. */
function undecodable(error: unknown): boolean {
  return (
    error instanceof ImagingError &&
    (error.code === 'UNSUPPORTED_FORMAT' ||
      error.code === 'CORRUPT' ||
      error.code === 'TOO_MANY_PIXELS')
  );
}

/**
 * Moves a stray original to recovered/, under a name no earlier recovered file has, in one
 * transaction with the checks that its reservation and the repair lock are still this
 * process's (no other process can have adopted the file meanwhile). Its new path, or null when
 * either was lost and the file stayed.
 */
function moveToRecovered(
  deps: VerifyDependencies,
  lease: WriterLease,
  reservationId: number,
  file: string,
): string | null {
  const relative = path.relative(deps.layout.originals, file);
  let target: string | null = null;
  mkdirSync(path.join(deps.layout.recovered, path.dirname(relative)), { recursive: true });
  deps.reservations.fenced(reservationId, lease.id, () => {
    assertStillRepairing(deps, lease);
    for (let attempt = 1; target === null; attempt += 1) {
      const candidate = path.join(
        deps.layout.recovered,
        path.dirname(relative),
        numberedName(path.basename(relative), attempt),
      );
      try {
        // link() never overwrites: a file recovered by an earlier repair stays.
        linkSync(file, candidate);
        target = candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // File systems without hard links: the same check, then a rename.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
          if (existsSync(candidate)) continue;
          renameSync(file, candidate);
          target = candidate;
          return;
        }
        throw error;
      }
    }
    unlinkSync(file);
  });
  return target;
}

/**
 * Throws when another process took this repair for stopped (its lock is gone): two repairs
 * must never act at once, so this one stops before it removes or moves anything more.
 */
function assertStillRepairing(deps: VerifyDependencies, lease: WriterLease): void {
  if (!deps.leases.holdsLock('repair', lease.id)) {
    throw new ShoeboxError(
      'CONFLICT',
      'Another Shoebox process took this repair for stopped and may be repairing; run it again.',
    );
  }
}

/**
 * Whether a derivative no listed row had is recorded by now, or its content is in flight: being
 * imported, or a photo a live import is still making the medium and large of (thumbnails first).
 */
function derivativeInFlight(deps: VerifyDependencies, file: string, relative: string): boolean {
  if (deps.photos.recordsFile(relative)) return true;
  const hash = DERIVATIVE_HASH.exec(path.basename(file))?.[1];
  if (hash === undefined) return false;
  if (deps.reservations.hashInFlight(hash)) return true;
  const pendingWith = deps.photos.findByContent(hash)?.derivatives_pending;
  return (
    pendingWith != null && pendingWith !== LEFT_FOR_NEXT_IMPORT && deps.leases.isLive(pendingWith)
  );
}

/** Whether an original no listed row had is recorded by now, or a live import is placing it. */
function originalInFlight(deps: VerifyDependencies, relative: string): boolean {
  return deps.photos.recordsFile(relative) || deps.reservations.pathInFlight(relative);
}

/** Every regular file below `dir` (none if it does not exist), hidden ones only if asked. */
async function listFiles(dir: string, options: { hidden?: boolean } = {}): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && (options.hidden === true || !entry.name.startsWith('.')))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Whether the process that wrote a temp file is still alive: its lease id is in the file's
 * name or the name of a folder it lies in (`names`, from the top).
 */
/** Removes the folders at the top of `staging` named by a lease whose process is gone. */
async function removeDeadWritersFolders(deps: VerifyDependencies, staging: string): Promise<void> {
  const entries = await readdir(staging, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !TEMP_WRITER.some((pattern) => pattern.test(entry.name))) continue;
    if (writerIsLive(deps, [entry.name])) continue;
    await rm(path.join(staging, entry.name), { recursive: true, force: true });
  }
}

function writerIsLive(deps: VerifyDependencies, names: string[]): boolean {
  return names.some((name) => {
    const leaseId = TEMP_WRITER.map((pattern) => pattern.exec(name)?.[1]).find(Boolean);
    return leaseId !== undefined && deps.leases.isLive(leaseId);
  });
}
