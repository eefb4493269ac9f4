import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../bridge/client-context';
import { removeFromAlbum } from '../store/album-actions';
import { countPhotos } from '../store/feedback';
import { restorePhotos, trashPhotos } from '../store/photo-actions';
import { isSmartAlbum } from '../store/smart-album-actions';
import { useShoeboxStore } from '../store/store';
import { TILE_SIZE_RANGE } from '../store/ui-slice';
import { AddToAlbumMenu } from './add-to-album-menu';
import { Icon } from './icons';
import { ImportButton } from './import-button';
import { EditQueryDialog } from './search/edit-query-dialog';
import { FilterBar } from './search/filter-bar';
import { FilterToggle } from './search/filter-toggle';
import { SearchBox } from './search/search-box';

// Where the grid density is remembered between sessions.
const TILE_SIZE_KEY = 'shoebox.tileSize';

/** The grid density the user chose last time, if any. */
export function savedTileSize(): number | null {
  const saved = Number(localStorage.getItem(TILE_SIZE_KEY));
  return saved >= TILE_SIZE_RANGE.min && saved <= TILE_SIZE_RANGE.max ? saved : null;
}

/** The view's name from the store's albums. */
export function useViewTitle(): string {
  return useShoeboxStore((state) => {
    const { view } = state;
    if (view.kind === 'trash') return 'Trash';
    if (view.kind === 'all') return 'All photos';
    if (view.kind === 'search') return 'Search results';
    return state.albums.find((album) => album.id === view.albumId)?.name ?? 'Album';
  });
}

/**
 * The bar above the grid: what is shown, the search box, album actions, what the selection can
 * do, density; and the filter bar below it.
 */
export function Toolbar() {
  const client = useClient();
  const title = useViewTitle();
  const { view, total, selectedCount, tileSize, libraryEmpty, autoAdvance } = useShoeboxStore(
    useShallow((state) => ({
      autoAdvance: state.autoAdvance,
      view: state.view,
      total: state.total,
      selectedCount: state.selectedIds.size,
      tileSize: state.tileSize,
      libraryEmpty: state.view.kind === 'all' && state.listStatus === 'ready' && state.total === 0,
    })),
  );
  const album = useShoeboxStore((state) => {
    const current = state.view;
    if (current.kind !== 'album') return undefined;
    return state.albums.find((candidate) => candidate.id === current.albumId);
  });
  const [editingQuery, setEditingQuery] = useState(false);
  const selected = () => [...useShoeboxStore.getState().selectedIds];
  const none = selectedCount === 0;
  const hint = none ? 'Select photos first' : undefined;
  const {
    setRenamingAlbumId,
    setAlbumToDelete,
    setDeleteForeverRequest,
    setExportDialogAlbumId,
    setTileSize,
    setAutoAdvance,
    setShortcutsOpen,
  } = useShoeboxStore.getState();

  return (
    <>
      <header className="toolbar">
        <div className="toolbar-title">
          <h1>{title}</h1>
          <p className="toolbar-subtitle" aria-live="polite">
            {selectedCount > 0 ? `${selectedCount.toLocaleString()} selected` : countPhotos(total)}
          </p>
        </div>
        {!libraryEmpty && (
          <div className="toolbar-search">
            <SearchBox />
            <FilterToggle />
          </div>
        )}
        <div className="toolbar-actions">
          {album && (
            <div className="toolbar-group" role="group" aria-label="Album">
              <button type="button" onClick={() => setRenamingAlbumId(album.id)}>
                Rename album
              </button>
              {isSmartAlbum(album) && (
                <button
                  type="button"
                  title={album.query ?? ''}
                  onClick={() => setEditingQuery(true)}
                >
                  Edit search…
                </button>
              )}
              <button
                type="button"
                disabled={album.photoCount === 0}
                title={album.photoCount === 0 ? 'Add photos to the album first' : undefined}
                onClick={() => setExportDialogAlbumId(album.id)}
              >
                Export album
              </button>
              <button type="button" onClick={() => setAlbumToDelete(album.id)}>
                Delete album
              </button>
            </div>
          )}
          {!libraryEmpty && (
            // Always there, disabled without a selection: nothing moves under the pointer when
            // a command empties the selection (Delete album once landed where Remove was).
            <div className="toolbar-group" role="group" aria-label="Selected photos">
              {view.kind === 'trash' ? (
                <>
                  <button
                    type="button"
                    disabled={none}
                    title={hint}
                    onClick={() => void restorePhotos(client, selected())}
                  >
                    Restore
                  </button>
                  <button
                    type="button"
                    disabled={none}
                    title={hint}
                    onClick={() => setDeleteForeverRequest(selected())}
                  >
                    Delete forever
                  </button>
                </>
              ) : (
                <>
                  <AddToAlbumMenu disabled={none} />
                  {album && !isSmartAlbum(album) && (
                    <button
                      type="button"
                      disabled={none}
                      title={hint}
                      onClick={() => void removeFromAlbum(client, album.id, selected())}
                    >
                      Remove from album
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={none}
                    title={hint}
                    onClick={() => void trashPhotos(client, selected())}
                  >
                    Move to Trash
                  </button>
                </>
              )}
            </div>
          )}
          {view.kind === 'trash' && total > 0 && (
            <button type="button" onClick={() => setDeleteForeverRequest('all')}>
              Empty Trash
            </button>
          )}
          {!libraryEmpty && (
            <>
              <label
                className="toolbar-toggle"
                title="After a star, flag or label key, go on to the next photo"
              >
                <input
                  type="checkbox"
                  checked={autoAdvance}
                  onChange={(event) => setAutoAdvance(event.target.checked)}
                />
                Auto advance
              </label>
              <button
                type="button"
                className="toolbar-help"
                aria-label="Keyboard shortcuts"
                title="Keyboard shortcuts (?)"
                onClick={() => setShortcutsOpen(true)}
              >
                ?
              </button>
              <div className="density-control">
                <Icon name="smallTiles" />
                <input
                  type="range"
                  className="density"
                  aria-label="Thumbnail size"
                  min={TILE_SIZE_RANGE.min}
                  max={TILE_SIZE_RANGE.max}
                  step={TILE_SIZE_RANGE.step}
                  value={tileSize}
                  onChange={(event) => {
                    setTileSize(Number(event.target.value));
                    localStorage.setItem(TILE_SIZE_KEY, event.target.value);
                  }}
                />
                <Icon name="largeTiles" />
              </div>
              <ImportButton albumId={album?.id ?? null} />
            </>
          )}
        </div>
      </header>
      {!libraryEmpty && <FilterBar />}
      {editingQuery && album !== undefined && (
        <EditQueryDialog album={album} onClose={() => setEditingQuery(false)} />
      )}
    </>
  );
}
