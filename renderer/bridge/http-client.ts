import type { EventName, EventPayload, ShoeboxApi } from '../../common/contract';
import { HTTP_ROUTES } from '../../common/bridge';
import { fromErrorData, ShoeboxError, type ErrorData, type WireResult } from '../../common/errors';
import { METHOD_NAMES } from '../../common/method-names';
import { setConnected } from './connection-status';
import {
  mediaVersionQuery,
  type RejectedFile,
  type ShoeboxClient,
  type StageOptions,
} from './shoebox-client';

// Enough parallel uploads to hide per-request latency and keep the import pipeline fed, few
// enough that each file still streams at a useful speed on a laptop's loopback.
const PARALLEL_UPLOADS = 3;

/** What an HTTP status means when the body is not a WireResult (a proxy page, a bare 401). */
function errorForStatus(status: number): ErrorData {
  if (status === 401 || status === 403) {
    return {
      code: 'FORBIDDEN',
      message: 'This page is not signed in: open the link that `shoebox serve` printed.',
    };
  }
  if (status === 413) return { code: 'TOO_LARGE', message: 'The file is larger than allowed.' };
  if (status === 404) return { code: 'NOT_FOUND', message: 'Not found.' };
  return { code: 'INTERNAL', message: `Unexpected answer from Shoebox (HTTP ${status}).` };
}

/** Reads a response body as a WireResult, whatever the server sent. */
function parseWire<T>(status: number, body: string): WireResult<T> {
  try {
    const parsed = JSON.parse(body) as Partial<WireResult<T>>;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.ok === 'boolean') {
      return parsed as WireResult<T>;
    }
  } catch {
    // Not JSON: fall through to what the status says.
  }
  return { ok: false, error: errorForStatus(status) };
}

const unreachable = () =>
  new ShoeboxError('IO_ERROR', 'Cannot reach Shoebox. Is `shoebox serve` still running?');

/** Calls one contract method over HTTP. */
async function call(method: string, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${HTTP_ROUTES.api}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw unreachable();
  }
  const result = parseWire<unknown>(response.status, await response.text());
  if (result.ok) return result.value;
  throw fromErrorData(result.error);
}

/** Uploads one file; resolves to its upload id, or rejects with a ShoeboxError. */
function uploadFile(
  file: File,
  onBytes: (loaded: number) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', HTTP_ROUTES.uploads);
    request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    // The server gives the staged copy this time, which dates a photo without EXIF as the CLI
    // would date the file itself, rather than as taken at the moment of upload.
    request.setRequestHeader('X-File-Last-Modified', String(file.lastModified));
    request.upload.onprogress = (event) => onBytes(event.loaded);
    request.onload = () => {
      const result = parseWire<{ uploadId: string }>(request.status, request.responseText);
      if (result.ok) {
        onBytes(file.size);
        resolve(result.value.uploadId);
      } else reject(fromErrorData(result.error));
    };
    request.onerror = () => reject(unreachable());
    request.onabort = () => reject(new ShoeboxError('CANCELLED', 'Upload cancelled'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}

/** Uploads files a few at a time, reporting progress; per-file failures do not stop the rest. */
async function stageFiles(files: File[], options: StageOptions = {}) {
  const { onProgress, signal } = options;
  const loadedBytes = new Array<number>(files.length).fill(0);
  const uploadIds: string[] = [];
  const rejected: RejectedFile[] = [];
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  let filesDone = 0;
  const report = () =>
    onProgress?.({
      files: files.length,
      filesDone,
      bytes: totalBytes,
      bytesDone: loadedBytes.reduce((sum, bytes) => sum + bytes, 0),
    });
  report();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index];
      try {
        const uploadId = await uploadFile(
          file,
          (loaded) => {
            loadedBytes[index] = loaded;
            report();
          },
          signal,
        );
        uploadIds.push(uploadId);
      } catch (error) {
        if (signal?.aborted) throw error;
        rejected.push({ name: file.name, error: (error as Error).message });
      }
      filesDone += 1;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, files.length) }, worker));
  return {
    source: uploadIds.length > 0 ? ({ kind: 'uploads', uploadIds } as const) : null,
    rejected,
  };
}

/**
 * Downloads a finished export's zip by clicking a `download` link to it: the browser saves the
 * file rather than navigating away from the app.
 */
function downloadExport(location: string): void {
  const link = document.createElement('a');
  link.href = location;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Server-Sent Events from `shoebox serve`, one connection shared by every listener. */
function createEventHub() {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let source: EventSource | null = null;
  let lostConnection = false;

  const dispatch = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
  };
  const connect = () => {
    source = new EventSource(HTTP_ROUTES.events);
    // EventSource retries by itself after an error; the banner stays until it is back.
    source.addEventListener('error', () => {
      lostConnection = true;
      setConnected(false);
    });
    source.addEventListener('open', () => {
      // Events sent while disconnected are lost: tell the UI to refetch what it shows.
      if (lostConnection) dispatch('libraryChanged', { reason: 'reconnected' });
      lostConnection = false;
      setConnected(true);
    });
  };

  return function on<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void {
    if (source === null) connect();
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
      source?.addEventListener(event, (message) => {
        dispatch(event, JSON.parse((message as MessageEvent<string>).data));
      });
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  };
}

/** The client of the browser UI: the contract over `shoebox serve`'s HTTP protocol. */
export function createHttpClient(): ShoeboxClient {
  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (input?: unknown) => call(method, input)]),
  ) as ShoeboxApi;
  return {
    ...api,
    on: createEventHub(),
    mediaUrl: (photoId, size, version) =>
      `${HTTP_ROUTES.media}${photoId}/${size}${mediaVersionQuery(version)}`,
    stageFiles,
    downloadExport,
    capabilities: { nativeDialogs: false, zipDownload: true, filePaths: false },
  };
}
