import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../main/core/shoebox-core';
import { parseServeFlags, serveCommand } from '../../../main/serve/serve-command';
import { makeTempDir } from '../../helpers/temp-dir';

const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=[A-Za-z0-9_-]{43}$/;

describe('shoebox serve', () => {
  it('checks its flags', () => {
    expect(parseServeFlags({})).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      maxUploadBytes: 200 * 1024 * 1024,
    });
    expect(parseServeFlags({ port: '8080', maxUploadMb: '1.5' })).toMatchObject({
      port: 8080,
      maxUploadBytes: 1.5 * 1024 * 1024,
    });
    expect(() => parseServeFlags({ port: '70000' })).toThrow('--port must be at most 65535.');
    expect(() => parseServeFlags({ port: 'http' })).toThrow('--port must be a whole number.');
    expect(() => parseServeFlags({ maxUploadMb: '0' })).toThrow('--max-upload-mb must be');
  });

  it('warns on stderr when bound beyond loopback, and prints a loopback link first', async () => {
    const libraryRoot = await makeTempDir();
    const core = await openCore({ libraryRoot, imagingThreads: 1 });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const stop = new AbortController();
    const io = {
      stdout: (text: string) => {
        stdout.push(text);
        stop.abort();
      },
      stderr: (text: string) => stderr.push(text),
    };
    try {
      await serveCommand(core, { ...parseServeFlags({ host: '0.0.0.0' }) }, io, stop.signal);
    } finally {
      await core.close();
    }
    expect(stdout.join('').split('\n')[0]).toMatch(URL_LINE);
    expect(stderr[0]).toMatch(/^Warning: --host 0\.0\.0\.0 lets other machines/);

    const quiet: string[] = [];
    const again = await openCore({ libraryRoot, imagingThreads: 1 });
    const stopAgain = new AbortController();
    stopAgain.abort();
    try {
      await serveCommand(
        again,
        parseServeFlags({}),
        { stdout: () => {}, stderr: (text) => quiet.push(text) },
        stopAgain.signal,
      );
    } finally {
      await again.close();
    }
    expect(quiet.join('')).not.toContain('Warning');
  });

  it('runs as a process: the link first, a clean exit on SIGTERM mid-import', async () => {
    const libraryRoot = await makeTempDir();
    // `shoebox serve` opens a library, never creates one: made here as the app or import would.
    await (await openCore({ libraryRoot, imagingThreads: 1 })).close();
    const photos = await makeTempDir();
    await Promise.all(
      [0, 1, 2, 3].map(async (index) =>
        writeFile(
          path.join(photos, `IMG_${index}.JPG`),
          await sharp({
            create: {
              width: 256,
              height: 192,
              channels: 3,
              background: { r: index * 60, g: 90, b: 30 },
            },
          })
            .jpeg()
            .toBuffer(),
        ),
      ),
    );
    const cli = fileURLToPath(new URL('./fixtures/shoebox-cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'serve', '--library', libraryRoot, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout });
      const [firstLine] = (await once(lines, 'line')) as [string];
      expect(firstLine).toMatch(URL_LINE);

      const signIn = await fetch(firstLine, { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const origin = new URL(firstLine).origin;
      const call = async (method: string, input: unknown) => {
        const answer = await fetch(`${origin}/api/${method}`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        return answer.json() as Promise<unknown>;
      };
      expect(await call('getLibraryInfo', {})).toMatchObject({
        ok: true,
        value: { path: libraryRoot },
      });
      expect(
        await call('startImport', {
          importId: randomUUID(),
          source: { kind: 'paths', paths: [photos] },
        }),
      ).toMatchObject({ ok: true });
    } finally {
      child.kill('SIGTERM');
    }
    const [code, signal] = await exited;
    expect({ code, signal, stderr }).toMatchObject({ code: 0, signal: null });
    expect(stderr).toContain('Stopping');

    // Whatever the import had done when it was stopped, the library is whole.
    const core = await openCore({ libraryRoot, imagingThreads: 1 });
    try {
      expect(await core.verify()).toMatchObject({ ok: true, problems: [] });
    } finally {
      await core.close();
    }
  });
});
