// Makes sure better-sqlite3 has a compiled addon for the runtime about to load it. The two
// builds live side by side and main/core/library/database.ts picks one by runtime
// (`nativeBinding`): the Node build in the package's build/Release, what `npm ci` builds, for
// tests, benchmarks and the CLI (`ensure-native.mjs node`); the Electron build in its
// build-electron/Release, for the app (`ensure-native.mjs electron`, which also fetches the
// Electron binary, which `npm install` skips). The Electron build is compiled in a scratch copy
// of the package, because `node-gyp rebuild` cleans its build folder first: a failed Electron
// build (no network, no compiler) never touches the Node build. Each is rebuilt only when its ABI
// differs, because a rebuild may compile SQLite from source (1-2 minutes).
//
// The compiled ABI is read without starting any runtime: better-sqlite3 registers itself with
// NODE_MODULE_INIT, which exports the symbol `node_register_module_v<ABI>`, and that name sits in
// the addon's symbol table in plain ASCII (ELF, Mach-O and PE alike). Loading the addon in Node
// would not tell: an addon built for Electron fails there with "Module did not self-register",
// which names no ABI. Electron's ABI comes from the `electron` package (its abi_version file).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

/** better-sqlite3's package folder. */
function sqlitePackageDir() {
  return path.dirname(require.resolve('better-sqlite3/package.json'));
}

// The Electron build's folder inside the package; database.ts and electron-builder.yml name it too.
const ELECTRON_BUILD_DIR = 'build-electron';

/** The addon of `target` inside better-sqlite3's package folder `dir`. */
export function addonPath(dir, target) {
  const build = target === 'node' ? 'build' : ELECTRON_BUILD_DIR;
  return path.join(dir, build, 'Release', 'better_sqlite3.node');
}

/** The ABI of the addon at `file`, 'missing' when there is none, null when it cannot be read. */
function compiledAbi(file) {
  return existsSync(file) ? abiInAddon(readFileSync(file)) : 'missing';
}

/** The ABI of the installed Electron, from the `electron` package (no binary needed). */
function electronAbi() {
  const file = path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version');
  return Number(readFileSync(file, 'utf8').trim());
}

/** Runs a command to completion with inherited output; its exit status (1 when it died). */
function spawn(command, args, env = process.env) {
  // npm and npx are .cmd scripts on Windows, which Node starts only through a shell.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32' && !command.endsWith('.exe'),
  });
  return result.status ?? 1;
}

/** Runs a command to completion; exits with its status if it fails. */
function run(command, args, env = process.env) {
  const status = spawn(command, args, env);
  if (status !== 0) process.exit(status);
}

/** npm itself: the one running this script when there is one, else the one on PATH. */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && npmCli.endsWith('.js')) run(process.execPath, [npmCli, ...args]);
  else run('npm', args);
}

/**
 * Electron downloads its binary in a postinstall that package.json's `allowScripts` keeps npm 11
 * from running (so `npm install` works offline): fetch it now, which needs the internet. With npm
 * 10, which ignores `allowScripts`, the postinstall has fetched it already, unless the install
 * ran with `ELECTRON_SKIP_BINARY_DOWNLOAD=1`; that variable is dropped here so the fetch runs.
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

/**
 * Builds better-sqlite3 for Electron `version` in a scratch copy of the package at `dir` and,
 * only when that succeeded, moves the addon into place; true when it did. `rebuild` (the script
 * run with Node to compile; @electron/rebuild's CLI unless a test says otherwise) gets the scratch
 * project's folder. The scratch copy sits under node_modules so the copy still finds the
 * packages its build needs (prebuild-install, node-gyp) up the tree.
 */
export function buildElectronAddon(dir, version, rebuild) {
  const project = path.join(dir, '..', '.cache', 'shoebox-electron-sqlite');
  const copy = path.join(project, 'node_modules', 'better-sqlite3');
  rmSync(project, { recursive: true, force: true });
  const skipped = [path.join(dir, 'build'), path.join(dir, ELECTRON_BUILD_DIR)];
  cpSync(dir, copy, { recursive: true, filter: (from) => !skipped.includes(from) });
  const { version: sqliteVersion } = JSON.parse(
    readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'shoebox-electron-sqlite',
      private: true,
      dependencies: { 'better-sqlite3': sqliteVersion },
    }),
  );
  try {
    const args = [
      '--force',
      '--only',
      'better-sqlite3',
      '--version',
      version,
      '--module-dir',
      project,
    ];
    if (spawn(process.execPath, [rebuild, ...args]) !== 0) return false;
    const built = addonPath(copy, 'node');
    if (!existsSync(built)) return false;
    const target = addonPath(dir, 'electron');
    mkdirSync(path.dirname(target), { recursive: true });
    // Copied then renamed: an interrupted copy never leaves a half-written addon to load.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return true;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** @electron/rebuild's CLI, or `SHOEBOX_ELECTRON_REBUILD` (a script; tests pass a failing fake). */
function electronRebuildCli() {
  if (process.env.SHOEBOX_ELECTRON_REBUILD) return process.env.SHOEBOX_ELECTRON_REBUILD;
  // Its exports map hides package.json: find cli.js beside the main module (lib/main.js).
  return path.join(path.dirname(require.resolve('@electron/rebuild')), 'cli.js');
}

function main(target) {
  if (target !== 'node' && target !== 'electron') {
    console.error('usage: ensure-native.mjs node|electron');
    process.exit(2);
  }
  if (target === 'electron') ensureElectronBinary();
  const dir = sqlitePackageDir();
  const wanted = target === 'node' ? Number(process.versions.modules) : electronAbi();
  const decision = rebuildDecision(target, compiledAbi(addonPath(dir, target)), wanted);
  if (decision.action === 'keep') return;
  console.log(`${decision.reason}: rebuilding it for ${target}…`);
  if (target === 'node') {
    npm(['rebuild', 'better-sqlite3']);
  } else {
    const version = require('electron/package.json').version;
    if (!buildElectronAddon(dir, version, electronRebuildCli())) {
      console.error(
        'better-sqlite3 could not be built for Electron (see above); its Node build, which the ' +
          'CLI and the tests use, is untouched.',
      );
      process.exit(1);
    }
  }
}

// Run only as a script; tests import the decision functions.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]);
}
