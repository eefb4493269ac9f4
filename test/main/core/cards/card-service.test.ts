/**
 * The core's card methods and `cardsChanged` on real mounts: tmpfs cards put in under a
 * temporary mount root (SHOEBOX_CARD_ROOTS). Needs root, as CI runs it.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CameraCard } from '../../../../common/contract';
import { readMountTable } from '../../../../main/core/cards/mount-table';
import { openCore, type CoreEvent, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { makeTempDir } from '../../../helpers/temp-dir';
import { writeCard } from './card-tree';
import { createTmpfsMounts, type TmpfsMounts } from './tmpfs-cards';

// Generous: a poll every 2 s, and a count that reads every shot, on two busy cores.
const WAIT = { timeout: 20_000, interval: 50 };

let mounts: TmpfsMounts;
let core: ShoeboxCore;
beforeEach(async () => {
  mounts = await createTmpfsMounts();
  vi.stubEnv('SHOEBOX_CARD_ROOTS', mounts.root);
  core = await openCore({ libraryRoot: path.join(await makeTempDir(), 'library') });
});
afterEach(async () => {
  await core.close();
  vi.unstubAllEnvs();
  await mounts.cleanup();
});

/** Every `cardsChanged` the core sends from now on, as the labels and new counts of its cards. */
function listen(): { reports: Array<Array<[string, number]>>; stop: () => void } {
  const reports: Array<Array<[string, number]>> = [];
  const stop = core.subscribe((event: CoreEvent) => {
    if (event.event === 'cardsChanged') {
      reports.push(event.payload.map((card: CameraCard) => [card.label, card.newFiles]));
    }
  });
  return { reports, stop };
}

describe('the core on camera cards', () => {
  it('announces a card put in, counted, as listCards answers it, and one ejected', async () => {
    const { reports, stop } = listen();
    const card = await mounts.insert('EOS_DIGITAL', async (staged) => {
      await writeCard(staged);
    });

    await vi.waitFor(() => expect(reports).toEqual([[['EOS_DIGITAL', 3]]]), WAIT);
    const listed = await core.handlers.listCards({});
    expect(listed).toMatchObject([{ path: card, label: 'EOS_DIGITAL', files: 3, newFiles: 3 }]);
    expect(listed[0]!.days.map((day) => [day.day, day.newFiles])).toEqual([
      ['2024-05-02', 2],
      ['2024-05-01', 1],
    ]);

    await expect(core.handlers.ejectCard({ path: mounts.root })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await core.handlers.ejectCard({ path: card });
    expect((await readMountTable()).some((entry) => entry.mountPoint === card)).toBe(false);
    await vi.waitFor(() => expect(reports.at(-1)).toEqual([]), WAIT);
    stop();
  });

  it('watches only while someone listens', async () => {
    const { reports, stop } = listen();
    stop();
    await mounts.insert('EOS_DIGITAL', async (staged) => {
      await writeCard(staged);
    });
    // Two polls' time, and more: a watcher left running would have spoken by then.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(reports).toEqual([]);

    const again = listen();
    // A new listener's watch reports the cards there at its start.
    await vi.waitFor(() => expect(again.reports).toEqual([[['EOS_DIGITAL', 3]]]), WAIT);
    again.stop();
  }, 30_000);
});
