import { useShoeboxStore } from '../store/store';
import { useViewTitle } from './toolbar';

/** Shown over the photos while files are dragged in: where a drop here will put them. */
export function DropOverlay() {
  const dragging = useShoeboxStore((state) => state.draggingFiles);
  const inAlbum = useShoeboxStore((state) => state.view.kind === 'album');
  const title = useViewTitle();
  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-box">
        <p className="drop-overlay-title">
          {inAlbum ? `Drop to import into “${title}”` : 'Drop to import'}
        </p>
        <p>Or drop onto an album in the sidebar to import straight into it.</p>
      </div>
    </div>
  );
}
