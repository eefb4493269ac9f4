#!/usr/bin/env node
/**
 * `npm run test:package`: packages the Linux app for real with electron-builder, offline and
 * without Electron, then checks what came out and runs it.
 *
 * - A stand-in Electron distribution (a dummy executable, `version`, LICENSE files) replaces
 *   the Electron download (`electronDist`) and fuses are off (there is no real binary to flip),
 *   overrides of electron-builder.yml for this run only. The app ships better-sqlite3's Electron
 *   build (build-electron/, which `npm run dist` compiles); without Electron's headers a copy
 *   of its Node build stands in for it, since the packaged app runs under Node here (boot-main.mjs
 *   says it is Electron, so it loads that build as the app does).
 * - The real app.asar and app.asar.unpacked are listed and checked: everything the app loads
 *   is there, nothing it never loads is.
 * - The packaged app is copied outside the repository below a `{"type":"commonjs"}`
 *   package.json, and the packaged Linux imaging path (resources/node/bin/node running
 *   app.asar.unpacked/dist/imaging-process-child.mjs, the messages of
 *   main/core/imaging/imaging-process-protocol.ts) makes the three derivatives of one JPEG
 *   and one HEIC.
 * - The main bundle's packages load from the extracted app.asar; the packaged electron-main
 *   boots under the fake Electron of test/mocks/electron.ts (boot-main.mjs), imports a photo
 *   through the IPC handler and serves its thumbnail through the media protocol handler.
 * - The deb target runs up to fpm, whose arguments (the package metadata) are checked.
 *
 * Needs `npm run build` first (npm test does it). Linux x64/arm64 only.
 */
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  writeFile,
  chmod,
} from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fetchNodeRuntime } from '../../scripts/fetch-node-runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const started = Date.now();
const keep = process.env.SHOEBOX_KEEP_PACKAGE === '1';

function step(what) {
  console.log(`[test:package ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
}

let failures = 0;
function check(name, fn) {
  try {
    fn();
    console.log(`  ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`  FAIL ${name}\n       ${String(error.message).split('\n').join('\n       ')}`);
  }
}

