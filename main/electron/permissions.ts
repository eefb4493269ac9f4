/** Web permissions (camera, notifications, geolocation…): denied unless Shoebox needs one. */
import type { Session } from 'electron';
import { APP_ORIGIN, isAppUrl } from './schemes';

// The only permissions the UI uses: the viewer's fullscreen, and copying text (a photo's path
// or details) to the clipboard. Everything else is denied: a photo library needs no camera,
// microphone, location, notifications, devices or clipboard reads.
const ALLOWED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** Whether `permission` may be granted to a page at `url` (only the app's own pages ask). */
export function isPermissionAllowed(permission: string, url: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(url);
}

/**
 * Installs the permission handlers on `session`. Electron grants every permission when no
 * handler is set, so both the request and the check handler are needed to deny by default.
 */
export function setupPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    // Check handlers get an origin, without a trailing slash: compare it whole.
    requestingOrigin === APP_ORIGIN ? ALLOWED_PERMISSIONS.has(permission) : false,
  );
}
