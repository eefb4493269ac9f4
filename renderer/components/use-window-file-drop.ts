import { useEffect } from 'react';
import { useClient } from '../bridge/client-context';
import { importFiles } from '../store/import-actions';
import { useShoeboxStore } from '../store/store';
import { collectDroppedFiles, isFileDrag } from './drag-data';

/**
 * Files dragged over the window show the drop overlay; dropped anywhere not handled by a
 * sidebar entry, they import into the album on screen (or just the library).
 */
export function useWindowFileDrop(): void {
  const client = useClient();
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when it left.
    let depth = 0;
    const { setDraggingFiles } = useShoeboxStore.getState();
    const onEnter = (event: DragEvent) => {
      if (!event.dataTransfer || !isFileDrag(event.dataTransfer)) return;
      depth += 1;
      setDraggingFiles(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!event.dataTransfer || !isFileDrag(event.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDraggingFiles(false);
    };
    const onOver = (event: DragEvent) => {
      // Without this the browser would open a dropped file in place of the app.
      if (event.dataTransfer && isFileDrag(event.dataTransfer)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDraggingFiles(false);
      const dataTransfer = event.dataTransfer;
      if (!dataTransfer || !isFileDrag(dataTransfer)) return;
      // A sidebar entry took it already (it prevents the default to say so).
      if (event.defaultPrevented) return;
      event.preventDefault();
      const { view } = useShoeboxStore.getState();
      const albumId = view.kind === 'album' ? view.albumId : null;
      void collectDroppedFiles(dataTransfer, !client.capabilities.filePaths).then((files) =>
        importFiles(client, files, albumId),
      );
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [client]);
}
