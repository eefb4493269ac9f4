import { mediaVersionOf } from '../../bridge/shoebox-client';
import { memo, type DragEvent, type MouseEvent } from 'react';
import type { PhotoSummary } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { movePhotosInAlbum } from '../../store/album-actions';
import { ensureLoaded } from '../../store/paging';
import { selectRangeTo } from '../../store/selection-actions';
import { useShoeboxStore } from '../../store/store';
import { draggedPhotoIds, isPhotoDrag, PHOTO_DRAG_TYPE } from '../drag-data';
import { describeCulling, TileBadges } from './tile-badges';
import { tileImageSize } from './tile-image';

/** The DOM id of the tile of photo `index`, for the grid's aria-activedescendant. */
export function tileId(index: number): string {
  return `photo-tile-${index}`;
}

interface PhotoTileProps {
  index: number;
  photo: PhotoSummary | undefined;
  /** The album being shown, if any: its photos can be reordered by dragging. */
  albumId: number | null;
  /** False while the grid flies past: the tile keeps its place, the thumbnail waits. */
  showImage: boolean;
  /** A small tile: its badges take their compact forms. */
  compact: boolean;
  /** The tile's width in device pixels, which picks the thumbnail's size. */
  devicePixels: number;
}

/** A click on a tile: select only it, extend the range to it (Shift), or toggle it (Ctrl/Cmd). */
function clickTile(event: MouseEvent, index: number, onRange: () => void) {
  const state = useShoeboxStore.getState();
  if (event.shiftKey) onRange();
  else if (event.metaKey || event.ctrlKey) state.toggleSelected(index);
  else state.selectOnly(index);
}

/** One square grid cell: a thumbnail (or its placeholder while the page loads). */
export const PhotoTile = memo(function PhotoTile({
  index,
  photo,
  albumId,
  showImage,
  compact,
  devicePixels,
}: PhotoTileProps) {
  const client = useClient();
  const photoId = photo?.id;
  const selected = useShoeboxStore(
    (state) => photoId !== undefined && state.selectedIds.has(photoId),
  );
  const active = useShoeboxStore((state) => state.focusIndex === index);
  const dropSide = useShoeboxStore((state) =>
    state.reorderTarget?.index === index ? state.reorderTarget.side : null,
  );

  if (photo === undefined) {
    return <div role="gridcell" aria-busy="true" className="tile tile-placeholder" />;
  }

  const onDragStart = (event: DragEvent) => {
    const state = useShoeboxStore.getState();
    if (!state.selectedIds.has(photo.id)) state.selectOnly(index);
    const ids = [...useShoeboxStore.getState().selectedIds];
    event.dataTransfer.setData(PHOTO_DRAG_TYPE, JSON.stringify(ids));
    event.dataTransfer.effectAllowed = 'copyMove';
  };
  const onDragOver = (event: DragEvent) => {
    if (albumId === null || !isPhotoDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const rect = event.currentTarget.getBoundingClientRect();
    const side = event.clientX < rect.left + rect.width / 2 ? 'before' : 'after';
    const target = useShoeboxStore.getState().reorderTarget;
    if (target?.index !== index || target.side !== side) {
      useShoeboxStore.getState().setReorderTarget({ index, side });
    }
  };
  const onDrop = async (event: DragEvent) => {
    if (albumId === null || !isPhotoDrag(event.dataTransfer)) return;
    event.preventDefault();
    const ids = draggedPhotoIds(event.dataTransfer);
    const side = useShoeboxStore.getState().reorderTarget?.side ?? 'before';
    useShoeboxStore.getState().setReorderTarget(null);
    // The photo to land before: this one, or the first one after it that is not being moved.
    let before = side === 'before' ? index : index + 1;
    await ensureLoaded(client, before, before + ids.length);
    const { loaded } = useShoeboxStore.getState();
    let photo = loaded[before];
    while (photo !== undefined && ids.includes(photo.id)) photo = loaded[++before];
    await movePhotosInAlbum(client, albumId, ids, photo?.id ?? null);
  };

  const classes = ['tile'];
  if (selected) classes.push('is-selected');
  if (active) classes.push('is-active');
  if (dropSide !== null) classes.push(`drop-${dropSide}`);
  if (photo.flag === 'reject') classes.push('is-rejected');
  // Its original is not there: dimmed, still browsable from its previews.
  if (photo.status !== 'ok') classes.push(`is-${photo.status}`);
  const culling = describeCulling(photo);
  const cullingId = `${tileId(index)}-culling`;
  return (
    <div
      role="gridcell"
      id={tileId(index)}
      aria-selected={selected}
      aria-describedby={culling === '' ? undefined : cullingId}
      className={classes.join(' ')}
      draggable
      onClick={(event) =>
        clickTile(event, index, () => {
          void selectRangeTo(client, index);
        })
      }
      onDoubleClick={() => useShoeboxStore.getState().openViewer(index)}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => {
        if (useShoeboxStore.getState().reorderTarget?.index === index) {
          useShoeboxStore.getState().setReorderTarget(null);
        }
      }}
      onDrop={(event) => void onDrop(event)}
      onDragEnd={() => useShoeboxStore.getState().setReorderTarget(null)}
    >
      {showImage && (
        <img
          src={client.mediaUrl(photo.id, tileImageSize(photo, devicePixels), mediaVersionOf(photo))}
          alt={photo.originalName}
          loading="lazy"
          decoding="async"
          draggable={false}
        />
      )}
      <TileBadges
        rating={photo.rating}
        flag={photo.flag}
        label={photo.label}
        compact={compact}
        media={photo}
        status={photo.status}
      />
      {culling !== '' && (
        <span id={cullingId} hidden>
          {culling}
        </span>
      )}
    </div>
  );
});
