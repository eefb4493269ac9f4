// Makes sure better-sqlite3's compiled addon matches the runtime about to load it: Node for
// tests, benchmarks and the CLI, Electron for the app. It rebuilds only when the ABI differs,
// because a rebuild compiles SQLite from source (1-2 minutes).
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const target = process.argv[2];
const require = createRequire(import.meta.url);

if (target === 'node') {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { encoding: 'utf8' },
  );
  if (probe.status === 0) process.exit(0);
  if (!/NODE_MODULE_VERSION|was compiled against a different/.test(probe.stderr)) {
    process.stderr.write(probe.stderr);
    process.exit(1);
  }
  console.log('better-sqlite3 was built for another runtime: rebuilding it for Node…');
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
} else if (target === 'electron') {
  const electronVersion = require('electron/package.json').version;
  // `electron` resolves to the path of its binary once downloaded; ask it for its ABI.
  const electronBinary = require('electron');
  const abi = spawnSync(electronBinary, ['-e', 'process.stdout.write(process.versions.modules)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  }).stdout;
  const probe = spawnSync(
    electronBinary,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' },
  );
  if (probe.status === 0) process.exit(0);
  console.log(
    `better-sqlite3 does not load in Electron ${electronVersion} (ABI ${abi}): rebuilding…`,
  );
  execFileSync('npx', ['electron-rebuild', '-f', '-w', 'better-sqlite3', '-v', electronVersion], {
    stdio: 'inherit',
  });
} else {
  console.error('usage: ensure-native.mjs node|electron');
  process.exit(2);
}
