/**
 * Small synthetic camera RAW containers for the RAW walker's tests: TIFF/NEF-like with
 * SubIFDs and a Nikon makernote, DNG-like, CR3-like boxes, a RAF header and an RW2, each with
 * real JPEGs made by sharp as previews (solid colours, so a test can tell which one it got).
 */
import sharp from 'sharp';
import type { ExifTags } from '../../../helpers/exif-jpeg';

/** A colour per role, far apart so a decoded preview shows which one was chosen. */
export const COLOURS = {
  full: { r: 220, g: 30, b: 30 },
  preview: { r: 30, g: 200, b: 30 },
  thumb: { r: 30, g: 30, b: 220 },
};

/** A real baseline JPEG of one colour. */
export function solidJpeg(width: number, height: number, colour = COLOURS.full): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A JPEG with its own EXIF tags and orientation (as a RAF's preview carries). */
export function jpegWithOwnExif(
  width: number,
  height: number,
  tags: ExifTags,
  orientation: number,
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: COLOURS.full } })
    .withExif(tags)
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
}

/**
 * The headers of a lossless (SOF3) JPEG, as a CR2 or NEF stores its sensor data, padded to
 * `bytes`: larger in pixels and bytes than any preview, and not displayable.
 */
export function losslessJpeg(width: number, height: number, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes, 0x55);
  Buffer.from([0xff, 0xd8, 0xff, 0xc3, 0x00, 0x0b, 0x0c]).copy(buffer, 0);
  buffer.writeUInt16BE(height, 7);
  buffer.writeUInt16BE(width, 9);
  Buffer.from([0x01, 0x01, 0x11, 0x00]).copy(buffer, 11);
  return buffer;
}

/** A TIFF entry: integers (SHORT/LONG), text (ASCII) or bytes (UNDEFINED). */
export type Entry =
  | { tag: number; type: 3 | 4; values: number[] }
  | { tag: number; type: 2; text: string }
  | { tag: number; type: 5; rationals: [number, number][] }
  | { tag: number; type: 7; bytes: Buffer };

/**
 * Builds a TIFF byte by byte: data first, then IFDs that point at it, so every offset is known
 * when it is written. Offsets count from the TIFF's header (the builder's byte 0).
 */
export class TiffBuilder {
  private parts: Buffer[] = [];
  size = 0;

  constructor(
    readonly littleEndian = true,
    magic = 42,
  ) {
    const header = Buffer.alloc(8);
    header.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
    this.u16(header, magic, 2);
    this.append(header);
  }

  /** Appends bytes (even-aligned); returns their offset. */
  append(bytes: Buffer): number {
    const offset = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size % 2 === 1) this.append(Buffer.alloc(1));
    return offset;
  }

  /** Appends an IFD; `next` is the next IFD's offset, or 'self' for one that points at itself. */
  ifd(entries: Entry[], next: number | 'self' = 0): number {
    const encoded = entries
      .map((entry) => ({ entry, data: this.encode(entry) }))
      .sort((a, b) => a.entry.tag - b.entry.tag);
    const placed = encoded.map(({ entry, data }) => ({
      entry,
      data,
      at: data.length > 4 ? this.append(data) : -1,
    }));
    const table = Buffer.alloc(2 + placed.length * 12 + 4);
    const offset = this.size;
    this.u16(table, placed.length, 0);
    placed.forEach(({ entry, data, at }, index) => {
      const position = 2 + index * 12;
      const size = { 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 }[entry.type];
      this.u16(table, entry.tag, position);
      this.u16(table, entry.type, position + 2);
      this.u32(table, data.length / size, position + 4);
      if (at >= 0) this.u32(table, at, position + 8);
      else data.copy(table, position + 8);
    });
    this.u32(table, next === 'self' ? offset : next, table.length - 4);
    return this.append(table);
  }

  /** The finished TIFF, IFD0 at `firstIfd`. */
  finish(firstIfd: number): Buffer {
    const tiff = Buffer.concat(this.parts);
    this.u32(tiff, firstIfd, 4);
    return tiff;
  }

  private encode(entry: Entry): Buffer {
    if (entry.type === 2) return Buffer.from(`${entry.text}\0`, 'latin1');
    if (entry.type === 7) return entry.bytes;
    if (entry.type === 5) {
      const data = Buffer.alloc(entry.rationals.length * 8);
      entry.rationals.forEach(([n, d], i) => {
        this.u32(data, n, i * 8);
        this.u32(data, d, i * 8 + 4);
      });
      return data;
    }
    const size = entry.type === 3 ? 2 : 4;
    const data = Buffer.alloc(entry.values.length * size);
    entry.values.forEach((value, i) =>
      (size === 2 ? this.u16 : this.u32).call(this, data, value, i * size),
    );
    return data;
  }

  private u16(buffer: Buffer, value: number, at: number): void {
    if (this.littleEndian) buffer.writeUInt16LE(value, at);
    else buffer.writeUInt16BE(value, at);
  }

  private u32(buffer: Buffer, value: number, at: number): void {
    if (this.littleEndian) buffer.writeUInt32LE(value, at);
    else buffer.writeUInt32BE(value, at);
  }
}

