/**
 * Images made on the fly for the imaging tests: known colours in known places, hostile files
 * (decompression bombs, HEIC with junk for image data, truncated data). Only real HEVC photos,
 * which sharp cannot encode, are committed files (heic-fixtures.ts).
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

/** An 8-bit RGB colour. */
export type Rgb = [number, number, number];

/** The colour of each quadrant of a quadrant image, as stored in the file. */
export const QUADRANT_COLOURS = {
  topLeft: [230, 20, 20],
  topRight: [20, 200, 20],
  bottomLeft: [20, 20, 220],
  bottomRight: [240, 240, 240],
} as const satisfies Record<string, Rgb>;

/** A quadrant name. */
export type Quadrant = keyof typeof QUADRANT_COLOURS;

/** Raw pixels of `width` x `height` split in four quadrants of QUADRANT_COLOURS. */
export function quadrantImage(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const quadrant: Quadrant =
        y < height / 2
          ? x < width / 2
            ? 'topLeft'
            : 'topRight'
          : x < width / 2
            ? 'bottomLeft'
            : 'bottomRight';
      pixels.set(QUADRANT_COLOURS[quadrant], (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A JPEG of stored quadrant pixels whose EXIF says to show them with `orientation` (1-8). */
export function orientedQuadrantJpeg(
  width: number,
  height: number,
  orientation: number,
): Promise<Buffer> {
  return quadrantImage(width, height)
    .withMetadata({ orientation })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** A JPEG of smooth random texture: costs real time to decode and encode, like a photo. */
export function texturedJpeg(width: number, height: number): Promise<Buffer> {
  // Random pixels at a quarter of the size, smoothed by the upscale into a blotchy texture.
  const noiseWidth = Math.ceil(width / 4);
  const noiseHeight = Math.ceil(height / 4);
  return sharp(randomBytes(noiseWidth * noiseHeight * 3), {
    raw: { width: noiseWidth, height: noiseHeight, channels: 3 },
  })
    .resize(width, height)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A single-colour image: RGB, or RGBA when `alpha` (0-1) is below 1. */
export function solidImage(width: number, height: number, colour: Rgb, alpha = 1): Sharp {
  const [r, g, b] = colour;
  const channels = alpha < 1 ? 4 : 3;
  return sharp({ create: { width, height, channels, background: { r, g, b, alpha } } });
}

/** An animated GIF with one frame per colour, each `width` x `height`. */
export async function animatedGif(width: number, height: number, frames: Rgb[]): Promise<Buffer> {
  const images = await Promise.all(
    frames.map((colour) => solidImage(width, height, colour).png().toBuffer()),
  );
  return sharp(images, { join: { animated: true } })
    .gif()
    .toBuffer();
}

/**
 * A decompression bomb: a valid PNG header claiming `width` x `height` RGB pixels, followed by
 * a few bytes of image data; a decoder that trusted it would allocate gigabytes.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A HEIC file as an iPhone writes it, as far as its header goes (brand `heic`, one `hvc1`
 * item with an HEVC decoder configuration and its size), with junk instead of HEVC data:
 * libheif reads the header, then fails to decode. With `exif` (a TIFF-structured EXIF block),
 * a second item holds it, behind an `Exif\0\0` header, at an `iloc` offset with no base offset.
 */
export function hevcHeic(width: number, height: number, exif?: Buffer): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic'), u32(0), Buffer.from('mif1heic'));
  // HEVCDecoderConfigurationRecord: version 1, Main profile, level 3, 4:2:0, 8-bit, no arrays.
  const hvcC = box(
    'hvcC',
    Buffer.from([1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 90, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8]),
    Buffer.from([0, 0, 0x0f, 0]),
  );
  const ispe = fullBox('ispe', 0, u32(width), u32(height));
  // Item 1 has property 1 (hvcC, essential: 0x80) and property 2 (ispe).
  const ipma = fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02]));
  const iprp = box('iprp', box('ipco', hvcC, ispe), ipma);
  // Item 1 is the image, item 2 the EXIF: the offset of the TIFF header after a 4-byte field.
  const items = [{ type: 'hvc1', data: Buffer.alloc(16, 0xab) }];
  if (exif) {
    const data = Buffer.concat([u32(6), Buffer.from('Exif\0\0', 'latin1'), exif]);
    items.push({ type: 'Exif', data });
  }
  const meta = (dataOffset: number) => {
    // 4-byte offsets and lengths, no base offset; per item: id, in this file, one extent.
    const locations: Buffer[] = [];
    let offset = dataOffset;
    for (const [index, item] of items.entries()) {
      locations.push(u16(index + 1), u16(0), u16(1), u32(offset), u32(item.data.length));
      offset += item.data.length;
    }
    const infos = items.map((item, index) =>
      fullBox('infe', 2, u16(index + 1), u16(0), Buffer.from(`${item.type}\0`)),
    );
    return fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox('iloc', 0, Buffer.from([0x44, 0]), u16(items.length), ...locations),
      fullBox('iinf', 0, u16(items.length), ...infos),
      iprp,
    );
  };
  const mdatHeaderLength = 8;
  const dataOffset = ftyp.length + meta(0).length + mdatHeaderLength;
  const mdat = box('mdat', ...items.map((item) => item.data));
  return Buffer.concat([ftyp, meta(dataOffset), mdat]);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
}

