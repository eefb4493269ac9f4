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
  /**
   * Fills a fresh tmpfs outside the root with `fill`, then binds it to `root/label` in one
   * step, as a card arrives: a watcher never sees it half written. Answers `root/label`.
   */
  insert(label: string, fill: (staged: string) => Promise<void>): Promise<string>;
  /** Unmounts every volume (lazily, so a busy one goes too), then removes the root. */
  cleanup(): Promise<void>;
}

/** A fresh mount root under the system's temporary folder. */
export async function createTmpfsMounts(): Promise<TmpfsMounts> {
  const root = await mkdtemp(path.join(tmpdir(), 'shoebox-cards-'));
  const staging = await mkdtemp(path.join(tmpdir(), 'shoebox-card-staging-'));
  const mounted: string[] = [];
  const mountAt = async (point: string, args: string[]) => {
    await mkdir(point);
    try {
      await run('mount', [...args, point]);
    } catch (error) {
      throw new Error(
        `This test mounts a tmpfs as a stand-in card and needs root (CI runs it as root): ${(error as { stderr?: string }).stderr ?? String(error)}`,
        { cause: error },
      );
    }
    mounted.push(point);
    return point;
  };
  const mountTmpfs = (point: string) =>
    mountAt(point, ['-t', 'tmpfs', '-o', 'size=16m', 'shoebox-test-card']);
  return {
    root,
    mount: (label) => mountTmpfs(path.join(root, label)),
    async insert(label, fill) {
      const staged = await mountTmpfs(path.join(staging, label));
      await fill(staged);
      return mountAt(path.join(root, label), ['--bind', staged]);
    },
    async cleanup() {
      // Before the folder goes, so that removing it never reaches into a mounted file system.
      for (const point of mounted.splice(0).reverse()) {
        await run('umount', ['-l', point]).catch(() => undefined);
      }
      await rm(root, { recursive: true, force: true });
      await rm(staging, { recursive: true, force: true });
    },
  };
}
