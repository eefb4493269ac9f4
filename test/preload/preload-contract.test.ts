import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_NAMES } from '../../common/method-names';
import { describeContract, type ContractEvent } from '../contract/contract-suite';
import { apiOver, openPreloadTransport } from './preload-harness';

// The same suite `shoebox serve` passes over HTTP, here through the page's `window.shoebox`:
// the real preload bundle → fake ipcRenderer → fake ipcMain → setupIpc → a real core.
describeContract('Electron IPC (preload bundle)', async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'shoebox-preload-contract-'));
  const libraryRoot = path.join(base, 'library');
  const transport = await openPreloadTransport(libraryRoot);
  const { bridge } = transport;
  return {
    api: apiOver(bridge),
    events(listener) {
      const stops = EVENT_NAMES.map((event) =>
        bridge.subscribe(event, (payload) => listener({ event, payload } as ContractEvent)),
      );
      return () => stops.forEach((stop) => stop());
    },
    libraryRoot,
    async close() {
      try {
        await transport.close();
      } finally {
        await rm(base, { recursive: true, force: true });
      }
    },
  };
});
