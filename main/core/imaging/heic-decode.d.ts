/** Types of the `heic-decode` package, which ships none: only the part Shoebox uses. */
declare module 'heic-decode' {
  /** One decoded image: 8-bit RGBA, row after row, `width * height * 4` bytes. */
  interface DecodedHeifImage {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }

  /** Decodes the first top-level image of a HEIF file (its primary image, in photos). */
  function decode(input: { buffer: Uint8Array }): Promise<DecodedHeifImage>;
  export default decode;
}