function fullBox(type: string, version: number, ...parts: Buffer[]): Buffer {
  return box(type, u32(version << 24), ...parts);
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** Typed arrays of samples that uncompressedTiff writes, each as its TIFF sample format. */
export type TiffSamples = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

/**
 * An uncompressed little-endian TIFF of interleaved `samples`, one strip: RGB for 3 or 4
 * channels, grey for 1 or 2, the last of 2 or 4 being alpha. Integer arrays are unsigned
 * integers and float arrays IEEE floats, unless `halfFloat` marks 16-bit samples as floats.
 * It writes what sharp cannot: 16-bit, 32-bit and floating-point TIFFs, and a profile embedded
 * without converting the samples to it; `orientation` adds the Orientation tag.
 */
export function uncompressedTiff(
  samples: TiffSamples,
  image: {
    width: number;
    height: number;
    channels: 1 | 2 | 3 | 4;
    icc?: Buffer;
    halfFloat?: boolean;
    /** The Orientation tag (1-8), none by default. */
    orientation?: number;
  },
): Buffer {
  const { width, height, channels, icc } = image;
  if (samples.length !== width * height * channels) {
    throw new RangeError(`expected ${width * height * channels} samples`);
  }
  const isFloat = samples instanceof Float32Array || samples instanceof Float64Array;
  const perChannel = (value: number) => {
    const values = Buffer.alloc(channels * 2);
    for (let channel = 0; channel < channels; channel += 1)
      values.writeUInt16LE(value, channel * 2);
    return values;
  };
  const pixels = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  // Tag, type (3 SHORT, 4 LONG, 7 UNDEFINED), count, and the value: a number, or its bytes,
  // which TIFF keeps in the entry when they fit in 4 and elsewhere in the file otherwise.
  const entries: [number, number, number, number | Buffer][] = [
    [256, 4, 1, width], // ImageWidth
    [257, 4, 1, height], // ImageLength
    [258, 3, channels, perChannel(samples.BYTES_PER_ELEMENT * 8)], // BitsPerSample
    [259, 3, 1, 1], // Compression: none
    [262, 3, 1, channels >= 3 ? 2 : 1], // PhotometricInterpretation: RGB or BlackIsZero
    [273, 4, 1, 0], // StripOffsets, set below
    [277, 3, 1, channels], // SamplesPerPixel
    [278, 4, 1, height], // RowsPerStrip: one strip
    [279, 4, 1, pixels.length], // StripByteCounts
    [284, 3, 1, 1], // PlanarConfiguration: interleaved
  ];
  if (image.orientation !== undefined) entries.splice(6, 0, [274, 3, 1, image.orientation]); // Orientation
  if (channels % 2 === 0) entries.push([338, 3, 1, 2]); // ExtraSamples: unassociated alpha
  // SampleFormat: IEEE floating point, or unsigned integer.
  entries.push([339, 3, channels, perChannel(isFloat || image.halfFloat ? 3 : 1)]);
  if (icc) entries.push([34675, 7, icc.length, icc]); // ICC profile

  const ifdOffset = 8;
  let end = ifdOffset + 2 + entries.length * 12 + 4;
  const offsets = new Map<Buffer, number>();
  for (const bytes of [...entries.map((entry) => entry[3]), pixels]) {
    if (!Buffer.isBuffer(bytes) || (bytes !== pixels && bytes.length <= 4)) continue;
    end += (8 - (end % 8)) % 8; // aligned, for the samples
    offsets.set(bytes, end);
    end += bytes.length;
  }
  entries[5]![3] = offsets.get(pixels)!;

  const tiff = Buffer.alloc(end);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifdOffset, 4);
  tiff.writeUInt16LE(entries.length, ifdOffset);
  for (const [index, [tag, type, count, value]] of entries.entries()) {
    const entry = ifdOffset + 2 + index * 12;
    tiff.writeUInt16LE(tag, entry);
    tiff.writeUInt16LE(type, entry + 2);
    tiff.writeUInt32LE(count, entry + 4);
    const offset = Buffer.isBuffer(value) ? offsets.get(value) : undefined;
    if (offset !== undefined) tiff.writeUInt32LE(offset, entry + 8);
    else if (Buffer.isBuffer(value)) value.copy(tiff, entry + 8);
    else if (type === 3) tiff.writeUInt16LE(value, entry + 8);
    else tiff.writeUInt32LE(value, entry + 8);
  }
  for (const [bytes, offset] of offsets) bytes.copy(tiff, offset);
  return tiff;
}

