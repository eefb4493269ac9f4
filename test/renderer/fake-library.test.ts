import { describe, expect, it } from 'vitest';
import { FakeLibrary, samplePhotos } from './fake-library';

/** The ids of photos. */
const ids = (photos: Array<{ id: number }>) => photos.map((photo) => photo.id);

// The renderer tests trust the fake to page as the core does (keyset cursors); these pin it.
describe('the fake library pages as the core does', () => {
  it('continues the timeline after the last photo of a page, whatever changed before it', async () => {
    const library = new FakeLibrary(samplePhotos(10, 3));
    const { api } = library;
    const everything = ids((await api.listPhotos({ order: 'desc' })).photos);
    const first = await api.listPhotos({ order: 'desc', limit: 4 });
    expect(ids(first.photos)).toEqual(everything.slice(0, 4));
    expect(first.total).toBe(10);

    // Trashed before the cursor: an offset would now skip a photo, a keyset cursor does not.
    await api.trashPhotos({ photoIds: [everything[0]] });
    const second = await api.listPhotos({ order: 'desc', cursor: first.nextCursor, limit: 4 });
    expect(ids(second.photos)).toEqual(everything.slice(4, 8));
    expect(second.total).toBeNull();

    // Added before the cursor: an offset would now repeat a photo, a keyset cursor does not.
    library.addPhoto({ originalName: 'NEW.JPG', takenAt: '2030-01-01T00:00:00' });
    const third = await api.listPhotos({ order: 'desc', cursor: second.nextCursor, limit: 4 });
    expect(ids(third.photos)).toEqual(everything.slice(8));
    expect(third.nextCursor).toBeNull();
  });

  it('continues an album after its last photo of a page when one before it leaves', async () => {
    const library = new FakeLibrary(samplePhotos(6));
    const album = library.addAlbum('Trip', [6, 5, 4, 3, 2, 1]);
    const { api } = library;
    const first = await api.listPhotos({ albumId: album.id, limit: 3 });
    expect(ids(first.photos)).toEqual([6, 5, 4]);
    await api.removePhotosFromAlbum({ albumId: album.id, photoIds: [5] });
    // Photos added since go to the end, after every position used so far.
    await api.addPhotosToAlbum({ albumId: album.id, photoIds: [5] });
    const rest = await api.listPhotos({ albumId: album.id, cursor: first.nextCursor, limit: 10 });
    expect(ids(rest.photos)).toEqual([3, 2, 1, 5]);
  });

  it('starts a timeline page at the first photo of a day, and only without a cursor', async () => {
    const library = new FakeLibrary(samplePhotos(10, 3, '2024-06-30'));
    const { api } = library;
    const everything = (await api.listPhotos({ order: 'desc' })).photos;
    const page = await api.listPhotos({ order: 'desc', fromDay: '2024-06-29', limit: 2 });
    expect(ids(page.photos)).toEqual(ids(everything.slice(3, 5)));
    const ascending = await api.listPhotos({ order: 'asc', fromDay: '2024-06-29', limit: 3 });
    expect(ids(ascending.photos)).toEqual(ids(everything.slice(3, 6)).reverse());
    await expect(
      api.listPhotos({ order: 'desc', fromDay: '2024-06-29', cursor: page.nextCursor }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(api.listPhotos({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
