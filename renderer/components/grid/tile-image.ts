import type { PhotoSummary } from '../../../common/contract';
import {
  DERIVATIVE_SIZES,
  fitLongEdge,
  type DerivativeSize,
} from '../../../common/derivative-sizes';

// The sizes a tile may load, smallest first. Never the large: even the biggest tile on a 3×
// screen is covered by the medium, and a large per tile costs memory and decoding for nothing.
const TILE_SIZES = ['thumb', 'medium'] as const satisfies readonly DerivativeSize[];

/**
 * The smallest derivative sharp on a square tile `devicePixels` wide (the tile's CSS size
 * times the device pixel ratio): the tile crops the image to fill it, so its short edge
 * must reach across.
 */
export function tileImageSize(
  photo: Pick<PhotoSummary, 'width' | 'height'>,
  devicePixels: number,
): DerivativeSize {
  for (const size of TILE_SIZES) {
    const fitted = fitLongEdge(photo.width, photo.height, DERIVATIVE_SIZES[size].longEdge);
    // A photo no bigger than this size has nothing sharper to give at the next one.
    const whole = fitted.width === photo.width && fitted.height === photo.height;
    if (Math.min(fitted.width, fitted.height) >= devicePixels || whole) return size;
  }
  return TILE_SIZES[TILE_SIZES.length - 1];
}
