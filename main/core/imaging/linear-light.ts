/**
 * Floating-point pixels to 8-bit sRGB. Floating-point photos (HDR merges, 32-bit TIFFs from
 * raw developers and scientific cameras) store linear light: 0 is black, 1 is white, and HDR
 * values above 1 are brighter than white. An 8-bit copy must clip those and apply the sRGB
 * transfer curve; a plain cast would leave 0-1 as 0 or 1 of 255, which is black.
 */

// Samples are quantised to 16 bits, then looked up: the darkest 8-bit sRGB step is 1/3300 of
// white in linear light, so 65536 levels resolve every step, for a 64 KB table.
const LEVELS = 65_535;

/** The 8-bit sRGB value of each 16-bit linear level. */
const SRGB_OF_LEVEL = Uint8Array.from({ length: LEVELS + 1 }, (_, level) =>
  Math.round(srgbEncode(level / LEVELS) * 255),
);

/**
 * Interleaved linear-light RGB or RGBA samples (`channels` 3 or 4) to 8-bit sRGB. Alpha is not
 * light, so it is only scaled; negative and NaN samples become 0 and HDR ones clip to 255.
 */
export function linearToSrgb8(samples: Float32Array, channels: 3 | 4): Buffer {
  const pixels = Buffer.alloc(samples.length);
  for (let index = 0; index < samples.length; index += 1) {
    const sample = samples[index]!;
    // `sample > 0` is false for NaN.
    const level = sample > 0 ? (sample < 1 ? Math.round(sample * LEVELS) : LEVELS) : 0;
    const isAlpha = channels === 4 && index % 4 === 3;
    pixels[index] = isAlpha ? Math.round((level * 255) / LEVELS) : SRGB_OF_LEVEL[level]!;
  }
  return pixels;
}

/** The sRGB encoding of a linear value 0-1 (IEC 61966-2-1). */
function srgbEncode(linear: number): number {
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055;
}
