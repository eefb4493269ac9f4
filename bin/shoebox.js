#!/usr/bin/env node
// The `shoebox` command: the bundled CLI, built by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// sharp in every imaging worker, file hashing and copying all run on libuv's one process-wide
// thread pool (4 threads by default): without more, a pool of 8 workers would decode 4 photos
// at a time. It must be set before the first asynchronous file or sharp call.
process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism() + 4);

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('shoebox: the CLI is not built yet; run `npm run build` in the project.\n');
  process.exit(1);
}
const { runCli } = await import(cli);
process.exitCode = await runCli(process.argv);
