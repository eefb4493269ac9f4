import type { StateCreator } from 'zustand';
import type { PhotoSummary } from '../../common/contract';
import type { ShoeboxState } from './store';

/** One capture day of the timeline and how many photos it has. */
export interface TimelineDay {
  day: string;
  count: number;
}

/** A run of loaded photos, `start` (inclusive) to `end` (exclusive) of the listing. */
export interface LoadedRange {
  start: number;
  end: number;
  /** The keyset cursor of the page after `end`; null when the listing ends there. */
  nextCursor: string | null;
}

/**
 * The photos of the current view: a sparse window on a keyset-paged listing. Pages land by
 * listing index, so a jump far into the timeline loads the photos in view without the ones
 * before them.
 */
export interface PhotosSlice {
  /** The view the list belongs to (see `viewKey`). */
  listKey: string;
  /** Bumped whenever the list is replaced, so pages requested before are dropped. */
  listGeneration: number;
  /** Bumped on every insertion or removal: indices of pages in flight may have shifted. */
  listEdits: number;
  listStatus: 'loading' | 'ready' | 'error';
  /** The day buckets of the timeline (all photos only; null for albums and the trash). */
  days: TimelineDay[] | null;
  total: number;
  /** Every photo of the listing by index (`total` long); undefined where not loaded yet. */
  loaded: Array<PhotoSummary | undefined>;
  /** The loaded runs of `loaded`, in order; runs that touch are merged into one. */
  ranges: LoadedRange[];
  emptyPhotoList: (key: string) => Partial<PhotosSlice>;
  replacePhotoList: (list: {
    days: TimelineDay[] | null;
    total: number;
    photos: PhotoSummary[];
    nextCursor: string | null;
  }) => void;
  /**
   * Puts a page at listing index `start`, if the list is still the one it was asked for
   * (same generation, no edits since); returns whether it was placed.
   */
  placePage: (
    asked: { generation: number; edits: number },
    start: number,
    photos: PhotoSummary[],
    nextCursor: string | null,
  ) => boolean;
  setListFailed: () => void;
  /** Puts a newly imported photo where the listing would have it and counts it. */
  insertPhoto: (photo: PhotoSummary, position: 'timeline' | 'end') => void;
  /** Takes photos out of the list (trashed, removed from the album). */
  removePhotos: (photoIds: ReadonlySet<number>) => void;
  /**
   * Changes loaded photos in place (stars, flag, label just set), so the grid shows a change
   * in the next frame, before the core's answer and the reload after it.
   */
  patchPhotos: (patches: ReadonlyMap<number, Partial<PhotoSummary>>) => void;
}

/** The capture day of a photo, as the timeline buckets name it (YYYY-MM-DD). */
export function dayOf(photo: PhotoSummary): string {
  return photo.takenAt.slice(0, 10);
}

/** The timeline day holding photo `index` and the index its first photo has. */
export function dayAtIndex(
  days: TimelineDay[],
  index: number,
): { day: string; start: number } | null {
  let start = 0;
  for (const bucket of days) {
    if (index < start + bucket.count) return { day: bucket.day, start };
    start += bucket.count;
  }
  return null;
}

/** Where each loaded photo of the list is, by id. */
export function loadedIndices(state: Pick<PhotosSlice, 'loaded'>): Map<number, number> {
  const indices = new Map<number, number>();
  state.loaded.forEach((photo, index) => {
    if (photo !== undefined) indices.set(photo.id, index);
  });
  return indices;
}

/** Newest first, as `listPhotos({ order: 'desc' })` lists: by capture time, then by id. */
function comesBefore(a: PhotoSummary, b: PhotoSummary): boolean {
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

/**
 * Sorts runs and merges those that overlap or touch: the merged run continues with the cursor
 * of whichever reached further (a keyset cursor stays valid whatever came before it).
 */
export function mergeRanges(ranges: LoadedRange[]): LoadedRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: LoadedRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last === undefined || range.start > last.end) merged.push({ ...range });
    else if (range.end >= last.end) {
      last.end = range.end;
      last.nextCursor = range.nextCursor;
    }
  }
  return merged;
}

/** Where a photo goes, given the photos loaded: an index, and whether its slot is known. */
function insertionPoint(
  state: Pick<PhotosSlice, 'loaded' | 'ranges' | 'total'>,
  photo: PhotoSummary,
  position: 'timeline' | 'end',
): { at: number; known: boolean } {
  const tail = state.ranges.at(-1);
  const tailLoaded = tail !== undefined && tail.end === state.total && tail.nextCursor === null;
  if (position === 'timeline') {
    for (const range of state.ranges) {
      for (let index = range.start; index < range.end; index += 1) {
        if (comesBefore(photo, state.loaded[index]!)) {
          // Right after a loaded photo (or first of all): its slot is known. Otherwise it is
          // somewhere in the unloaded gap before, which the page that fills the gap brings.
          return { at: index, known: index === range.start ? index === 0 : true };
        }
      }
    }
  }
  return { at: state.total, known: tailLoaded };
}

