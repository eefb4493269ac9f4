import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardVolume } from '../../../../main/core/cards/camera-cards';
import {
  watchCameraCards,
  type CameraCardWatcher,
  type WatchCameraCardsOptions,
  type WatchFolder,
} from '../../../../main/core/cards/volume-watcher';
import { fakeVolumeSystem, type FakeVolumeSystem } from './fake-volume-system';

// Polls this often in these tests: the fake answers at once, and many polls must pass.
const FAST_POLL_MS = 20;
// Generous: two cores shared by several test runs.
const WAIT = { timeout: 10_000, interval: 10 };

const started: CameraCardWatcher[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((watcher) => watcher.close()));
});

function start(options: WatchCameraCardsOptions): CameraCardWatcher {
  const watcher = watchCameraCards(options);
  started.push(watcher);
  return watcher;
}

/** A Linux machine whose mount table a test edits; `mount` adds a card with DCIM. */
function machine(): FakeVolumeSystem & {
  mount(label: string): void;
  unmount(label: string): void;
} {
  const lines = new Map<string, string>();
  const system = fakeVolumeSystem({
    '/media': { kind: 'folder' },
    '/media/anna': { kind: 'folder' },
  });
  const table = () =>
    system.entries.set('/proc/self/mountinfo', {
      kind: 'file',
      text: [...lines.values()].join('\n'),
    });
  table();
  return Object.assign(system, {
    mount(label: string) {
      const point = `/media/anna/${label}`;
      lines.set(label, `${100 + lines.size} 29 8:17 / ${point} rw - vfat /dev/${label} rw`);
      system.entries.set(point, { kind: 'folder', dev: 2 });
      system.entries.set(`${point}/DCIM`, { kind: 'folder', dev: 2 });
      table();
    },
    unmount(label: string) {
      lines.delete(label);
      system.entries.delete(`/media/anna/${label}`);
      system.entries.delete(`/media/anna/${label}/DCIM`);
      table();
    },
  });
}

/** Waits until `count` more polls have read the mount table. */
async function afterPolls(system: FakeVolumeSystem, count: number): Promise<void> {
  const target = system.reads + count;
  await vi.waitFor(() => expect(system.reads).toBeGreaterThanOrEqual(target), WAIT);
}

const paths = (cards: CardVolume[]) => cards.map((card) => card.path);

