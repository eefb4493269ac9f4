import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../../main/core/shoebox-core';
import { makeExportLibrary, mixedPhotos } from '../../../helpers/export-library';
import { runShoebox } from '../../../helpers/run-cli';
import { makeTempDir } from '../../../helpers/temp-dir';
import { readZipEntries } from '../../../helpers/zip-entries';

async function libraryWithAlbum(): Promise<string> {
  const root = await makeTempDir();
  const library = await makeExportLibrary(root, mixedPhotos(2, 800), 'Summer 2024');
  library.db.close();
  return root;
}

describe('shoebox export', () => {
  it('writes a gallery folder and says where, exit 0', async () => {
    const library = await libraryWithAlbum();
    const out = path.join(await makeTempDir(), 'site');
    const run = await runShoebox('export', 'summer 2024', '--out', out, '--library', library);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Exported 2 photos to ${out}`);
    expect(run.stdout).toContain(path.join(out, 'index.html'));
    expect(await readdir(out)).toEqual(
      expect.arrayContaining(['index.html', 'album.json', 'images', 'assets']),
    );

    const again = await runShoebox(
      'export',
      'Summer 2024',
      '--out',
      out,
      '--library',
      library,
      '--json',
    );
    expect(JSON.parse(again.stdout)).toMatchObject({
      location: out,
      photos: 2,
      written: 0,
      removed: 0,
    });
  });

  it("removes a killed zip export's temp file on the next export there, and keeps a running one's", async () => {
    const library = await libraryWithAlbum();
    const folder = await makeTempDir();
    const out = path.join(folder, 'summer.zip');
    // Left by an export whose process was killed: its lease is held by no one.
    const killed = `${out}.tmp-00000000deadbeef-4b1c2d3e-0000-4000-8000-000000000000`;
    await writeFile(killed, 'PK half an archive');
    // Being written right now by another process on the library (a live lease).
    const other = await openCore({ libraryRoot: library, create: false });
    try {
      const otherLease = /upload-([0-9a-f]{16})-/.exec((await other.stageUpload('a.jpg')).path)![1];
      const running = `${out}.tmp-${otherLease}-5b1c2d3e-0000-4000-8000-000000000000`;
      await writeFile(running, 'PK being written');
      const run = await runShoebox(
        'export',
        'Summer 2024',
        '--zip',
        '--out',
        out,
        '--library',
        library,
      );
      expect(run.code).toBe(0);
      expect((await readdir(folder)).sort()).toEqual(['summer.zip', path.basename(running)]);
    } finally {
      await other.close();
    }
  });

  it('writes a zip with --zip, adding the extension', async () => {
    const library = await libraryWithAlbum();
    const out = path.join(await makeTempDir(), 'summer');
    const run = await runShoebox(
      'export',
      'Summer 2024',
      '--out',
      out,
      '--zip',
      '--title',
      'Best of',
      '--no-file-names',
      '--library',
      library,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Exported 2 photos to ${out}.zip.\n`);
    const names = (await readZipEntries(`${out}.zip`)).map((entry) => entry.name);
    expect(names).toContain('index.html');
  });

  it('fails with one line on stderr and exit 1', async () => {
    const library = await libraryWithAlbum();
    const missing = await runShoebox('export', 'Winter', '--out', 'x', '--library', library);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('shoebox: There is no album named "Winter".\n');

    const used = await makeTempDir();
    await writeFile(path.join(used, 'taxes.pdf'), 'keep me');
    const conflict = await runShoebox('export', 'Summer 2024', '--out', used, '--library', library);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/^shoebox: .* is not empty and holds no Shoebox export; .*\n$/);
    expect(await readdir(used)).toEqual(['taxes.pdf']);
  });
});
