// Makes sure better-sqlite3's compiled addon matches the runtime about to load it: Node for
// tests, benchmarks and the CLI (`ensure-native.mjs node`), Electron for the app
// (`ensure-native.mjs electron`, which also fetches the Electron binary if it was skipped at
// install). It rebuilds only when the compiled ABI differs, because a rebuild compiles SQLite
// from source (1-2 minutes).
//
// The compiled ABI is read without starting any runtime: better-sqlite3 registers itself with
// NODE_MODULE_INIT, which exports the symbol `node_register_module_v<ABI>`, and that name sits in
// the addon's symbol table in plain ASCII (ELF, Mach-O and PE alike). Loading the addon in Node
// would not tell: an addon built for Electron fails there with "Module did not self-register",
// which names no ABI. Electron's ABI comes from the `electron` package (its abi_version file).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The ABI an addon was compiled for, from its bytes; null when it exports no versioned
 * registration symbol (an N-API addon, or one that registers the old way).
 * @param {Buffer} bytes the .node file
 * @returns {number | null}
 */
export function abiInAddon(bytes) {
  const match = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/**
 * Whether better-sqlite3 must be rebuilt for `target`, and why.
 * @param {'node' | 'electron'} target the runtime about to load it
 * @param {number | 'missing' | null} compiled the addon's ABI; 'missing' without an addon;
 *   null when it cannot be told
 * @param {number} wantedAbi the ABI of the target runtime
 * @returns {{ action: 'keep' | 'rebuild', reason: string }}
 */
export function rebuildDecision(target, compiled, wantedAbi) {
  if (compiled === wantedAbi) {
    return { action: 'keep', reason: `better-sqlite3 is built for ${target} (ABI ${wantedAbi})` };
  }
  if (compiled === 'missing') {
    return { action: 'rebuild', reason: 'better-sqlite3 has no compiled addon' };
  }
  if (compiled === null) {
    // Unknowable: rebuilding costs a minute or two, loading a wrong addon costs a crash.
    return { action: 'rebuild', reason: 'the ABI of better-sqlite3 cannot be read' };
  }
  return {
    action: 'rebuild',
    reason: `better-sqlite3 is built for ABI ${compiled}, ${target} needs ABI ${wantedAbi}`,
  };
}

/** The compiled addon's ABI, 'missing' when there is none, null when it cannot be read. */
function compiledAbi() {
  const addon = path.join(
    path.dirname(require.resolve('better-sqlite3/package.json')),
    'build',
    'Release',
    'better_sqlite3.node',
  );
  return existsSync(addon) ? abiInAddon(readFileSync(addon)) : 'missing';
}

/** The ABI of the installed Electron, from the `electron` package (no binary needed). */
function electronAbi() {
  const file = path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version');
  return Number(readFileSync(file, 'utf8').trim());
}

/** Runs a command to completion with inherited output; exits with its status if it fails. */
function run(command, args, env = process.env) {
  // npm and npx are .cmd scripts on Windows, which Node starts only through a shell.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32' && !command.endsWith('.exe'),
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** npm itself: the one running this script when there is one, else the one on PATH. */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && npmCli.endsWith('.js')) run(process.execPath, [npmCli, ...args]);
  else run('npm', args);
}

/**
 * Electron 40 downloads its binary in a postinstall that `ELECTRON_SKIP_BINARY_DOWNLOAD=1`
 * skips (our CI installs that way): fetch it now, which needs the internet.
 */
function ensureElectronBinary() {
  // A developer's own Electron build stands in for the download (as the electron package allows).
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return;
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8'))))
    return;
  console.log('The Electron binary is not installed yet: downloading it…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  run(process.execPath, [path.join(dir, 'install.js')], env);
}

function main(target) {
  if (target !== 'node' && target !== 'electron') {
    console.error('usage: ensure-native.mjs node|electron');
    process.exit(2);
  }
  if (target === 'electron') ensureElectronBinary();
  const wanted = target === 'node' ? Number(process.versions.modules) : electronAbi();
  const decision = rebuildDecision(target, compiledAbi(), wanted);
  if (decision.action === 'keep') return;
  console.log(`${decision.reason}: rebuilding it for ${target}…`);
  if (target === 'node') {
    npm(['rebuild', 'better-sqlite3']);
  } else {
    const version = require('electron/package.json').version;
    // Its exports map hides package.json: find cli.js beside the main module (lib/main.js).
    const cli = path.join(path.dirname(require.resolve('@electron/rebuild')), 'cli.js');
    run(process.execPath, [cli, '--force', '--only', 'better-sqlite3', '--version', version]);
  }
}

// Run only as a script; tests import the decision functions.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]);
}
