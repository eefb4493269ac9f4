import type { StateCreator } from 'zustand';
import type { Photo } from '../../common/contract';
import type { DerivativeSize } from '../../common/derivative-sizes';
import type { ShoeboxState } from './store';

/** One capture day of the timeline and how many photos it has. */
export interface TimelineDay {
  day: string;
  count: number;
}

/**
 * A photo as the grid and viewer keep it: without the file paths and hash the UI never shows.
 * A 100,000-photo library held whole would otherwise spend half its memory on those strings.
 */
export type ListedPhoto = Omit<Photo, 'path' | 'hash' | 'derivatives'> & {
  derivatives: Record<DerivativeSize, { width: number; height: number }>;
};

/** A photo from the contract, trimmed to what the UI keeps. */
export function toListedPhoto(photo: Photo): ListedPhoto {
  const size = ({ width, height }: { width: number; height: number }) => ({ width, height });
  return {
    id: photo.id,
    originalName: photo.originalName,
    bytes: photo.bytes,
    width: photo.width,
    height: photo.height,
    format: photo.format,
    takenAt: photo.takenAt,
    cameraMake: photo.cameraMake,
    cameraModel: photo.cameraModel,
    lens: photo.lens,
    gps: photo.gps,
    importedAt: photo.importedAt,
    trashedAt: photo.trashedAt,
    derivatives: {
      thumb: size(photo.derivatives.thumb),
      medium: size(photo.derivatives.medium),
      large: size(photo.derivatives.large),
    },
  };
}

/** The photos of the current view: a loaded prefix of a keyset-paged listing. */
export interface PhotosSlice {
  /** The view the list belongs to (see `viewKey`). */
  listKey: string;
  /** Bumped whenever the list is replaced, so pages requested before are dropped. */
  listGeneration: number;
  listStatus: 'loading' | 'ready' | 'error';
  /** The day buckets of the timeline (all photos only; null for albums and the trash). */
  days: TimelineDay[] | null;
  total: number;
  /** Photos 0..n-1 of the listing; keyset paging only ever extends this prefix. */
  loaded: ListedPhoto[];
  nextCursor: string | null;
  emptyPhotoList: (key: string) => Partial<PhotosSlice>;
  replacePhotoList: (list: {
    days: TimelineDay[] | null;
    total: number;
    photos: Photo[];
    nextCursor: string | null;
  }) => void;
  appendPage: (generation: number, photos: Photo[], nextCursor: string | null) => void;
  setListFailed: () => void;
  /** Puts a newly imported photo where the listing would have it, if that part is loaded. */
  insertPhoto: (photo: Photo, position: 'timeline' | 'end') => void;
  /** Takes photos out of the list (trashed, removed from the album). */
  removePhotos: (photoIds: ReadonlySet<number>) => void;
}

/** The capture day of a photo, as the timeline buckets name it (YYYY-MM-DD). */
export function dayOf(photo: ListedPhoto): string {
  return photo.takenAt.slice(0, 10);
}

/** Newest first, as `listPhotos({ order: 'desc' })` lists: by capture time, then by id. */
function comesBefore(a: ListedPhoto, b: ListedPhoto): boolean {
  if (a.takenAt !== b.takenAt) return a.takenAt > b.takenAt;
  return a.id > b.id;
}

/** Adds `delta` photos to `day`, creating or dropping its bucket (days are newest first). */
function adjustDay(days: TimelineDay[], day: string, delta: number): TimelineDay[] {
  const index = days.findIndex((bucket) => bucket.day === day);
  if (index >= 0) {
    const count = days[index].count + delta;
    const next = [...days];
    if (count > 0) next[index] = { day, count };
    else next.splice(index, 1);
    return next;
  }
  if (delta <= 0) return days;
  const insertAt = days.findIndex((bucket) => bucket.day < day);
  const next = [...days];
  next.splice(insertAt < 0 ? days.length : insertAt, 0, { day, count: delta });
  return next;
}

/** The photo-list part of the store. */
export const createPhotosSlice: StateCreator<ShoeboxState, [], [], PhotosSlice> = (set, get) => ({
  listKey: 'all',
  listGeneration: 0,
  listStatus: 'loading',
  days: null,
  total: 0,
  loaded: [],
  nextCursor: null,
  emptyPhotoList: (key) => ({
    listKey: key,
    listGeneration: get().listGeneration + 1,
    listStatus: 'loading',
    days: null,
    total: 0,
    loaded: [],
    nextCursor: null,
  }),
  replacePhotoList: ({ days, total, photos, nextCursor }) =>
    set((state) => ({
      listGeneration: state.listGeneration + 1,
      listStatus: 'ready',
      days,
      total,
      loaded: photos.map(toListedPhoto),
      nextCursor,
    })),
  appendPage: (generation, photos, nextCursor) =>
    set((state) =>
      generation === state.listGeneration
        ? { loaded: [...state.loaded, ...photos.map(toListedPhoto)], nextCursor }
        : {},
    ),
  setListFailed: () => set({ listStatus: 'error' }),
  insertPhoto: (imported, position) =>
    set((state) => {
      if (state.loaded.some((known) => known.id === imported.id)) return {};
      const photo = toListedPhoto(imported);
      const complete = state.nextCursor === null;
      let loaded = state.loaded;
      if (position === 'end') {
        if (complete) loaded = [...loaded, photo];
      } else {
        const at = loaded.findIndex((known) => comesBefore(photo, known));
        // Past the loaded prefix, the next page (keyset cursor) will bring it.
        if (at >= 0) loaded = [...loaded.slice(0, at), photo, ...loaded.slice(at)];
        else if (complete) loaded = [...loaded, photo];
      }
      return {
        loaded,
        total: state.total + 1,
        days: state.days && adjustDay(state.days, dayOf(photo), 1),
      };
    }),
  removePhotos: (photoIds) =>
    set((state) => {
      const removed = state.loaded.filter((photo) => photoIds.has(photo.id));
      if (removed.length === 0) return {};
      let days = state.days;
      for (const photo of removed) days = days && adjustDay(days, dayOf(photo), -1);
      return {
        loaded: state.loaded.filter((photo) => !photoIds.has(photo.id)),
        total: Math.max(0, state.total - removed.length),
        days,
      };
    }),
});
