/**
 * Finds the ffmpeg executable that ships with Shoebox: the `@ffmpeg-installer/<platform>-<arch>`
 * package that npm installed for this machine. In a packaged app that package sits in
 * `app.asar.unpacked` (electron-builder.yml `asarUnpack`): an executable inside an archive
 * cannot be started.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VideoError } from './video-error';

/** What the binary is looked up by, so tests can pretend to be any platform. */
export interface FfmpegPlatform {
  platform: NodeJS.Platform;
  arch: string;
}

/**
 * The @ffmpeg-installer builds Shoebox may ship (THIRD-PARTY-MEDIA.md): GPL-3 static builds.
 * darwin-arm64 is left out on purpose: its 4.1.5 package is configured with `--enable-nonfree`,
 * which makes the binary non-redistributable; Apple Silicon Macs get no posters or web copies
 * (metadata still works: it is WebAssembly) until a redistributable arm64 build is found.
 */
const SHIPPED_BUILDS = new Set([
  'darwin-x64',
  'linux-arm',
  'linux-arm64',
  'linux-ia32',
  'linux-x64',
  'win32-ia32',
  'win32-x64',
]);

/** Builds that exist but may not ship, with the reason a user is told. */
const REFUSED_BUILDS = new Map([
  [
    'darwin-arm64',
    'the only ffmpeg build for Apple Silicon (@ffmpeg-installer/darwin-arm64) is built with ' +
      '--enable-nonfree and may not be redistributed, so this build of Shoebox makes no video ' +
      'posters or web copies on Apple Silicon; videos are still imported and kept as they are',
  ],
]);

/**
 * The absolute path of the bundled ffmpeg, `app.asar` rewritten to `app.asar.unpacked`; throws a
 * VideoError('NO_FFMPEG') saying why when this platform has none.
 */
export function ffmpegPath(target: FfmpegPlatform = process): string {
  const build = `${target.platform}-${target.arch}`;
  const refused = REFUSED_BUILDS.get(build);
  if (refused) throw new VideoError('NO_FFMPEG', `No video posters on ${build}: ${refused}`);
  if (!SHIPPED_BUILDS.has(build)) {
    throw new VideoError(
      'NO_FFMPEG',
      `No video posters on ${build}: Shoebox ships no ffmpeg for it`,
    );
  }
  let packageFile: string;
  try {
    packageFile = createRequire(import.meta.url).resolve(`@ffmpeg-installer/${build}/package.json`);
  } catch {
    throw new VideoError(
      'NO_FFMPEG',
      `No video posters: the ffmpeg package for ${build} (@ffmpeg-installer/${build}) is not ` +
        `installed; reinstall Shoebox (or run npm ci)`,
    );
  }
  const executable = path.join(
    unpackedFromAsar(path.dirname(packageFile)),
    target.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg',
  );
  if (!existsSync(executable)) {
    throw new VideoError(
      'NO_FFMPEG',
      `No video posters: ffmpeg is missing at ${executable}; reinstall Shoebox`,
    );
  }
  return executable;
}

/**
 * A path inside `app.asar` as the real file electron-builder unpacked beside it. Electron's fs
 * answers for paths inside the archive, but a child process is started by the OS, which only
 * knows the unpacked copy.
 */
export function unpackedFromAsar(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}
