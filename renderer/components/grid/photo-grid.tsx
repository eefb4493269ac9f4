import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../bridge/client-context';
import { ensureLoaded, showPhotos } from '../../store/paging';
import { trashPhotos } from '../../store/photo-actions';
import { selectAll, selectRangeTo } from '../../store/selection-actions';
import { useShoeboxStore } from '../../store/store';
import { useElementWidth } from '../use-element-width';
import {
  buildGridLayout,
  HEADING_HEIGHT,
  photoInNextRow,
  rowOfPhoto,
  type GridLayout,
  type GridRow,
} from './grid-layout';
import { PhotoTile, tileId } from './photo-tile';
import { useDevicePixelRatio } from './use-device-pixel-ratio';

// Spacing in CSS pixels, matched by styles/grid.css: tight like a contact sheet.
const GAP = 4;
const PADDING = 16;
// Rows rendered beyond the viewport on each side: enough to hide thumbnail pop-in while
// scrolling at speed, few enough that the DOM stays small at the densest setting.
const OVERSCAN_ROWS = 4;
// How many photos to have loaded beyond the last visible one, so the next screen is ready.
const LOAD_AHEAD = 100;
// Scrolling more than a screen per frame (a fling, the scroll bar dragged, End) passes photos
// too fast to see: their thumbnails are left out until the scroll has been this calm, since
// fetching and decoding hundreds of images per second is what makes such scrolling stutter.
const FLING_SETTLE_MS = 150;
// Below this cell size (CSS pixels) a tile's badges take their compact forms: five stars, a
// label dot and the selection mark side by side need about 120 pixels.
const COMPACT_TILE_BELOW = 130;

/** The DOM id of the grid, so the viewer can give focus back to it. */
export const GRID_ID = 'photo-grid';

/** The full date of the day heading above `rowIndex`, for the date floating over the grid. */
function dayAbove(layout: GridLayout, rowIndex: number): string | null {
  for (let index = rowIndex; index >= 0; index -= 1) {
    const row = layout.rows[index];
    if (row.kind === 'day') return row.fullLabel;
  }
  return null;
}

/** Whether the element is scrolling by more than its own height per frame, right now. */
function useFlinging(ref: RefObject<HTMLElement | null>): boolean {
  const [flinging, setFlinging] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    let last = element.scrollTop;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      const jump = Math.abs(element.scrollTop - last);
      last = element.scrollTop;
      if (jump <= element.clientHeight) return;
      setFlinging(true);
      clearTimeout(timer);
      timer = setTimeout(() => setFlinging(false), FLING_SETTLE_MS);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      clearTimeout(timer);
    };
  }, [ref]);
  return flinging;
}

interface TilesRowProps {
  row: Extract<GridRow, { kind: 'tiles' }>;
  albumId: number | null;
  showImages: boolean;
  compact: boolean;
  devicePixels: number;
}

/** One run of tiles (one grid row), reading just its own photos from the store. */
function TilesRow({ row, albumId, showImages, compact, devicePixels }: TilesRowProps) {
  const photos = useShoeboxStore(useShallow((state) => state.loaded.slice(row.start, row.end)));
  const tiles = [];
  for (let index = row.start; index < row.end; index += 1) {
    tiles.push(
      <PhotoTile
        key={index}
        index={index}
        photo={photos[index - row.start]}
        albumId={albumId}
        showImage={showImages}
        compact={compact}
        devicePixels={devicePixels}
      />,
    );
  }
  return <>{tiles}</>;
}

/**
 * The grid's keyboard: arrows move, Shift extends, Enter opens, Delete trashes (or, in the
 * Trash, asks to delete for good), Ctrl+A.
 */
