/**
 * Serving files from a custom protocol, shared by `app://` and `shoebox-media://`: containment
 * is checked on real paths (`core/library/contained-file.ts`), and the file that was checked is
 * the file that is streamed.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { contentRange, parseRange, unsatisfiedRange } from '../core/library/byte-range';

/**
 * A response streaming `file` with `headers` plus its Content-Length; for HEAD, headers only.
 * With a `range` (the request's Range header) of one part of the file, that part as a 206 with
 * its Content-Range (`<video>` seeks by them), a 416 for a range outside the file; every
 * answer says `Accept-Ranges: bytes`. The file is opened before answering, so a file that
 * vanished after the check is a 404 rather than a stream that fails half way.
 */
export async function fileResponse(
  file: string,
  method: string,
  headers: Record<string, string>,
  range?: string,
): Promise<Response> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return textResponse(404, 'Not found', headers);
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    return textResponse(404, 'Not found', headers);
  }
  const ranged = { ...headers, 'Accept-Ranges': 'bytes' };
  const asked = parseRange(range, info.size);
  if (asked.kind === 'unsatisfiable') {
    await handle.close();
    return textResponse(416, 'Range not satisfiable', {
      ...ranged,
      'Content-Range': unsatisfiedRange(info.size),
    });
  }
  const part = asked.kind === 'part' ? asked : { start: 0, end: info.size - 1 };
  const status = asked.kind === 'part' ? 206 : 200;
  const allHeaders = {
    ...ranged,
    'Content-Length': String(part.end - part.start + 1),
    ...(asked.kind === 'part' && { 'Content-Range': contentRange(part, info.size) }),
  };
  // An empty file has no bytes to read (a read stream refuses an end before its start).
  if (method === 'HEAD' || info.size === 0) {
    await handle.close();
    return new Response(null, { status, headers: allHeaders });
  }
  // The stream closes the handle when it ends or is cancelled (autoClose).
  const stream = handle.createReadStream({ start: part.start, end: part.end });
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers: allHeaders });
}

/** A short plain-text response: errors never carry paths or stacks to the page. */
export function textResponse(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