/** `width` x `height` pixels of one colour (or grey, alpha), as samples uncompressedTiff takes. */
export function filledSamples<T extends TiffSamples>(
  Samples: { new (length: number): T },
  width: number,
  height: number,
  pixel: readonly number[],
): T {
  const samples = new Samples(width * height * pixel.length);
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = pixel[index % pixel.length]!;
  }
  return samples;
}

/** The ICC profile sharp embeds for one of its built-in names (`srgb`, `p3`). */
export async function builtInProfile(name: 'srgb' | 'p3'): Promise<Buffer> {
  const png = await solidImage(8, 8, [0, 0, 0]).withIccProfile(name).png().toBuffer();
  return (await sharp(png).metadata()).icc!;
}

/**
 * `jpeg` with the size in its frame header (SOF) replaced: a small file claiming a big image,
 * whose image data ends, at its end marker, long before the pixels do.
 */
export function jpegClaimingSize(jpeg: Buffer, width: number, height: number): Buffer {
  const patched = Buffer.from(jpeg);
  const sof = findJpegMarker(patched, (marker) => marker >= 0xc0 && marker <= 0xc2);
  patched.writeUInt16BE(height, sof + 5);
  patched.writeUInt16BE(width, sof + 7);
  return patched;
}

/**
 * `jpeg` with junk bytes before its start-of-scan marker, as some cameras write: libjpeg warns
 * "extraneous bytes before marker 0xda" and decodes the photo as usual.
 */
export function jpegWithJunkBeforeScan(jpeg: Buffer): Buffer {
  const sos = findJpegMarker(jpeg, (marker) => marker === 0xda);
  return Buffer.concat([
    jpeg.subarray(0, sos),
    Buffer.from([0x12, 0x34, 0x56]),
    jpeg.subarray(sos),
  ]);
}

/** The offset of the first header segment whose marker matches, walking from SOI. */
function findJpegMarker(jpeg: Buffer, matches: (marker: number) => boolean): number {
  for (let offset = 2; offset + 4 <= jpeg.length; offset += 2 + jpeg.readUInt16BE(offset + 2)) {
    if (jpeg[offset] !== 0xff) break;
    if (matches(jpeg[offset + 1]!)) return offset;
  }
  throw new Error('no such marker in the JPEG header');
}