function useGridKeys(
  layout: GridLayout,
  columnsKnown: boolean,
  scrollToPhoto: (index: number) => void,
) {
  const client = useClient();
  return (event: KeyboardEvent) => {
    const state = useShoeboxStore.getState();
    const { focusIndex, total, loaded } = state;
    if (total === 0 || !columnsKnown) return;
    const commandKey = event.ctrlKey || event.metaKey;
    if (commandKey && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void selectAll(client);
      return;
    }
    const moves: Record<string, () => number> = {
      ArrowLeft: () => focusIndex - 1,
      ArrowRight: () => focusIndex + 1,
      ArrowUp: () => photoInNextRow(layout, focusIndex, -1),
      ArrowDown: () => photoInNextRow(layout, focusIndex, 1),
      Home: () => 0,
      End: () => total - 1,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const target = Math.max(0, Math.min(total - 1, move()));
      scrollToPhoto(target);
      if (event.shiftKey) {
        void selectRangeTo(client, target);
        return;
      }
      void ensureLoaded(client, target).then(() => {
        const current = useShoeboxStore.getState();
        if (commandKey) current.setFocusIndex(target);
        else current.selectOnly(target);
      });
      return;
    }
    if (event.key === ' ') {
      event.preventDefault();
      state.toggleSelected(focusIndex);
    } else if (event.key === 'Enter' && loaded[focusIndex] !== undefined) {
      event.preventDefault();
      state.openViewer(focusIndex);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      const selected = [...state.selectedIds];
      // In the Trash, deleting means for good: that asks first.
      if (state.view.kind !== 'trash') void trashPhotos(client, selected);
      else if (selected.length > 0) state.setDeleteForeverRequest(selected);
    } else if (event.key === 'Escape') {
      state.clearSelection();
    }
  };
}

