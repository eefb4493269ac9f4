import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IMAGE_FORMATS } from '../../../../common/contract';
import { sniffBytes, sniffFile } from '../../../../main/core/import/detect-format';
import { readHeicFixture } from '../../../helpers/heic-fixtures';
import { makeTempDir } from '../../../helpers/temp-dir';

/** A tiny real image encoded by sharp (libvips), or by heif-enc for HEIC, which sharp cannot. */
async function encode(format: (typeof IMAGE_FORMATS)[number]): Promise<Buffer> {
  if (format === 'heic') return readHeicFixture('camera');
  const image = sharp({ create: { width: 4, height: 4, channels: 3, background: '#369' } });
  return format === 'avif'
    ? image.avif({ effort: 0 }).toBuffer()
    : image.toFormat(format).toBuffer();
}

/** The start of an ISO-BMFF file: an `ftyp` box with a major and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}`, 4, 'latin1');
  compatible.forEach((brand, index) => box.write(brand, 16 + 4 * index, 'latin1'));
  return box;
}

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(
    values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))),
  );
/** A classic little-endian TIFF header (first IFD at byte 8), as Nikon, Sony and DNG files start. */
const tiffLittleEndian = bytes(0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00);
/** Canon's CR2: a TIFF header followed by "CR" and the format version. */
const cr2 = bytes(0x49, 0x49, 0x2a, 0x00, 0x10, 0x00, 0x00, 0x00, 'CR', 0x02, 0x00);

