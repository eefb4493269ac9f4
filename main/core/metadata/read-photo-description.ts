/**
 * Reads what other apps wrote about a photo: the XMP and IPTC embedded in the file and the XMP
 * sidecars found beside it (import/find-sidecars.ts), through exifr, into a description
 * (read-description.ts). Reading never throws: an unreadable file or sidecar says nothing.
 */
import { readFile, stat } from 'node:fs/promises';
import * as exifrModule from 'exifr';
import type { PhotoDescription } from '../../../common/contract';
import { readDescription, type MetadataNamespaces } from './read-description';

/** What the import keeps of what other apps said about a photo. */
export interface ForeignDescription {
  description: PhotoDescription;
  /**
   * The bytes of the sidecar that won (the newest one readable), which the library's own
   * sidecar is made from so the other apps' fields travel with the photo; null without one.
   */
  sidecar: Buffer | null;
}

// exifr's ESM build (what vitest and Vite resolve) has `sidecar` as a named export only; its
// UMD build (what Node and esbuild resolve) has it on the default export.
const exifr = exifrModule.default;
const parseSidecar = (exifrModule as { sidecar?: typeof exifr.sidecar }).sidecar ?? exifr.sidecar;

const EMBEDDED_OPTIONS = {
  // Only the description blocks: EXIF is read apart (metadata.ts), from the block it finds.
  tiff: false,
  exif: false,
  gps: false,
  interop: false,
  ifd1: false,
  xmp: true,
  iptc: true,
  mergeOutput: false,
  reviveValues: false,
  silentErrors: true,
};

// A sidecar holds a description and an editor's history: darktable's run to tens of KB. One
// past this is not a sidecar anyone wrote by hand or by app, and is not read into memory.
const MAX_SIDECAR_BYTES = 8 * 1024 * 1024;

/**
 * What the file at `photoPath` and its `sidecars` (newest first, as the scan lists them) say:
 * a sidecar wins over the embedded metadata, a newer sidecar over an older one. With a null
 * `photoPath`, the sidecars only (a copy of a photo already in the library, whose embedded
 * metadata the library read when it first came).
 */
export async function readForeignDescription(
  photoPath: string | null,
  sidecars: readonly (string | Buffer)[],
): Promise<ForeignDescription> {
  const [embedded, ...read] = await Promise.all([
    photoPath === null ? {} : readEmbedded(photoPath),
    ...sidecars.map(readSidecar),
  ]);
  const parsed = read.filter((entry) => entry !== null);
  return {
    description: readDescription([embedded, ...parsed.map((entry) => entry.tags).reverse()]),
    sidecar: parsed[0]?.bytes ?? null,
  };
}

async function readEmbedded(photoPath: string): Promise<MetadataNamespaces> {
  try {
    return ((await exifr.parse(photoPath, EMBEDDED_OPTIONS)) ?? {}) as MetadataNamespaces;
  } catch {
    return {};
  }
}

async function readSidecar(
  source: string | Buffer,
): Promise<{ bytes: Buffer; tags: MetadataNamespaces } | null> {
  try {
    if ((await stat(source)).size > MAX_SIDECAR_BYTES) return null;
    const bytes = await readFile(source);
    const tags = (await parseSidecar(bytes, { mergeOutput: false })) as
      MetadataNamespaces | undefined;
    return tags ? { bytes, tags } : null;
  } catch {
    return null;
  }
}