/** The photos of the current view as a virtualized grid (with date headings on the timeline). */
export function PhotoGrid({ label }: { label: string }) {
  const client = useClient();
  const { days, total, tileSize, focusIndex, focusLoaded, listGeneration } = useShoeboxStore(
    useShallow((state) => ({
      listGeneration: state.listGeneration,
      days: state.days,
      total: state.total,
      tileSize: state.tileSize,
      focusIndex: state.focusIndex,
      focusLoaded: state.loaded[state.focusIndex] !== undefined,
    })),
  );
  // Photos are dragged into an order only in a manual album: a smart album's is its search's.
  const albumId = useShoeboxStore((state) => {
    const shown = state.view;
    if (shown.kind !== 'album') return null;
    const album = state.albums.find((candidate) => candidate.id === shown.albumId);
    return album?.query === null ? album.id : null;
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const flinging = useFlinging(scrollRef);
  const pixelRatio = useDevicePixelRatio();
  const inner = Math.max(0, width - 2 * PADDING);
  const columns = Math.max(1, Math.floor((inner + GAP) / (tileSize + GAP)));
  const cellSize = Math.floor((inner - GAP * (columns - 1)) / columns);
  const devicePixels = Math.ceil(cellSize * pixelRatio);
  const layout = useMemo(() => buildGridLayout(days, total, columns), [days, total, columns]);

  // Stable while the layout stands: the virtualizer recomputes every row's position (tens of
  // thousands in a big library) whenever these functions change identity.
  const rowHeight = useCallback(
    (index: number) => {
      const row = layout.rows[index];
      return row.kind === 'tiles' ? cellSize + GAP : HEADING_HEIGHT[row.kind];
    },
    [layout, cellSize],
  );
  const rowKey = useCallback((index: number) => layout.rows[index].key, [layout]);
  // TanStack Virtual keeps its own mutable state; the React Compiler must not memoize it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: layout.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    getItemKey: rowKey,
    overscan: OVERSCAN_ROWS,
    // Headings bring their own space above; a flat album grid needs the full padding.
    paddingStart: days === null ? PADDING : PADDING / 2,
    paddingEnd: PADDING,
  });
  const items = virtualizer.getVirtualItems();
  const scrollTop = (virtualizer.scrollOffset ?? 0) + PADDING;
  const firstVisible = items.find((item) => item.end > scrollTop);
  const firstVisibleTiles = items.find(
    (item) => item.end > scrollTop && layout.rows[item.index].kind === 'tiles',
  );
  const firstVisibleRow = firstVisibleTiles && layout.rows[firstVisibleTiles.index];
  const firstVisiblePhoto = firstVisibleRow?.kind === 'tiles' ? firstVisibleRow.start : 0;

  // Row heights are known, never measured: recompute them when the layout or density changes,
  // and keep the photo that was at the top in view when the number of columns changes.
  const topPhoto = useRef(0);
  const laidOutColumns = useRef(columns);
  useEffect(() => {
    virtualizer.measure();
    if (laidOutColumns.current === columns) return;
    laidOutColumns.current = columns;
    virtualizer.scrollToIndex(rowOfPhoto(layout, topPhoto.current), { align: 'start' });
  }, [virtualizer, layout, cellSize, columns]);
  // After the effect above, so that one still sees the top photo of the previous layout.
  useEffect(() => {
    topPhoto.current = firstVisiblePhoto;
  }, [firstVisiblePhoto]);

  let lastVisiblePhoto = -1;
  for (const item of items) {
    const row = layout.rows[item.index];
    if (row.kind === 'tiles') lastVisiblePhoto = Math.max(lastVisiblePhoto, row.end - 1);
  }
  // Again when the list is replaced (a reload keeps only the top loaded).
  useEffect(() => {
    if (lastVisiblePhoto >= 0) {
      void showPhotos(client, firstVisiblePhoto, lastVisiblePhoto + LOAD_AHEAD);
    }
  }, [client, firstVisiblePhoto, lastVisiblePhoto, listGeneration]);

  // Once the headings have scrolled away, a floating label keeps saying when these were taken.
  const floatingDate =
    days !== null && firstVisible !== undefined && layout.rows[firstVisible.index].kind === 'tiles'
      ? dayAbove(layout, firstVisible.index)
      : null;

  const scrollToPhoto = (index: number) =>
    virtualizer.scrollToIndex(rowOfPhoto(layout, index), { align: 'auto' });
  const onKeyDown = useGridKeys(layout, layout.rows.length > 0, scrollToPhoto);
  // The keyboard cursor moved, from here or from elsewhere (auto-advance, the viewer stepping):
  // bring its tile into view. A reload that leaves the cursor where it was does not scroll.
  const followedFocus = useRef(focusIndex);
  useEffect(() => {
    if (followedFocus.current === focusIndex || layout.rows.length === 0) return;
    followedFocus.current = focusIndex;
    virtualizer.scrollToIndex(rowOfPhoto(layout, focusIndex), { align: 'auto' });
  }, [virtualizer, layout, focusIndex]);

  return (
    <div
      ref={scrollRef}
      id={GRID_ID}
      className="grid-scroller"
      role="grid"
      aria-label={label}
      aria-multiselectable="true"
      aria-rowcount={layout.rows.length}
      aria-activedescendant={focusLoaded ? tileId(focusIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      {floatingDate !== null && (
        <div className="grid-floating-date" aria-hidden="true">
          <span>{floatingDate}</span>
        </div>
      )}
      <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = layout.rows[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (row.kind !== 'tiles') {
            const Heading = row.kind === 'month' ? 'h2' : 'h3';
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className={`grid-row grid-heading grid-heading-${row.kind}`}
                style={style}
              >
                <div role="gridcell">
                  <Heading>{row.label}</Heading>
                </div>
              </div>
            );
          }
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 1}
              className="grid-row grid-tiles"
              style={{
                ...style,
                gridTemplateColumns: `repeat(${columns}, ${cellSize}px)`,
                gridAutoRows: `${cellSize}px`,
              }}
            >
              <TilesRow
                row={row}
                albumId={albumId}
                showImages={!flinging}
                compact={cellSize < COMPACT_TILE_BELOW}
                devicePixels={devicePixels}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