describe('sniffBytes', () => {
  it.each(IMAGE_FORMATS)(
    'recognises %s by its bytes, whatever the extension says',
    async (format) => {
      const head = (await encode(format)).subarray(0, 64);
      const wrongName = format === 'png' ? 'IMG_0001.JPG' : 'holiday.png';
      expect(sniffBytes(head, wrongName)).toEqual({ kind: 'image', format });
    },
  );

  it('tells camera RAW files from TIFFs by maker signature or, for TIFF-shaped ones, by name', () => {
    const format = (head: Uint8Array, name: string) => {
      const result = sniffBytes(head, name);
      return result.kind === 'raw' ? result.format : result.kind;
    };
    expect(sniffBytes(cr2, 'IMG_0001.CR2')).toEqual({ kind: 'raw', format: 'cr2' });
    // The CR2 marker wins over a misleading name.
    expect(format(cr2, 'IMG_0001.tif')).toBe('cr2');
    expect(format(tiffLittleEndian, 'DSC_0001.NEF')).toBe('nef');
    expect(format(tiffLittleEndian, 'DSC00001.ARW')).toBe('arw');
    expect(format(tiffLittleEndian, 'PXL_0001.dng')).toBe('dng');
    expect(sniffBytes(tiffLittleEndian, 'scan.tif')).toEqual({ kind: 'image', format: 'tiff' });
    expect(sniffBytes(tiffLittleEndian, 'scan')).toEqual({ kind: 'image', format: 'tiff' });

    expect(format(ftyp('crx ', 'crx ', 'isom'), 'IMG_0001.CR3')).toBe('cr3');
    expect(format(bytes('IIRO', 0x08, 0, 0, 0), 'P1010001.ORF')).toBe('orf');
    expect(format(bytes('IIU', 0, 0x18, 0, 0, 0), 'P1000001.RW2')).toBe('rw2');
    expect(format(bytes('FUJIFILMCCD-RAW 0201'), 'DSCF0001.RAF')).toBe('raf');
  });

  it('tells HEIC from AVIF, which share the ISO-BMFF container', () => {
    const heic = { kind: 'image', format: 'heic' };
    for (const brand of ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']) {
      expect(sniffBytes(ftyp(brand, 'mif1', brand), 'IMG_4001.HEIC'), brand).toEqual(heic);
    }
    expect(sniffBytes(ftyp('mif1', 'mif1', 'heic'), 'a.heif')).toEqual(heic);
    expect(sniffBytes(ftyp('mif1', 'mif1', 'miaf'), 'a.heif')).toEqual(heic);
    expect(sniffBytes(ftyp('mif1', 'mif1', 'avif', 'miaf'), 'a.heif')).toEqual({
      kind: 'image',
      format: 'avif',
    });
  });

  it('names other image formats it cannot import', () => {
    const unsupported = (head: Uint8Array, name: string) => {
      const result = sniffBytes(head, name);
      return result.kind === 'unsupported-image' ? result.format : result.kind;
    };
    const bmp = Buffer.alloc(30);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    expect(unsupported(bmp, 'scan.bmp')).toBe('bmp');
    expect(unsupported(bytes('8BPS', 0, 1), 'layers.psd')).toBe('psd');
    expect(unsupported(bytes(0xff, 0x0a, 0xfa), 'photo.jxl')).toBe('jxl');
    const svgProlog = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created -->';
    expect(unsupported(bytes(svgProlog), 'logo.svg')).toBe('svg');
    expect(unsupported(bytes('<svg xmlns="http://www.w3.org/2000/svg">'), 'logo')).toBe('svg');
  });

  it('says why a file is not an image when it can', () => {
    const reason = (head: Uint8Array, name: string) => {
      const result = sniffBytes(head, name);
      return result.kind === 'not-image' ? result.reason : result.kind;
    };
    expect(reason(bytes('Hello, this is a text file named like a photo'), 'IMG_0001.JPG')).toBe(
      'not an image',
    );
    expect(reason(bytes('BM is how this note starts'), 'notes.bmp')).toBe('not an image');
    expect(reason(new Uint8Array(0), 'IMG_0001.JPG')).toBe('empty file');
    expect(reason(bytes(0x00, 0x05, 0x16, 0x07, 0, 2, 0, 0), '._IMG_0001.JPG')).toBe(
      'macOS metadata file (AppleDouble)',
    );
    expect(reason(bytes('RIFF', 0, 0, 0, 0, 'AVI LIST'), 'MVI_0001.AVI')).toBe(
      'AVI videos are not supported',
    );
  });

  it('tells videos by their container: MP4, MOV, M4V, 3GP and MPEG transport streams', () => {
    expect(sniffBytes(ftyp('isom', 'isom', 'avc1', 'mp41'), 'MVI_0001.MP4')).toEqual({
      kind: 'video',
      format: 'mp4',
    });
    expect(sniffBytes(ftyp('qt  ', 'qt  '), 'IMG_0002.MOV')).toEqual({
      kind: 'video',
      format: 'mov',
    });
    expect(sniffBytes(ftyp('M4V ', 'M4V ', 'mp42'), 'clip.m4v')).toEqual({
      kind: 'video',
      format: 'm4v',
    });
    expect(sniffBytes(ftyp('3gp4', '3gp4'), 'VID.3gp')).toEqual({ kind: 'video', format: '3gp' });
    // An old QuickTime movie starts with its movie atom, no ftyp.
    expect(sniffBytes(bytes(0, 0, 0, 8, 'moov'), 'BlueSquare.mov')).toEqual({
      kind: 'video',
      format: 'mov',
    });
    expect(sniffBytes(bytes(0, 0, 0, 8, 'moov'), 'notes.txt').kind).toBe('not-image');
    const packets = (packetSize: number, offset: number) => {
      const head = new Uint8Array(400);
      for (let at = offset; at < head.length; at += packetSize) head[at] = 0x47;
      return head;
    };
    expect(sniffBytes(packets(188, 0), '00000.MTS')).toEqual({ kind: 'video', format: 'mts' });
    expect(sniffBytes(packets(192, 4), '00001.M2TS')).toEqual({ kind: 'video', format: 'm2ts' });
    expect(sniffBytes(packets(192, 4), '00002.MTS')).toEqual({ kind: 'video', format: 'mts' });
  });
});

describe('sniffFile', () => {
  it('reads only the start of a real file and judges it by content', async () => {
    const dir = await makeTempDir();
    const jpegNamedPng = path.join(dir, 'holiday.png');
    await writeFile(jpegNamedPng, await encode('jpeg'));
    const pngNamedJpg = path.join(dir, 'IMG_0001.JPG');
    await writeFile(pngNamedJpg, await encode('png'));

    expect(await sniffFile(jpegNamedPng)).toEqual({ kind: 'image', format: 'jpeg' });
    expect(await sniffFile(pngNamedJpg)).toEqual({ kind: 'image', format: 'png' });
    await expect(sniffFile(path.join(dir, 'missing.jpg'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
