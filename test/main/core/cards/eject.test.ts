import { describe, expect, it } from 'vitest';
import { ShoeboxError } from '../../../../common/errors';
import { ejectVolume, type RunCommand } from '../../../../main/core/cards/eject';
import { fakeVolumeSystem } from './fake-volume-system';

interface Call {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** A command runner that records each call and answers with `answer` (a rejection fails it). */
function recorder(answer: (call: Call) => Promise<void> = () => Promise.resolve()) {
  const calls: Call[] = [];
  const run: RunCommand = (command, args, env) => {
    const call = { command, args, ...(env ? { env } : {}) };
    calls.push(call);
    return answer(call);
  };
  return { calls, run };
}

function refusal(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

const CARD_MOUNTINFO = [
  '112 29 8:17 / /media/anna/EOS\\040DIGITAL rw - vfat /dev/sdb1 rw',
  '113 27 0:60 / /mnt/ram rw - tmpfs tmpfs rw',
].join('\n');

function linuxSystem() {
  return fakeVolumeSystem({
    '/proc/self/mountinfo': { kind: 'file', text: CARD_MOUNTINFO },
    '/media/anna/EOS DIGITAL': { kind: 'folder', dev: 2 },
    '/mnt/ram': { kind: 'folder', dev: 3 },
    '/media/anna/not-mounted': { kind: 'folder' },
  });
}

async function rejection(promise: Promise<unknown>): Promise<ShoeboxError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ShoeboxError);
  return error as ShoeboxError;
}

describe('ejectVolume on Linux', () => {
  it("unmounts the card's device through udisks, then powers it off", async () => {
    const { calls, run } = recorder();
    await ejectVolume('/media/anna/EOS DIGITAL', { platform: 'linux', system: linuxSystem(), run });
    expect(calls).toEqual([
      { command: 'udisksctl', args: ['unmount', '--no-user-interaction', '-b', '/dev/sdb1'] },
      { command: 'udisksctl', args: ['power-off', '--no-user-interaction', '-b', '/dev/sdb1'] },
    ]);
  });

  it('is done once unmounted, even when the device cannot be powered off', async () => {
    const { calls, run } = recorder((call) =>
      call.args[0] === 'power-off'
        ? Promise.reject(refusal('No drive for /dev/sdb1'))
        : Promise.resolve(),
    );
    await ejectVolume('/media/anna/EOS DIGITAL', { platform: 'linux', system: linuxSystem(), run });
    expect(calls).toHaveLength(2);
  });

  it('falls back to umount without udisks, and for a mount that is no device', async () => {
    const missing = recorder((call) =>
      call.command === 'udisksctl'
        ? Promise.reject(refusal('udisksctl is not installed', 'ENOENT'))
        : Promise.resolve(),
    );
    await ejectVolume('/media/anna/EOS DIGITAL', {
      platform: 'linux',
      system: linuxSystem(),
      run: missing.run,
    });
    expect(missing.calls.map((call) => [call.command, ...call.args])).toEqual([
      ['udisksctl', 'unmount', '--no-user-interaction', '-b', '/dev/sdb1'],
      ['umount', '/media/anna/EOS DIGITAL'],
    ]);
    const tmpfs = recorder();
    await ejectVolume('/mnt/ram', { platform: 'linux', system: linuxSystem(), run: tmpfs.run });
    expect(tmpfs.calls).toEqual([{ command: 'umount', args: ['/mnt/ram'] }]);
  });

  it("gives both tools' words when both refuse", async () => {
    const { run } = recorder((call) =>
      Promise.reject(
        refusal(
          call.command === 'udisksctl'
            ? 'Error unmounting /dev/sdb1: target is busy'
            : 'umount: /media/anna/EOS DIGITAL: target is busy.',
        ),
      ),
    );
    const error = await rejection(
      ejectVolume('/media/anna/EOS DIGITAL', { platform: 'linux', system: linuxSystem(), run }),
    );
    expect(error.code).toBe('IO_ERROR');
    expect(error.message).toBe(
      'Could not unmount /media/anna/EOS DIGITAL: udisksctl: Error unmounting /dev/sdb1: target is busy; umount: umount: /media/anna/EOS DIGITAL: target is busy.',
    );
  });

  it('refuses a folder nothing is mounted on, running nothing', async () => {
    const { calls, run } = recorder();
    const error = await rejection(
      ejectVolume('/media/anna/not-mounted', { platform: 'linux', system: linuxSystem(), run }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(
      '/media/anna/not-mounted is not a mounted volume, so there is nothing to eject.',
    );
    expect(calls).toEqual([]);
  });
});

describe('ejectVolume on macOS and Windows', () => {
  it('asks diskutil on macOS, with its words when it refuses', async () => {
    const ok = recorder();
    await ejectVolume('/Volumes/EOS_DIGITAL', { platform: 'darwin', run: ok.run });
    expect(ok.calls).toEqual([{ command: 'diskutil', args: ['eject', '/Volumes/EOS_DIGITAL'] }]);
    const busy = recorder(() =>
      Promise.reject(refusal('Volume EOS_DIGITAL on disk4s1 failed to eject')),
    );
    const error = await rejection(
      ejectVolume('/Volumes/EOS_DIGITAL', { platform: 'darwin', run: busy.run }),
    );
    expect(error.message).toBe(
      'macOS could not eject /Volumes/EOS_DIGITAL: Volume EOS_DIGITAL on disk4s1 failed to eject',
    );
  });

  it("uses the Explorer's Eject on Windows, the drive passed outside the script", async () => {
    const { calls, run } = recorder();
    await ejectVolume('e:\\', { platform: 'win32', run });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.command).toBe('powershell.exe');
    expect(calls[0]?.env).toEqual({ SHOEBOX_EJECT_DRIVE: 'E:' });
    const script = calls[0]?.args.at(-1) ?? '';
    expect(script).toContain("InvokeVerb('Eject')");
    expect(script).not.toContain('E:');
  });

  it('refuses a Windows path that is not a whole drive, and says what Windows said', async () => {
    const { calls, run } = recorder(() =>
      Promise.reject(refusal('E: is still there: a program may be using it.')),
    );
    const notDrive = await rejection(ejectVolume('E:\\DCIM', { platform: 'win32', run }));
    expect(notDrive.code).toBe('INVALID_INPUT');
    expect(calls).toEqual([]);
    const busy = await rejection(ejectVolume('E:', { platform: 'win32', run }));
    expect(busy.message).toBe(
      'Windows could not eject E:: E: is still there: a program may be using it.',
    );
  });

  it('says it cannot on other platforms', async () => {
    const error = await rejection(ejectVolume('/media/card', { platform: 'freebsd' }));
    expect(error.code).toBe('UNSUPPORTED');
  });
});
