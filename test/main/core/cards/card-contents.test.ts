import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countCardContents } from '../../../../main/core/cards/card-contents';
import { knownShotsOf, type KnownShots } from '../../../../main/core/cards/known-shots';
import { openLibraryDatabase, type LibraryDatabase } from '../../../../main/core/library/database';
import { PhotoRepository } from '../../../../main/core/library/photo-repository';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { sizes, writeCard } from './card-tree';
import { makeTempDir } from '../../../helpers/temp-dir';

let core: ShoeboxCore | null = null;
let db: LibraryDatabase | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  await core?.close();
  core = null;
});

/** The library's answers, counting how many shots had to be hashed. */
function countingKnownShots(known: KnownShots): KnownShots & { hashed: number } {
  const counting = {
    hashed: 0,
    hasFileOfSize: (bytes: number) => known.hasFileOfSize(bytes),
    hasShot: (shot: { bytes: number; name: string; takenAt: string }) => known.hasShot(shot),
    hasContent: (hash: string) => {
      counting.hashed += 1;
      return known.hasContent(hash);
    },
  };
  return counting;
}

async function openLibrary(): Promise<{
  card: string;
  known: ReturnType<typeof countingKnownShots>;
}> {
  const base = await makeTempDir();
  core = await openCore({ libraryRoot: path.join(base, 'library'), imagingThreads: 2 });
  // A second connection, as a reader beside the app's: what `shoebox cards` opens.
  db = openLibraryDatabase(core.layout.database);
  const known = countingKnownShots(knownShotsOf(db, new PhotoRepository(db, core.layout)));
  return { card: path.join(base, 'EOS_DIGITAL'), known };
}

describe('counting what is on a camera card', () => {
  it('counts shots (a pair once, sidecars and MISC not), bytes with companions, by day', async () => {
    const { card, known } = await openLibrary();
    const files = await writeCard(card);

    const counted = await countCardContents(
      { path: card, label: 'EOS_DIGITAL', removable: true },
      { known, days: true },
    );

    const allBytes = await sizes(files.nef, files.pair, files.second, files.third, files.aae);
    expect(counted).toEqual({
      path: card,
      label: 'EOS_DIGITAL',
      removable: true,
      files: 3,
      newFiles: 3,
      bytes: allBytes,
      newBytes: allBytes,
      unreadable: 0,
      days: [
        {
          day: '2024-05-02',
          files: 2,
          newFiles: 2,
          paths: [files.second, files.third],
          importPaths: [files.second, files.third, files.aae],
        },
        {
          day: '2024-05-01',
          files: 1,
          newFiles: 1,
          paths: [files.nef],
          importPaths: [files.nef, files.pair],
        },
      ],
    });
    // No file of the library has any of their sizes: nothing needed hashing.
    expect(known.hashed).toBe(0);
  });

  it('counts nothing new once the card is imported, without hashing a shot', async () => {
    const { card, known } = await openLibrary();
    const files = await writeCard(card);
    const summary = await core!.importFiles([{ path: card }]);
    expect(summary.totals.imported).toBe(3);

    const counted = await countCardContents(
      { path: card, label: 'EOS_DIGITAL', removable: null },
      { known, days: true },
    );

    expect(counted).toMatchObject({ files: 3, newFiles: 0, newBytes: 0 });
    expect(counted.bytes).toBe(
      await sizes(files.nef, files.pair, files.second, files.third, files.aae),
    );
    expect(
      counted.days.map(({ day, files: shots, newFiles, paths }) => [day, shots, newFiles, paths]),
    ).toEqual([
      ['2024-05-02', 2, 0, []],
      ['2024-05-01', 1, 0, []],
    ]);
    // Size, name and capture time matched every shot.
    expect(known.hashed).toBe(0);
  });

  it('still knows a shot whose capture time was fixed in the library', async () => {
    const { card, known } = await openLibrary();
    await writeCard(card);
    const { imported } = await core!.importFiles([{ path: card }]);
    const second = imported.find((photo) => photo.originalName === 'DSC_0002.JPG')!;
    await core!.handlers.updatePhotos({
      photoIds: [second.id],
      changes: { takenAt: '2024-05-03T09:00:00' },
    });

    const counted = await countCardContents(
      { path: card, label: 'EOS_DIGITAL', removable: null },
      { known, days: false },
    );

    expect(counted).toMatchObject({ files: 3, newFiles: 0, newBytes: 0, days: [] });
  });

  it('counts as new a shot of a known size and name whose capture time differs', async () => {
    const { card, known } = await openLibrary();
    const files = await writeCard(card);
    await core!.importFiles([{ path: card }]);
    // The camera reused the number after a format: the same pixels, a later time, same length.
    const before = (await stat(files.second)).size;
    await writeSamplePhoto(files.second, { seed: 5, takenAt: '2024:06:02 08:15:00' });
    expect((await stat(files.second)).size).toBe(before);

    const counted = await countCardContents(
      { path: card, label: 'EOS_DIGITAL', removable: null },
      { known, days: true },
    );

    expect(counted).toMatchObject({ files: 3, newFiles: 1, newBytes: before });
    expect(counted.days.map(({ day, newFiles, paths }) => [day, newFiles, paths])).toEqual([
      ['2024-06-02', 1, [files.second]],
      ['2024-05-02', 0, []],
      ['2024-05-01', 0, []],
    ]);
    // Only the shot whose time did not match was hashed.
    expect(known.hashed).toBe(1);
  });
});
