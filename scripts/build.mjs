// Builds everything that runs outside Vitest into dist/: the CLI and its imaging worker (ESM
// for Node), the Electron main process (ESM), the preload (one CommonJS file, so it runs in a
// sandboxed renderer) and the renderer bundle (Vite). Entries that do not exist yet are skipped.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const nodeEntries = {
  cli: 'main/cli/index.ts',
  'electron-main': 'main/electron/index.ts',
};
// Loaded by path from dist/ or app.asar.unpacked/dist, where no package.json with "type":
// "module" sits beside it: `.mjs` is ESM whatever package.json is above the install folder
// (a `{"type":"commonjs"}` one, as `npm init -y` writes, would otherwise break every photo).
const mjsEntries = {
  'imaging-worker': 'main/core/imaging/imaging-worker.ts',
  // The Linux app's imaging child, run by a plain Node (imaging-process.ts), beside the worker.
  'imaging-process-child': 'main/core/imaging/imaging-process-child.ts',
};

await rm('dist', { recursive: true, force: true });

for (const [entries, extension] of [
  [nodeEntries, '.js'],
  [mjsEntries, '.mjs'],
]) {
  const present = Object.fromEntries(
    Object.entries(entries).filter(([, file]) => existsSync(file)),
  );
  if (Object.keys(present).length === 0) continue;
  await build({
    entryPoints: present,
    outdir: 'dist',
    outExtension: { '.js': extension },
    bundle: true,
    // Every file lands flat in dist/ so the pool finds `imaging-worker.mjs` beside its caller.
    splitting: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages stay packages: native addons (sharp, better-sqlite3) cannot be bundled.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (existsSync('preload/index.ts')) {
  await build({
    entryPoints: { preload: 'preload/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    // A sandboxed preload can require only `electron` (and a few polyfills): bundle the rest.
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (existsSync('renderer/index.html')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
