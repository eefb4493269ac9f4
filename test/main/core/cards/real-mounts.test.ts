/**
 * Real mounts: tmpfs file systems mounted in a temporary mount root stand in for cards (a FAT
 * image cannot be loop-mounted on machines without the vfat module). Needs root, as CI runs it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCameraCards } from '../../../../main/core/cards/camera-cards';
import { ejectVolume } from '../../../../main/core/cards/eject';
import { readMountTable } from '../../../../main/core/cards/mount-table';
import {
  watchCameraCards,
  type CameraCardWatcher,
} from '../../../../main/core/cards/volume-watcher';

const run = promisify(execFile);

// Generous: a poll every 2 s on two cores shared by several test runs.
const WAIT = { timeout: 10_000, interval: 50 };

let root = '';
const mounted: string[] = [];
const watchers: CameraCardWatcher[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoebox-media-'));
});

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  // Lazily, so that a mount still busy is detached all the same; before the folder goes, so
  // that removing it never reaches into a mounted file system.
  for (const point of mounted.splice(0).reverse()) {
    await run('umount', ['-l', point]).catch(() => undefined);
  }
  await rm(root, { recursive: true, force: true });
});

/** Mounts a fresh tmpfs at `root/label`, with a DCF folder inside unless `card` is false. */
async function mountVolume(label: string, card = true): Promise<string> {
  const point = path.join(root, label);
  await mkdir(point);
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'shoebox-test-card', point]);
  } catch (error) {
    throw new Error(
      `This test mounts a tmpfs and needs root (CI runs it as root): ${(error as { stderr?: string }).stderr ?? String(error)}`,
      { cause: error },
    );
  }
  mounted.push(point);
  if (card) await mkdir(path.join(point, 'DCIM', '100CANON'), { recursive: true });
  return point;
}

async function unmount(point: string): Promise<void> {
  await run('umount', [point]);
  mounted.splice(mounted.indexOf(point), 1);
}

async function isMounted(point: string): Promise<boolean> {
  return (await readMountTable()).some((entry) => entry.mountPoint === point);
}

function watch(pollMs?: number) {
  const reports: string[][] = [];
  const logged: string[] = [];
  const watcher = watchCameraCards({
    onChange: (cards) => reports.push(cards.map((card) => card.label)),
    roots: [root, path.join(root, 'not-there')],
    logger: (message) => logged.push(message),
    ...(pollMs ? { pollMs } : {}),
  });
  watchers.push(watcher);
  return { reports, logged, watcher };
}

describe('camera cards on real mounts', () => {
  it('finds a mounted card with a space in its label, and neither a plain volume nor a plain folder', async () => {
    const card = await mountVolume('EOS DIGITAL');
    await mountVolume('BACKUP', false);
    await mkdir(path.join(root, 'copied', 'DCIM'), { recursive: true });
    expect(await findCameraCards({ roots: [root] })).toEqual([
      { path: card, label: 'EOS DIGITAL', removable: null },
    ]);
    await unmount(card);
    expect(await findCameraCards({ roots: [root] })).toEqual([]);
  });

  it('reports a card mounted after it started, then reports it gone', async () => {
    const { reports, logged } = watch();
    const card = await mountVolume('EOS_DIGITAL');
    await vi.waitFor(() => expect(reports).toEqual([['EOS_DIGITAL']]), WAIT);
    await unmount(card);
    await vi.waitFor(() => expect(reports).toEqual([['EOS_DIGITAL'], []]), WAIT);
    expect(logged).toEqual([]);
  });

  it('polls at once when a mount folder changes, without waiting for the next poll', async () => {
    await mountVolume('EOS_DIGITAL');
    // Ten minutes: only the folder watch can explain a report within the test.
    const { reports, watcher } = watch(600_000);
    await vi.waitFor(() => expect(reports).toEqual([['EOS_DIGITAL']]), WAIT);
    const second = await mountVolume('NIKON');
    // The folder event of the mount point came before the mount; this one comes after it.
    await writeFile(path.join(root, '.touched'), '');
    await vi.waitFor(
      () => expect(reports).toEqual([['EOS_DIGITAL'], ['EOS_DIGITAL', 'NIKON']]),
      WAIT,
    );
    // As udisks does on unmount: the mount point's folder goes with it.
    await unmount(second);
    await rmdir(second);
    await vi.waitFor(
      () => expect(watcher.current().map((card) => card.label)).toEqual(['EOS_DIGITAL']),
      WAIT,
    );
  });

  it('ejects a mounted card, after which it is neither mounted nor listed', async () => {
    const card = await mountVolume('EJECT_ME');
    expect(await isMounted(card)).toBe(true);
    await ejectVolume(card);
    mounted.splice(mounted.indexOf(card), 1);
    expect(await isMounted(card)).toBe(false);
    expect(await findCameraCards({ roots: [root] })).toEqual([]);
  });

  it('refuses to eject a folder nothing is mounted on', async () => {
    const folder = path.join(root, 'plain');
    await mkdir(folder);
    await expect(ejectVolume(folder)).rejects.toThrow(
      `${folder} is not a mounted volume, so there is nothing to eject.`,
    );
  });
});
