import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './responses';
import { sendFile } from './send-file';

/**
 * Where finished export zips are, for `GET /exports/<exportId>.zip`: the seam the export
 * service plugs into (`startServer({ exports })`).
 */
export interface ExportDownloads {
  /** The zip of a finished export and the name to save it under; null if there is none. */
  resolveZip(exportId: string): Promise<{ path: string; fileName: string } | null>;
}

// Export ids are UUIDs: letters, digits and dashes, so nothing path-like reaches a provider.
const EXPORT_PATH = /^\/exports\/([A-Za-z0-9-]{1,64})\.zip$/;

/** `GET /exports/<exportId>.zip`: a finished export's zip, as a download. */
export async function handleExportDownload(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  exports: ExportDownloads | undefined,
): Promise<void> {
  const match = EXPORT_PATH.exec(rawPath);
  if (!match) {
    sendError(res, { code: 'INVALID_INPUT', message: 'Export URLs look like /exports/<id>.zip.' });
    return;
  }
  if (!exports) {
    sendError(res, {
      code: 'NOT_FOUND',
      message: 'Downloading exports is not available in this version yet.',
    });
    return;
  }
  const zip = await exports.resolveZip(match[1]!);
  const sent =
    zip !== null &&
    (await sendFile(req, res, zip.path, {
      contentType: 'application/zip',
      // A zip is fetched once, right after the export: nothing to gain from keeping it.
      cacheControl: 'no-store',
      headers: { 'Content-Disposition': attachment(zip.fileName) },
    }));
  if (!sent) {
    sendError(res, { code: 'NOT_FOUND', message: `There is no finished export ${match[1]}.` });
  }
}

/** A Content-Disposition for `fileName`: an ASCII fallback plus the exact name (RFC 6266). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * alone, which RFC 5987 values may not hold.
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