describe('watchCameraCards', () => {
  it('reports a card appearing and going, and nothing while nothing changes', async () => {
    const system = machine();
    const reports: string[][] = [];
    const watcher = start({
      onChange: (cards) => reports.push(paths(cards)),
      pollMs: FAST_POLL_MS,
      platform: 'linux',
      system,
      watchFolder: () => ({ close() {} }),
    });
    await afterPolls(system, 3);
    expect(reports).toEqual([]);
    system.mount('EOS_DIGITAL');
    await vi.waitFor(() => expect(reports).toHaveLength(1), WAIT);
    await afterPolls(system, 5);
    system.mount('NIKON');
    await vi.waitFor(() => expect(reports).toHaveLength(2), WAIT);
    expect(watcher.current().map((card) => card.label)).toEqual(['EOS_DIGITAL', 'NIKON']);
    system.unmount('EOS_DIGITAL');
    await vi.waitFor(() => expect(reports).toHaveLength(3), WAIT);
    await afterPolls(system, 5);
    expect(reports).toEqual([
      ['/media/anna/EOS_DIGITAL'],
      ['/media/anna/EOS_DIGITAL', '/media/anna/NIKON'],
      ['/media/anna/NIKON'],
    ]);
  });

  it('reports the cards already there when it starts', async () => {
    const system = machine();
    system.mount('EOS_DIGITAL');
    const reports: string[][] = [];
    start({
      onChange: (cards) => reports.push(paths(cards)),
      pollMs: FAST_POLL_MS,
      platform: 'linux',
      system,
      watchFolder: () => ({ close() {} }),
    });
    await vi.waitFor(() => expect(reports).toEqual([['/media/anna/EOS_DIGITAL']]), WAIT);
  });

  it('logs a failing poll once, keeps polling, and recovers', async () => {
    const system = machine();
    let broken = true;
    const failing = {
      ...system,
      readText: (file: string) =>
        broken ? Promise.reject(new Error('EIO: i/o error')) : system.readText(file),
    };
    const logged: string[] = [];
    const reports: string[][] = [];
    start({
      onChange: (cards) => reports.push(paths(cards)),
      pollMs: FAST_POLL_MS,
      platform: 'linux',
      system: failing,
      logger: (message) => logged.push(message),
      watchFolder: () => ({ close() {} }),
    });
    system.mount('EOS_DIGITAL');
    await vi.waitFor(() => expect(logged).toHaveLength(1), WAIT);
    // Polls go on failing the same way; each would log without the repeat guard.
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS * 10));
    expect(logged).toEqual([
      'Camera-card detection failed: Cannot read the mount table /proc/self/mountinfo: EIO: i/o error',
    ]);
    expect(reports).toEqual([]);
    broken = false;
    await vi.waitFor(() => expect(reports).toEqual([['/media/anna/EOS_DIGITAL']]), WAIT);
  });

  it('logs a listener that throws, and goes on reporting', async () => {
    const system = machine();
    const logged: string[] = [];
    let calls = 0;
    start({
      onChange: () => {
        calls++;
        throw new Error('the window is gone');
      },
      pollMs: FAST_POLL_MS,
      platform: 'linux',
      system,
      logger: (message) => logged.push(message),
      watchFolder: () => ({ close() {} }),
    });
    system.mount('EOS_DIGITAL');
    await vi.waitFor(() => expect(calls).toBe(1), WAIT);
    expect(logged).toEqual(['A camera-card listener failed: the window is gone']);
    system.unmount('EOS_DIGITAL');
    await vi.waitFor(() => expect(calls).toBe(2), WAIT);
  });

  it('watches the roots that exist and their user folders, and polls at once on an event', async () => {
    const system = machine();
    const watched = new Map<string, () => void>();
    const watchFolder: WatchFolder = (folder, onEvent) => {
      watched.set(folder, onEvent);
      return { close: () => watched.delete(folder) };
    };
    const reports: string[][] = [];
    const watcher = start({
      onChange: (cards) => reports.push(paths(cards)),
      // So long that only the event can explain a report within the test.
      pollMs: 600_000,
      roots: ['/media', '/run/media'],
      platform: 'linux',
      system,
      watchFolder,
    });
    await vi.waitFor(() => expect([...watched.keys()]).toEqual(['/media', '/media/anna']), WAIT);
    system.mount('EOS_DIGITAL');
    watched.get('/media/anna')?.();
    await vi.waitFor(() => expect(reports).toEqual([['/media/anna/EOS_DIGITAL']]), WAIT);
    // The card's own folder is a volume, not a folder to watch.
    expect([...watched.keys()]).toEqual(['/media', '/media/anna']);
    await watcher.close();
    expect(watched.size).toBe(0);
  });

  it('logs a watch that cannot start (once while it lasts) or breaks, and watches again later', async () => {
    const system = machine();
    const logged: string[] = [];
    let attempts = 0;
    const breakers: ((error: unknown) => void)[] = [];
    const watchFolder: WatchFolder = (folder, _onEvent, onError) => {
      attempts++;
      // Failing over several polls, as when inotify's watches are used up.
      if (attempts <= 3) throw new Error(`ENOSPC: inotify watches used up (${folder})`);
      breakers.push(onError);
      return { close() {} };
    };
    start({
      onChange: () => {},
      pollMs: FAST_POLL_MS,
      roots: ['/media/anna'],
      platform: 'linux',
      system,
      logger: (message) => logged.push(message),
      watchFolder,
    });
    await vi.waitFor(() => expect(breakers).toHaveLength(1), WAIT);
    breakers[0]?.(new Error('EPERM: operation not permitted'));
    await vi.waitFor(() => expect(breakers).toHaveLength(2), WAIT);
    expect(logged).toEqual([
      'Cannot watch /media/anna (cards there are seen at the next poll): ENOSPC: inotify watches used up (/media/anna)',
      'Stopped watching /media/anna: EPERM: operation not permitted',
    ]);
  });

  it('polls every 2 s when asked for a period that is no positive number', async () => {
    const system = machine();
    start({
      onChange: () => {},
      pollMs: 0,
      platform: 'linux',
      system,
      watchFolder: () => ({ close() {} }),
    });
    await afterPolls(system, 1);
    // Back to back, a poll of the fake takes well under a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(system.reads).toBe(1);
  });

  it('stops polling and reporting once closed', async () => {
    const system = machine();
    const reports: string[][] = [];
    const watcher = start({
      onChange: (cards) => reports.push(paths(cards)),
      pollMs: FAST_POLL_MS,
      platform: 'linux',
      system,
      watchFolder: () => ({ close() {} }),
    });
    await afterPolls(system, 2);
    await watcher.close();
    const readsAtClose = system.reads;
    system.mount('EOS_DIGITAL');
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS * 10));
    expect(system.reads).toBe(readsAtClose);
    expect(reports).toEqual([]);
  });
});
