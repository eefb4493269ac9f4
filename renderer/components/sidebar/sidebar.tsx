import { useId, useState } from 'react';
import type { Album } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { createAlbum } from '../../store/album-actions';
import { importFiles } from '../../store/import-actions';
import { showView } from '../../store/paging';
import { trashPhotos } from '../../store/photo-actions';
import { isSmartAlbum } from '../../store/smart-album-actions';
import { useShoeboxStore } from '../../store/store';
import { ContextMenu } from '../context-menu';
import { Icon } from '../icons';
import { FoldersSection } from '../folders/folders-section';
import { EditQueryDialog } from '../search/edit-query-dialog';
import { AlbumEntry, albumMenuEntries, type AlbumMenu } from './album-entry';
import { AlbumNameForm } from './album-name-form';
import { SidebarEntry, useEntryCount } from './sidebar-entry';

/** The albums made by hand and the smart ones (a search's photos), each in the sidebar's order. */
function useAlbumKinds(): { manual: Album[]; smart: Album[] } {
  const albums = useShoeboxStore((state) => state.albums);
  return {
    manual: albums.filter((album) => !isSmartAlbum(album)),
    smart: albums.filter(isSmartAlbum),
  };
}

/**
 * The sidebar: All photos, Trash, and the albums (a navigation landmark named "Albums"): those
 * made by hand, then the smart ones in a list of their own ("Smart albums"), with live counts;
 * then the folders added in place.
 */
export function Sidebar() {
  const client = useClient();
  const { manual, smart } = useAlbumKinds();
  const info = useShoeboxStore((state) => state.libraryInfo);
  const viewKind = useShoeboxStore((state) => state.view.kind);
  const creating = useShoeboxStore((state) => state.creatingAlbum);
  const allCount = useEntryCount(viewKind === 'all', info?.photoCount);
  const trashCount = useEntryCount(viewKind === 'trash', info?.trashCount);
  const { setCreatingAlbum } = useShoeboxStore.getState();
  const [menu, setMenu] = useState<AlbumMenu | null>(null);
  const [editing, setEditing] = useState<Album | null>(null);
  const smartHeadingId = useId();
  const entries = (albums: Album[]) =>
    albums.map((album) => (
      <AlbumEntry
        key={album.id}
        album={album}
        siblings={albums}
        onMenu={(placement, byKeyboard) => setMenu({ album, placement, byKeyboard })}
      />
    ));
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">Shoebox</div>
      <nav aria-label="Library">
        <ul>
          <SidebarEntry
            label="All photos"
            count={allCount}
            active={viewKind === 'all'}
            icon={<Icon name="photos" />}
            onSelect={() => void showView(client, { kind: 'all' })}
            drop={{ onFiles: (files) => void importFiles(client, files) }}
          />
          <SidebarEntry
            label="Trash"
            count={trashCount}
            active={viewKind === 'trash'}
            icon={<Icon name="trash" />}
            onSelect={() => void showView(client, { kind: 'trash' })}
            drop={{ onPhotos: (photoIds) => void trashPhotos(client, photoIds) }}
          />
        </ul>
      </nav>
      <div className="sidebar-section">
        <h2>Albums</h2>
        <button type="button" className="button-quiet" onClick={() => setCreatingAlbum(true)}>
          <Icon name="plus" />
          New album
        </button>
      </div>
      <nav aria-label="Albums" className="sidebar-albums">
        <ul>
          {entries(manual)}
          {creating && (
            <li>
              <AlbumNameForm
                label="New album name"
                initialName=""
                onCancel={() => setCreatingAlbum(false)}
                onSubmit={async (name) => {
                  if (await createAlbum(client, name)) setCreatingAlbum(false);
                }}
              />
            </li>
          )}
        </ul>
        {manual.length === 0 && !creating && (
          <p className="sidebar-hint">Make an album, then drag photos onto it.</p>
        )}
        {smart.length > 0 && (
          <>
            <div className="sidebar-section">
              <h2 id={smartHeadingId}>Smart albums</h2>
            </div>
            <ul aria-labelledby={smartHeadingId} className="sidebar-smart-albums">
              {entries(smart)}
            </ul>
          </>
        )}
      </nav>
      <FoldersSection />
      {menu !== null && (
        <ContextMenu
          label={`Album “${menu.album.name}”`}
          placement={menu.placement}
          byKeyboard={menu.byKeyboard}
          entries={albumMenuEntries(menu.album, setEditing)}
          onClose={() => setMenu(null)}
        />
      )}
      {editing !== null && <EditQueryDialog album={editing} onClose={() => setEditing(null)} />}
    </aside>
  );
}
