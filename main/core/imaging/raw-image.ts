/** Decoded pixels as they pass between the decode, the turn and the encodes. */
import type { Channels } from 'sharp';

/** 8-bit sRGB pixels of the photo at the large size, alpha kept when the source has it. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: Channels;
}
