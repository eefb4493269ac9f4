/**
 * Runs the bundled ffmpeg once, quietly and under a time bound: `-nostdin` (it never waits for a
 * key press or steals the terminal), `-hide_banner -loglevel error` (its stderr is only the
 * reason a file failed, which becomes the error message). A run that makes no progress for
 * `idleTimeoutMs` is killed, and an aborted `signal` kills it too.
 */
import { spawn } from 'node:child_process';
import { ffmpegPath } from './ffmpeg-binary';
import { VideoError } from './video-error';

/** How one ffmpeg run is bounded and watched. */
export interface FfmpegRunOptions {
  /**
   * Killed after this long without progress: without `-progress pipe:1` in its arguments (a
   * poster), the bound of the whole run; with it (a web copy), of the time between two reports
   * whose encoded time grew, so a long transcode lives as long as it moves and a stuck one dies.
   * What ffmpeg prints on stderr does not count: a damaged stream can print errors for ever.
   */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** The encoded time, in seconds, each time a `-progress` report shows it grew. */
  onProgressSeconds?: (seconds: number) => void;
}

/** How an ffmpeg run ended, when it ended by itself. */
export interface FfmpegResult {
  exitCode: number;
  /** What ffmpeg said at `-loglevel error`, trimmed; empty when it said nothing. */
  stderr: string;
}

/**
 * The most of ffmpeg's stderr kept, its end (where the reason it gave up is): a damaged file can
 * print one error per packet.
 */
const MAX_STDERR_CHARS = 16 * 1024;

/**
 * Runs ffmpeg with `args` after the quiet options; resolves with its exit code and stderr, or
 * rejects with VideoError: NO_FFMPEG (none here), CANCELLED (aborted), CORRUPT (killed for
 * hanging: ffmpeg only hangs on input it cannot make sense of), IO (it could not be started).
 */
export function runFfmpeg(
  args: readonly string[],
  options: FfmpegRunOptions,
): Promise<FfmpegResult> {
  let executable: string;
  try {
    executable = ffmpegPath();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const { signal, idleTimeoutMs, onProgressSeconds } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let stdoutRest = '';
    let encodedSeconds = -1;
    let failure: VideoError | null = null;
    const stop = (error: VideoError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    let idleTimer = setTimeout(() => stop(hung(idleTimeoutMs)), idleTimeoutMs);
    const stillAlive = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => stop(hung(idleTimeoutMs)), idleTimeoutMs);
    };
    const onAbort = () => stop(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (stdoutRest + chunk).split('\n');
      stdoutRest = lines.pop() ?? '';
      for (const line of lines) {
        const seconds = progressSeconds(line.trim());
        if (seconds === null || seconds <= encodedSeconds) continue;
        encodedSeconds = seconds;
        stillAlive();
        onProgressSeconds?.(seconds);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
    });
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve({ exitCode: code ?? -1, stderr: stderr.trim() });
    };
    child.on('error', (error) => {
      failure ??= new VideoError(
        'IO',
        `ffmpeg could not be started (${executable}): ${error.message}`,
      );
      // A process that never started sends no 'close' on every Node version: settle now.
      if (child.pid === undefined) settle(null);
    });
    child.on('close', settle);
  });
}

/** The encoded time in an `out_time=00:01:02.500000` line of `-progress`, else null. */
function progressSeconds(line: string): number | null {
  const match = /^out_time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(line);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function cancelled(): VideoError {
  return new VideoError('CANCELLED', 'cancelled');
}

function hung(idleTimeoutMs: number): VideoError {
  return new VideoError(
    'CORRUPT',
    `ffmpeg made no progress for ${Math.round(idleTimeoutMs / 1000)} s on this video and was ` +
      'stopped; the file is probably damaged',
  );
}

/**
 * A VideoError for an ffmpeg run that failed, from what ffmpeg said: a missing or unreadable
 * file is IO, a file with no video or a codec this ffmpeg lacks is UNSUPPORTED_FORMAT, anything
 * else (damaged data) CORRUPT. `what` names the file for the message.
 */
export function ffmpegFailure(what: string, result: FfmpegResult): VideoError {
  const said = lastLine(result.stderr) || `ffmpeg exited with code ${result.exitCode}`;
  if (/No such file or directory|Permission denied|Input\/output error/i.test(result.stderr)) {
    return new VideoError('IO', `${what} could not be read: ${said}`);
  }
  if (
    /matches no streams|does not contain any stream|Decoder \(codec [^)]*\) not found/i.test(
      result.stderr,
    )
  ) {
    return new VideoError(
      'UNSUPPORTED_FORMAT',
      `${what} has no video this ffmpeg can decode: ${said}`,
    );
  }
  return new VideoError('CORRUPT', `${what} looks damaged or incomplete: ${said}`);
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? '';
}
