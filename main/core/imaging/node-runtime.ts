/**
 * Finds a plain Node.js binary to run the imaging process with (imaging-process.ts): never the
 * Electron binary, whose Linux build links the system GLib that clashes with sharp's own.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the runtime was looked for, so tests can pretend to be any kind of process. */
export interface NodeRuntimeContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  execPath: string;
  /** `process.versions.electron`: set when this process is Electron. */
  electron?: string;
  /** Electron's `process.resourcesPath` (the packaged app's resources folder). */
  resourcesPath?: string;
  /** Electron's `app.isPackaged`, approximated by "the resources hold app.asar". */
  packaged?: boolean;
}

/** The environment variable that names the Node binary explicitly, whatever else is found. */
export const NODE_RUNTIME_VARIABLE = 'SHOEBOX_NODE';

/**
 * The Node binary for the imaging process, or an Error saying what to do. In order: an explicit
 * `SHOEBOX_NODE`; this process itself when it is Node; in a packaged app the Node binary shipped
 * in its resources (`resources/node/bin/node`, `resources/node/node.exe` on Windows); under
 * `npm start` the Node npm ran with (`npm_node_execpath`) or the first `node` on the PATH.
 */
export function locateNodeRuntime(context: NodeRuntimeContext = currentContext()): string {
  const explicit = context.env[NODE_RUNTIME_VARIABLE];
  if (explicit) {
    if (existsSync(explicit)) return explicit;
    throw new Error(`${NODE_RUNTIME_VARIABLE} names ${explicit}, which does not exist`);
  }
  if (!context.electron) return context.execPath;
  const exe = context.platform === 'win32' ? 'node.exe' : 'node';
  if (context.packaged && context.resourcesPath) {
    const shipped = path.join(
      context.resourcesPath,
      'node',
      context.platform === 'win32' ? exe : path.join('bin', exe),
    );
    if (existsSync(shipped)) return shipped;
    throw new Error(
      `this build of Shoebox ships no Node.js runtime for imaging (looked for ${shipped}); ` +
        `install Node.js 20 or later and start Shoebox with ${NODE_RUNTIME_VARIABLE}=/path/to/node`,
    );
  }
  const fromNpm = context.env.npm_node_execpath;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  const onPath = findOnPath(exe, context.env.PATH ?? context.env.Path ?? '', context.platform);
  if (onPath) return onPath;
  throw new Error(
    `no Node.js runtime for imaging: none on the PATH; install Node.js 20 or later or set ` +
      `${NODE_RUNTIME_VARIABLE}=/path/to/node`,
  );
}

function findOnPath(exe: string, searchPath: string, platform: NodeJS.Platform): string | null {
  const separator = platform === 'win32' ? ';' : ':';
  for (const dir of searchPath.split(separator)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function currentContext(): NodeRuntimeContext {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  return {
    env: process.env,
    platform: process.platform,
    execPath: process.execPath,
    electron: process.versions.electron,
    resourcesPath,
    packaged: resourcesPath !== undefined && existsSync(path.join(resourcesPath, 'app.asar')),
  };
}
