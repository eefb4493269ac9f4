import type { View } from '../store/library-slice';
import { Icon } from './icons';
import { ImportButton } from './import-button';

/** What an empty view says, and for a new library the way to fill it. */
export function EmptyState({ view }: { view: View }) {
  if (view.kind === 'trash') {
    return (
      <div className="empty-state">
        <Icon name="trash" />
        <h2>The Trash is empty</h2>
        <p>Photos you delete wait here, so you can bring them back.</p>
      </div>
    );
  }
  if (view.kind === 'album') {
    return (
      <div className="empty-state">
        <Icon name="album" />
        <h2>This album is empty</h2>
        <p>Drag photos from All photos onto the album in the sidebar, or drop files here.</p>
      </div>
    );
  }
  return (
    <div className="empty-state empty-library">
      <Icon name="photos" />
      <h2>Drop photos here</h2>
      <p>Drag photos or whole folders (a camera card’s DCIM folder works too) onto this window.</p>
      <ImportButton albumId={null} className="button-primary button-large" />
    </div>
  );
}
