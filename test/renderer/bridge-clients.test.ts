import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../../common/bridge';
import type { MethodName } from '../../common/contract';
import { ShoeboxError, toErrorData } from '../../common/errors';
import { createElectronClient } from '../../renderer/bridge/electron-client';
import { createHttpClient } from '../../renderer/bridge/http-client';
import { METHOD_NAMES } from '../../common/method-names';
import { FakeLibrary, samplePhotos } from './fake-library';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A preload bridge over a FakeLibrary, answering as the real one does (results as data). */
function fakeBridge(library: FakeLibrary): PreloadBridge {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input?: unknown) => {
        try {
          const call = library.api[method] as (input: unknown) => Promise<unknown>;
          return { ok: true, value: await call(input) };
        } catch (error) {
          return { ok: false, error: toErrorData(error) };
        }
      },
    ]),
  ) as Pick<PreloadBridge, MethodName>;
  return {
    ...methods,
    subscribe: (event, listener) => library.on(event, listener),
    getPathForFile: (file) =>
      (file as File).name === 'made-in-page.jpg' ? '' : `/disk/${(file as File).name}`,
  };
}

describe('the Electron client', () => {
  it('unwraps results, rethrows errors as ShoeboxError, and maps files to paths', async () => {
    const library = new FakeLibrary(samplePhotos(2));
    const client = createElectronClient(fakeBridge(library));
    expect((await client.getLibraryInfo()).photoCount).toBe(2);
    await expect(client.getPhoto({ photoId: 99 })).rejects.toMatchObject({
      name: 'ShoeboxError',
      code: 'NOT_FOUND',
    });
    expect(client.mediaUrl(7, 'thumb')).toBe('shoebox-media://photo/7/thumb');
    const staged = await client.stageFiles([
      new File(['x'], 'a.jpg'),
      new File(['x'], 'made-in-page.jpg'),
    ]);
    expect(staged.source).toEqual({ kind: 'paths', paths: ['/disk/a.jpg'] });
    expect(staged.rejected).toEqual([
      { name: 'made-in-page.jpg', error: 'This file has no path on disk' },
    ]);
    expect(client.capabilities).toEqual({
      nativeDialogs: true,
      zipDownload: false,
      filePaths: true,
    });
    expect(() => client.downloadExport('/exports/x.zip')).toThrow(ShoeboxError);
  });
});

