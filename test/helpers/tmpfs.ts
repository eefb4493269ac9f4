/**
 * tmpfs file systems mounted at a test's own mount points, standing in for a drive (no UUID, so
 * known by the marker Shoebox may write). Needs root for `mount`, as CI runs it.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The tmpfs volumes a test mounted, which it detaches after each test. */
export interface TmpfsVolumes {
  /** Mounts a fresh tmpfs at `point`, making the folder first. */
  mount(point: string): Promise<void>;
  /** Moves the tmpfs at `from` to `to`, as a drive that comes back at another path. */
  move(from: string, to: string): Promise<void>;
  /** Unmounts the tmpfs at `point`, as a drive unplugged. */
  unmount(point: string): Promise<void>;
  /**
   * Unmounts every volume still mounted, lazily so a busy one is detached all the same: before
   * the temporary folders go.
   */
  detachAll(): Promise<void>;
}

/** No volumes yet. */
export function tmpfsVolumes(): TmpfsVolumes {
  const mounted: string[] = [];
  return {
    async mount(point) {
      await mkdir(point, { recursive: true });
      try {
        await run('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'shoebox-test-volume', point]);
      } catch (error) {
        throw new Error(
          `This test mounts a tmpfs and needs root (CI runs it as root): ${(error as { stderr?: string }).stderr ?? String(error)}`,
          { cause: error },
        );
      }
      mounted.push(point);
    },
    async move(from, to) {
      await mkdir(to, { recursive: true });
      await run('mount', ['--move', from, to]);
      mounted[mounted.indexOf(from)] = to;
    },
    async unmount(point) {
      await run('umount', [point]);
      mounted.splice(mounted.indexOf(point), 1);
    },
    async detachAll() {
      for (const point of mounted.splice(0).reverse()) {
        await run('umount', ['-l', point]).catch(() => undefined);
      }
    },
  };
}
