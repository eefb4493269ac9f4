import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCore } from '../../../main/core/shoebox-core';
import { startServer } from '../../../main/serve/http-server';
import { describeContract } from '../../contract/contract-suite';
import { connectServeClient } from '../../helpers/serve-client';

describeContract('HTTP on loopback', async () => {
  const libraryRoot = await mkdtemp(path.join(tmpdir(), 'shoebox-serve-contract-'));
  // One imaging thread: the machine is shared, and the suite imports a handful of tiny files.
  const core = await openCore({ libraryRoot, imagingThreads: 1 });
  const server = await startServer({ core });
  const client = await connectServeClient(server.origin, server.token);
  return {
    api: client.api,
    events: client.events,
    libraryRoot,
    async close() {
      try {
        client.close();
      } finally {
        await server.close();
        await core.close();
        await rm(libraryRoot, { recursive: true, force: true });
      }
    },
  };
});
