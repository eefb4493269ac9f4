/**
 * The `shoebox` command's libuv thread pool has the intended size: bin/shoebox.js runs the CLI
 * in a process that has UV_THREADPOOL_SIZE from its start (set inside an ES module on Node 20,
 * it comes too late). A probe preloaded into every `shoebox` process (`--import`, which the
 * bin passes on) measures the pool: it parks one fewer `open()` of a FIFO than the intended
 * size, each holding a pool thread until a writer comes, and a `stat()` must still complete;
 * with libuv's default of 4 threads it would wait. Needs dist/ (`npm run build`) and mkfifo.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { intendedLibuvThreadPoolSize } from '../../../main/core/imaging/libuv-threads';
import { openCore } from '../../../main/core/shoebox-core';
import { runShoebox } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const CLI = path.resolve(import.meta.dirname, '../../../bin/shoebox.js');

// Records, per process, the UV_THREADPOOL_SIZE it started with and, when it has one, whether
// the pool has at least that many threads. Runs before the bin, so before any of Shoebox's work.
const PROBE = `
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, promises as fsp, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const size = process.env.UV_THREADPOOL_SIZE;
const record = { pid: process.pid, size: size ?? null, parked: null, statCompleted: null };
if (size !== undefined) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoebox-uv-probe-'));
  const fifos = Array.from({ length: Number(size) - 1 }, (_, i) => path.join(dir, 'fifo' + i));
  execFileSync('mkfifo', fifos);
  const readers = fifos.map((fifo) => fsp.open(fifo, 'r'));
  // Only a pool too small for the parked opens gets here; 20 s is only how long to wait for it.
  let timer;
  record.statCompleted = await Promise.race([
    fsp.stat(dir).then(() => true),
    new Promise((resolve) => (timer = setTimeout(resolve, 20_000, false))),
  ]);
  clearTimeout(timer);
  record.parked = fifos.length;
  for (const fifo of fifos) closeSync(openSync(fifo, 'w'));
  for (const handle of await Promise.all(readers)) await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
appendFileSync(process.env.SHOEBOX_UV_PROBE_OUT, JSON.stringify(record) + '\\n');
`;

interface ProbeRecord {
  pid: number;
  size: string | null;
  parked: number | null;
  statCompleted: boolean | null;
}

async function runProbed(
  env: Record<string, string | undefined>,
  ...args: string[]
): Promise<{ stdout: string; records: ProbeRecord[] }> {
  const dir = await makeTempDir();
  const probe = path.join(dir, 'probe.mjs');
  const out = path.join(dir, 'probe.jsonl');
  await writeFile(probe, PROBE);
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NODE_OPTIONS: '',
    SHOEBOX_UV_PROBE_OUT: out,
    ...env,
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', pathToFileURL(probe).href, CLI, ...args],
    { env: childEnv },
  );
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  return { stdout, records: lines.map((line) => JSON.parse(line) as ProbeRecord) };
}

describe.skipIf(process.platform === 'win32')("shoebox's libuv thread pool", () => {
  it('has the intended size when the environment sets none', async () => {
    const intended = intendedLibuvThreadPoolSize();
    expect(intended).toBeGreaterThan(4);
    const { stdout, records } = await runProbed({ UV_THREADPOOL_SIZE: undefined }, '--help');

    expect(stdout).toContain('Usage: shoebox');
    // The bin's process, started without the variable, and the one it starts to do the work.
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ size: null });
    expect(records[1]).toEqual({
      pid: expect.any(Number) as number,
      size: String(intended),
      parked: intended - 1,
      statCompleted: true,
    });
  });

  it('keeps a size the environment sets, in one process', async () => {
    const { records } = await runProbed({ UV_THREADPOOL_SIZE: '6' }, '--help');

    expect(records).toEqual([
      { pid: expect.any(Number) as number, size: '6', parked: 5, statCompleted: true },
    ]);
  });
});

describe('bin/shoebox.js, starting the CLI in a process of its own', () => {
  it("exits with the CLI's exit code", async () => {
    const expected = (await runShoebox('no-such-command')).code;
    expect(expected).not.toBe(0);
    const env = { ...process.env, UV_THREADPOOL_SIZE: undefined };
    const run = promisify(execFile)(process.execPath, [CLI, 'no-such-command'], { env });

    await expect(run).rejects.toMatchObject({ code: expected });
  });

  it('passes SIGTERM on: `shoebox serve` stops cleanly', async () => {
    // `serve` opens a library, never creates one: made here as the app or `shoebox import` would.
    const library = await makeTempDir();
    await (await openCore({ libraryRoot: library, imagingThreads: 1 })).close();
    const env = { ...process.env, UV_THREADPOOL_SIZE: undefined };
    const serve = spawn(process.execPath, [CLI, 'serve', '--library', library, '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The link it prints once it listens (or the end of its output, should it fail to start).
    await new Promise((resolve) => {
      serve.stdout.once('data', resolve);
      serve.stdout.once('end', resolve);
    });
    serve.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      serve.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );

    // The serving process itself got the signal: it stopped the way `serve` stops on one.
    expect(stderr).toContain('Stopping: closing connections');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