/** A fetch that answers from a table of (method → response). */
function stubFetch(answer: (method: string, body: unknown) => Response | Promise<Response>) {
  const fetch = vi.fn(async (url: string, init: RequestInit) =>
    answer(url.replace('/api/', ''), JSON.parse(String(init.body))),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** An XMLHttpRequest stand-in that answers uploads after a tick, counting those in flight. */
function stubUploads(status: (name: string) => number) {
  const seen = {
    inFlight: 0,
    maxInFlight: 0,
    names: [] as string[],
    lastModified: new Map<string, string>(),
  };
  class FakeXhr {
    upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    private headers: Record<string, string> = {};
    open() {}
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    abort() {
      this.onabort?.();
    }
    send(file: File) {
      const name = decodeURIComponent(this.headers['X-File-Name']);
      seen.names.push(name);
      seen.lastModified.set(name, this.headers['X-File-Last-Modified']);
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      setTimeout(() => {
        this.upload.onprogress?.({ loaded: file.size });
        seen.inFlight -= 1;
        this.status = status(name);
        this.responseText =
          this.status === 200
            ? JSON.stringify({ ok: true, value: { uploadId: `u-${name}` } })
            : JSON.stringify({
                ok: false,
                error: { code: 'TOO_LARGE', message: 'Over the limit' },
              });
        this.onload?.();
      }, 1);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return seen;
}

describe('the HTTP client', () => {
  it('posts each method as JSON and unwraps the answer', async () => {
    const fetch = stubFetch(() =>
      Response.json({ ok: true, value: [{ day: '2024-06-30', count: 3 }] }),
    );
    const client = createHttpClient();
    expect(await client.getTimeline({ order: 'desc' })).toEqual([{ day: '2024-06-30', count: 3 }]);
    expect(fetch).toHaveBeenCalledWith(
      '/api/getTimeline',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(client.mediaUrl(4, 'large')).toBe('/media/4/large');
  });

  it('turns error answers, bare statuses and network failures into ShoeboxErrors', async () => {
    const client = createHttpClient();
    stubFetch(() =>
      Response.json({ ok: false, error: { code: 'CONFLICT', message: 'Taken' } }, { status: 409 }),
    );
    await expect(client.createAlbum({ name: 'x' })).rejects.toEqual(
      new ShoeboxError('CONFLICT', 'Taken'),
    );
    stubFetch(() => new Response('Unauthorized', { status: 401 }));
    await expect(client.listAlbums()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(client.listAlbums()).rejects.toMatchObject({ code: 'IO_ERROR' });
  });

  it('uploads files three at a time with their names, keeping going past a refused one', async () => {
    const seen = stubUploads((name) => (name === 'big.tif' ? 413 : 200));
    const client = createHttpClient();
    const names = ['a.jpg', 'b.jpg', 'big.tif', 'ü ñ.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];
    const progress: number[] = [];
    const staged = await client.stageFiles(
      names.map((name) => new File(['12345'], name)),
      { onProgress: (update) => progress.push(update.filesDone) },
    );
    expect(seen.maxInFlight).toBe(3);
    expect(seen.names).toEqual(names);
    expect(staged.source).toEqual({
      kind: 'uploads',
      uploadIds: expect.arrayContaining(['u-a.jpg', 'u-ü ñ.jpg', 'u-e.jpg']),
    });
    expect(staged.source?.kind === 'uploads' && staged.source.uploadIds).toHaveLength(6);
    expect(staged.rejected).toEqual([{ name: 'big.tif', error: 'Over the limit' }]);
    expect(progress.at(-1)).toBe(7);
  });

  it("sends each file's lastModified, so the server can date a photo without EXIF by it", async () => {
    const seen = stubUploads(() => 200);
    const client = createHttpClient();
    const times = { 'old.jpg': Date.UTC(2015, 5, 15, 12, 30, 45), 'new.jpg': 1_750_000_000_123 };
    await client.stageFiles(
      Object.entries(times).map(
        ([name, lastModified]) => new File(['12345'], name, { lastModified }),
      ),
    );
    expect(Object.fromEntries(seen.lastModified)).toEqual({
      'old.jpg': String(times['old.jpg']),
      'new.jpg': String(times['new.jpg']),
    });
  });

  it('downloads an export by clicking a download link to it, leaving no link behind', () => {
    const clicked: Array<{ href: string | null; download: string | null; attached: boolean }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({
        href: this.getAttribute('href'),
        download: this.getAttribute('download'),
        attached: this.isConnected,
      });
    });
    createHttpClient().downloadExport('/exports/export-1.zip');
    click.mockRestore();
    expect(clicked).toEqual([{ href: '/exports/export-1.zip', download: '', attached: true }]);
    expect(document.querySelector('a')).toBeNull();
  });

  it('delivers server-sent events to listeners by name', () => {
    const sources: Array<{
      url: string;
      listeners: Record<string, (event: MessageEvent) => void>;
    }> = [];
    vi.stubGlobal(
      'EventSource',
      class {
        listeners: Record<string, (event: MessageEvent) => void> = {};
        constructor(readonly url: string) {
          sources.push(this);
        }
        addEventListener(name: string, listener: (event: MessageEvent) => void) {
          this.listeners[name] = listener;
        }
      },
    );
    const client = createHttpClient();
    const seen: unknown[] = [];
    const unsubscribe = client.on('libraryChanged', (payload) => seen.push(payload));
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('/api/events');
    sources[0].listeners.libraryChanged(
      new MessageEvent('libraryChanged', { data: '{"reason":"external"}' }),
    );
    // A reconnection means events were missed: the UI is told to refetch.
    sources[0].listeners.error(new MessageEvent('error'));
    sources[0].listeners.open(new MessageEvent('open'));
    unsubscribe();
    sources[0].listeners.libraryChanged(
      new MessageEvent('libraryChanged', { data: '{"reason":"albums"}' }),
    );
    expect(seen).toEqual([{ reason: 'external' }, { reason: 'reconnected' }]);
  });
});
