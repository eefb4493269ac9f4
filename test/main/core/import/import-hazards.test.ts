/**
 * Import against what happens around it: a source changed while it is read, a copy of the same
 * content in another core on the same library, a file time no calendar holds, a file name that
 * is not UTF-8.
 */
import { mkdir, readdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { libraryLayout } from '../../../../main/core/library/library-paths';
import { captureSortKey, readMetadata } from '../../../../main/core/import/metadata';
import { CHANGED_WHILE_IMPORTED, stageSource } from '../../../../main/core/import/stage-source';
import { openCore, type ShoeboxCore } from '../../../../main/core/shoebox-core';
import { writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

const cores: ShoeboxCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function open(library: string): Promise<ShoeboxCore> {
  const core = await openCore({ libraryRoot: library, imagingThreads: 1 });
  cores.push(core);
  return core;
}

describe('staging a source', () => {
  it('hashes exactly what it copied, in one read', async () => {
    const base = await makeTempDir();
    const source = await writeSamplePhoto(path.join(base, 'a.jpg'), { seed: 1 });
    const layout = libraryLayout(path.join(base, 'library'));
    const staged = await stageSource(layout, source, '0123456789abcdef');
    expect(await readFile(staged.path)).toEqual(await readFile(source));
    expect(path.basename(staged.path)).toMatch(/^original-0123456789abcdef-/);
  });

  it('fails a file rewritten, truncated or replaced while it is copied, and leaves no copy', async () => {
    const base = await makeTempDir();
    const layout = libraryLayout(path.join(base, 'library'));
    // Large enough for several chunks: the change lands after the first one was copied.
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const changes: [string, (file: string) => Promise<void>][] = [
      ['truncated', (file) => truncate(file, 1024)],
      ['rewritten in place', (file) => writeFile(file, Buffer.alloc(big.length, 9))],
      [
        'replaced (cp + mv)',
        async (file) => {
          await writeFile(`${file}.new`, big);
          await rename(`${file}.new`, file);
        },
      ],
    ];
    for (const [what, change] of changes) {
      const source = path.join(base, `${what}.bin`);
      await writeFile(source, big);
      let changed = false;
      await expect(
        stageSource(layout, source, '0123456789abcdef', {
          onChunk: async () => {
            if (changed) return;
            changed = true;
            await change(source);
          },
        }),
        what,
      ).rejects.toThrow(CHANGED_WHILE_IMPORTED);
      expect(await readdir(layout.staging)).toEqual([]);
    }
  });
});

describe('import beside another core on the same library', () => {
  it('imports each photo once when two cores import the same files at the same time', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const files = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        writeSamplePhoto(path.join(base, 'card', `IMG_${i}.JPG`), { seed: 30 + i }),
      ),
    );
    const [first, second] = [await open(library), await open(library)];
    const inputs = files.map((file) => ({ path: file }));
    const [a, b] = await Promise.all([first.importFiles(inputs), second.importFiles(inputs)]);
    expect([...a.failed, ...b.failed]).toEqual([]);
    expect(a.imported.length + b.imported.length).toBe(6);
    expect(a.duplicates.length + b.duplicates.length).toBe(6);
    const report = await first.verify();
    expect(report).toEqual({ ok: true, photos: 6, problems: [], notices: [] });
    const originals = await readdir(path.join(library, 'originals'), { recursive: true });
    expect(originals.filter((name) => /IMG_\d\.jpg$/i.test(name))).toHaveLength(6);
  });
});

describe('what other processes see', () => {
  it("shows another core's import as its activity, and says when it changes", async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const files = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        writeSamplePhoto(path.join(base, 'card', `IMG_${i}.JPG`), { seed: 60 + i }),
      ),
    );
    const importer = await openCore({ libraryRoot: library, program: 'shoebox import' });
    cores.push(importer);
    const watcher = await openCore({ libraryRoot: library, externalChangePollMs: 5 });
    cores.push(watcher);
    const reasons: string[] = [];
    watcher.subscribe((event) => {
      if (event.event === 'libraryChanged') reasons.push(event.payload.reason);
    });
    const importing = importer.importFiles(files.map((file) => ({ path: file })));
    await expect
      .poll(
        async () =>
          (await watcher.handlers.getLibraryInfo({})).otherProcesses.map(
            (other) => `${other.program} ${other.activity}`,
          ),
        { timeout: 30_000, interval: 1 },
      )
      .toContain('shoebox import importing');
    await importing;
    const after = await watcher.handlers.getLibraryInfo({});
    expect(after.otherProcesses.map((other) => [other.program, other.activity])).toEqual([
      ['shoebox import', null],
    ]);
    expect(after.photoCount).toBe(6);
    await expect
      .poll(() => reasons.includes('activity') && reasons.includes('external'))
      .toBe(true);
  });
});

describe('file times', () => {
  it('reads a file time past the year 9999 (no EXIF date) as the moment of import', async () => {
    const before = Date.now();
    // 10000-01-02: a broken camera clock; some file systems store it, and no ISO date holds it.
    const metadata = await readMetadata(
      path.join(await makeTempDir(), 'gone.jpg'),
      Date.UTC(10_000, 0, 2),
    );
    expect(Math.abs(Date.parse(metadata.takenAt) - before)).toBeLessThan(60_000);
    expect(() => captureSortKey(metadata.takenAt)).not.toThrow();
  });
});

describe.runIf(process.platform === 'linux')('file names', () => {
  it('imports a photo whose name is Latin-1, not UTF-8, under the name a person reads', async () => {
    const base = await makeTempDir();
    const card = path.join(base, 'card');
    await mkdir(card, { recursive: true });
    const made = await writeSamplePhoto(path.join(base, 'made.jpg'), { seed: 9 });
    // The bytes an old camera or a tar archive leaves: 0xE9 't' 0xE9 '.jpg'.
    const latin1 = Buffer.concat([Buffer.from(`${card}/`), Buffer.from('été.jpg', 'latin1')]);
    await writeFile(latin1, await readFile(made));
    const core = await open(path.join(base, 'library'));
    const summary = await core.importFiles([{ path: card }]);
    expect(summary.failed).toEqual([]);
    expect(summary.imported.map((photo) => photo.originalName)).toEqual(['été.jpg']);
    expect(await readFile(summary.imported[0]!.path)).toEqual(await readFile(made));
  });
});