export const T = {
  compression: 0x0103,
  make: 0x010f,
  model: 0x0110,
  stripOffsets: 0x0111,
  orientation: 0x0112,
  stripByteCounts: 0x0117,
  subIfds: 0x014a,
  jpegOffset: 0x0201,
  jpegLength: 0x0202,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTimeOriginal: 0x9003,
  offsetTimeOriginal: 0x9011,
  exposureTime: 0x829a,
  fNumber: 0x829d,
  makerNote: 0x927c,
};

const short = (tag: number, ...values: number[]): Entry => ({ tag, type: 3, values });
const long = (tag: number, ...values: number[]): Entry => ({ tag, type: 4, values });
const ascii = (tag: number, text: string): Entry => ({ tag, type: 2, text });

/** The JPEGs of a NEF-like file: full-size (SubIFD0), makernote preview, IFD0 thumbnail. */
export interface NefParts {
  full: Buffer;
  makernotePreview: Buffer;
  thumb: Buffer;
}

/** Real JPEGs at the sizes the NEF-like file uses. */
export async function nefParts(): Promise<NefParts> {
  return {
    full: await solidJpeg(1200, 800, COLOURS.full),
    makernotePreview: await solidJpeg(660, 440, COLOURS.preview),
    thumb: await solidJpeg(160, 120, COLOURS.thumb),
  };
}

/**
 * A big-endian NEF-like TIFF: IFD0 (Orientation 6, a 160×120 thumbnail as 0x0201) → SubIFD0
 * (the full-size JPEG, Orientation 1) and SubIFD1 (a bigger lossless SOF3 "raw"), an EXIF IFD
 * with a capture time and a Nikon makernote whose PreviewIFD holds a 660×440 JPEG.
 */
export function nefLike(parts: NefParts, options: { cycle?: boolean } = {}): Buffer {
  const tiff = new TiffBuilder(false);
  const full = tiff.append(parts.full);
  const raw = losslessJpeg(3000, 2000, parts.full.length * 2);
  const rawAt = tiff.append(raw);
  const thumb = tiff.append(parts.thumb);
  const subIfd0 = tiff.ifd([
    short(T.orientation, 1),
    long(T.jpegOffset, full),
    long(T.jpegLength, parts.full.length),
  ]);
  const subIfd1 = tiff.ifd([
    short(T.compression, 7),
    short(T.orientation, 1),
    long(T.stripOffsets, rawAt),
    long(T.stripByteCounts, raw.length),
  ]);
  const exif = tiff.ifd([
    ascii(T.dateTimeOriginal, '2024:05:01 10:00:00'),
    ascii(T.offsetTimeOriginal, '+02:00'),
    { tag: T.exposureTime, type: 5, rationals: [[1, 250]] },
    { tag: T.makerNote, type: 7, bytes: nikonMakernote(parts.makernotePreview) },
  ]);
  const ifd0 = tiff.ifd(
    [
      ascii(T.make, 'NIKON CORPORATION'),
      ascii(T.model, 'NIKON D850'),
      short(T.orientation, 6),
      long(T.subIfds, subIfd0, subIfd1),
      long(T.jpegOffset, thumb),
      long(T.jpegLength, parts.thumb.length),
      long(T.exifIfd, exif),
    ],
    options.cycle ? 'self' : 0,
  );
  return tiff.finish(ifd0);
}

/** Nikon's makernote: "Nikon\0", version, then a TIFF of its own with a PreviewIFD (0x0011). */
function nikonMakernote(preview: Buffer): Buffer {
  const tiff = new TiffBuilder(false);
  const jpeg = tiff.append(preview);
  const previewIfd = tiff.ifd([long(T.jpegOffset, jpeg), long(T.jpegLength, preview.length)]);
  const main = tiff.ifd([long(0x0011, previewIfd)]);
  return Buffer.concat([Buffer.from('Nikon\0\x02\x10\0\0', 'latin1'), tiff.finish(main)]);
}

/** A DNG-like TIFF: IFD0 (Orientation 3, a thumbnail) with a preview SubIFD (JPEG strip). */
export function dngLike(preview: Buffer, thumb: Buffer): Buffer {
  const tiff = new TiffBuilder(true);
  const previewAt = tiff.append(preview);
  const thumbAt = tiff.append(thumb);
  const subIfd = tiff.ifd([
    short(T.compression, 7),
    long(T.stripOffsets, previewAt),
    long(T.stripByteCounts, preview.length),
  ]);
  const ifd0 = tiff.ifd([
    short(T.compression, 7),
    ascii(T.make, 'Apple'),
    short(T.orientation, 3),
    long(T.stripOffsets, thumbAt),
    long(T.stripByteCounts, thumb.length),
    long(T.subIfds, subIfd),
  ]);
  return tiff.finish(ifd0);
}

/** A Panasonic RW2-like TIFF (magic 0x55): IFD0 with Make, Orientation 6 and the JpgFromRaw tag. */
export function rw2Like(jpeg: Buffer): Buffer {
  const tiff = new TiffBuilder(true, 0x55);
  const ifd0 = tiff.ifd([
    ascii(T.make, 'Panasonic'),
    ascii(T.model, 'DC-S5'),
    short(T.orientation, 6),
    { tag: 0x002e, type: 7, bytes: jpeg },
  ]);
  return tiff.finish(ifd0);
}

