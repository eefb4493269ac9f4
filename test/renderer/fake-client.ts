/** The renderer tests' client: the contract over a FakeLibrary, with configurable capabilities. */
import {
  mediaVersionQuery,
  type ClientCapabilities,
  type ShoeboxClient,
} from '../../renderer/bridge/shoebox-client';
import { FakeLibrary, type PhotoSeed } from './fake-library';

/** A fake client and the library behind it, for assertions on calls and data. */
export interface FakeClient extends ShoeboxClient {
  library: FakeLibrary;
  /** The locations `downloadExport` was asked to download, in order. */
  downloads: string[];
}

/** A client over an in-memory library (desktop-like unless capabilities say otherwise). */
export function createFakeClient(
  seeds: PhotoSeed[] | FakeLibrary = [],
  capabilities: Partial<ClientCapabilities> = {},
): FakeClient {
  const library = seeds instanceof FakeLibrary ? seeds : new FakeLibrary(seeds);
  const filePaths = capabilities.filePaths ?? true;
  const downloads: string[] = [];
  return {
    ...library.api,
    library,
    downloads,
    on: (event, listener) => library.on(event, listener),
    mediaUrl: (photoId, size, version) => `/media/${photoId}/${size}${mediaVersionQuery(version)}`,
    async stageFiles(files, options) {
      const names = files.map((file) => file.name);
      options?.onProgress?.({
        files: files.length,
        filesDone: files.length,
        bytes: 0,
        bytesDone: 0,
      });
      if (names.length === 0) return { source: null, rejected: [] };
      return filePaths
        ? {
            source: { kind: 'paths', paths: names.map((name) => `/dropped/${name}`) },
            rejected: [],
          }
        : {
            source: {
              kind: 'uploads',
              uploadIds: names.map((name) => library.registerUpload(name)),
            },
            rejected: [],
          };
    },
    downloadExport: (location) => {
      downloads.push(location);
    },
    capabilities: { nativeDialogs: true, zipDownload: false, filePaths, ...capabilities },
  };
}
