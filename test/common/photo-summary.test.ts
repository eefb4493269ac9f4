import { describe, expect, it } from 'vitest';
import { mediaVersionOf } from '../../common/photo-summary';
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

describe('mediaVersionOf', () => {
  it('moves when what the media URLs answer changes, and only then', async () => {
    const library = new FakeLibrary([
      { originalName: 'DSC_0001.NEF', takenAt: '2024-05-01T10:00:00+02:00', format: 'nef' },
    ]);
    const [record] = (await library.api.listPhotos({})).photos;
    const photo = await library.api.getPhoto({ photoId: record!.id });
    const version = mediaVersionOf(photo);
    expect(version).toBeGreaterThanOrEqual(1);
    expect(version).toBeLessThanOrEqual(999_999_999);
    expect(record!.mediaVersion).toBe(version);
    expect(mediaVersionOf(structuredClone(photo))).toBe(version);
    // Thumbnails first: the large not made yet, then made.
    const pending = structuredClone(photo);
    pending.derivatives.large.path = '';
    expect(mediaVersionOf(pending)).not.toBe(version);
    // A late JPEG remade the derivatives under new names.
    const joined = structuredClone(photo);
    joined.derivatives.thumb.path = joined.derivatives.thumb.path.replace('.webp', '-pair.webp');
    expect(mediaVersionOf(joined)).not.toBe(version);
    // A late RAW became the original.
    expect(mediaVersionOf({ ...photo, path: `${photo.path}.nef` })).not.toBe(version);
  });
});
