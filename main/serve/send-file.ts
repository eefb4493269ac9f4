import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentRange, parseRange, unsatisfiedRange } from '../core/library/byte-range';

/** How a file is to be answered. */
export interface FileAnswer {
  contentType: string;
  cacheControl: string;
  /** More headers (Content-Disposition for downloads). */
  headers?: Record<string, string>;
}

/**
 * Streams a file from disk (GET) or answers its headers (HEAD), with an ETag and a 304 for a
 * matching If-None-Match, and one byte range as a 206 (`<video>` seeks by them; a range
 * outside the file is a 416; an If-Range of another version gets the whole file). Resolves false, having answered nothing, when the file cannot be
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
    // Every answer says ranges are welcome, so a player knows it may seek.
    const ranged = { ...common, ...answer.headers, 'Accept-Ranges': 'bytes' };
    const range = rangeAsked(req, etag, info.size);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...ranged, 'Content-Range': unsatisfiedRange(info.size) });
      res.end();
      return true;
    }
    const part = range.kind === 'part' ? range : { start: 0, end: info.size - 1 };
    res.writeHead(range.kind === 'part' ? 206 : 200, {
      ...ranged,
      'Content-Type': answer.contentType,
      'Content-Length': part.end - part.start + 1,
      ...(range.kind === 'part' && { 'Content-Range': contentRange(part, info.size) }),
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    // An empty file has no bytes to read (a read stream refuses an end before its start).
    if (info.size === 0) {
      res.end();
      return true;
    }
    streaming = true;
    const stream = handle.createReadStream({ start: part.start, end: part.end });
    // A client that leaves mid-file ends the pipeline with an error; nothing to answer then.
    await pipeline(stream, res).catch(() => undefined);
    return true;
  } finally {
    // The read stream closes the handle itself once it has taken it over.
    if (!streaming) await handle.close();
  }
}

/**
 * The range a request asks for: none without a Range header, nor when its If-Range names
 * another version (RFC 9110 §13.1.5: the client's part would be of a file that changed).
 */
function rangeAsked(req: IncomingMessage, etag: string, size: number) {
  const ifRange = req.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.trim() !== etag) return { kind: 'whole' } as const;
  return parseRange(req.headers.range, size);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
