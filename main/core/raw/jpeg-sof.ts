/**
 * Reads what an embedded JPEG is without decoding it: that it starts like a JPEG (FFD8), its
 * coding process and pixel size from the start-of-frame (SOF) marker, and where its own EXIF
 * block is. RAW files hold several JPEGs, and one of them can be the lossless-coded (SOF3)
 * sensor data itself (a Canon CR2's last IFD: 12-bit, which sharp cannot decode), so a
 * preview is chosen by what its SOF says, never by its byte size.
 */
import type { ByteSource } from './byte-source';

/** What an embedded JPEG's headers say. */
export interface JpegFrame {
  width: number;
  height: number;
  /** The SOF marker's low byte: 0xc0 baseline, 0xc1 extended, 0xc2 progressive, 0xc3 lossless… */
  sofMarker: number;
  /** Where the TIFF structure of its EXIF (APP1 "Exif\0\0") starts in the file, if it has one. */
  exifTiffOffset: number | null;
}

/** Baseline, extended sequential and progressive Huffman JPEGs: what sharp (libjpeg) decodes. */
const DISPLAYABLE_SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2]);

/**
 * The most segments looked at before a SOF: a camera preview has a handful (APP1 EXIF, APP2,
 * DQT, DHT); a corrupt candidate must not keep the walk reading.
 */
const MAX_SEGMENTS = 64;

/** Whether a frame is one sharp can show: a displayable coding process and a real size. */
export function isDisplayableFrame(frame: JpegFrame): boolean {
  return DISPLAYABLE_SOF_MARKERS.has(frame.sofMarker) && frame.width > 0 && frame.height > 0;
}

/**
 * The frame of the JPEG at `offset` (at most `length` bytes long), or null when those bytes do
 * not start with a JPEG's SOI marker or end before its SOF.
 */
export async function readJpegFrame(
  source: ByteSource,
  offset: number,
  length: number,
): Promise<JpegFrame | null> {
  const end = offset + length;
  const soi = await source.read(offset, 2);
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) return null;
  let position = offset + 2;
  let exifTiffOffset: number | null = null;
  for (let segment = 0; segment < MAX_SEGMENTS && position + 4 <= end; segment += 1) {
    const header = await source.read(position, 4);
    if (header.length < 4 || header[0] !== 0xff) return null;
    const marker = header[1]!;
    // A fill byte (0xff) may precede a marker; standalone markers carry no length.
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      position += 2;
      continue;
    }
    const segmentLength = header.readUInt16BE(2);
    if (segmentLength < 2 || marker === 0xda || marker === 0xd9) return null;
    if (isSofMarker(marker)) {
      const frame = await source.read(position + 4, 5);
      if (frame.length < 5) return null;
      return {
        height: frame.readUInt16BE(1),
        width: frame.readUInt16BE(3),
        sofMarker: marker,
        exifTiffOffset,
      };
    }
    if (marker === 0xe1 && exifTiffOffset === null) {
      const signature = await source.read(position + 4, 6);
      if (signature.toString('latin1') === 'Exif\0\0') exifTiffOffset = position + 10;
    }
    position += 2 + segmentLength;
  }
  return null;
}

/** SOF0-SOF15, leaving out DHT (c4), JPG (c8) and DAC (cc), which share the range. */
function isSofMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
