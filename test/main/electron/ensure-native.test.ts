import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeBindingFor } from '../../../main/core/library/database';

// scripts/ensure-native.mjs decides whether `npm start` / `npm test` rebuild better-sqlite3.
// Imported through a variable: it is plain JavaScript without type declarations.
const scriptUrl = new URL('../../../scripts/ensure-native.mjs', import.meta.url).href;
const { abiInAddon, addonPath, buildElectronAddon, rebuildDecision } = (await import(
  scriptUrl
)) as {
  abiInAddon(bytes: Buffer): number | null;
  addonPath(dir: string, target: 'node' | 'electron'): string;
  buildElectronAddon(dir: string, version: string, rebuild: string): boolean;
  rebuildDecision(
    target: 'node' | 'electron',
    compiled: number | 'missing' | null,
    wantedAbi: number,
  ): { action: 'keep' | 'rebuild'; reason: string };
};

const require = createRequire(import.meta.url);
const nodeAbi = Number(process.versions.modules);

describe('ensure-native', () => {
  it('reads the ABI of the better-sqlite3 these tests run on from its bytes', () => {
    const addon = path.join(
      path.dirname(require.resolve('better-sqlite3/package.json')),
      'build/Release/better_sqlite3.node',
    );
    // Node loads it (the library tests pass), so it must say Node's ABI.
    expect(abiInAddon(readFileSync(addon))).toBe(nodeAbi);
  });

  it('reads Mach-O style (underscored) symbols and gives up on addons without one', () => {
    expect(abiInAddon(Buffer.from('\0\0_node_register_module_v143\0napi'))).toBe(143);
    expect(abiInAddon(Buffer.from('\0napi_register_module_v1\0'))).toBeNull();
  });

  it('keeps an addon built for the target and rebuilds any other', () => {
    expect(rebuildDecision('node', nodeAbi, nodeAbi).action).toBe('keep');
    expect(rebuildDecision('node', 143, nodeAbi)).toEqual({
      action: 'rebuild',
      reason: `better-sqlite3 is built for ABI 143, node needs ABI ${nodeAbi}`,
    });
    expect(rebuildDecision('electron', 143, 143).action).toBe('keep');
    expect(rebuildDecision('electron', nodeAbi, 143).action).toBe('rebuild');
    expect(rebuildDecision('node', 'missing', nodeAbi).action).toBe('rebuild');
    expect(rebuildDecision('electron', null, 143).action).toBe('rebuild');
  });

  it('knows Electron’s ABI from the electron package, different from Node’s', () => {
    const electronDir = path.dirname(require.resolve('electron/package.json'));
    const electronAbi = Number(readFileSync(path.join(electronDir, 'abi_version'), 'utf8'));
    expect(electronAbi).toBeGreaterThan(nodeAbi);
    expect(rebuildDecision('electron', nodeAbi, electronAbi).action).toBe('rebuild');
  });
});

describe('the Node and Electron builds side by side', () => {
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A better-sqlite3 package with its Node build, in a node_modules of its own. */
  function packageCopy(): string {
    scratch = mkdtempSync(path.join(tmpdir(), 'shoebox-native-'));
    const dir = path.join(scratch, 'node_modules', 'better-sqlite3');
    for (const part of ['package.json', 'lib', 'build/Release/better_sqlite3.node'])
      cpSync(path.join(sqliteDir, part), path.join(dir, part), { recursive: true });
    return dir;
  }

  /** A stand-in for @electron/rebuild: cleans the build folder as node-gyp does, then `body`. */
  function fakeRebuild(body: string): string {
    const file = path.join(scratch, `rebuild-${Math.random()}.mjs`);
    writeFileSync(
      file,
      `import fs from 'node:fs';\n` +
        `const project = process.argv[process.argv.indexOf('--module-dir') + 1];\n` +
        `const build = project + '/node_modules/better-sqlite3/build';\n` +
        `fs.rmSync(build, { recursive: true, force: true });\n${body}\n`,
    );
    return file;
  }

  function opens(addon: string): boolean {
    const db = new Database(':memory:', { nativeBinding: addon });
    const answer = db.prepare('select 1 as one').get() as { one: number };
    db.close();
    return answer.one === 1;
  }

  it('loads the package’s own build under Node and the Electron build in Electron', () => {
    expect(nativeBindingFor(process.versions)).toBeUndefined();
    const inElectron = { ...process.versions, electron: '40.8.5' };
    expect(nativeBindingFor(inElectron, '/app/node_modules/better-sqlite3')).toBe(
      '/app/node_modules/better-sqlite3/build-electron/Release/better_sqlite3.node',
    );
    // The packaged app loads the addon from beside app.asar, never from inside it.
    expect(
      nativeBindingFor(inElectron, '/opt/Shoebox/resources/app.asar/node_modules/better-sqlite3'),
    ).toBe(
      '/opt/Shoebox/resources/app.asar.unpacked/node_modules/better-sqlite3/build-electron/Release/better_sqlite3.node',
    );
  });

  it('a failed Electron build leaves the Node build in place and loading', () => {
    const dir = packageCopy();
    const failing = fakeRebuild('process.exit(1);');
    expect(buildElectronAddon(dir, '40.8.5', failing)).toBe(false);
    expect(existsSync(addonPath(dir, 'node'))).toBe(true);
    expect(opens(addonPath(dir, 'node'))).toBe(true);
    expect(existsSync(addonPath(dir, 'electron'))).toBe(false);
  });

  it('a successful Electron build lands beside the Node build, where Electron looks', () => {
    const dir = packageCopy();
    // Under Node the stand-in "Electron build" is Node's own addon, so the test can load it.
    const node = JSON.stringify(addonPath(dir, 'node'));
    const built = fakeRebuild(
      `fs.mkdirSync(build + '/Release', { recursive: true });\n` +
        `fs.copyFileSync(${node}, build + '/Release/better_sqlite3.node');`,
    );
    expect(buildElectronAddon(dir, '40.8.5', built)).toBe(true);
    const electronAddon = nativeBindingFor({ ...process.versions, electron: '40.8.5' }, dir);
    expect(electronAddon).toBe(addonPath(dir, 'electron'));
    expect(opens(electronAddon!)).toBe(true);
    expect(opens(addonPath(dir, 'node'))).toBe(true);
    // The scratch copy it built in is gone.
    expect(existsSync(path.join(scratch, 'node_modules', '.cache'))).toBe(true);
    expect(
      existsSync(path.join(scratch, 'node_modules', '.cache', 'shoebox-electron-sqlite')),
    ).toBe(false);
  });

  it('`ensure-native.mjs electron` fails without touching the Node build when the build fails', () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'shoebox-native-'));
    const electronBuild = addonPath(sqliteDir, 'electron');
    // With a real Electron build in place the script would keep it and never rebuild.
    if (existsSync(electronBuild))
      return expect(abiInAddon(readFileSync(electronBuild))).not.toBe(nodeAbi);
    const nodeBuild = addonPath(sqliteDir, 'node');
    const before = readFileSync(nodeBuild);
    const run = spawnSync(process.execPath, [fileURLToPath(scriptUrl), 'electron'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        // No Electron download: this stands in for the binary.
        ELECTRON_OVERRIDE_DIST_PATH: scratch,
        SHOEBOX_ELECTRON_REBUILD: fakeRebuild('process.exit(1);'),
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('its Node build, which the CLI and the tests use, is untouched');
    expect(readFileSync(nodeBuild).equals(before)).toBe(true);
    expect(opens(nodeBuild)).toBe(true);
    expect(existsSync(electronBuild)).toBe(false);
  });
});
