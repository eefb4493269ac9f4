/**
 * Ejects a volume through the system's own tool, as a file manager would: udisks (or
 * `umount`) on Linux, `diskutil` on macOS, the Explorer's Eject on Windows. Shoebox never
 * writes to a card, so there is nothing of its own to flush first.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { errorMessage, ShoeboxError } from '../../../common/errors';
import { readMountTable } from './mount-table';
import { nodeVolumeSystem, type VolumeSystem } from './volume-system';

/**
 * Runs a command to its end. Rejects with an Error whose message is what the command said
 * (its error output, else its output), with `code: 'ENOENT'` when the command does not exist.
 */
export type RunCommand = (
  command: string,
  args: string[],
  env?: Record<string, string>,
) => Promise<void>;

/** The platform and its tools; tests pass their own. */
export interface EjectOptions {
  platform?: NodeJS.Platform;
  system?: VolumeSystem;
  run?: RunCommand;
}

// Unmounting waits for the card's caches to be written out, which takes seconds on a slow card.
const EJECT_TIMEOUT_MS = 60_000;

// The Explorer's Eject, which works for card readers and USB sticks alike, then a wait for the
// drive to stop answering (`InvokeVerb` returns before the eject ends and reports no failure).
// The drive comes in an environment variable so that no path is ever spliced into the script.
const WINDOWS_EJECT_SCRIPT = [
  '$drive = $env:SHOEBOX_EJECT_DRIVE',
  '$item = (New-Object -ComObject Shell.Application).Namespace(17).ParseName($drive)',
  'if ($null -eq $item) { [Console]::Error.WriteLine("Windows lists no drive $drive."); exit 2 }',
  "$item.InvokeVerb('Eject')",
  'for ($i = 0; $i -lt 40; $i++) { if (-not (Test-Path "$drive\\")) { exit 0 }; Start-Sleep -Milliseconds 250 }',
  '[Console]::Error.WriteLine("$drive is still there: a program may be using it."); exit 3',
].join('; ');

/**
 * Unmounts the volume at `volumePath` and, where the system can, powers its device off so it
 * can be pulled out. Throws a ShoeboxError: NOT_FOUND when nothing is mounted there (Linux),
 * INVALID_INPUT for a Windows path that is not a drive, UNSUPPORTED on other platforms, and
 * IO_ERROR with the system tool's own words when it refuses (a program still has files open).
 */
export async function ejectVolume(volumePath: string, options: EjectOptions = {}): Promise<void> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  switch (platform) {
    case 'linux':
      return ejectOnLinux(volumePath, options.system ?? nodeVolumeSystem, run);
    case 'darwin':
      return run('diskutil', ['eject', volumePath]).catch((error: unknown) => {
        throw failure(`macOS could not eject ${volumePath}`, error);
      });
    case 'win32':
      return ejectOnWindows(volumePath, run);
    default:
      throw new ShoeboxError(
        'UNSUPPORTED',
        `Shoebox cannot eject volumes on ${platform}; unmount ${volumePath} with the system's tools.`,
      );
  }
}

async function ejectOnLinux(
  volumePath: string,
  system: VolumeSystem,
  run: RunCommand,
): Promise<void> {
  const mounts = await readMountTable(system.readText).catch((error: unknown) => {
    throw new ShoeboxError('IO_ERROR', errorMessage(error));
  });
  const target = await system.realpath(volumePath).catch(() => path.posix.resolve(volumePath));
  // The last mount on a point is the visible one.
  const mount = mounts.findLast((entry) => entry.mountPoint === target);
  if (!mount) {
    throw new ShoeboxError(
      'NOT_FOUND',
      `${volumePath} is not a mounted volume, so there is nothing to eject.`,
    );
  }
  let udisksRefusal: unknown = null;
  if (mount.source.startsWith('/dev/')) {
    try {
      // udisks unmounts what it mounted for the user, without root.
      await run('udisksctl', ['unmount', '--no-user-interaction', '-b', mount.source]);
      // The card is safe to pull once unmounted; powering off fails for a laptop's built-in
      // slot (no drive to power off) and while another slot of the reader is mounted.
      await run('udisksctl', ['power-off', '--no-user-interaction', '-b', mount.source]).catch(
        () => undefined,
      );
      return;
    } catch (error) {
      // Without udisks (or its daemon), `umount` is the way left; it may still work.
      udisksRefusal = isMissingCommand(error) ? null : error;
    }
  }
  try {
    await run('umount', [target]);
  } catch (error) {
    const said = udisksRefusal ? `udisksctl: ${errorMessage(udisksRefusal)}; umount: ` : '';
    throw failure(`Could not unmount ${volumePath}`, new Error(said + errorMessage(error)));
  }
}

async function ejectOnWindows(volumePath: string, run: RunCommand): Promise<void> {
  const letter = /^([A-Za-z]):[\\/]?$/.exec(volumePath)?.[1];
  if (!letter) {
    throw new ShoeboxError(
      'INVALID_INPUT',
      `Only a whole drive (such as E:\\) can be ejected, not ${volumePath}.`,
    );
  }
  const drive = `${letter.toUpperCase()}:`;
  await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_EJECT_SCRIPT], {
    SHOEBOX_EJECT_DRIVE: drive,
  }).catch((error: unknown) => {
    throw failure(`Windows could not eject ${drive}`, error);
  });
}

function failure(what: string, error: unknown): ShoeboxError {
  return new ShoeboxError('IO_ERROR', `${what}: ${errorMessage(error)}`);
}

function isMissingCommand(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function runCommand(command: string, args: string[], env?: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        timeout: EJECT_TIMEOUT_MS,
        env: env ? { ...process.env, ...env } : process.env,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const code = error.code;
        const said =
          code === 'ENOENT' ? `${command} is not installed` : `${stderr}\n${stdout}`.trim();
        reject(Object.assign(new Error(said || error.message), { code }));
      },
    );
  });
}
