import { useEffect } from 'react';
import { useClient } from '../bridge/client-context';
import { deleteAlbum } from '../store/album-actions';
import { listenToFolders } from '../store/folder-actions';
import { refreshLibrary } from '../store/library-actions';
import { listenToLibrary } from '../store/library-sync';
import { loadView, reloadView } from '../store/paging';
import { useShoeboxStore } from '../store/store';
import { ExportPanel } from './activity/export-panel';
import { ImportPanel } from './activity/import-panel';
import { NetworkStoragePanel } from './activity/network-storage-panel';
import { OtherProcessesPanel } from './activity/other-processes-panel';
import { CardPrompt } from './cards/card-prompt';
import { ConfirmDialog } from './confirm-dialog';
import { DeleteForeverConfirmation } from './delete-forever-confirmation';
import { DeleteFromDiskConfirmation } from './delete-from-disk-confirmation';
import { SelectionPanel } from './describe/selection-panel';
import { DisconnectedBanner } from './disconnected-banner';
import { DropOverlay } from './drop-overlay';
import { EmptyState } from './empty-state';
import { ExportAlbumDialog } from './export-album-dialog';
import { LocateFilePrompt } from './folders/locate-file-dialog';
import { PhotoGrid } from './grid/photo-grid';
import { ShortcutsOverlay } from './shortcuts-overlay';
import { Sidebar } from './sidebar/sidebar';
import { TileContextMenu } from './tile-context-menu';
import { Toasts } from './toasts';
import { Toolbar, useViewTitle } from './toolbar';
import { useCullingKeys } from './use-culling-keys';
import { useFocusKeeper } from './use-focus-keeper';
import { useWindowFileDrop } from './use-window-file-drop';
import { PhotoViewer } from './viewer/photo-viewer';

/** The main area: the grid, or what to say when there is nothing (yet) to show. */
function PhotoArea() {
  const client = useClient();
  const status = useShoeboxStore((state) => state.listStatus);
  const empty = useShoeboxStore((state) => state.total === 0);
  const view = useShoeboxStore((state) => state.view);
  const title = useViewTitle();
  if (status === 'error') {
    return (
      <div className="empty-state">
        <h2>The photos could not be loaded</h2>
        <button type="button" onClick={() => void reloadView(client)}>
          Try again
        </button>
      </div>
    );
  }
  if (status === 'loading') return <div className="photo-area-loading" aria-busy="true" />;
  if (empty) return <EmptyState view={view} />;
  return <PhotoGrid label={title} />;
}

/** Asks before deleting the album the user chose to delete. */
function DeleteAlbumConfirmation() {
  const client = useClient();
  const album = useShoeboxStore((state) =>
    state.albums.find((candidate) => candidate.id === state.albumToDelete),
  );
  if (album === undefined) return null;
  const close = () => useShoeboxStore.getState().setAlbumToDelete(null);
  return (
    <ConfirmDialog
      title={`Delete the album “${album.name}”?`}
      confirmLabel="Delete album"
      onCancel={close}
      onConfirm={() => {
        close();
        void deleteAlbum(client, album);
      }}
    >
      <p>The photos stay in your library; only the album goes.</p>
    </ConfirmDialog>
  );
}

/** The whole window: sidebar, toolbar and grid, the viewer, progress and messages. */
export function App() {
  const client = useClient();
  const selectionPanelOpen = useShoeboxStore((state) => state.selectionPanelOpen);
  useWindowFileDrop();
  useCullingKeys();
  useFocusKeeper();
  useEffect(() => {
    void refreshLibrary(client);
    void loadView(client);
    const stopLibrary = listenToLibrary(client);
    const stopFolders = listenToFolders(client);
    return () => {
      stopLibrary();
      stopFolders();
    };
  }, [client]);
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <Toolbar />
        <CardPrompt />
        <div className="photo-area">
          <PhotoArea />
          <DropOverlay />
        </div>
      </main>
      {selectionPanelOpen && <SelectionPanel />}
      <section className="activity" aria-label="Activity">
        <ImportPanel />
        <ExportPanel />
        <OtherProcessesPanel />
        <NetworkStoragePanel />
      </section>
      <PhotoViewer />
      <DeleteAlbumConfirmation />
      <DeleteForeverConfirmation />
      <DeleteFromDiskConfirmation />
      <LocateFilePrompt />
      <ExportAlbumDialog />
      <ShortcutsOverlay />
      <TileContextMenu />
      <Toasts />
      <DisconnectedBanner />
    </div>
  );
}
