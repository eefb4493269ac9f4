import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ShoeboxError } from '../../common/errors';
import { printable } from '../cli/printable';
import type { ShoeboxCore } from '../core/shoebox-core';
import { startServer } from './http-server';
import { isLoopbackAddress } from './request-guards';

/** The flags of `shoebox serve`, as commander hands them over. */
export interface ServeFlags {
  host?: string;
  port?: string;
  maxUploadMb?: string;
}

/** What `shoebox serve` runs with, once its flags are checked. */
export interface ServeSettings {
  host: string;
  port: number;
  maxUploadBytes: number;
  /** The built renderer; null when there is none to serve. */
  staticDir: string | null;
}

/** Where `shoebox serve` writes. */
export interface ServeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const FlagsSchema = z.object({
  host: z.string().trim().min(1, 'needs an address').default('127.0.0.1'),
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number')
    .default('0')
    .transform(Number)
    .refine((port) => port <= 65535, 'must be at most 65535'),
  maxUploadMb: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of megabytes')
    .default('200')
    .transform(Number)
    .refine((mb) => mb > 0, 'must be more than 0'),
});

/** Checks the flags of `shoebox serve`; INVALID_INPUT says which one is wrong. */
export function parseServeFlags(flags: ServeFlags): ServeSettings {
  const parsed = FlagsSchema.safeParse(flags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new ShoeboxError('INVALID_INPUT', `${flag} ${issue.message}.`);
  }
  return {
    host: parsed.data.host,
    port: parsed.data.port,
    maxUploadBytes: Math.floor(parsed.data.maxUploadMb * 1024 * 1024),
    staticDir: defaultRendererDir(),
  };
}

/**
 * The built renderer: beside the bundled CLI (dist/cli.js next to dist/renderer), or in the
 * project's dist/ when running from source (main/serve/ under tsx); null if not built.
 */
export function defaultRendererDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'renderer'),
    path.resolve(here, '..', '..', 'dist', 'renderer'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Runs `shoebox serve` until `stop` aborts (by default: SIGINT or SIGTERM). The link is the
 * first line on stdout, for scripts to read; everything else goes to stderr. On stop the
 * server stops accepting and ends its streams and uploads; the caller then closes the core,
 * which cancels running imports and waits for them.
 */
export async function serveCommand(
  core: ShoeboxCore,
  settings: ServeSettings,
  io: ServeIo,
  stop?: AbortSignal,
): Promise<void> {
  if (!isLoopbackAddress(settings.host)) {
    io.stderr(
      `Warning: --host ${printable(settings.host)} lets other machines on the network connect. Anyone ` +
        'with the link can see and change this library, and plain HTTP is not encrypted.\n',
    );
  }
  const signals = stop ? null : stopOnSignals();
  try {
    const server = await startServer({
      core,
      host: settings.host,
      port: settings.port,
      maxUploadBytes: settings.maxUploadBytes,
      staticDir: settings.staticDir,
      exports: { resolveZip: (exportId) => core.resolveExportZip(exportId) },
    });
    io.stdout(`${server.url}\n`);
    io.stderr(
      `Serving the library in ${printable(core.layout.root)}.\n` +
        (settings.staticDir ? '' : 'The web app is not built: run `npm run build` first.\n') +
        'Open the link above in a browser. Press Ctrl-C to stop.\n',
    );
    const until = stop ?? signals!.signal;
    if (!until.aborted) await new Promise((resolve) => until.addEventListener('abort', resolve));
    io.stderr('Stopping: closing connections and cancelling running imports…\n');
    await server.close();
  } finally {
    signals?.dispose();
  }
}

/** An AbortSignal for the first SIGINT or SIGTERM. */
function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  // Unhooked at the first signal: a second one gets Node's default action and ends the
  // process at once, for a user who will not wait (`shoebox verify --repair` then removes
  // whatever staging files were left).
  const onSignal = () => {
    dispose();
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose };
}
