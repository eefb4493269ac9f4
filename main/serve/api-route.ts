import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ShoeboxHandlers } from '../../common/contract';
import { ShoeboxError, toErrorData } from '../../common/errors';
import { dispatchCall, isMethodName } from '../contract-dispatcher';
import type { ServeCore } from './serve-core';
import { sendError, sendJson } from './responses';

// Contract inputs are a few ids and names; a megabyte holds tens of thousands of photo ids and
// keeps one request from making the server buffer something big.
const MAX_JSON_BYTES = 1024 * 1024;

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

/**
 * The contract as a browser gets it: the core's handlers, with imports from and exports into this
 * machine's folders and its camera cards refused when the client may not name paths, and the
 * desktop's dialogs UNSUPPORTED. The checks run after the input was validated, on the parsed input.
 */
function serveHandlers(context: ApiContext): ShoeboxHandlers {
  const { handlers } = context.core;
  const refusePaths = (what: string) => {
    throw new ShoeboxError(
      'FORBIDDEN',
      `${what} on the server is allowed only from this machine (the server listens beyond loopback); upload files and download zips instead.`,
    );
  };
  const noDialogs = (method: string) => async (): Promise<never> => {
    throw new ShoeboxError(
      'UNSUPPORTED',
      `${method} needs the desktop app's dialogs; in a browser, drop or choose files instead.`,
    );
  };
  return {
    ...handlers,
    startImport: async (input) => {
      if (!context.localPaths && input.source.kind === 'paths') refusePaths('Importing from paths');
      return handlers.startImport(input);
    },
    startExport: async (input) => {
      if (!context.localPaths && input.destination.kind !== 'download') {
        refusePaths('Exporting into a folder or file');
      }
      return handlers.startExport(input);
    },
    // Cards are this machine's volumes: a browser elsewhere can neither import from their paths
    // nor should it learn them or eject them.
    listCards: async (input) => (context.localPaths ? handlers.listCards(input) : []),
    ejectCard: async (input) => {
      if (!context.localPaths) refusePaths('Ejecting a card');
      return handlers.ejectCard(input);
    },
    // Added folders are this machine's folders: a browser elsewhere may not name one to read.
    addFolder: async (input) => {
      if (!context.localPaths) refusePaths('Adding a folder');
      return handlers.addFolder(input);
    },
    locateFolder: async (input) => {
      if (!context.localPaths) refusePaths('Locating a folder');
      return handlers.locateFolder(input);
    },
    locateFile: async (input) => {
      if (!context.localPaths) refusePaths('Locating a file');
      return handlers.locateFile(input);
    },
    deleteFromDisk: async (input) => {
      if (!context.localPaths) refusePaths("Deleting files from this machine's disk");
      return handlers.deleteFromDisk(input);
    },
    pickImportPaths: noDialogs('pickImportPaths'),
    pickExportFolder: noDialogs('pickExportFolder'),
  };
}

/** The route of `POST /api/<method>`: JSON input → the contract dispatcher → a WireResult. */
export function createApiRoute(
  context: ApiContext,
): (req: IncomingMessage, res: ServerResponse, method: string) => Promise<void> {
  const handlers = serveHandlers(context);
  return (req, res, method) => handleApiCall(req, res, method, handlers, context);
}

async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  handlers: ShoeboxHandlers,
  context: ApiContext,
): Promise<void> {
  if (!isMethodName(method)) {
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
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (error) {
    sendError(res, toErrorData(error));
    return;
  }
  const result = await dispatchCall(handlers, method, body, (_name, error) =>
    context.onError(error),
  );
  if (result.ok) sendJson(res, 200, result);
  else sendError(res, result.error);
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
