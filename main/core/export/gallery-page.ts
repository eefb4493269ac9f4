/**
 * The two documents of an exported gallery: `index.html` (the page people see, videos as their
 * posters with a play button and their length) and
 * `album.json` (the same content for scripts). Pure functions of the gallery's description.
 *
 * Every piece of user text (album title, file names) goes through `escapeHtml`, in text and
 * in attribute values alike; the rest of the markup is built from numbers and from file names
 * this module's caller derived from photo hashes.
 */
import type { Gps } from '../../../common/contract';
import { DERIVATIVE_SIZE_NAMES, type DerivativeSize } from '../../../common/derivative-sizes';
import { ASSET_NAMES } from './gallery-assets';
import { formatDuration } from './gallery-videos';

/** One image file of the gallery (a path relative to the gallery folder, `/`-separated). */
export interface GalleryImage {
  file: string;
  width: number;
  height: number;
  bytes: number;
}

/** One photo or video as the gallery shows it. */
export interface GalleryPhoto {
  kind: 'photo' | 'video';
  /** A video's length; null for a photo. */
  durationSeconds: number | null;
  /**
   * The file a video plays from (`videos/…`); null for a photo, and for a video whose playable
   * file could not be made (its poster is shown as a still).
   */
  videoFile: string | null;
  /** Stable, safe id (from the photo's content hash): names its files. */
  key: string;
  /** The capture time as the library stores it (camera wall-clock time, ISO 8601). */
  takenAt: string;
  /** The original file name, or null when captions leave it out. */
  fileName: string | null;
  /** The photographer's title and caption, where given. */
  title: string | null;
  caption: string | null;
  /** Keywords (full paths) and stars: in album.json, for scripts. */
  keywords: string[];
  rating: number;
  /** Only with keepGps. */
  gps: Gps | null;
  images: Record<DerivativeSize, GalleryImage>;
}

/** What a gallery is made of. */
export interface Gallery {
  title: string;
  /** BCP 47 locale of the dates and of the page's `lang`. */
  locale: string;
  photos: GalleryPhoto[];
}

/**
 * The page's Content-Security-Policy: nothing but the folder's own images, videos, scripts and
 * style sheets, no inline script or style (so even markup that slipped past escaping could not run),
 * no plugins, no forms, no `<base>`. Opened from `file://`, Chromium lets 'self' load the
 * folder's own files, so the same policy serves a disk and a web host without loosening
 * (test/e2e/export-gallery.test.ts checks both that everything loads and that the policy holds).
 */
export const GALLERY_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "media-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// The row heights of gallery.css (--row at wide and at narrow widths): `sizes` tells the
// browser how wide each thumbnail is drawn so it can pick a file before the CSS is applied.
const ROW_HEIGHT = { wide: 260, narrow: 150, narrowBelow: 640 } as const;
// Rows are stretched to fill the width: a photo is drawn up to about this much wider.
const ROW_STRETCH = 1.2;

/** Escapes text for HTML text and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The `srcset` of some images: one candidate per distinct width, smallest first. */
function srcset(images: GalleryImage[]): string {
  const byWidth = new Map<number, GalleryImage>();
  for (const image of images) if (!byWidth.has(image.width)) byWidth.set(image.width, image);
  return [...byWidth.values()]
    .sort((a, b) => a.width - b.width)
    .map((image) => `${image.file} ${image.width}w`)
    .join(', ');
}

function sizesOf(image: GalleryImage): string {
  const ratio = image.width / Math.max(1, image.height);
  const drawn = (row: number): number => Math.ceil(row * ratio * ROW_STRETCH);
  return (
    `(max-width: ${ROW_HEIGHT.narrowBelow}px) min(100vw, ${drawn(ROW_HEIGHT.narrow)}px), ` +
    `min(100vw, ${drawn(ROW_HEIGHT.wide)}px)`
  );
}

/** A capture time's calendar day as a UTC midnight (the camera's own day, never shifted). */
function captureDay(takenAt: string): Date {
  return new Date(`${takenAt.slice(0, 10)}T00:00:00Z`);
}

