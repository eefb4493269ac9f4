import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanInputs, type ScanResult } from '../../../../main/core/import/scan';
import { readHeicFixture } from '../../../helpers/heic-fixtures';
import { solidImage } from '../../../helpers/make-images';
import { writeNotAPhoto, writeSamplePhoto } from '../../../helpers/sample-photos';
import { makeTempDir } from '../../../helpers/temp-dir';

/** The first bytes of a Canon CR2 (a TIFF with Canon's "CR" marker), enough for the sniffer. */
const CR2_HEAD = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x10, 0, 0, 0, 0x43, 0x52, 0x02, 0x00]);
/** The first bytes of the AppleDouble file a Mac leaves beside each file on a FAT card. */
const APPLE_DOUBLE_HEAD = Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]);

/** An ISO-BMFF `ftyp` box of one brand, as an MP4 or a QuickTime movie starts. */
function ftypBox(brand: string): Buffer {
  const box = Buffer.alloc(20);
  box.writeUInt32BE(20, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(brand, 8, 'latin1');
  box.write(brand, 16, 'latin1');
  return box;
}

async function writeBytes(file: string, bytes: Buffer | string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

/** The scan with paths relative to `root`, so expectations read like the tree. */
function relativeTo(root: string, result: ScanResult) {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  return {
    // A shot's companions follow its original as `role:path`.
    candidates: result.candidates.map((c) => [
      rel(c.path),
      c.format,
      c.explicit,
      ...c.companions.map((companion) => `${companion.role}:${rel(companion.path)}`),
    ]),
    skipped: result.skipped.map((s) => [rel(s.path), s.reason]),
    failed: result.failed.map((f) => [rel(f.path), f.error]),
  };
}

describe('scanInputs', () => {
  it('finds the photos on a camera card and says why it leaves the rest out', async () => {
    const card = await makeTempDir();
    const dcim = path.join(card, 'DCIM', '100CANON');
    const first = await writeSamplePhoto(path.join(dcim, 'IMG_0001.JPG'), { seed: 1 });
    await writeBytes(path.join(dcim, 'IMG_0001.CR2'), CR2_HEAD);
    await writeBytes(path.join(dcim, '._IMG_0001.JPG'), APPLE_DOUBLE_HEAD);
    await writeBytes(path.join(dcim, 'IMG_0002.CR2'), CR2_HEAD);
    await writeSamplePhoto(path.join(dcim, 'IMG_0003.JPG'), { seed: 3, format: 'png' });
    await writeBytes(path.join(dcim, 'IMG_0004.JPG'), '');
    await writeSamplePhoto(path.join(card, 'Exports', 'photo 10.jpg'), { seed: 10 });
    await writeSamplePhoto(path.join(card, 'Exports', 'photo 2.jpg'), { seed: 2 });
    await writeNotAPhoto(path.join(card, 'MISC', 'notes.txt'));
    await writeBytes(path.join(card, '.DS_Store'), 'Bud1');
    await writeSamplePhoto(path.join(card, '.Trashes', '501', 'IMG_9999.JPG'), { seed: 9 });
    await writeSamplePhoto(path.join(card, '.Spotlight-V100', 'Store-V2', 'a.jpg'), { seed: 8 });
    await writeNotAPhoto(path.join(card, 'System Volume Information', 'IndexerVolumeGuid'));

    const result = await scanInputs([card]);

    expect(relativeTo(card, result)).toEqual({
      candidates: [
        // The RAW+JPEG pair is one shot: the RAW its original, the JPEG its pair.
        ['DCIM/100CANON/IMG_0001.CR2', 'cr2', false, 'pair:DCIM/100CANON/IMG_0001.JPG'],
        ['DCIM/100CANON/IMG_0002.CR2', 'cr2', false],
        ['DCIM/100CANON/IMG_0003.JPG', 'png', false],
        ['Exports/photo 2.jpg', 'jpeg', false],
        ['Exports/photo 10.jpg', 'jpeg', false],
      ],
      skipped: [
        ['.DS_Store', 'hidden file'],
        ['.Spotlight-V100', 'hidden folder'],
        ['.Trashes', 'hidden folder'],
        ['DCIM/100CANON/._IMG_0001.JPG', 'macOS metadata file (AppleDouble)'],
        ['DCIM/100CANON/IMG_0004.JPG', 'empty file'],
        ['MISC', "the camera's print orders and settings (MISC)"],
        ['System Volume Information', 'Windows system folder'],
      ],
      failed: [],
    });
    const firstStats = await stat(first);
    expect(result.candidates[0]!.companions).toEqual([
      {
        role: 'pair',
        path: first,
        source: first,
        bytes: firstStats.size,
        mtimeMs: firstStats.mtimeMs,
        format: 'jpeg',
      },
    ]);
  });

  it('fails files the user named that cannot be imported, each with a reason', async () => {
    const dir = await makeTempDir();
    const text = await writeNotAPhoto(path.join(dir, 'letter.jpg'));
    const empty = await writeBytes(path.join(dir, 'empty.jpg'), '');
    const raw = await writeBytes(path.join(dir, 'IMG_0002.CR2'), CR2_HEAD);
    const appleDouble = await writeBytes(path.join(dir, '._IMG_0001.JPG'), APPLE_DOUBLE_HEAD);
    const hiddenPhoto = await writeSamplePhoto(path.join(dir, '.secret.jpg'), { seed: 1 });
    const missing = path.join(dir, 'missing.jpg');

    // A file picked twice is reported once.
    const picked = [text, empty, raw, appleDouble, hiddenPhoto, missing, text];
    const result = await scanInputs(picked);

    expect(relativeTo(dir, result)).toEqual({
      // Named explicitly, a hidden-named photo is imported.
      candidates: [
        ['IMG_0002.CR2', 'cr2', true],
        ['.secret.jpg', 'jpeg', true],
      ],
      skipped: [],
      failed: [
        ['letter.jpg', 'not an image'],
        ['empty.jpg', 'empty file'],
        ['._IMG_0001.JPG', 'macOS metadata file (AppleDouble)'],
        ['missing.jpg', 'no such file or folder'],
      ],
    });
  });

  it('makes a RAW picked together with its JPEG one shot with it', async () => {
    const dir = await makeTempDir();
    const raw = await writeBytes(path.join(dir, 'IMG_0001.CR2'), CR2_HEAD);
    const jpeg = await writeSamplePhoto(path.join(dir, 'img_0001.jpg'), { seed: 1 });
    // Only a camera's own formats pair with its JPEG; a BMP of the same name is another picture.
    const bmp = Buffer.alloc(30);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    const bitmap = await writeBytes(path.join(dir, 'img_0001.bmp'), bmp);

    const result = await scanInputs([raw, jpeg, bitmap]);

    expect(relativeTo(dir, result)).toEqual({
      candidates: [['IMG_0001.CR2', 'cr2', true, 'pair:img_0001.jpg']],
      skipped: [],
      failed: [['img_0001.bmp', 'BMP images are not supported yet']],
    });
  });

  it('groups a card into shots: movies with their .THM, Live Photos, AVCHD clips', async () => {
    const card = await makeTempDir();
    const canon = path.join(card, 'DCIM', '100CANON');
    const apple = path.join(card, 'DCIM', '100APPLE');
    const movie = Buffer.concat([ftypBox('qt  '), Buffer.alloc(64)]);
    await writeBytes(path.join(canon, 'MVI_0005.MOV'), movie);
    await writeSamplePhoto(path.join(canon, 'MVI_0005.THM'), { seed: 5 });
    await writeSamplePhoto(path.join(canon, 'MVI_0006.THM'), { seed: 6 });
    await writeBytes(path.join(apple, 'IMG_0007.HEIC'), await readHeicFixture('camera'));
    await writeBytes(path.join(apple, 'IMG_0007.MOV'), movie);
    await writeBytes(path.join(apple, 'IMG_0007.AAE'), '<?xml version="1.0"?><plist/>');
    const packets = Buffer.alloc(192 * 3);
    for (let at = 4; at < packets.length; at += 192) packets[at] = 0x47;
    await writeBytes(path.join(card, 'PRIVATE', 'AVCHD', 'BDMV', 'STREAM', '00000.MTS'), packets);
    await writeNotAPhoto(path.join(card, 'PRIVATE', 'AVCHD', 'BDMV', 'INDEX.BDM'));
    await writeNotAPhoto(path.join(card, 'PRIVATE', 'SONY', 'SONYCARD.IND'));

    expect(relativeTo(card, await scanInputs([card]))).toEqual({
      candidates: [
        [
          'DCIM/100APPLE/IMG_0007.HEIC',
          'heic',
          false,
          'motion:DCIM/100APPLE/IMG_0007.MOV',
          'sidecar:DCIM/100APPLE/IMG_0007.AAE',
        ],
        ['DCIM/100CANON/MVI_0005.MOV', 'mov', false, 'sidecar:DCIM/100CANON/MVI_0005.THM'],
        ['PRIVATE/AVCHD/BDMV/STREAM/00000.MTS', 'mts', false],
      ],
      skipped: [
        [
          'DCIM/100CANON/MVI_0006.THM',
          "a camera's thumbnail of a movie or RAW (.THM), with no movie or RAW beside it",
        ],
      ],
      failed: [],
    });
  });

  it("imports an iPhone's HEIC and the JPEG of the same name beside it, both", async () => {
    const card = await makeTempDir();
    const dcim = path.join(card, 'DCIM', '100APPLE');
    await writeBytes(path.join(dcim, 'IMG_0001.HEIC'), await readHeicFixture('camera'));
    await writeSamplePhoto(path.join(dcim, 'IMG_0001.JPG'), { seed: 1 });
    await writeBytes(path.join(dcim, 'IMG_0002.heic'), await readHeicFixture('rotated'));

    expect(relativeTo(card, await scanInputs([card]))).toEqual({
      candidates: [
        ['DCIM/100APPLE/IMG_0001.HEIC', 'heic', false],
        ['DCIM/100APPLE/IMG_0001.JPG', 'jpeg', false],
        ['DCIM/100APPLE/IMG_0002.heic', 'heic', false],
      ],
      skipped: [],
      failed: [],
    });
  });

  it('reports files it may not read', async () => {
    const dir = await makeTempDir();
    const locked = await writeSamplePhoto(path.join(dir, 'locked.jpg'), { seed: 1 });
    await chmod(locked, 0o000);
    // Root reads any file: as root (CI), scan as the unprivileged `nobody` in a child process.
    const result =
      process.getuid?.() === 0 ? await scanAsNobody(dir, locked) : await scanInputs([locked]);
    expect(result.failed).toEqual([{ path: locked, error: 'permission denied' }]);
  });

  it('follows symbolic links without looping and lists each real file once', async () => {
    const root = await makeTempDir();
    const photos = path.join(root, 'photos');
    await writeSamplePhoto(path.join(photos, 'a.jpg'), { seed: 1 });
    await writeSamplePhoto(path.join(root, 'elsewhere', 'b.jpg'), { seed: 2 });
    await writeSamplePhoto(path.join(photos, 'trip', 'c.jpg'), { seed: 3 });
    await symlink('..', path.join(photos, 'trip', 'up')); // a cycle: trip/up/trip/up/…
    await symlink(path.join(photos, 'a.jpg'), path.join(photos, 'alias.jpg'));
    await symlink(path.join(root, 'elsewhere', 'b.jpg'), path.join(photos, 'b.jpg'));
    await symlink(path.join(root, 'nowhere.jpg'), path.join(photos, 'gone.jpg'));

    // The folder twice and a file inside it: still one scan, one candidate per real file.
    const result = await scanInputs([photos, photos, path.join(photos, 'a.jpg')]);

    expect(relativeTo(root, result)).toEqual({
      candidates: [
        ['photos/a.jpg', 'jpeg', false],
        ['photos/b.jpg', 'jpeg', false],
        ['photos/trip/c.jpg', 'jpeg', false],
      ],
      skipped: [
        ['photos/alias.jpg', `same file as ${path.join(photos, 'a.jpg')}`],
        ['photos/gone.jpg', 'broken symbolic link'],
        ['photos/trip/up', `same folder as ${photos}`],
      ],
      failed: [],
    });
  });

  it('says nothing about a folder picked before its parent folder', async () => {
    const card = await makeTempDir();
    await writeSamplePhoto(path.join(card, 'DCIM', 'a.jpg'), { seed: 1 });
    await writeSamplePhoto(path.join(card, 'b.jpg'), { seed: 2 });

    const result = await scanInputs([path.join(card, 'DCIM'), card]);

    expect(relativeTo(card, result)).toEqual({
      candidates: [
        ['DCIM/a.jpg', 'jpeg', false],
        ['b.jpg', 'jpeg', false],
      ],
      skipped: [],
      failed: [],
    });
  });

  // Linux file systems store names as any bytes; macOS and Windows refuse names that are not
  // Unicode, so there no such file can exist.
  describe.runIf(process.platform === 'linux')('names that are not UTF-8', () => {
    /** `folder` joined to a name given as bytes, as a path to write by. */
    const bytePath = (folder: string | Buffer, name: Buffer) =>
      Buffer.concat([Buffer.from(folder), Buffer.from(path.sep), name]);

    it('finds files and folders named in Latin-1, shows their names and opens them', async () => {
      const card = await makeTempDir();
      const latin1 = bytePath(card, Buffer.from('été.jpg', 'latin1'));
      const latin1Photo = await solidImage(8, 8, [200, 40, 40]).jpeg().toBuffer();
      await writeFile(latin1, latin1Photo);
      const utf8 = path.join(card, 'Été.jpg');
      await writeFile(utf8, await solidImage(8, 8, [40, 200, 40]).jpeg().toBuffer());
      // `Noël – 1998` in windows-1252: 0x96 is its en dash, a control character in Latin-1.
      const folderName = Buffer.concat([
        Buffer.from('Noël ', 'latin1'),
        Buffer.from([0x96]),
        Buffer.from(' 1998'),
      ]);
      const folder = bytePath(card, folderName);
      await mkdir(folder);
      const nested = bytePath(folder, Buffer.from('IMG_0001.JPG'));
      const nestedPhoto = await solidImage(8, 8, [40, 40, 200]).jpeg().toBuffer();
      await writeFile(nested, nestedPhoto);

      const result = await scanInputs([card]);

      expect(relativeTo(card, result)).toEqual({
        candidates: [
          ['été.jpg', 'jpeg', false],
          ['Été.jpg', 'jpeg', false],
          ['Noël – 1998/IMG_0001.JPG', 'jpeg', false],
        ],
        skipped: [],
        failed: [],
      });
      const [shownLatin1, shownUtf8, shownNested] = result.candidates;
      expect(shownLatin1!.source).toEqual(latin1);
      expect(await readFile(shownLatin1!.source)).toEqual(latin1Photo);
      expect(shownNested!.source).toEqual(nested);
      expect(await readFile(shownNested!.source)).toEqual(nestedPhoto);
      // A UTF-8 name keeps its string, even in a folder that had to be read as bytes.
      expect(shownUtf8!.source).toBe(utf8);
      expect(shownLatin1!.bytes).toBe(latin1Photo.length);
    });

    it('keeps two files whose names only look alike', async () => {
      const dir = await makeTempDir();
      await writeSamplePhoto(path.join(dir, 'été.jpg'), { seed: 1 });
      const latin1 = bytePath(dir, Buffer.from('été.jpg', 'latin1'));
      await writeFile(latin1, await solidImage(8, 8, [200, 40, 40]).jpeg().toBuffer());

      const result = await scanInputs([dir]);

      expect(result.candidates.map((c) => [c.path, c.source])).toEqual([
        [path.join(dir, 'été.jpg'), path.join(dir, 'été.jpg')],
        [path.join(dir, 'été.jpg'), latin1],
      ]);
      expect(result.skipped).toEqual([]);
    });
  });

  it('stops with an AbortError when cancelled', async () => {
    const dir = await makeTempDir();
    for (let i = 0; i < 3; i += 1) await writeBytes(path.join(dir, `f${i}.txt`), 'x');
    const controller = new AbortController();
    const scan = scanInputs([dir], { signal: controller.signal });
    controller.abort();
    await expect(scan).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** Runs scanInputs in a child process as the unprivileged user `nobody` (uid/gid 65534). */
async function scanAsNobody(dir: string, file: string): Promise<ScanResult> {
  await chmod(dir, 0o755);
  const scanModule = path.resolve(import.meta.dirname, '../../../../main/core/import/scan.ts');
  const script = `import(${JSON.stringify(scanModule)}).then(async (m) =>
    process.stdout.write(JSON.stringify(await m.scanInputs([${JSON.stringify(file)}]))))`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as ScanResult;
}
