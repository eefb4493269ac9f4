#!/usr/bin/env node
// The `shoebox` command: the bundled CLI, built by `npm install` (prepare) or `npm run build`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('shoebox: the CLI is not built yet; run `npm run build` in the project.\n');
  process.exit(1);
}

// libuv sizes its thread pool (sharp in every imaging worker, hashing and copying share it;
// main/core/imaging/libuv-threads.ts) from UV_THREADPOOL_SIZE when the pool first starts. On
// Node 20 the ES module loader has started it before this file runs, so setting the variable
// here is too late: without it, run this file again in a process that has it from the start.
// Four more than the cores, as in libuv-threads.ts. A size the user set is kept as it is.
if (process.env.UV_THREADPOOL_SIZE === undefined) {
  const child = spawn(process.execPath, [...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: String(availableParallelism() + 4) },
  });
  // A signal sent to this process goes on to the one doing the work. Not SIGINT: Ctrl-C in a
  // terminal reaches both already, and a second one would cut an interrupted import short.
  const forwarded = ['SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  process.on('SIGINT', () => {});
  child.once('error', (error) => {
    process.stderr.write(`shoebox: could not start: ${error.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, so the caller sees what the child saw.
      for (const name of [...forwarded, 'SIGINT']) process.removeAllListeners(name);
      process.kill(process.pid, signal);
    } else process.exitCode = code ?? 1;
  });
} else {
  const { runCli } = await import(cli);
  process.exitCode = await runCli(process.argv);
}
