import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { utimes } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import { errorMessage, ShoeboxError, toErrorData } from '../../common/errors';
import { sendError, sendJson } from './responses';
import type { ServeCore } from './serve-core';

// File names are shown to the user and kept as `originalName`; real ones are far shorter.
const MAX_NAME_LENGTH = 1000;

// File.lastModified: whole milliseconds since 1970, up to the end of year 9999 (the last
// a capture time can show).
const LastModifiedSchema = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .pipe(z.number().max(Date.UTC(9999, 11, 31, 23, 59, 59, 999)));

/** What the uploads route needs from the server. */
export interface UploadContext {
  core: ServeCore;
  /** The largest file accepted, in bytes. */
  maxUploadBytes: number;
  /** Called with unexpected errors (disk full, permissions). */
  onError: (error: unknown) => void;
}

/**
 * `POST /api/uploads`: streams the raw body to a staging file inside the library (never
 * whole into memory) and answers its upload id for `startImport`. Past the size limit the
 * partial file is dropped and the answer is 413; a client that goes away leaves nothing.
 * The file's time from X-File-Last-Modified becomes the staged file's mtime.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  context: UploadContext,
): Promise<void> {
  const { core, maxUploadBytes } = context;
  let name: string;
  try {
    name = fileNameOf(req.headers['x-file-name']);
  } catch (error) {
    sendError(res, toErrorData(error));
    return;
  }
  // A missing or unusable time is ignored rather than refused: the photo is still worth
  // having, dated like a file written now.
  const lastModified = LastModifiedSchema.safeParse(req.headers['x-file-last-modified']);
  const tooLarge = () =>
    sendError(res, {
      code: 'TOO_LARGE',
      message: `"${name}" is larger than the upload limit of ${formatMegabytes(maxUploadBytes)} per file.`,
    });
  // Refused before a byte is written when the client says up front how big the file is.
  if (Number(req.headers['content-length']) > maxUploadBytes) {
    tooLarge();
    return;
  }
  const staged = await core.stageUpload(name);
  let outcome: Awaited<ReturnType<typeof streamToFile>>;
  try {
    outcome = await streamToFile(req, staged.path, maxUploadBytes);
    // The import dates a photo without an EXIF date by its file's mtime, as it does for files on
    // disk; set once the file is written and closed, since any later write would reset it.
    if (outcome === 'done' && lastModified.success) {
      await utimes(staged.path, new Date(), new Date(lastModified.data));
    }
  } catch (error) {
    await core.discardUpload(staged.uploadId);
    context.onError(error);
    sendError(res, { code: 'IO_ERROR', message: `Could not store "${name}": ${describe(error)}` });
    return;
  }
  if (outcome === 'done') {
    sendJson(res, 200, { ok: true, value: { uploadId: staged.uploadId } });
    return;
  }
  await core.discardUpload(staged.uploadId);
  if (outcome === 'too-large') tooLarge();
}

function fileNameOf(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') {
    throw new ShoeboxError(
      'INVALID_INPUT',
      'An upload needs its file name in the X-File-Name header (URI-encoded).',
    );
  }
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw new ShoeboxError('INVALID_INPUT', 'The X-File-Name header is not valid URI encoding.');
  }
  // Control characters (NUL above all) have no place in a name shown to the user.
  if (name.length > MAX_NAME_LENGTH || [...name].some((char) => char.charCodeAt(0) < 0x20)) {
    throw new ShoeboxError('INVALID_INPUT', 'The uploaded file name is not acceptable.');
  }
  return name;
}

/**
 * Copies the request body to `filePath` with backpressure, counting bytes. Resolves 'done'
 * once the file is complete and closed, 'too-large' as soon as the count passes `limit`, or
 * 'aborted' if the client leaves; in both of those the file is closed, for the caller to drop.
 * The request itself is never destroyed: what the client still sends after a refusal is read
 * and dropped, so it receives the 413 rather than a connection reset.
 */
function streamToFile(
  req: IncomingMessage,
  filePath: string,
  limit: number,
): Promise<'done' | 'too-large' | 'aborted'> {
  // 'wx': a staging name is fresh; never write through an existing file (or a planted link).
  const file = createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
  let size = 0;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: 'done' | 'too-large' | 'aborted' | Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      file.off('drain', onDrain);
      if (outcome === 'done') {
        // Answered only once every byte is written and the file closed: the import may start
        // reading it as soon as the client has the id.
        file.end();
        finished(file)
          .then(() => closed(file))
          .then(() => resolve('done'), reject);
        return;
      }
      file.destroy();
      req.resume();
      void closed(file).then(() => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle('too-large');
      else if (!file.write(chunk)) req.pause();
    };
    const onDrain = () => req.resume();
    const onEnd = () => settle('done');
    const onClose = () => {
      if (!req.complete) settle('aborted');
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    file.on('drain', onDrain);
    // Stays attached after settling: a late error must not become an uncaught 'error' event.
    file.on('error', (error) => settle(error));
    // Gone while the upload was being staged: its 'close' has passed and will not come again.
    if (req.destroyed) settle('aborted');
  });
}

function closed(file: WriteStream): Promise<unknown> {
  return file.closed ? Promise.resolve() : once(file, 'close');
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function describe(error: unknown): string {
  return errorMessage(error);
}
