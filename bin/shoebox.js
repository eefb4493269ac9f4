#!/usr/bin/env node
// The `shoebox` command: the bundled CLI, built by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('shoebox: the CLI is not built yet; run `npm run build` in the project.\n');
  process.exit(1);
}
const { runCli } = await import(cli);
process.exitCode = await runCli(process.argv);