async function walk(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

async function sizeOf(dir) {
  let total = 0;
  for (const file of await walk(dir)) total += (await stat(path.join(dir, file))).size;
  return total;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
  console.log(
    `test:package runs on Linux x64/arm64 only; skipped on ${process.platform}-${process.arch}`,
  );
  process.exit(0);
}
for (const built of [
  'electron-main.js',
  'preload.cjs',
  'imaging-worker.mjs',
  'imaging-process-child.mjs',
])
  assert.ok(
    existsSync(path.join(root, 'dist', built)),
    `dist/${built} is missing: run npm run build`,
  );

const work = await mkdtemp(path.join(tmpdir(), 'shoebox-package-'));
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const electronAddon = path.join(sqliteDir, 'build-electron/Release/better_sqlite3.node');
// Made here only when no real Electron build is there, and removed again at the end.
const standInAddon = !existsSync(electronAddon);
try {
  if (standInAddon) {
    step("a stand-in for better-sqlite3's Electron build");
    await mkdir(path.dirname(electronAddon), { recursive: true });
    await cp(path.join(sqliteDir, 'build/Release/better_sqlite3.node'), electronAddon);
  }
  step('the Node runtime for resources/node');
  fetchNodeRuntime(process.arch);

  step('a stand-in Electron distribution');
  const electronVersion = require('electron/package.json').version;
  const fakeDist = path.join(work, 'fake-electron');
  await mkdir(fakeDist);
  for (const exe of ['electron', 'chrome-sandbox', 'chrome_crashpad_handler']) {
    await writeFile(path.join(fakeDist, exe), '#!/bin/sh\nexit 0\n');
    await chmod(path.join(fakeDist, exe), 0o755);
  }
  await writeFile(path.join(fakeDist, 'version'), electronVersion);
  await cp(require.resolve('electron/LICENSE'), path.join(fakeDist, 'LICENSE'));
  await writeFile(path.join(fakeDist, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  await mkdir(path.join(fakeDist, 'resources'));
  await mkdir(path.join(fakeDist, 'locales'));

  step(`electron-builder --linux dir deb (deb up to fpm; Electron ${electronVersion} stand-in)`);
  const output = path.join(work, 'release');
  const { build, Platform, Arch } = require('electron-builder');
  // The deb target runs up to fpm: electron-builder hands the computed fpm arguments to
  // effectiveOptionComputed (its own test hook), and answering true skips fpm, which would be
  // downloaded from GitHub.
  let debArgs = null;
  let desktopEntry = null;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget(['dir', 'deb'], Arch[process.arch]),
    publish: 'never',
    effectiveOptionComputed: async (options) => {
      if (!Array.isArray(options) || !Array.isArray(options[0])) return false;
      debArgs = options[0];
      desktopEntry = await readFile(options[1], 'utf8');
      return true;
    },
    config: {
      electronDist: fakeDist,
      electronVersion,
      electronFuses: null,
      directories: { output },
    },
  });

  const unpackedApp = path.join(
    output,
    process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`,
  );
  const resources = path.join(unpackedApp, 'resources');
  const asarFile = path.join(resources, 'app.asar');
  const asar = require('@electron/asar');
  const inAsar = asar
    .listPackage(asarFile, { isPack: false })
    .map((p) => p.split(path.sep).join('/').replace(/^\//, ''));
  const unpackedDir = path.join(resources, 'app.asar.unpacked');
  const unpacked = await walk(unpackedDir);
  const asarSize = (await stat(asarFile)).size;
  const unpackedSize = await sizeOf(unpackedDir);
  const nodeSize = (await stat(path.join(resources, 'node/bin/node'))).size;
  step(
    `packaged: app.asar ${mb(asarSize)} (${inAsar.length} entries), app.asar.unpacked ` +
      `${mb(unpackedSize)} (${unpacked.length} files), resources/node ${mb(nodeSize)}`,
  );

  const has = (list, entry) => list.includes(entry);
  const some = (list, pattern) => list.some((p) => pattern.test(p));
  step('what app.asar and app.asar.unpacked hold');
  for (const entry of [
    'dist/electron-main.js',
    'dist/preload.cjs',
    'dist/renderer/index.html',
    'package.json',
  ])
    check(`app.asar has ${entry}`, () => assert.ok(has(inAsar, entry)));
  check('app.asar has the renderer assets', () =>
    assert.ok(some(inAsar, /^dist\/renderer\/assets\/.+\.js$/)),
  );
  check('app.asar has the gallery resources', () =>
    assert.ok(some(inAsar, /^resources\/gallery\//)),
  );
  for (const pkg of ['piscina', 'zod', 'yazl', 'exifr', 'photoswipe', 'better-sqlite3', 'bindings'])
    check(`app.asar has node_modules/${pkg}`, () =>
      assert.ok(has(inAsar, `node_modules/${pkg}/package.json`)),
    );
  for (const entry of [
    'dist/imaging-process-child.mjs',
    'dist/imaging-worker.mjs',
    'node_modules/piscina/package.json',
    'node_modules/sharp/package.json',
    'node_modules/@img/colour/package.json',
    'node_modules/detect-libc/package.json',
    'node_modules/semver/package.json',
    'node_modules/heic-decode/package.json',
    'node_modules/libheif-js/package.json',
    'node_modules/better-sqlite3/build-electron/Release/better_sqlite3.node',
  ])
    check(`unpacked: ${entry}`, () => assert.ok(has(unpacked, entry)));
  check('unpacked: sharp native addon and libvips', () => {
    assert.ok(
      some(unpacked, /^node_modules\/@img\/sharp-linux-[^/]+\/lib\/sharp-linux-[^/]+\.node$/),
    );
    assert.ok(
      some(unpacked, /^node_modules\/@img\/sharp-libvips-linux-[^/]+\/lib\/libvips-cpp\.so/),
    );
  });
  check('resources/node/bin/node and its LICENSE', () => {
    assert.ok(existsSync(path.join(resources, 'node/bin/node')));
    assert.ok(existsSync(path.join(resources, 'node/LICENSE')));
  });
  const everything = [...inAsar, ...unpacked];
  const never = [
    [/^(test|bench|e2e|scripts|main|renderer|common|preload)\//, 'sources, tests, benches'],
    [/^dist\/cli\.js$/, 'the CLI bundle'],
    [/\.map$/, 'source maps'],
    [
      /^node_modules\/(react|react-dom|scheduler|zustand|@tanstack|@types|csstype)\//,
      'packages that live on in bundles alone',
    ],
    [
      /^node_modules\/(commander|cli-progress|string-width|strip-ansi|ansi-regex|emoji-regex|is-fullwidth-code-point)\//,
      'CLI-only packages',
    ],
    [
      /^node_modules\/(prebuild-install|node-abi|rc|simple-get|tar-fs|tar-stream|pump|bl|readable-stream|minimist)\//,
      "packages only better-sqlite3's install script runs",
    ],
    [/^node_modules\/better-sqlite3\/(deps|src)\//, "better-sqlite3's C sources"],
    [/^node_modules\/better-sqlite3\/build\//, "better-sqlite3's Node build and its intermediates"],
    [
      /^node_modules\/(piscina\/(src|docs|benchmark|test)|sharp\/src)\//,
      "piscina's and sharp's sources",
    ],
    [
      /^node_modules\/libheif-js\/(libheif\/libheif\.js|libheif-wasm\/(libheif\.js|libheif\.wasm|libheif-bundle\.mjs))$/,
      'libheif builds heic-decode does not load',
    ],
    [
      /^node_modules\/(electron|electron-builder|vitest|typescript|esbuild|vite)\//,
      'dev dependencies',
    ],
  ];
  for (const [pattern, what] of never)
    check(`no ${what}`, () => {
      const found = everything.filter((p) => pattern.test(p));
      assert.deepEqual(found.slice(0, 5), []);
    });

  step('the deb metadata');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const arg = (name) =>
    debArgs && debArgs.includes(name) ? debArgs[debArgs.indexOf(name) + 1] : undefined;
  check('the deb target got as far as fpm', () => assert.ok(Array.isArray(debArgs)));
  check('deb: name, version, architecture', () => {
    assert.equal(arg('--name'), 'shoebox');
    assert.equal(arg('--version'), pkg.version);
    assert.equal(arg('--architecture'), process.arch === 'x64' ? 'amd64' : 'arm64');
  });
  check('deb: maintainer with an e-mail, homepage, description, licence', () => {
    assert.match(arg('--maintainer') ?? '', /^.+ <[^@\s]+@[^@\s]+>$/);
    assert.equal(arg('--url'), pkg.homepage);
    assert.ok(
      (arg('--description') ?? '').includes('Offline photo album manager'),
      arg('--description'),
    );
    assert.equal(arg('--license'), 'MIT');
  });
  check('deb: the after-install script (chrome-sandbox mode, AppArmor profile)', () =>
    assert.ok(arg('--after-install')),
  );
  check('deb: installs the unpacked app under /opt/Shoebox and a desktop entry', () => {
    assert.ok(
      debArgs.some((a) => a.startsWith(`${unpackedApp}/=/opt/Shoebox`)),
      debArgs.join(' '),
    );
    assert.ok(debArgs.some((a) => /=\/usr\/share\/applications\/.+\.desktop$/.test(a)));
    assert.match(desktopEntry ?? '', /^Exec=.*\/opt\/Shoebox\/shoebox/m);
    assert.match(desktopEntry ?? '', /^Categories=Graphics;/m);
  });

  step('the packaged Linux imaging path, outside the repository, below a commonjs package.json');
  const outside = path.join(work, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'package.json'), '{"type":"commonjs"}\n');
  const installed = path.join(outside, 'shoebox');
  await cp(unpackedApp, installed, { recursive: true, verbatimSymlinks: true });
  const photos = path.join(work, 'photos');
  const derivatives = path.join(work, 'derivatives');
  await mkdir(photos);
  await mkdir(derivatives);
  const sharp = require('sharp');
  const jpeg = path.join(photos, 'one.jpg');
  await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3a7' } })
    .jpeg()
    .toFile(jpeg);
  const result = await runPackagedChild(installed, {
    sourcePath: jpeg,
    outputDir: derivatives,
    baseName: 'one',
  });
  check('the child answers ok', () => assert.equal(result.ok, true, JSON.stringify(result)));
  check('format and size', () => {
    assert.equal(result.value.format, 'jpeg');
    assert.equal(result.value.width, 3000);
    assert.equal(result.value.height, 2000);
  });
  const expected = { thumb: 400, medium: 1280, large: 2048 };
  for (const [size, longEdge] of Object.entries(expected))
    check(`one-${size}.webp is a ${longEdge}px WebP`, () => {
      const file = path.join(derivatives, `one-${size}.webp`);
      assert.ok(existsSync(file), `${file} missing`);
    });
  for (const [size, longEdge] of Object.entries(expected)) {
    const file = path.join(derivatives, `one-${size}.webp`);
    if (!existsSync(file)) continue;
    const bytes = await readFile(file);
    const meta = await sharp(bytes).metadata();
    check(`one-${size}.webp: RIFF/WEBP, long edge ${longEdge}`, () => {
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
      assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
      assert.equal(meta.format, 'webp');
      assert.equal(Math.max(meta.width, meta.height), longEdge);
    });
  }

  step("app.asar extracted outside the repository: the main bundle's packages resolve and load");
  const extracted = path.join(outside, 'extracted');
  asar.extractAll(path.join(installed, 'resources/app.asar'), extracted);
  const probe = [
    "const { createRequire } = require('node:module');",
    "const r = createRequire(process.argv[1] + '/dist/electron-main.js');",
    '(async () => {',
    "  for (const name of ['zod', 'exifr', 'yazl', 'piscina', 'sharp']) await import(r.resolve(name));",
    "  const Database = r('better-sqlite3');",
    "  const addon = r.resolve('better-sqlite3/build-electron/Release/better_sqlite3.node');",
    "  new Database(':memory:', { nativeBinding: addon }).prepare('select 1').get();",
    "  r.resolve('photoswipe');",
    "  console.log('resolved');",
    '})().catch((e) => { console.error(e); process.exit(1); });',
  ].join('\n');
  const probed = spawnSync(process.execPath, ['-e', probe, extracted], {
    cwd: outside,
    encoding: 'utf8',
  });
  check('zod, exifr, yazl, piscina, sharp, better-sqlite3, photoswipe load from the package', () =>
    assert.equal(probed.stdout.trim(), 'resolved', probed.stderr),
  );

  const heic = path.join(root, 'test/fixtures/heic/camera.heic');
  const heicResult = await runPackagedChild(installed, {
    sourcePath: heic,
    outputDir: derivatives,
    baseName: 'camera',
  });
  check('a HEIC photo through the packaged heic-decode/libheif-js', () => {
    assert.equal(heicResult.ok, true, JSON.stringify(heicResult));
    assert.equal(heicResult.value.format, 'heic');
    for (const size of Object.keys(expected))
      assert.ok(existsSync(path.join(derivatives, `camera-${size}.webp`)), `camera-${size}.webp`);
  });

  step('the packaged main bundle under a fake electron: one import through IPC, its thumbnail');
  const booted = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(path.join(root, 'test/package/register-electron.mjs')).href,
      '--import',
      import.meta.resolve('tsx/esm'),
      path.join(root, 'test/package/boot-main.mjs'),
      extracted,
      jpeg,
      path.join(work, 'library'),
    ],
    {
      cwd: outside,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, SHOEBOX_NODE: path.join(installed, 'resources/node/bin/node') },
    },
  );
  const seen = JSON.parse(booted.stdout.trim().split('\n').at(-1) || '{}');
  check('startImport answers ok, the thumbnail is served as image/webp', () => {
    assert.equal(booted.status, 0, booted.stderr);
    assert.equal(seen.started?.ok, true, booted.stdout);
    assert.equal(seen.status, 200);
    assert.equal(seen.type, 'image/webp');
    assert.equal(seen.riff + seen.webp, 'RIFFWEBP');
  });
} finally {
  if (standInAddon)
    await rm(path.join(sqliteDir, 'build-electron'), { recursive: true, force: true });
  if (keep) console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

step(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);

/**
 * Runs the packaged child as the app does on Linux (imaging-process.ts): resources/node/bin/node
 * forks app.asar.unpacked/dist/imaging-process-child.mjs with its config as the one argument,
 * JSON messages over IPC. Resolves with the answer to one request.
 */
function runPackagedChild(installed, request) {
  const node = path.join(installed, 'resources/node/bin/node');
  const entry = path.join(installed, 'resources/app.asar.unpacked/dist/imaging-process-child.mjs');
  const env = { ...process.env };
  for (const name of ['LD_PRELOAD', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'NODE_PATH'])
    delete env[name];
  return new Promise((resolve, reject) => {
    const child = fork(entry, [JSON.stringify({ threads: 2, tempTag: 'pkgtest' })], {
      execPath: node,
      execArgv: [],
      cwd: path.dirname(installed),
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the packaged imaging child did not answer within 60 s'));
    }, 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the packaged imaging child exited (${signal ?? code}) before answering`));
    });
    child.on('message', (message) => {
      if (message?.type !== 'answer' || message.id !== 1) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => resolve(message.response));
      child.send({ type: 'shutdown' });
    });
    child.send({ type: 'derivatives', id: 1, request });
  });
}
