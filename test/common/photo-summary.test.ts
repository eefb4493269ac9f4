import { describe, expect, it } from 'vitest';
import { FakeLibrary } from '../renderer/fake-library';

describe('photoSummary', () => {
  it('says a RAW has its camera JPEG beside it, and a still its motion file, for the tile badges', async () => {
    const library = new FakeLibrary([
      {
        originalName: 'DSC_0001.NEF',
        takenAt: '2024-05-01T10:00:00+02:00',
        format: 'nef',
        companions: [{ role: 'pair', path: '/library/originals/DSC_0001.jpg', bytes: 9 }],
      },
      {
        originalName: 'IMG_0002.HEIC',
        takenAt: '2024-05-01T10:01:00+02:00',
        format: 'heic',
        companions: [
          { role: 'motion', path: '/library/originals/IMG_0002.mov', bytes: 9 },
          { role: 'sidecar', path: '/library/originals/IMG_0002.aae', bytes: 9 },
        ],
      },
      { originalName: 'DSC_0003.NEF', takenAt: '2024-05-01T10:02:00+02:00', format: 'nef' },
    ]);
    const { photos } = await library.api.listPhotos({});
    const badges = Object.fromEntries(
      photos.map((photo) => [photo.originalName, { pair: photo.pair, live: photo.live }]),
    );
    expect(badges).toEqual({
      'DSC_0001.NEF': { pair: true, live: false },
      'IMG_0002.HEIC': { pair: false, live: true },
      'DSC_0003.NEF': { pair: false, live: false },
    });
  });
});
