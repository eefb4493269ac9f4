/**
 * What the preload exposes as `window.shoebox`, and what `shoebox serve` speaks over HTTP.
 * Both carry results as data ({ok, value | error}) because a thrown error loses its code when it
 * crosses contextBridge or the network; the renderer's clients turn them back into ShoeboxError.
 */
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract';
import type { WireResult } from './errors';

/** The preload's bridge: one function per contract method, event subscriptions, file paths. */
export type PreloadBridge = {
  [M in MethodName]: (input?: MethodInput<M>) => Promise<WireResult<MethodOutput<M>>>;
} & {
  /** Calls `listener` for every `event`; returns the function that unsubscribes it. */
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  /** The path on disk of a dropped or chosen DOM File (Electron's webUtils.getPathForFile). */
  getPathForFile(file: object): string;
};

/** The name the preload exposes its bridge under (`window.shoebox`). */
export const BRIDGE_GLOBAL = 'shoebox';

/**
 * The HTTP protocol of `shoebox serve`, relative to its origin:
 * - `POST /api/<method>`, JSON body = the method's input → JSON WireResult (4xx on errors).
 * - `GET /api/events` → Server-Sent Events; each `event:` is an EventName, `data:` its payload.
 * - `POST /api/uploads`, raw file body, header `X-File-Name` (URI-encoded) and optionally
 *   `X-File-Last-Modified` (the file's time in milliseconds since 1970, as File.lastModified
 *   gives it) → WireResult of `{ uploadId }`, to pass to
 *   `startImport({ importId, source: { kind: 'uploads', uploadIds } })`.
 * - `GET /media/<photoId>/<size>` → the derivative (image/webp).
 * - `GET /exports/<exportId>.zip` → a finished export's zip.
 * Every request carries the token: as the `shoebox_token` cookie set by `GET /?token=…`, or an
 * `Authorization: Bearer <token>` header.
 */
export const HTTP_ROUTES = {
  api: '/api/',
  events: '/api/events',
  uploads: '/api/uploads',
  media: '/media/',
  exports: '/exports/',
} as const;

/** The cookie `shoebox serve` sets from the token in its URL. */
export const TOKEN_COOKIE = 'shoebox_token';

/**
 * The largest version a media URL carries (`?r=<version>`, a photo's `mediaVersion`): the
 * desktop media protocol takes up to nine digits.
 */
export const MAX_MEDIA_VERSION = 999_999_999;

/**
 * The URL of a photo's derivative in the desktop app (served by `protocol.handle`). The host is
 * a fixed name because Chromium rewrites a numeric host of a standard scheme as an IPv4 address.
 */
export function desktopMediaUrl(photoId: number, size: string): string {
  return `shoebox-media://photo/${photoId}/${size}`;
}
