#!/usr/bin/env node
/**
 * Fetches the Node.js runtime that the packaged Linux app runs its imaging process with
 * (main/core/imaging/imaging-process.ts; found at `resources/node/bin/node` by node-runtime.ts),
 * for electron-builder's `linux.extraResources` (electron-builder.yml).
 *
 * It comes from the npm registry's `node-linux-<arch>` packages (the official Node binaries,
 * MIT), with `npm pack` at dist time rather than as a dependency: every `npm ci` would otherwise
 * unpack a ~120 MB binary that only packaging needs. The tarball is checked against the integrity
 * pinned here and kept in npm's cache, so a second run needs no network.
 *
 *   node scripts/fetch-node-runtime.mjs [arch ...]   (default: this machine's arch; Linux only)
 *
 * Writes node_modules/.cache/shoebox-node-runtime/linux-<arch>/{bin/node,LICENSE}.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Node 24, the line Electron 40 embeds (24.11.1); 24.11.1 has no arm64 package, so one both have. */
export const NODE_RUNTIME_VERSION = '24.22.3';
const INTEGRITY = {
  x64: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  arm64:
    'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const runtimeCache = path.join(root, 'node_modules', '.cache', 'shoebox-node-runtime');

/** Makes sure `<runtimeCache>/linux-<arch>/bin/node` is there and is NODE_RUNTIME_VERSION. */
export function fetchNodeRuntime(arch) {
  const integrity = INTEGRITY[arch];
  if (!integrity) throw new Error(`no Node runtime package for linux-${arch}`);
  const target = path.join(runtimeCache, `linux-${arch}`);
  const stamp = path.join(target, 'VERSION');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === NODE_RUNTIME_VERSION)
    return target;
  const work = mkdtempSync(path.join(tmpdir(), 'shoebox-node-runtime-'));
  try {
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
    const out = execFileSync(
      npm[0],
      [
        ...npm.slice(1),
        'pack',
        `node-linux-${arch}@${NODE_RUNTIME_VERSION}`,
        '--json',
        '--pack-destination',
        work,
      ],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [packed] = JSON.parse(out);
    if (packed.integrity !== integrity)
      throw new Error(`node-linux-${arch}@${NODE_RUNTIME_VERSION}: integrity ${packed.integrity}`);
    execFileSync('tar', [
      'xzf',
      path.join(work, packed.filename),
      '-C',
      work,
      'package/bin/node',
      'package/LICENSE',
    ]);
    const staged = path.join(work, 'package');
    writeFileSync(path.join(staged, 'VERSION'), `${NODE_RUNTIME_VERSION}\n`);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(staged, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.platform !== 'linux') process.exit(0);
  const arches = process.argv.slice(2);
  for (const arch of arches.length ? arches : [process.arch]) {
    const dir = fetchNodeRuntime(arch);
    console.log(`Node ${NODE_RUNTIME_VERSION} for linux-${arch}: ${path.relative(root, dir)}`);
  }
}
