/** A library of every kind of shot a camera card holds, for the media-kinds renderer tests. */
import type { PhotoSeed } from './fake-library';

/**
 * A RAW+JPEG pair with its XMP sidecar, a RAW alone, a 7.4 s video, a Live Photo and a plain
 * JPEG, newest first in the timeline (so the grid and the viewer show them in this order).
 */
export function cameraCardSeeds(): PhotoSeed[] {
  return [
    {
      originalName: 'DSC_0001.NEF',
      takenAt: '2024-05-01T10:05:00',
      format: 'nef',
      bytes: 25_100_000,
      companions: [
        { role: 'pair', path: '/library/originals/2024/05/DSC_0001.jpg', bytes: 3_100_000 },
        { role: 'sidecar', path: '/library/originals/2024/05/DSC_0001.nef.xmp', bytes: 4_200 },
      ],
    },
    { originalName: 'DSC_0002.NEF', takenAt: '2024-05-01T10:04:00', format: 'nef' },
    {
      originalName: 'VID_0003.MP4',
      takenAt: '2024-05-01T10:03:00',
      format: 'mp4',
      kind: 'video',
      durationSeconds: 7.4,
      bytes: 12_600_000,
      width: 1920,
      height: 1080,
    },
    {
      originalName: 'IMG_0004.HEIC',
      takenAt: '2024-05-01T10:02:00',
      format: 'heic',
      bytes: 1_800_000,
      companions: [
        {
          role: 'motion',
          path: 'C:\\Library\\originals\\2024\\05\\IMG_0004.mov',
          bytes: 2_300_000,
        },
      ],
    },
    { originalName: 'IMG_0005.JPG', takenAt: '2024-05-01T10:01:00' },
  ];
}
