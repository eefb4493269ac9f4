import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// scripts/ensure-native.mjs decides whether `npm start` / `npm test` rebuild better-sqlite3.
// Imported through a variable: it is plain JavaScript without type declarations.
const scriptUrl = new URL('../../../scripts/ensure-native.mjs', import.meta.url).href;
const { abiInAddon, rebuildDecision } = (await import(scriptUrl)) as {
  abiInAddon(bytes: Buffer): number | null;
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
