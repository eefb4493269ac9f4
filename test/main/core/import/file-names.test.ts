import { describe, expect, it } from 'vitest';
import { numberedName, sanitizeFileName } from '../../../../main/core/import/file-names';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('sanitizeFileName', () => {
  it.each([
    ['IMG_0001.JPG', 'IMG_0001.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ann\\Pictures\\beach.JPEG', 'beach.jpeg'],
    ['..', 'photo'],
    ['$(rm -rf ~).jpg', '_rm -rf ~_.jpg'],
    ['`reboot`;echo hi|sh>x&.png', '_reboot_echo hi_sh_x_.png'],
    ['it\'s "ok" {1} [2] #3 * ? ! % ^ : <a>.gif', 'it_s _ok_ _1_ _2_ _3 _ _ _ _ _ _ _a_.gif'],
    ['-rf.jpg', 'rf.jpg'],
    ['.hidden.jpg', 'hidden.jpg'],
    ['CON.jpg', 'CON_.jpg'],
    ['nul', 'nul_'],
    ['com1.tar.gz', 'com1_.tar.gz'],
    ['CONSOLE.jpg', 'CONSOLE.jpg'],
    ['holiday. . .jpg', 'holiday.jpg'],
    ['trailing dots...', 'trailing dots'],
    ['line\nbreak\ttab\u0000nul\u007f.jpg', 'line break tab nul.jpg'],
    ['evil\u202Egpj.exe', 'evilgpj.exe'],
    ['', 'photo'],
    ['$$$', '_'],
    ['   .jpg', 'photo.jpg'],
  ])('%j → %j', (name, safe) => {
    expect(sanitizeFileName(name)).toBe(safe);
  });

  it('keeps accents and non-Latin scripts readable, in NFC', () => {
    const decomposed = 'Cafe\u0301 U\u0308mlaut 東京.JPG';
    expect(sanitizeFileName(decomposed)).toBe('Caf\u00e9 \u00dcmlaut 東京.jpg');
    expect(sanitizeFileName('Фото с моря.jpeg')).toBe('Фото с моря.jpeg');
  });

  it('caps long names at 120 bytes without splitting a character, keeping the extension', () => {
    const latin = sanitizeFileName(`${'a'.repeat(300)}.JPG`);
    expect(latin).toBe(`${'a'.repeat(116)}.jpg`);

    // Three bytes per character: 38 fit beside ".jpg" (118 bytes), a 39th would not.
    const japanese = sanitizeFileName(`${'東'.repeat(100)}.jpg`);
    expect(japanese).toBe(`${'東'.repeat(38)}.jpg`);

    // A flag is two code points (8 bytes): cut whole, never in half.
    const flags = sanitizeFileName(`${'🇫🇷'.repeat(40)}.png`);
    expect(flags).toBe(`${'🇫🇷'.repeat(14)}.png`);
    expect(utf8Bytes(flags)).toBeLessThanOrEqual(120);
  });

  it('changes nothing when applied twice', () => {
    for (const name of ['CON.jpg', '$(x).JPG', `${'é'.repeat(90)}.jpg`, 'a. b .jpg', '..']) {
      const once = sanitizeFileName(name);
      expect(sanitizeFileName(once)).toBe(once);
    }
  });
});

describe('numberedName', () => {
  it('numbers a taken name before its extension, within the length cap', () => {
    expect(numberedName('IMG_0001.JPG', 1)).toBe('IMG_0001.jpg');
    expect(numberedName('IMG_0001.JPG', 2)).toBe('IMG_0001-2.jpg');
    expect(numberedName('notes', 13)).toBe('notes-13');
    const long = numberedName(`${'a'.repeat(200)}.jpg`, 12);
    expect(long).toBe(`${'a'.repeat(113)}-12.jpg`);
    expect(utf8Bytes(long)).toBe(120);
  });
});
