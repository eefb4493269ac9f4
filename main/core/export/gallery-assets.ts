/**
 * The static files every exported gallery carries in `assets/`: PhotoSwipe (the lightbox) and
 * the gallery's own script and style sheet from `resources/gallery/`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShoeboxError } from '../../../common/errors';

/** One asset: its name inside `assets/` and its content. */
export interface GalleryAsset {
  name: string;
  data: Buffer;
}

/**
 * File names inside `assets/`, in the order the page loads them. PhotoSwipe's UMD builds are
 * classic scripts: Chromium does not load ES modules from `file://` pages, and the gallery
 * must work when opened straight from disk.
 */
export const ASSET_NAMES = {
  photoswipe: 'photoswipe.umd.min.js',
  lightbox: 'photoswipe-lightbox.umd.min.js',
  photoswipeCss: 'photoswipe.css',
  photoswipeLicense: 'photoswipe-license.txt',
  script: 'gallery.js',
  style: 'gallery.css',
} as const;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `resources/gallery/`, found by walking up from this module: it sits three levels up from
 * the sources (main/core/export/) and one level up from the bundled CLI and app (dist/).
 */
function galleryResources(): string {
  for (let dir = here; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources', 'gallery');
    if (existsSync(path.join(candidate, ASSET_NAMES.script))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new ShoeboxError('INTERNAL', 'The gallery template (resources/gallery) is missing.');
    }
  }
}

/** `node_modules/photoswipe/dist`, through Node's resolution (its exports map hides the rest). */
function photoswipeDist(): string {
  return path.dirname(createRequire(import.meta.url).resolve('photoswipe'));
}

/** Reads every asset of the gallery (about 100 KB in all). */
export async function loadGalleryAssets(): Promise<GalleryAsset[]> {
  const dist = photoswipeDist();
  const resources = galleryResources();
  const sources: [string, string][] = [
    [ASSET_NAMES.photoswipe, path.join(dist, 'umd', 'photoswipe.umd.min.js')],
    [ASSET_NAMES.lightbox, path.join(dist, 'umd', 'photoswipe-lightbox.umd.min.js')],
    [ASSET_NAMES.photoswipeCss, path.join(dist, 'photoswipe.css')],
    // PhotoSwipe is MIT-licensed: its notice travels with every copy we publish.
    [ASSET_NAMES.photoswipeLicense, path.join(dist, '..', 'LICENSE')],
    [ASSET_NAMES.script, path.join(resources, 'gallery.js')],
    [ASSET_NAMES.style, path.join(resources, 'gallery.css')],
  ];
  return Promise.all(
    sources.map(async ([name, source]) => ({ name, data: await readFile(source) })),
  );
}
