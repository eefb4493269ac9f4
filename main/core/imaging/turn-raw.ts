/** The user's rotation, applied to the decoded pixels at the large size. */
import sharp from 'sharp';
import type { Rotation } from '../../../common/description';
import type { RawImage } from './raw-image';

/** Raw pixels turned `rotation` degrees clockwise. */
export async function turnRaw(image: RawImage, rotation: Rotation): Promise<RawImage> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .rotate(rotation)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: image.channels };
}
