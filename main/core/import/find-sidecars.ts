/**
 * Finds the XMP sidecars other apps left beside a photo, by both conventions
 * (../shared/research/organise.md, A2.2): `IMG_1234.CR2.xmp` as darktable, digiKam and Immich
 * write, `IMG_1234.xmp` as Lightroom, Capture One and Photo Mechanic write, each with `.xmp` or
 * `.XMP`. When several exist, the newest comes first: it is the one read last, so it wins.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

/** An XMP sidecar found beside a photo. */
export interface SourceSidecar {
  /** As shown to people (see ScanCandidate.path). */
  path: string;
  /** What the file system is asked for (see ScanCandidate.source). */
  source: string | Buffer;
  mtimeMs: number;
}

// Both cases of the extension: Photo Mechanic and older Windows tools write `.XMP`.
const SIDECAR_EXTENSIONS = ['.xmp', '.XMP'];

/** A sidecar name: the photo's name with `cut` trailing characters (its extension) removed, plus `added`. */
interface SidecarName {
  name: string;
  cut: string;
  added: string;
}

/**
 * The names a sidecar of `fileName` may have, the darktable form first: `IMG.JPG.xmp`,
 * `IMG.JPG.XMP`, `IMG.xmp`, `IMG.XMP`.
 */
export function sidecarNames(fileName: string): string[] {
  return namesOf(fileName).map((entry) => entry.name);
}

function namesOf(fileName: string): SidecarName[] {
  const extension = extname(fileName);
  const cuts = extension === '' ? [''] : ['', extension];
  return cuts.flatMap((cut) =>
    SIDECAR_EXTENSIONS.map((added) => ({
      name: fileName.slice(0, fileName.length - cut.length) + added,
      cut,
      added,
    })),
  );
}

/**
 * The sidecars of the photo at `photo`, newest first. `siblings`, when the photo was found by
 * listing its folder, holds the names in that folder, so only names that exist are looked at;
 * without it (a file picked by name) every possible name is tried. Never throws: a sidecar that
 * cannot be read is as good as absent.
 */
export async function findSidecars(
  photo: { path: string; source: string | Buffer },
  siblings?: ReadonlySet<string>,
): Promise<SourceSidecar[]> {
  const places = namesOf(basename(photo.path))
    .filter((entry) => !siblings || siblings.has(entry.name))
    .map((entry) => ({
      path: photo.path.slice(0, photo.path.length - entry.cut.length) + entry.added,
      source: renamed(photo.source, entry),
    }))
    .filter((place): place is { path: string; source: string | Buffer } => place.source !== null);
  const found = await Promise.all(
    places.map(async (place) => {
      const stats = await stat(place.source).catch(() => null);
      return stats?.isFile() && stats.size > 0 ? { place, stats } : null;
    }),
  );
  // A file system that ignores case answers both `.xmp` and `.XMP` with one file.
  const seen = new Set<string>();
  const sidecars: SourceSidecar[] = [];
  for (const entry of found) {
    if (!entry) continue;
    const identity = `${entry.stats.dev}:${entry.stats.ino}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    sidecars.push({ ...entry.place, mtimeMs: entry.stats.mtimeMs });
  }
  return sidecars.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/**
 * The photo's `source` renamed to a sidecar. A Buffer source (a name that is not UTF-8) keeps
 * its bytes; its extension is cut by its length in bytes, known only when it is printable ASCII (null
 * otherwise: no camera or app names an extension in anything else).
 */
function renamed(source: string | Buffer, entry: SidecarName): string | Buffer | null {
  if (typeof source === 'string') {
    return source.slice(0, source.length - entry.cut.length) + entry.added;
  }
  if (!/^[ -~]*$/.test(entry.cut)) return null;
  return Buffer.concat([
    source.subarray(0, source.length - entry.cut.length),
    Buffer.from(entry.added),
  ]);
}