/** The photo-list part of the store. */
export const createPhotosSlice: StateCreator<ShoeboxState, [], [], PhotosSlice> = (set, get) => ({
  listKey: 'all',
  listGeneration: 0,
  listEdits: 0,
  listStatus: 'loading',
  days: null,
  total: 0,
  loaded: [],
  ranges: [],
  emptyPhotoList: (key) => ({
    listKey: key,
    listGeneration: get().listGeneration + 1,
    listStatus: 'loading',
    days: null,
    total: 0,
    loaded: [],
    ranges: [],
  }),
  replacePhotoList: ({ days, total, photos, nextCursor }) =>
    set((state) => {
      const loaded: Array<PhotoSummary | undefined> = [...photos];
      loaded.length = Math.max(total, photos.length);
      // A reload can shift indices (photos added or removed before): the viewer stays on its
      // photo when the new list has it; `refreshAfterChanges` sorts out the other cases.
      const viewedId = state.viewerIndex === null ? undefined : state.loaded[state.viewerIndex]?.id;
      const viewedAt = photos.findIndex((photo) => photo.id === viewedId);
      const follow = viewedAt >= 0 ? { viewerIndex: viewedAt, focusIndex: viewedAt } : {};
      return {
        listGeneration: state.listGeneration + 1,
        listStatus: 'ready',
        days,
        total: loaded.length,
        loaded: loaded.fill(undefined, photos.length),
        ranges: [{ start: 0, end: photos.length, nextCursor }],
        ...follow,
      };
    }),
  placePage: (asked, start, photos, nextCursor) => {
    const state = get();
    if (asked.generation !== state.listGeneration || asked.edits !== state.listEdits) return false;
    // A page can only reach past the known end if the library grew meanwhile: that is news
    // for a reload (libraryChanged), not something to index here.
    const fitting = photos.slice(0, Math.max(0, state.total - start));
    const loaded = state.loaded.slice();
    fitting.forEach((photo, offset) => {
      loaded[start + offset] = photo;
    });
    const end = start + fitting.length;
    const ranges = mergeRanges([
      ...state.ranges,
      { start, end, nextCursor: end === start + photos.length ? nextCursor : null },
    ]);
    set({ loaded, ranges });
    return true;
  },
  setListFailed: () => set({ listStatus: 'error' }),
  insertPhoto: (photo, position) =>
    set((state) => {
      if (state.loaded.some((known) => known?.id === photo.id)) return {};
      const { at, known } = insertionPoint(state, photo, position);
      const loaded = state.loaded.slice();
      loaded.splice(at, 0, known ? photo : undefined);
      const ranges = state.ranges.map((range) => {
        if (range.start > at || (range.start === at && !known)) {
          return { ...range, start: range.start + 1, end: range.end + 1 };
        }
        return range.end >= at && known ? { ...range, end: range.end + 1 } : range;
      });
      return {
        loaded,
        ranges: mergeRanges(ranges),
        total: state.total + 1,
        listEdits: state.listEdits + 1,
        days: state.days && adjustDay(state.days, dayOf(photo), 1),
      };
    }),
  removePhotos: (photoIds) =>
    set((state) => {
      const gone: number[] = [];
      state.loaded.forEach((photo, index) => {
        if (photo !== undefined && photoIds.has(photo.id)) gone.push(index);
      });
      if (gone.length === 0) return {};
      let days = state.days;
      for (const index of gone) days = days && adjustDay(days, dayOf(state.loaded[index]!), -1);
      const removed = new Set(gone);
      // How many removed photos lie before `index`: how far it moves up.
      const before = (index: number) => gone.filter((goneIndex) => goneIndex < index).length;
      const ranges = state.ranges.map((range) => ({
        ...range,
        start: range.start - before(range.start),
        end: range.end - before(range.end),
      }));
      return {
        loaded: state.loaded.filter((_, index) => !removed.has(index)),
        ranges: mergeRanges(ranges),
        total: state.total - gone.length,
        listEdits: state.listEdits + 1,
        days,
      };
    }),
  patchPhotos: (patches) =>
    set((state) => {
      if (patches.size === 0) return {};
      // A plain loop, copying the list only once something changes and stopping once every
      // patch is placed: a 100k list is mostly gaps, and `map` with a callback per slot (and
      // the array it builds even when nothing changes) cost milliseconds of the frame a star
      // key has to show in.
      const current = state.loaded;
      let loaded: Array<PhotoSummary | undefined> | null = null;
      let placed = 0;
      for (let index = 0; index < current.length && placed < patches.size; index += 1) {
        const photo = current[index];
        if (photo === undefined) continue;
        const patch = patches.get(photo.id);
        if (patch === undefined) continue;
        loaded ??= current.slice();
        loaded[index] = { ...photo, ...patch };
        placed += 1;
      }
      return loaded === null ? {} : { loaded };
    }),
});
