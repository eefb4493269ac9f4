import { useState, type DragEvent } from 'react';
import { useClient } from '../../bridge/client-context';
import { useShoeboxStore } from '../../store/store';
import {
  ALBUM_DRAG_TYPE,
  collectDroppedFiles,
  draggedPhotoIds,
  isAlbumDrag,
  isFileDrag,
  isPhotoDrag,
} from '../drag-data';

/** What a sidebar entry does with what is dropped on it (omit what it does not accept). */
export interface DropHandlers {
  onPhotos?: (photoIds: number[]) => void;
  onFiles?: (files: File[]) => void;
  /** An album dragged onto this entry, to go just before it. */
  onAlbum?: (albumId: number) => void;
}

/**
 * Drag-and-drop props for a sidebar entry, and what hovers it: `'album'` (an album to insert
 * before it, shown as a marker line), `'drop'` (photos or files to drop into it), or null.
 */
export function useDropTarget({ onPhotos, onFiles, onAlbum }: DropHandlers) {
  const client = useClient();
  const [over, setOver] = useState<'album' | 'drop' | null>(null);
  const accepts = (event: DragEvent) =>
    (onPhotos !== undefined && isPhotoDrag(event.dataTransfer)) ||
    (onFiles !== undefined && isFileDrag(event.dataTransfer)) ||
    (onAlbum !== undefined && isAlbumDrag(event.dataTransfer));
  return {
    over,
    props: {
      onDragOver: (event: DragEvent) => {
        if (!accepts(event)) return;
        event.preventDefault();
        const album = isAlbumDrag(event.dataTransfer);
        event.dataTransfer.dropEffect = album ? 'move' : 'copy';
        setOver(album ? 'album' : 'drop');
      },
      onDragLeave: () => setOver(null),
      onDrop: (event: DragEvent) => {
        setOver(null);
        if (!accepts(event)) return;
        // Marks the drop as handled, so the window's own drop handler leaves it alone.
        event.preventDefault();
        useShoeboxStore.getState().setDraggingFiles(false);
        if (isPhotoDrag(event.dataTransfer)) {
          onPhotos?.(draggedPhotoIds(event.dataTransfer));
        } else if (isAlbumDrag(event.dataTransfer)) {
          onAlbum?.(Number(event.dataTransfer.getData(ALBUM_DRAG_TYPE)));
        } else {
          void collectDroppedFiles(event.dataTransfer, !client.capabilities.filePaths).then(
            (files) => onFiles?.(files),
          );
        }
      },
    },
  };
}