/** A RAF: the fixed header with the JPEG's offset and length at bytes 84 and 88. */
export function rafLike(jpeg: Buffer): Buffer {
  const header = Buffer.alloc(160);
  header.write('FUJIFILMCCD-RAW 0201FF383501', 0, 'latin1');
  header.write('X-T30', 28, 'latin1');
  header.writeUInt32BE(header.length, 84);
  header.writeUInt32BE(jpeg.length, 88);
  return Buffer.concat([header, jpeg]);
}

/** An ISO-BMFF box: size, type (a uuid box: the uuid first), payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function uuidBox(uuid: string, ...payload: Buffer[]): Buffer {
  return box('uuid', Buffer.from(uuid, 'hex'), ...payload);
}

/** THMB or PRVW: fields, then the JPEG 24 bytes into the box. */
function imageBox(type: 'THMB' | 'PRVW', jpeg: Buffer, width: number, height: number): Buffer {
  const fields = Buffer.alloc(16);
  if (type === 'THMB') {
    fields.writeUInt16BE(width, 4);
    fields.writeUInt16BE(height, 6);
    fields.writeUInt32BE(jpeg.length, 8);
  } else {
    fields.writeUInt16BE(1, 4);
    fields.writeUInt16BE(width, 6);
    fields.writeUInt16BE(height, 8);
    fields.writeUInt32BE(jpeg.length, 12);
  }
  return box(type, fields, jpeg);
}

/** The JPEGs and blocks of a CR3-like file. */
export interface Cr3Parts {
  full: Buffer;
  prvw: Buffer;
  thmb: Buffer;
  /** Standalone TIFFs: CMT1 (IFD0), CMT2 (EXIF), CMT4 (GPS). */
  cmt1: Buffer;
  cmt2: Buffer;
  cmt4: Buffer;
}

/** CMT blocks for a Canon EOS R6 turned to orientation 8, with a capture time and GPS. */
export function cmtBlocks(): Pick<Cr3Parts, 'cmt1' | 'cmt2' | 'cmt4'> {
  const ifd0 = new TiffBuilder(true);
  const cmt1 = ifd0.finish(
    ifd0.ifd([ascii(T.make, 'Canon'), ascii(T.model, 'Canon EOS R6'), short(T.orientation, 8)]),
  );
  const exif = new TiffBuilder(true);
  const cmt2 = exif.finish(
    exif.ifd([
      ascii(T.dateTimeOriginal, '2021:05:12 12:21:21'),
      ascii(T.offsetTimeOriginal, '+02:00'),
      { tag: T.fNumber, type: 5, rationals: [[28, 10]] },
    ]),
  );
  const gps = new TiffBuilder(true);
  const cmt4 = gps.finish(
    gps.ifd([
      ascii(1, 'N'),
      {
        tag: 2,
        type: 5,
        rationals: [
          [48, 1],
          [51, 1],
          [2412, 100],
        ],
      },
      ascii(3, 'E'),
      {
        tag: 4,
        type: 5,
        rationals: [
          [2, 1],
          [21, 1],
          [0, 1],
        ],
      },
    ]),
  );
  return { cmt1, cmt2, cmt4 };
}

/**
 * A CR3-like file: ftyp "crx ", moov (Canon uuid with CMT1/2/4 and THMB; track 1 pointing at
 * the full-size JPEG in mdat), the preview uuid with PRVW, then mdat. `fullSizeOffset`
 * overrides where track 1 says its JPEG is (past the end of the file, for a pruned CR3).
 */
export function cr3Like(parts: Cr3Parts, fullSizeOffset?: number): Buffer {
  const build = (mdatOffset: number): Buffer => {
    const stsz = box('stsz', Buffer.from([0, 0, 0, 0]), u32(0), u32(1), u32(parts.full.length));
    const co64Body = Buffer.alloc(16);
    co64Body.writeUInt32BE(1, 4);
    co64Body.writeBigUInt64BE(BigInt(fullSizeOffset ?? mdatOffset), 8);
    const trak = box('trak', box('mdia', box('minf', box('stbl', stsz, box('co64', co64Body)))));
    const canon = uuidBox(
      '85c0b687820f11e08111f4ce462b6a48',
      box('CMT1', parts.cmt1),
      box('CMT2', parts.cmt2),
      box('CMT4', parts.cmt4),
      imageBox('THMB', parts.thmb, 160, 120),
    );
    const ftyp = box('ftyp', Buffer.from('crx \0\0\0\x01crx isom', 'latin1'));
    const preview = uuidBox(
      'eaf42b5e1c984b88b9fbb7dc406e4d16',
      Buffer.alloc(8),
      imageBox('PRVW', parts.prvw, 1620, 1080),
    );
    return Buffer.concat([ftyp, box('moov', canon, trak), preview]);
  };
  const head = build(0).length + 8;
  return Buffer.concat([build(head), box('mdat', parts.full)]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}
