/**
 * Tells what a file is from its first bytes (its "magic"), not from its name: camera cards and
 * downloads are full of JPEGs named `.png`, upper-case `.JPG`s and files without extensions.
 * The extension is only used where the bytes cannot tell on their own: most camera RAW formats
 * are TIFF files inside, and only the name says a `.NEF` is not a plain TIFF.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ImageFormat, RawFormat, VideoFormat } from '../../../common/contract';

/** What a file's first bytes say it is. */
export type SniffResult =
  | { kind: 'image'; format: ImageFormat }
  /** A camera RAW: shown through the JPEG the camera embedded in it (main/core/raw/). */
  | { kind: 'raw'; format: RawFormat }
  /** A video: shown through a poster frame, played in the viewer (main/core/video/). */
  | { kind: 'video'; format: VideoFormat }
  | {
      kind: 'unsupported-image';
      format: string;
      reason: string;
      /** A camera's own RAW format, often saved beside a JPEG of the same shot. */
      cameraOriginal: boolean;
    }
  | { kind: 'not-image'; reason: string };

/**
 * How many leading bytes the sniffer looks at. Every signature below sits in the first 64
 * bytes (an ISO-BMFF `ftyp` box with its list of compatible brands is 20-40) except an MPEG
 * transport stream's, whose second sync byte comes at 188 (M2TS: 196).
 */
const SNIFF_BYTES = 200;

/**
 * Camera RAW extensions whose files are TIFF-structured (the bytes start like any TIFF), so the
 * name is what tells them apart. Importing one as a TIFF would store its small embedded
 * preview or an undeveloped sensor dump instead of the photo.
 */
const TIFF_BASED_RAW_EXTENSIONS: ReadonlySet<string> = new Set<RawFormat>([
  '3fr', // Hasselblad
  'arw', // Sony
  'cr2', // Canon (also recognised by its "CR" marker)
  'dcr', // Kodak
  'dng', // Adobe / many phones
  'erf', // Epson
  'fff', // Hasselblad
  'gpr', // GoPro
  'iiq', // Phase One
  'k25', // Kodak
  'kdc', // Kodak
  'mef', // Mamiya
  'mos', // Leaf
  'nef', // Nikon
  'nrw', // Nikon
  'pef', // Pentax
  'raw', // Leica / Panasonic
  'rwl', // Leica
  'sr2', // Sony
  'srf', // Sony
  'srw', // Samsung
  'x3f', // Sigma (also recognised by its "FOVb" marker)
]);

/**
 * ISO-BMFF brands (the `ftyp` box) of HEVC-coded HEIF photos, as iPhones and many Android
 * phones save; the generic `mif1` (any HEIF image) counts too when no AVIF brand is listed.
 */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
/** ISO-BMFF brands of AVIF images (still and sequence). */
const AVIF_BRANDS = new Set(['avif', 'avis']);
/** ISO-BMFF brands of videos, which cameras and phones put on the same card as photos. */
const VIDEO_BRANDS = new Set([
  'isom',
  'iso2',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'qt  ',
  'M4V ',
  '3gp4',
  '3gp5',
  '3gp6',
  '3g2a',
  'XAVC',
  'M4VH',
  'M4VP',
  'mp71',
  'dash',
  'MSNV', // Sony
  'CAEP', // Canon
  'niko', // Nikon
]);

/** The atoms an old QuickTime movie without an `ftyp` box starts with. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
/** Only names saying "movie" make those atoms count: four letters at byte 4 are weak proof. */
const QUICKTIME_EXTENSIONS = new Set(['mov', 'qt', 'mp4', 'm4v']);

const VIDEO_REASON = 'AVI videos are not supported';
const NOT_AN_IMAGE = 'not an image';

/** Reads a file's first bytes and tells what it is. The caller checks it is a regular file first
 * (opening a FIFO would block). `path` is a Buffer when the file's name is not valid UTF-8.
 * Throws the file system's error when it cannot be read. */
export async function sniffFile(path: string | Buffer): Promise<SniffResult> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    // Only the name's extension is looked at, and extensions worth telling apart are ASCII:
    // decoding a name that is not UTF-8 lossily (U+FFFD) loses nothing that matters here.
    return sniffBytes(head.subarray(0, bytesRead), basename(path.toString()));
  } finally {
    await handle.close();
  }
}

