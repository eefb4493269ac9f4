import type { ShoeboxApi } from '../../common/contract';
import { desktopMediaUrl, type PreloadBridge } from '../../common/bridge';
import { fromErrorData, ShoeboxError, type WireResult } from '../../common/errors';
import { METHOD_NAMES } from '../../common/method-names';
import { mediaVersionQuery, type ShoeboxClient } from './shoebox-client';

/** Unwraps a bridge result into its value, or throws it back as a ShoeboxError. */
function unwrap<T>(result: WireResult<T>): T {
  if (result.ok) return result.value;
  throw fromErrorData(result.error);
}

/** The client of the desktop app: `window.shoebox` from the preload, results unwrapped. */
export function createElectronClient(bridge: PreloadBridge): ShoeboxClient {
  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input?: unknown) =>
        unwrap(await (bridge[method] as (input?: unknown) => Promise<WireResult<unknown>>)(input)),
    ]),
  ) as ShoeboxApi;
  return {
    ...api,
    on: (event, listener) => bridge.subscribe(event, listener),
    mediaUrl: (photoId, size, version) =>
      `${desktopMediaUrl(photoId, size)}${mediaVersionQuery(version)}`,
    async stageFiles(files) {
      const withPaths = files.map((file) => ({ file, path: bridge.getPathForFile(file) }));
      const paths = withPaths.filter(({ path }) => path !== '').map(({ path }) => path);
      // Files made in the page (not from disk) have no path; the core could not read them.
      const rejected = withPaths
        .filter(({ path }) => path === '')
        .map(({ file }) => ({ name: file.name, error: 'This file has no path on disk' }));
      return { source: paths.length > 0 ? { kind: 'paths', paths } : null, rejected };
    },
    downloadExport() {
      // The desktop app exports into a folder the user picks (`zipDownload: false`).
      throw new ShoeboxError(
        'UNSUPPORTED',
        'The desktop app exports into a folder, not a download.',
      );
    },
    capabilities: { nativeDialogs: true, zipDownload: false, filePaths: true },
  };
}
