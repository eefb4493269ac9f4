import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { contract, type MethodName } from '../../common/contract';
import { ShoeboxError, toErrorData } from '../../common/errors';
import type { ServeCore } from './serve-core';
import { sendError, sendJson } from './responses';

// Contract inputs are a few ids and names; a megabyte holds tens of thousands of photo ids and
// keeps one request from making the server buffer something big.
const MAX_JSON_BYTES = 1024 * 1024;

// Zod can report an issue per array element: the first few say what is wrong.
const MAX_REPORTED_ISSUES = 5;

/** What the API route needs from the server. */
export interface ApiContext {
  core: ServeCore;
  /** Called with unexpected errors (the client gets their message, never their stack). */
  onError: (error: unknown) => void;
  /**
   * Whether clients may name paths on this machine (import from a folder, export into one).
   * Only on loopback: a browser elsewhere on the network gives files (uploads) and takes zips
   * (downloads), and must not read or write this machine's folders, token or not.
   */
  localPaths: boolean;
}

/** Why a method's input names paths on the server's disk, or null when it does not. */
function namedServerPaths(method: MethodName, input: unknown): string | null {
  if (method === 'startImport' && (input as { source: { kind: string } }).source.kind === 'paths') {
    return 'Importing from paths';
  }
  if (method === 'startExport') {
    const kind = (input as { destination: { kind: string } }).destination.kind;
    if (kind !== 'download') return 'Exporting into a folder or file';
  }
  return null;
}

/** `POST /api/<method>`: JSON input → the contract's schema → the core → a WireResult. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  context: ApiContext,
): Promise<void> {
  // An own-property check: `constructor` or `__proto__` are not methods of ours.
  if (!Object.hasOwn(contract, method)) {
    sendError(res, { code: 'NOT_FOUND', message: `There is no method "${method}".` });
    return;
  }
  // Requiring JSON makes a cross-origin request non-simple, so a browser preflights it (and
  // we never answer preflights): a second wall against other pages, after the Origin check.
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    sendError(
      res,
      {
        code: 'INVALID_INPUT',
        message: 'The request body must be JSON (Content-Type: application/json).',
      },
      415,
    );
    return;
  }
  try {
    const input = parseInput(method as MethodName, await readJson(req));
    const namesPaths = context.localPaths ? null : namedServerPaths(method as MethodName, input);
    if (namesPaths) {
      throw new ShoeboxError(
        'FORBIDDEN',
        `${namesPaths} on the server is allowed only from this machine (the server listens beyond loopback); upload files and download zips instead.`,
      );
    }
    const handler = (
      context.core.handlers as Partial<Record<MethodName, (input: unknown) => Promise<unknown>>>
    )[method as MethodName];
    if (!handler) {
      throw new ShoeboxError(
        'UNSUPPORTED',
        `${method} needs the desktop app's dialogs; in a browser, drop or choose files instead.`,
      );
    }
    sendJson(res, 200, { ok: true, value: await handler(input) });
  } catch (error) {
    if (!(error instanceof ShoeboxError)) context.onError(error);
    sendError(res, toErrorData(error));
  }
}

function parseInput(method: MethodName, body: unknown): unknown {
  const schema: z.ZodType = contract[method].input;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  throw new ShoeboxError('INVALID_INPUT', `Invalid input for ${method}: ${issues.join('; ')}`);
}

/** Reads a size-capped JSON body; an empty body is `{}` (methods without input). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readCapped(req, MAX_JSON_BYTES)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ShoeboxError('INVALID_INPUT', 'The request body is not valid JSON.');
  }
}

/**
 * The whole body, refused with TOO_LARGE past `limit` bytes: from Content-Length before
 * reading anything, else as soon as the count passes it. What is left of a refused body is
 * read and dropped by Node after the answer, so the client sees the 413 instead of a reset.
 */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new ShoeboxError('TOO_LARGE', `The request body is larger than ${limit} bytes.`);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      reject(tooLarge());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = () => {
      stop();
      reject(new ShoeboxError('CANCELLED', 'The client went away before sending its request.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}