/** Tells what a file is from its first bytes (64 are enough) and its name. Pure. */
export function sniffBytes(head: Uint8Array, fileName: string): SniffResult {
  const extension = extname(fileName).slice(1).toLowerCase();
  const ascii = (start: number, length: number) =>
    String.fromCharCode(...head.subarray(start, start + length));
  const startsWith = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);

  if (head.length === 0) return { kind: 'not-image', reason: 'empty file' };

  if (startsWith(0xff, 0xd8, 0xff)) return image('jpeg');
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return image('png');
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return image('gif');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return image('webp');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'AVI ') {
    return { kind: 'not-image', reason: VIDEO_REASON };
  }

  // Camera RAW formats with a signature of their own, checked before TIFF: ORF and RW2 start
  // with a TIFF-like byte-order mark but a different magic number.
  if (ascii(0, 15) === 'FUJIFILMCCD-RAW') return raw('raf');
  if (ascii(0, 4) === 'IIRO' || ascii(0, 4) === 'IIRS' || ascii(0, 4) === 'MMOR') return raw('orf');
  if (startsWith(0x49, 0x49, 0x55, 0x00)) return raw(extension === 'rwl' ? 'rwl' : 'rw2');
  // Pentax and Samsung write ORF-like or plain TIFF headers; their names tell (below).
  if (ascii(6, 8) === 'HEAPCCDR') return raw('crw');
  if (startsWith(0x00, 0x4d, 0x52, 0x4d)) return raw('mrw');
  if (ascii(0, 4) === 'FOVb') return raw('x3f');

  const littleEndianTiff = startsWith(0x49, 0x49, 0x2a, 0x00);
  const bigEndianTiff = startsWith(0x4d, 0x4d, 0x00, 0x2a);
  // BigTIFF (magic 43) is read by libvips' libtiff like classic TIFF.
  const bigTiff = startsWith(0x49, 0x49, 0x2b, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2b);
  if (littleEndianTiff || bigEndianTiff || bigTiff) {
    if (littleEndianTiff && ascii(8, 2) === 'CR') return raw('cr2');
    if (TIFF_BASED_RAW_EXTENSIONS.has(extension)) return raw(extension as RawFormat);
    return image('tiff');
  }

  if (ascii(4, 4) === 'ftyp') return sniffIsoBmff(head, ascii, extension);
  // Old QuickTime movies start with a movie, data or padding atom instead of `ftyp`.
  if (QUICKTIME_ATOMS.has(ascii(4, 4)) && QUICKTIME_EXTENSIONS.has(extension)) {
    return video('mov');
  }
  // MPEG transport streams (AVCHD's .MTS, Blu-ray's and XAVC S's .M2TS): 188-byte packets
  // each starting with the sync byte 0x47; M2TS puts a 4-byte timestamp before each packet.
  if (head[0] === 0x47 && head[188] === 0x47) return video('mts');
  if (head[4] === 0x47 && head[196] === 0x47) return video(extension === 'mts' ? 'mts' : 'm2ts');

  if (ascii(0, 2) === 'BM' && isBmpHeaderSize(readUint32LE(head, 14))) {
    return unsupported('bmp', 'BMP images are not supported yet');
  }
  if (ascii(0, 4) === '8BPS') {
    return unsupported('psd', 'Photoshop documents (.PSD) are not supported');
  }
  if (startsWith(0xff, 0x0a) || isJxlContainer(head)) {
    return unsupported('jxl', 'JPEG XL images are not supported yet');
  }
  if (
    startsWith(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20) ||
    startsWith(0xff, 0x4f, 0xff, 0x51)
  ) {
    return unsupported('jp2', 'JPEG 2000 images are not supported');
  }
  if (isSvg(ascii(0, head.length), extension)) {
    return unsupported('svg', 'SVG drawings are not supported');
  }
  // The resource fork a Mac writes beside each file on a FAT card (`._IMG_0001.JPG`).
  if (startsWith(0x00, 0x05, 0x16, 0x07)) {
    return { kind: 'not-image', reason: 'macOS metadata file (AppleDouble)' };
  }
  return { kind: 'not-image', reason: NOT_AN_IMAGE };
}

function sniffIsoBmff(
  head: Uint8Array,
  ascii: (start: number, length: number) => string,
  extension: string,
): SniffResult {
  const majorBrand = ascii(8, 4);
  // The ftyp box lists compatible brands after its size, type, major brand and minor version;
  // generic major brands (`mif1`, `msf1`) need them to tell AVIF from HEIF.
  const boxSize = Math.min(readUint32BE(head, 0), head.length);
  const brands = [majorBrand];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(offset, 4));

  if (majorBrand === 'crx ') return raw('cr3');
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return image('avif');
  if (brands.some((brand) => HEIF_BRANDS.has(brand)) || majorBrand === 'mif1') {
    return image('heic');
  }
  if (VIDEO_BRANDS.has(majorBrand) || brands.some((brand) => VIDEO_BRANDS.has(brand))) {
    return video(videoFormatOf(majorBrand, extension));
  }
  return { kind: 'not-image', reason: NOT_AN_IMAGE };
}

/** The container a video's major brand (or, for generic brands, its name) says it is. */
function videoFormatOf(majorBrand: string, extension: string): VideoFormat {
  if (majorBrand === 'qt  ') return 'mov';
  if (majorBrand.startsWith('M4V')) return 'm4v';
  if (majorBrand.startsWith('3g')) return '3gp';
  if (extension === 'mov' || extension === 'm4v' || extension === '3gp') return extension;
  return 'mp4';
}

function video(format: VideoFormat): SniffResult {
  return { kind: 'video', format };
}

function image(format: ImageFormat): SniffResult {
  return { kind: 'image', format };
}

function unsupported(format: string, reason: string, cameraOriginal = false): SniffResult {
  return { kind: 'unsupported-image', format, reason, cameraOriginal };
}

function raw(format: RawFormat): SniffResult {
  return { kind: 'raw', format };
}

/** The DIB header sizes real BMPs use: "BM" alone is too common a start of text files. */
function isBmpHeaderSize(size: number): boolean {
  return [12, 40, 52, 56, 64, 108, 124].includes(size);
}

function isJxlContainer(head: Uint8Array): boolean {
  const signature = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
  return signature.every((byte, index) => head[index] === byte);
}

function isSvg(text: string, extension: string): boolean {
  // Strip a UTF-8 byte-order mark (as Latin-1 characters) and leading white space.
  const start = text.replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (start.startsWith('<svg')) return true;
  // An XML prolog or comment says little on its own; the `<svg` root may start after byte 64.
  return (
    (extension === 'svg' || text.includes('<svg')) &&
    (start.startsWith('<?xml') || start.startsWith('<!--') || start.startsWith('<!DOCTYPE svg'))
  );
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, false);
}
