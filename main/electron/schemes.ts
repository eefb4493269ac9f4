/**
 * The two custom schemes of the desktop app. App pages come from `app://shoebox/…` rather than
 * `file://`, so they have a real origin (CSP `'self'`, same-origin checks) and can reach only the
 * renderer bundle; photos come from `shoebox-media://photo/<photoId>/<size>`, ids rather than paths.
 */
import { protocol } from 'electron';

/** The scheme of the app's own pages. */
export const APP_SCHEME = 'app';
/** The one host app pages live on: `app://shoebox/index.html`. */
export const APP_HOST = 'shoebox';
/** The origin of every trusted page. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the main window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The scheme photos' derivatives are served on (see `desktopMediaUrl` in common/bridge). */
export const MEDIA_SCHEME = 'shoebox-media';

/**
 * Registers both schemes as privileged; Electron allows this only before the app is ready.
 * `standard` gives them real origins and relative URLs, `secure` makes them a secure context
 * (no mixed-content downgrade), `supportFetchAPI` lets fetch() reach them and `stream` lets
 * responses be streamed. Only `app` is `corsEnabled`: Vite emits `<script type="module">`, which
 * Chromium fetches in CORS mode; `<img>` loads media in no-cors mode and needs no CORS.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
      },
    },
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

/** Whether `url` is one of the app's own pages (exactly `app://shoebox`, any path). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
