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

// A clean export's card leaves by itself after this long; a failed one, or one that left photos
// out, stays until Done so no failure goes unread.
const SUCCESS_LINGER_MS = 10_000;

/** One export's card: progress, then where it went (or why it failed). */
function ExportRunCard({ run }: { run: ExportRun }) {
  const client = useClient();
  const succeeded = run.finished && run.error === null && !run.cancelled;
  const clean = succeeded && run.failed.length === 0;
  useEffect(() => {
    if (!clean) return;
    const timer = setTimeout(
      () => useShoeboxStore.getState().dismissExport(run.exportId),
      SUCCESS_LINGER_MS,
    );
    return () => clearTimeout(timer);
  }, [clean, run.exportId]);
  const value = run.finished ? 1 : run.total > 0 ? run.fraction : null;
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
      {run.failed.length > 0 && (
        <ul className="outcomes outcomes-problems" aria-label="Videos exported as posters only">
          {run.failed.map((item, index) => (
            <li key={index} className="outcome outcome-failed">
              <span className="outcome-name">{item.name}</span>
              <span className="outcome-status">Poster only</span>
              <span className="outcome-detail">{item.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {succeeded && run.location !== null && (
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
