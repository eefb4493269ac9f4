/**
 * Wraps raw 8-bit RGB(A) pixels in an uncompressed TIFF that carries an ICC profile. It is how
 * pixels decoded outside libvips reach sharp together with the colour space they are in: sharp's
 * raw input takes no profile, and `withIccProfile` converts to a profile rather than assigning it.
 */

/** The size of one IFD entry: tag, type, count, value or offset. */
const ENTRY_BYTES = 12;

// TIFF field types: 16-bit, 32-bit, bytes.
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;

/** An uncompressed little-endian TIFF of `pixels` (one strip), with `icc` as its ICC profile. */
export function rawTiff(
  pixels: Buffer,
  image: { width: number; height: number; channels: 3 | 4 },
  icc: Buffer,
): Buffer {
  const { width, height, channels } = image;
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`expected ${width * height * channels} bytes of pixels`);
  }
  // The eleven tags below, and ExtraSamples when there is alpha.
  const entryCount = channels === 4 ? 12 : 11;
  const ifdOffset = 8;
  const bitsOffset = ifdOffset + 2 + entryCount * ENTRY_BYTES + 4;
  const iccOffset = bitsOffset + channels * 2;
  // TIFF readers expect data at even offsets.
  const pixelsOffset = iccOffset + icc.length + (icc.length % 2);

  const tiff = Buffer.alloc(pixelsOffset + pixels.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifdOffset, 4);
  tiff.writeUInt16LE(entryCount, ifdOffset);
  let entry = ifdOffset + 2;
  const add = (tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, entry);
    tiff.writeUInt16LE(type, entry + 2);
    tiff.writeUInt32LE(count, entry + 4);
    // A single SHORT sits in the first two bytes of the value field.
    if (type === SHORT && count === 1) tiff.writeUInt16LE(value, entry + 8);
    else tiff.writeUInt32LE(value, entry + 8);
    entry += ENTRY_BYTES;
  };
  // Tags in ascending order, as TIFF requires.
  add(256, LONG, 1, width); // ImageWidth
  add(257, LONG, 1, height); // ImageLength
  add(258, SHORT, channels, bitsOffset); // BitsPerSample, 8 per channel
  add(259, SHORT, 1, 1); // Compression: none
  add(262, SHORT, 1, 2); // PhotometricInterpretation: RGB
  add(273, LONG, 1, pixelsOffset); // StripOffsets
  add(277, SHORT, 1, channels); // SamplesPerPixel
  add(278, LONG, 1, height); // RowsPerStrip: the whole image in one strip
  add(279, LONG, 1, pixels.length); // StripByteCounts
  add(284, SHORT, 1, 1); // PlanarConfiguration: interleaved
  if (channels === 4) add(338, SHORT, 1, 2); // ExtraSamples: unassociated alpha
  add(34675, UNDEFINED, icc.length, iccOffset); // ICC profile
  tiff.writeUInt32LE(0, entry); // no next IFD

  for (let channel = 0; channel < channels; channel += 1) {
    tiff.writeUInt16LE(8, bitsOffset + channel * 2);
  }
  icc.copy(tiff, iccOffset);
  pixels.copy(tiff, pixelsOffset);
  return tiff;
}
