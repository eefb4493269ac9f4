/**
 * Which ffmpeg Shoebox starts: the bundled one for this machine, the unpacked copy when it runs
 * from a packaged app, and a clear refusal where none may ship (Apple Silicon).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ffmpegPath, unpackedFromAsar } from '../../../../main/core/video/ffmpeg-binary';
import { VideoError } from '../../../../main/core/video/video-error';

describe('ffmpegPath', () => {
  it('finds the bundled ffmpeg of this machine, an executable that runs', async () => {
    const executable = ffmpegPath();
    expect(path.isAbsolute(executable)).toBe(true);
    expect(executable).toContain(
      path.join('@ffmpeg-installer', `${process.platform}-${process.arch}`),
    );
    accessSync(executable, constants.X_OK);
    const { stdout } = await promisify(execFile)(executable, ['-hide_banner', '-version']);
    expect(stdout).toMatch(/^ffmpeg version /);
    // The GPL build with the encoders the web copy uses.
    expect(stdout).toContain('--enable-libx264');
  });

  it('refuses Apple Silicon, whose only build is nonfree, saying videos are still imported', () => {
    const failure = (() => {
      try {
        return ffmpegPath({ platform: 'darwin', arch: 'arm64' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(VideoError);
    expect(failure).toMatchObject({ code: 'NO_FFMPEG' });
    expect((failure as VideoError).message).toContain('--enable-nonfree');
    expect((failure as VideoError).message).toContain('still imported');
  });

  it('refuses a platform with no build', () => {
    expect(() => ffmpegPath({ platform: 'freebsd', arch: 'x64' })).toThrow(
      expect.objectContaining({
        code: 'NO_FFMPEG',
        message: expect.stringContaining('freebsd-x64'),
      }),
    );
  });
});

describe('unpackedFromAsar', () => {
  it('points a path inside app.asar at the copy unpacked beside it, once', () => {
    const inside = '/opt/Shoebox/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64';
    const unpacked =
      '/opt/Shoebox/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64';
    expect(unpackedFromAsar(inside)).toBe(unpacked);
    expect(unpackedFromAsar(unpacked)).toBe(unpacked);
    expect(unpackedFromAsar('C:\\Shoebox\\resources\\app.asar\\node_modules\\x')).toBe(
      'C:\\Shoebox\\resources\\app.asar.unpacked\\node_modules\\x',
    );
    expect(unpackedFromAsar('/home/me/shoebox/node_modules/x')).toBe(
      '/home/me/shoebox/node_modules/x',
    );
  });
});
