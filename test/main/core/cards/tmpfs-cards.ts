/**
 * tmpfs file systems mounted under a temporary mount root, standing in for camera cards (a FAT
 * image cannot be loop-mounted on machines without the vfat module). Needs root, as CI has.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A temporary mount root and the tmpfs volumes mounted in it. */
export interface TmpfsMounts {
  /** The folder the volumes are mounted in: what `SHOEBOX_CARD_ROOTS` names. */
  root: string;
  /** Mounts a fresh tmpfs at `root/label` and answers its path. */
  mount(label: string): Promise<string>;
  /** Unmounts every volume (lazily, so a busy one goes too), then removes the root. */
  cleanup(): Promise<void>;
}

/** A fresh mount root under the system's temporary folder. */
export async function createTmpfsMounts(): Promise<TmpfsMounts> {
  const root = await mkdtemp(path.join(tmpdir(), 'shoebox-cards-'));
  const mounted: string[] = [];
  return {
    root,
    async mount(label) {
      const point = path.join(root, label);
      await mkdir(point);
      try {
        await run('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'shoebox-test-card', point]);
      } catch (error) {
        throw new Error(
          `This test mounts a tmpfs as a stand-in card and needs root (CI runs it as root): ${(error as { stderr?: string }).stderr ?? String(error)}`,
          { cause: error },
        );
      }
      mounted.push(point);
      return point;
    },
    async cleanup() {
      // Before the folder goes, so that removing it never reaches into a mounted file system.
      for (const point of mounted.splice(0).reverse()) {
        await run('umount', ['-l', point]).catch(() => undefined);
      }
      await rm(root, { recursive: true, force: true });
    },
  };
}
