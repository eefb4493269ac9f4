/**
 * The bounds every ffmpeg run has: one that makes no progress is killed (a damaged file can
 * make ffmpeg spin for ever), however much it prints; one that progresses lives past the bound;
 * one whose signal is aborted is killed at once.
 */
import { describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../../../main/core/video/run-ffmpeg';

/** An ffmpeg run that never ends and prints nothing at `-loglevel error`: an endless pattern. */
const ENDLESS = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=5', '-f', 'null', '-'];

describe('runFfmpeg', () => {
  it('kills a run that makes no progress for its idle bound, as a damaged file', async () => {
    const started = Date.now();
    await expect(runFfmpeg(ENDLESS, { idleTimeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining('no progress for 1 s'),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('kills a run that prints on stderr but makes no progress: messages are not progress', async () => {
    // `-loglevel info -stats` after the quiet options: the status line on stderr, twice a second.
    const chatty = ['-loglevel', 'info', '-stats', ...ENDLESS];
    await expect(runFfmpeg(chatty, { idleTimeoutMs: 1_500 })).rejects.toMatchObject({
      code: 'CORRUPT',
    });
  });

  it('keeps a run alive while its -progress reports grow, and reports them', async () => {
    const seconds: number[] = [];
    // 2 s of pattern read in real time: longer than the idle bound, with progress all along.
    const twoSeconds = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=5:duration=2'];
    const result = await runFfmpeg([...twoSeconds, '-progress', 'pipe:1', '-f', 'null', '-'], {
      idleTimeoutMs: 1_500,
      onProgressSeconds: (value) => seconds.push(value),
    });
    expect(result.exitCode).toBe(0);
    expect(seconds.length).toBeGreaterThan(1);
    expect(seconds.at(-1)).toBeGreaterThan(1.5);
  });

  it('kills a run when its signal is aborted', async () => {
    const controller = new AbortController();
    const run = runFfmpeg(ENDLESS, { idleTimeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('answers exit code and what ffmpeg said when it fails by itself', async () => {
    const result = await runFfmpeg(['-i', '/nonexistent/clip.mp4', '-f', 'null', '-'], {
      idleTimeoutMs: 60_000,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('No such file or directory');
  });
});
