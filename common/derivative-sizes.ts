/** The web-ready sizes every photo gets, smallest first (README.md, "Library on disk"). */
export const DERIVATIVE_SIZES = {
  thumb: { longEdge: 400, quality: 85 },
  medium: { longEdge: 1280, quality: 85 },
  large: { longEdge: 2048, quality: 90 },
} as const;

/** The name of one derivative size. */
export type DerivativeSize = keyof typeof DERIVATIVE_SIZES;

/** Every derivative size, smallest first (a tuple, so zod can make an enum of it). */
export const DERIVATIVE_SIZE_NAMES = Object.keys(DERIVATIVE_SIZES) as [
  DerivativeSize,
  ...DerivativeSize[],
];

// The replaced app used WebP method=4: the same effort keeps the quality per byte comparable.
/** libwebp effort (0-6) for every derivative. */
export const WEBP_EFFORT = 4;

/** Scales width x height so the long edge is at most `longEdge`, never upscaling. */
export function fitLongEdge(
  width: number,
  height: number,
  longEdge: number,
): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
