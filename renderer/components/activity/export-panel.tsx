import { useEffect } from 'react';
import { HTTP_ROUTES } from '../../../common/bridge';
import { useClient } from '../../bridge/client-context';
import { cancelExport } from '../../store/export-actions';
import type { ExportRun } from '../../store/export-slice';
import { useShoeboxStore } from '../../store/store';
import { ProgressBar } from './progress-bar';

/** The headline of an export. */
function headline(run: ExportRun): string {
  const name = run.albumName === '' ? 'album' : `“${run.albumName}”`;
  if (!run.finished) return `Exporting ${name}…`;
  if (run.error !== null) return `Export of ${name} failed`;
  if (run.cancelled) return `Export of ${name} cancelled`;
  return `Exported ${name}`;
}

// A successful export's card leaves by itself after this long; a failed one stays until Done.
const SUCCESS_LINGER_MS = 10_000;

/** One export's card: progress, then where it went (or why it failed). */
function ExportRunCard({ run }: { run: ExportRun }) {
  const client = useClient();
  const succeeded = run.finished && run.error === null && !run.cancelled;
  useEffect(() => {
    if (!succeeded) return;
    const timer = setTimeout(
      () => useShoeboxStore.getState().dismissExport(run.exportId),
      SUCCESS_LINGER_MS,
    );
    return () => clearTimeout(timer);
  }, [succeeded, run.exportId]);
  const value = run.finished ? 1 : run.total > 0 ? run.done / run.total : null;
  return (
    <article className="activity-card" aria-label="Export">
      <h2 className="activity-title">{headline(run)}</h2>
      <ProgressBar label="Export progress" value={value} />
      {!run.finished && run.total > 0 && (
        <p className="activity-counts">
          {run.done.toLocaleString()} of {run.total.toLocaleString()} photos
        </p>
      )}
      {run.error !== null && <p className="activity-error">{run.error}</p>}
      {run.finished && run.error === null && !run.cancelled && run.location !== null && (
        <p className="activity-counts">
          {run.location.startsWith(HTTP_ROUTES.exports)
            ? 'Your download has started.'
            : run.location}
        </p>
      )}
      <div className="activity-actions">
        {run.finished ? (
          <button
            type="button"
            onClick={() => useShoeboxStore.getState().dismissExport(run.exportId)}
          >
            Done
          </button>
        ) : (
          <button type="button" onClick={() => void cancelExport(client, run.exportId)}>
            Cancel
          </button>
        )}
      </div>
    </article>
  );
}

/** Every export in progress or not yet dismissed. */
export function ExportPanel() {
  const runs = useShoeboxStore((state) => state.exports);
  return (
    <>
      {runs.map((run) => (
        <ExportRunCard key={run.exportId} run={run} />
      ))}
    </>
  );
}