function dateFormat(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "12 photos, 2 videos · 3 – 9 June 2024": what the header says under the title. */
function summary(gallery: Gallery): string {
  const videos = gallery.photos.filter((photo) => photo.kind === 'video').length;
  const photos = gallery.photos.length - videos;
  const count =
    videos === 0
      ? counted(photos, 'photo')
      : photos === 0
        ? counted(videos, 'video')
        : `${counted(photos, 'photo')}, ${counted(videos, 'video')}`;
  const days = gallery.photos
    .map((photo) => captureDay(photo.takenAt))
    .filter((day) => !Number.isNaN(day.getTime()))
    .sort((a, b) => a.getTime() - b.getTime());
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return count;
  const format = dateFormat(gallery.locale);
  const range =
    first.getTime() === last.getTime() ? format.format(first) : format.formatRange(first, last);
  return `${count} · ${range}`;
}

function caption(photo: GalleryPhoto, locale: string): { html: string; text: string } {
  const day = captureDay(photo.takenAt);
  const date = Number.isNaN(day.getTime()) ? '' : dateFormat(locale).format(day);
  const parts: string[] = [];
  if (photo.title) parts.push(`<strong class="title">${escapeHtml(photo.title)}</strong>`);
  if (photo.caption) parts.push(`<span class="caption">${escapeHtml(photo.caption)}</span>`);
  if (date) parts.push(`<time datetime="${escapeHtml(photo.takenAt)}">${escapeHtml(date)}</time>`);
  if (photo.fileName) parts.push(`<span class="file-name">${escapeHtml(photo.fileName)}</span>`);
  if (photo.gps) {
    const { lat, lon } = photo.gps;
    const where = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    // A link, not an embedded map: nothing is fetched from outside unless the visitor clicks.
    const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=15/${lat}/${lon}`;
    parts.push(
      `<a class="map" href="${escapeHtml(map)}" target="_blank" rel="noopener noreferrer external">${escapeHtml(where)}</a>`,
    );
  }
  const said = [photo.title, photo.caption, photo.fileName, date].filter(Boolean).join(', ');
  const text =
    photo.kind === 'video'
      ? `Video, ${formatDuration(photo.durationSeconds ?? 0)}${said ? `: ${said}` : ''}`
      : said || 'Photo';
  return { html: parts.join(' '), text };
}

/** A video's thumbnail: its poster, the play button (gallery.js shows it) and its length. */
function videoFigure(photo: GalleryPhoto, videoFile: string, locale: string): string {
  const { thumb, large } = photo.images;
  const { html, text } = caption(photo, locale);
  const duration = formatDuration(photo.durationSeconds ?? 0);
  // Without script the link plays the file in the browser itself, and the button (which only
  // opens the lightbox) stays hidden; the length shows either way.
  return `<figure class="photo video">
<a href="${escapeHtml(videoFile)}" data-pswp-type="video" data-pswp-width="${large.width}" data-pswp-height="${large.height}" data-pswp-poster="${escapeHtml(large.file)}" data-cropped="true">
<img src="${escapeHtml(thumb.file)}" srcset="${escapeHtml(srcset([thumb, photo.images.medium, large]))}" sizes="${sizesOf(thumb)}" width="${thumb.width}" height="${thumb.height}" alt="${escapeHtml(text)}" loading="lazy" decoding="async">
<span class="duration" aria-hidden="true">${duration}</span>
</a>
<button type="button" class="play" aria-label="${escapeHtml(`Play ${text}`)}" hidden><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5.5v13l10.5-6.5z"/></svg></button>
<figcaption>${html}</figcaption>
</figure>`;
}

function figure(photo: GalleryPhoto, locale: string): string {
  if (photo.videoFile) return videoFigure(photo, photo.videoFile, locale);
  const { thumb, medium, large } = photo.images;
  const { html, text } = caption(photo, locale);
  return `<figure class="photo">
<a href="${escapeHtml(large.file)}" data-pswp-width="${large.width}" data-pswp-height="${large.height}" data-pswp-srcset="${escapeHtml(srcset([medium, large]))}" data-cropped="true">
<img src="${escapeHtml(thumb.file)}" srcset="${escapeHtml(srcset([thumb, medium, large]))}" sizes="${sizesOf(thumb)}" width="${thumb.width}" height="${thumb.height}" alt="${escapeHtml(text)}" loading="lazy" decoding="async">
</a>
<figcaption>${html}</figcaption>
</figure>`;
}

/** The gallery's `index.html`. */
export function renderGalleryPage(gallery: Gallery): string {
  const title = escapeHtml(gallery.title);
  const cover = gallery.photos[0]?.images.thumb.file;
  const body =
    gallery.photos.length > 0
      ? `<main id="gallery" class="gallery">\n${gallery.photos.map((photo) => figure(photo, gallery.locale)).join('\n')}\n</main>`
      : '<main class="empty"><p>This album has no photos yet.</p></main>';
  return `<!doctype html>
<html lang="${escapeHtml(gallery.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${GALLERY_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Shoebox">
<title>${title}</title>
${
  // The cover as the tab icon; also keeps browsers from asking the host root for /favicon.ico.
  cover ? `<link rel="icon" href="${escapeHtml(cover)}">\n` : ''
}<link rel="stylesheet" href="assets/${ASSET_NAMES.photoswipeCss}">
<link rel="stylesheet" href="assets/${ASSET_NAMES.style}">
<script src="assets/${ASSET_NAMES.photoswipe}" defer></script>
<script src="assets/${ASSET_NAMES.lightbox}" defer></script>
<script src="assets/${ASSET_NAMES.script}" defer></script>
</head>
<body>
<header class="masthead">
<h1>${title}</h1>
<p class="summary">${escapeHtml(summary(gallery))}</p>
</header>
${body}
</body>
</html>
`;
}

/**
 * The gallery's `album.json`: title, time of export and every photo with its files (a video's
 * `video.file` is null when its playable file could not be made).
 */
export function renderAlbumManifest(gallery: Gallery, generated: string): string {
  const manifest = {
    generator: 'Shoebox',
    version: 1,
    title: gallery.title,
    generated,
    photos: gallery.photos.map((photo) => ({
      id: photo.key,
      kind: photo.kind,
      takenAt: photo.takenAt,
      caption: caption(photo, gallery.locale).text,
      ...(photo.title !== null && { title: photo.title }),
      ...(photo.caption !== null && { description: photo.caption }),
      keywords: photo.keywords,
      rating: photo.rating,
      ...(photo.fileName !== null && { fileName: photo.fileName }),
      ...(photo.gps && { gps: photo.gps }),
      images: Object.fromEntries(DERIVATIVE_SIZE_NAMES.map((size) => [size, photo.images[size]])),
      ...(photo.kind === 'video' && {
        video: { file: photo.videoFile, durationSeconds: photo.durationSeconds },
      }),
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
