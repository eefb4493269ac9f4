import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../../../main/cli/printable';
import { runShoebox } from '../../helpers/run-cli';
import { writeNotAPhoto, writeSamplePhoto } from '../../helpers/sample-photos';
import { makeTempDir } from '../../helpers/temp-dir';

// Anything a terminal acts on rather than shows: C0, DEL, C1 and the bidi controls.
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('printable', () => {
  it('escapes control characters and bidi overrides, and leaves the rest alone', () => {
    expect(printable('a\x1b[31mb\rc\nd\te\x00f\x7fg\x9bh')).toBe(
      'a\\x1b[31mb\\x0dc\\x0ad\\x09e\\x00f\\x7fg\\x9bh',
    );
    expect(printable('photo\u202egpj.exe \u2066x\u2069')).toBe(
      'photo\\u202egpj.exe \\u2066x\\u2069',
    );
    expect(printable('Été à Paris — 東京 📷 C:\\Photos\\a.jpg')).toBe(
      'Été à Paris — 東京 📷 C:\\Photos\\a.jpg',
    );
  });
});

describe('the CLI with control characters in file names and EXIF', () => {
  it('prints them escaped in human output and exactly in JSON', async () => {
    const base = await makeTempDir();
    const library = path.join(base, 'library');
    const inbox = path.join(base, 'inbox');
    const name = 'evil\x1b[2J\r\nname\u202e.jpg';
    const make = 'Make\x1b]0;pwned\x07';
    await writeSamplePhoto(path.join(inbox, name), { seed: 31, make });
    const broken = await writeNotAPhoto(path.join(base, 'bad\x1b[31m\r\n.jpg'));

    // Named on the command line, a file that is not an image fails (in a folder it is skipped).
    const run = await runShoebox('import', path.join(inbox, name), broken, '--library', library);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^failed: .*bad\\x1b\[31m\\x0d\\x0a\.jpg: /);
    expect(run.stderr.split('\n')).toHaveLength(2); // one line, then the final newline
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stdout).not.toMatch(RAW_CONTROL);

    const listed = await runShoebox('photos', '--library', library);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toMatch(RAW_CONTROL);
    expect(listed.stdout).toContain('evil\\x1b[2J\\x0d\\x0aname\\u202e.jpg');
    expect(listed.stdout).toContain('Make\\x1b]0;pwned\\x07');
    expect(listed.stdout.split('\n')).toHaveLength(3); // the photo, the count, the final newline

    const json = JSON.parse((await runShoebox('photos', '--json', '--library', library)).stdout);
    expect(json).toMatchObject([{ originalName: name, cameraMake: make }]);

    const failedJson = JSON.parse(
      (await runShoebox('import', broken, '--library', library, '--json')).stdout,
    );
    expect(failedJson.failed).toEqual([{ path: broken, error: expect.any(String) }]);
  });
});
