/**
 * Reads back a sidecar Shoebox wrote beside an original (xmp-sidecar.ts), so a library whose
 * database was lost gets its descriptions, time fixes, rotation and original file names back
 * from `verify --repair`. Only the fields and forms Shoebox writes are read here; sidecars other
 * apps wrote are read on import by the general XMP reader.
 */
import { readFile } from 'node:fs/promises';
import * as exifrModule from 'exifr';
import type { PhotoDescription } from '../../../common/contract';
import {
  COLOR_LABELS,
  normalizeKeywordPath,
  ROTATIONS,
  type ColorLabel,
  type Rotation,
} from '../../../common/description';
import { composedOrientation, sidecarPathOf } from './xmp-sidecar';

/** What a Shoebox sidecar says about its photo. */
export interface OwnSidecar {
  description: PhotoDescription;
  takenAt: string | null;
  rotation: Rotation;
  originalName: string | null;
}

type Namespaces = Record<string, Record<string, unknown> | undefined>;

// exifr's ESM build (what vitest and Vite resolve) has `sidecar` as a named export only; its
// UMD build (what Node and esbuild resolve) has it on the default export.
const readSidecar =
  (exifrModule as { sidecar?: typeof exifrModule.default.sidecar }).sidecar ??
  exifrModule.default.sidecar;

// exifr gives a one-item list as a plain value.
function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function text(value: unknown): string | null {
  const found =
    value && typeof value === 'object' && 'value' in value
      ? (value as { value: unknown }).value
      : value;
  return typeof found === 'string' && found.trim() !== '' ? found : null;
}

/**
 * The sidecar beside `originalPath`, read as Shoebox wrote it, or null when there is none or it
 * cannot be read (a repair then records the photo without it). `fileOrientation` is the
 * original's own EXIF orientation, which the sidecar's composed one is taken back from.
 */
export async function readOwnSidecar(
  originalPath: string,
  fileOrientation: number,
): Promise<OwnSidecar | null> {
  let tags: Namespaces;
  try {
    const xml = await readFile(sidecarPathOf(originalPath));
    tags = ((await readSidecar(xml, { mergeOutput: false })) ?? {}) as Namespaces;
  } catch {
    return null;
  }
  const rating = Number(tags.xmp?.Rating);
  const pick = Number(tags.digiKam?.PickLabel);
  const label = String(tags.xmp?.Label ?? '').toLowerCase();
  const keywords = [
    ...new Set(
      listOf(tags.digiKam?.TagsList)
        .map(normalizeKeywordPath)
        .filter((path): path is string => path !== null),
    ),
  ];
  const orientation = Number(tags.tiff?.Orientation);
  const rotation =
    ROTATIONS.find((turn) => composedOrientation(fileOrientation, turn) === orientation) ?? 0;
  const takenAt = tags.exif?.DateTimeOriginal;
  return {
    description: {
      rating: Number.isInteger(rating) && rating >= 0 && rating <= 5 ? rating : 0,
      flag: pick === 3 ? 'pick' : pick === 1 ? 'reject' : null,
      label: (COLOR_LABELS as readonly string[]).includes(label) ? (label as ColorLabel) : null,
      title: text(tags.dc?.title),
      caption: text(tags.dc?.description),
      keywords,
    },
    takenAt: typeof takenAt === 'string' ? takenAt : null,
    rotation,
    originalName: text(tags.xmpMM?.PreservedFileName),
  };
}
