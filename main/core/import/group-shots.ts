/**
 * One photo per shot: the files a camera or a phone writes for one picture, found by their
 * folder and stem (`IMG_0001.CR2` with `img_0001.jpg`), become one import candidate with
 * companions. Only files of the same folder are grouped (PhotoPrism's cross-folder stacks
 * are a bug report of theirs, ../shared/research/camera-cards.md 5.3); whether the times agree
 * is checked by the import, which reads them.
 *
 * - a RAW and a JPEG (or HEIC) of the same stem: the RAW is the original, the JPEG its pair;
 * - a still and a short movie of the same stem (an iPhone's Live Photo): the still is the
 *   original, the movie its motion file (the import confirms it is short);
 * - a `.THM` (a camera's thumbnail of a movie or RAW) and an `.AAE` (an iPhone's edit
 *   instructions) travel as sidecars of the shot they name.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { MediaFormat } from '../../../common/contract';
import type { SourceSidecar } from './find-sidecars';

/** A file the scan found, as the import opens it. */
export interface ScanFile {
  /** As shown to people (may name no file when the name is not UTF-8: open `source`). */
  path: string;
  /** What the file system is asked for: a Buffer when a name is not valid UTF-8. */
  source: string | Buffer;
  bytes: number;
  mtimeMs: number;
}

/** What a file of a shot is, as the scan sniffed it. */
export type ShotFileKind = 'image' | 'raw' | 'video';

/** A file of a shot beside its original. */
export interface ScanCompanion extends ScanFile {
  role: 'pair' | 'motion' | 'sidecar';
  /** A media format for a pair or motion file; the extension for a sidecar. */
  format: MediaFormat | 'thm' | 'aae';
}

/** One shot to import: its original, and the files that come with it. */
export interface ScanCandidate extends ScanFile {
  format: MediaFormat;
  kind: ShotFileKind;
  /** Named by the user, rather than found in a folder. */
  explicit: boolean;
  /** The XMP sidecars other apps left beside it (or beside its pair), newest first. */
  sidecars: SourceSidecar[];
  /** Its pair, motion file and camera sidecars (.THM, .AAE), in that order. */
  companions: ScanCompanion[];
}

/** A file that is only ever part of a shot: `.THM` or `.AAE`. */
export interface Attachment extends ScanFile {
  format: 'thm' | 'aae';
}

/** The extensions of files that only ever come with a shot, and what they are. */
export const ATTACHMENT_EXTENSIONS: ReadonlyMap<string, Attachment['format']> = new Map([
  ['thm', 'thm'],
  ['aae', 'aae'],
]);

/** Why an attachment whose shot is not imported is left out. */
const ORPHAN_REASONS: Record<Attachment['format'], string> = {
  thm: "a camera's thumbnail of a movie or RAW (.THM), with no movie or RAW beside it",
  aae: "an iPhone's edit instructions (.AAE), with no photo beside it",
};

/** The candidates as shots, and the attachments no shot took. */
export interface GroupedShots {
  candidates: ScanCandidate[];
  orphans: { path: string; reason: string }[];
}

/**
 * Groups single-file candidates (in scan order) into shots. A candidate that is nobody's
 * companion keeps its place; a shot's original takes the place of its first file. `nameOf`
 * gives the name a file is known by (see stemKey).
 */
export function groupShots(
  singles: ScanCandidate[],
  attachments: Attachment[],
  nameOf: (path: string) => string = (path) => path,
): GroupedShots {
  const keyOf = (path: string): string => stemKey(path, nameOf(path));
  const byStem = new Map<string, ScanCandidate[]>();
  for (const candidate of singles) {
    const key = keyOf(candidate.path);
    byStem.set(key, [...(byStem.get(key) ?? []), candidate]);
  }

  // A shot's companions leave the list; its original is replaced by the whole shot.
  const companions = new Set<ScanCandidate>();
  const shotOf = new Map<ScanCandidate, ScanCandidate>();
  for (const files of byStem.values()) {
    const shot = files.length > 1 ? shotIn(files) : null;
    if (!shot) continue;
    shotOf.set(shot.original, shot.shot);
    companions.add(shot.companion);
  }
  const shotsOfStem = (key: string): ScanCandidate[] =>
    (byStem.get(key) ?? [])
      .filter((file) => !companions.has(file))
      .map((file) => shotOf.get(file) ?? file);

  const orphans: GroupedShots['orphans'] = [];
  for (const attachment of attachments) {
    const owner = shotsOfStem(keyOf(attachment.path)).find((shot) =>
      ownsAttachment(shot, attachment.format),
    );
    if (owner) {
      owner.companions.push({ ...attachment, role: 'sidecar' });
    } else {
      orphans.push({ path: attachment.path, reason: ORPHAN_REASONS[attachment.format] });
    }
  }

  const candidates = singles
    .filter((candidate) => !companions.has(candidate))
    .map((candidate) => shotOf.get(candidate) ?? candidate);
  return { candidates, orphans };
}

/**
 * The shot among same-stem files, if any: a RAW takes a JPEG (or else a HEIC) as its pair; a
 * still without a RAW takes a movie as its motion file. Files it does not take stay shots of
 * their own.
 */
function shotIn(
  files: ScanCandidate[],
): { original: ScanCandidate; companion: ScanCandidate; shot: ScanCandidate } | null {
  const raw = files.find((file) => file.kind === 'raw');
  const still =
    files.find((file) => file.kind === 'image' && file.format === 'jpeg') ??
    files.find((file) => file.kind === 'image' && file.format === 'heic');
  const movie = files.find((file) => file.kind === 'video');
  if (raw && still)
    return { original: raw, companion: still, shot: withCompanion(raw, still, 'pair') };
  if (still && movie) {
    return { original: still, companion: movie, shot: withCompanion(still, movie, 'motion') };
  }
  return null;
}

function withCompanion(
  original: ScanCandidate,
  companion: ScanCandidate,
  role: 'pair' | 'motion',
): ScanCandidate {
  const sidecars = [...original.sidecars];
  const known = new Set(sidecars.map((sidecar) => sidecarKey(sidecar.source)));
  for (const sidecar of companion.sidecars) {
    if (!known.has(sidecarKey(sidecar.source))) sidecars.push(sidecar);
  }
  sidecars.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return {
    ...original,
    // A shot the user named by any of its files counts as named.
    explicit: original.explicit || companion.explicit,
    sidecars,
    companions: [
      ...original.companions,
      {
        role,
        path: companion.path,
        source: companion.source,
        bytes: companion.bytes,
        mtimeMs: companion.mtimeMs,
        format: companion.format,
      },
    ],
  };
}

/**
 * Whether an attachment belongs to a shot: a `.THM` to a movie or a RAW (Canon writes one for
 * each), an `.AAE` to a still.
 */
function ownsAttachment(shot: ScanCandidate, format: Attachment['format']): boolean {
  if (format === 'thm') return shot.kind === 'video' || shot.kind === 'raw';
  return shot.kind === 'image' || shot.kind === 'raw';
}

function sidecarKey(source: string | Buffer): string {
  return typeof source === 'string' ? source : `\0${source.toString('latin1')}`;
}

/**
 * Folder plus name without extension, case-folded: `IMG_0001.CR2` pairs with `img_0001.jpg`.
 * The name is `shownName`'s where the file's own is not the user's (an upload, staged under a
 * name of Shoebox's in one folder with the batch's other uploads).
 */
export function stemKey(path: string, shownName: string = path): string {
  const name = basename(shownName);
  return join(dirname(path), name.slice(0, name.length - extname(name).length).toLowerCase());
}
