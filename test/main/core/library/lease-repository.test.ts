import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import {
  LeaseRepository,
  machineKey,
  STALE_AFTER_MS,
} from '../../../../main/core/library/lease-repository';
import { makeTempDir } from '../../../helpers/temp-dir';

const opened: LibraryDatabase[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

/** A library database, and lease repositories on it judging by a clock the test moves. */
async function setup(): Promise<{ db: LibraryDatabase; clock: { now: number } }> {
  const db = openLibraryDatabase(path.join(await makeTempDir(), 'library.db'));
  opened.push(db);
  return { db, clock: { now: 0 } };
}

function plantLease(db: LibraryDatabase, id: string, pid: number, machine: string): void {
  db.prepare(
    `INSERT INTO leases (id, pid, host, machine, program, started_at, heartbeats)
     VALUES (?, ?, 'somewhere', ?, 'shoebox import', '2026-01-01T00:00:00Z', 0)`,
  ).run(id, pid, machine);
}

describe('leases', () => {
  it("holds another machine's lease alive while it heartbeats, whatever the clocks say", async () => {
    const { db, clock } = await setup();
    const observer = new LeaseRepository(db, () => clock.now);
    const other = new LeaseRepository(db);
    const id = other.open('shoebox serve');
    db.prepare("UPDATE leases SET machine = 'a NAS client' WHERE id = ?").run(id);
    expect(observer.isLive(id)).toBe(true);
    for (let beat = 0; beat < 10; beat += 1) {
      clock.now += STALE_AFTER_MS - 1;
      other.renew(id);
      expect(observer.isLive(id)).toBe(true);
    }
    // It stops: dead once this observer has seen it stand still for the whole time.
    clock.now += STALE_AFTER_MS - 1;
    expect(observer.isLive(id)).toBe(true);
    clock.now += 2;
    expect(observer.isLive(id)).toBe(false);
    expect(observer.reapDead()).toBe(1);
  });

  it('takes a lease of this machine for dead at once when its process is gone', async () => {
    const { db, clock } = await setup();
    // 2^22 + 1 is above Linux's pid limit: no such process runs.
    plantLease(db, '00000000deadbeef', 2 ** 22 + 1, machineKey());
    expect(new LeaseRepository(db, () => clock.now).isLive('00000000deadbeef')).toBe(false);
  });

  it('does not check the pids of another pid namespace (a Flatpak app, a container)', async () => {
    const { db, clock } = await setup();
    plantLease(db, '00000000feedface', 2 ** 22 + 1, `${machineKey()}-in-a-sandbox`);
    const observer = new LeaseRepository(db, () => clock.now);
    expect(observer.isLive('00000000feedface')).toBe(true);
    clock.now += STALE_AFTER_MS + 1;
    expect(observer.isLive('00000000feedface')).toBe(false);
  });

  it('hands the repair lock to one lease at a time, and takes it back from a dead one', async () => {
    const { db, clock } = await setup();
    const leases = new LeaseRepository(db, () => clock.now);
    const first = leases.open('shoebox verify --repair');
    const second = leases.open('shoebox verify --repair');
    leases.acquireLock('repair', first, 'repairing');
    expect(() => leases.acquireLock('repair', second, 'repairing')).toThrow(
      /Another Shoebox process \(shoebox verify --repair, pid \d+ on .*\) is repairing this library/,
    );
    // The first stops heartbeating (suspended, killed on another machine): after the stale
    // time the second takes over, and the first can tell it lost the lock.
    db.prepare("UPDATE leases SET machine = 'elsewhere' WHERE id = ?").run(first);
    leases.isLive(first);
    clock.now += STALE_AFTER_MS + 1;
    leases.renew(second);
    leases.acquireLock('repair', second, 'repairing');
    expect(leases.holdsLock('repair', first)).toBe(false);
    expect(leases.holdsLock('repair', second)).toBe(true);
  });
});
