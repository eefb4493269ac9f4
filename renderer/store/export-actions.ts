/** Exporting an album: into a folder the user picks, or as a zip the browser downloads. */
import type { Album, ExportDestination, ExportProgress } from '../../common/contract';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import type { ExportChoices } from './export-slice';
import { attempt } from './feedback';
import { perClient } from './per-client';
import { useShoeboxStore as store } from './store';

/** The exports this client asked for as a download: only those are downloaded when done. */
const downloadsOf = perClient(() => new Set<string>());

/**
 * Starts exporting an album with the user's choices (remembered for next time): into a folder
 * the user picks, or as a zip download.
 */
export async function exportAlbum(
  client: ShoeboxClient,
  album: Album,
  choices: ExportChoices,
): Promise<void> {
  store.getState().rememberExportChoices(album.id, choices);
  await attempt(async () => {
    let destination: ExportDestination = { kind: 'download' };
    if (client.capabilities.nativeDialogs) {
      const folder = await client.pickExportFolder();
      if (folder === null) return;
      destination = { kind: 'folder', path: folder };
    }
    const { exportId } = await client.startExport({
      albumId: album.id,
      destination,
      title: choices.title.trim() || album.name,
      keepGps: choices.keepGps,
      captionFileNames: choices.captionFileNames,
    });
    if (destination.kind === 'download') downloadsOf(client).add(exportId);
    store.getState().registerExport(exportId, album.name);
    // The finished event may have outrun startExport's answer.
    const run = store.getState().exports.find((candidate) => candidate.exportId === exportId);
    if (run?.finished) deliverExport(client, exportId, run.location, run.error);
  });
}

/** Cancels an export in progress. */
export async function cancelExport(client: ShoeboxClient, exportId: string): Promise<void> {
  await attempt(() => client.cancelExport({ exportId }));
}

/** Starts the download of a finished zip export (only of exports this client asked as one). */
function deliverExport(
  client: ShoeboxClient,
  exportId: string,
  location: string | null,
  error: string | null,
): void {
  if (!downloadsOf(client).delete(exportId) || location === null || error !== null) return;
  client.downloadExport(location);
}

/** Applies one export event, downloading the zip when a browser export finishes. */
export function applyExportProgress(client: ShoeboxClient, event: ExportProgress): void {
  store.getState().applyExportEvent(event);
  if (event.type === 'finished') {
    deliverExport(client, event.exportId, event.location, event.error?.message ?? null);
  }
}
