import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

/** How a file is to be answered. */
export interface FileAnswer {
  contentType: string;
  cacheControl: string;
  /** More headers (Content-Disposition for downloads). */
  headers?: Record<string, string>;
}

/**
 * Streams a file from disk (GET) or answers its headers (HEAD), with an ETag and a 304 for a
 * matching If-None-Match. Resolves false, having answered nothing, when the file cannot be
 * opened or is not a regular file, so the caller answers its own 404.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  answer: FileAnswer,
): Promise<boolean> {
  // Opened once and then read through the same handle: a file swapped between a stat and a
  // read cannot make the answer's length and body disagree.
  const handle = await open(filePath, 'r').catch(() => null);
  if (!handle) return false;
  let streaming = false;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return false;
    // Opaque to the client: no path or inode in it, only a digest of what identifies a version.
    const etag = `"${createHash('sha256')
      .update(`${filePath}\0${info.size}\0${info.mtimeMs}`)
      .digest('base64url')
      .slice(0, 27)}"`;
    const common = { ETag: etag, 'Cache-Control': answer.cacheControl };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, common);
      res.end();
      return true;
    }
    res.writeHead(200, {
      ...common,
      ...answer.headers,
      'Content-Type': answer.contentType,
      'Content-Length': info.size,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    streaming = true;
    // A client that leaves mid-file ends the pipeline with an error; nothing to answer then.
    await pipeline(handle.createReadStream(), res).catch(() => undefined);
    return true;
  } finally {
    // The read stream closes the handle itself once it has taken it over.
    if (!streaming) await handle.close();
  }
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
