import { useEffect } from 'react';
import { useClient } from '../../bridge/client-context';
import { countPhotos } from '../../store/feedback';
import { cancelImport } from '../../store/import-actions';
import type { ImportRun, OutcomeRow } from '../../store/import-slice';
import { useShoeboxStore } from '../../store/store';
import { formatBytes } from '../format';
import { ProgressBar } from './progress-bar';

/** The headline of a run: what it is doing or what it did. */
function headline(run: ImportRun): string {
  const { totals, upload } = run;
  if (run.phase === 'uploading') {
    return upload
      ? `Uploading ${upload.filesDone.toLocaleString()} of ${upload.files.toLocaleString()} files…`
      : 'Preparing files…';
  }
  if (run.phase === 'importing') {
    return totals
      ? `Importing ${totals.processed.toLocaleString()} of ${totals.files.toLocaleString()}…`
      : 'Looking for photos…';
  }
  if (run.error !== null) return 'Import failed';
  const imported = totals?.imported ?? 0;
  return run.cancelled
    ? `Import cancelled: ${countPhotos(imported)} imported`
    : `Imported ${countPhotos(imported)}`;
}

/** How far a run has come, 0..1 (bytes while uploading, files while importing). */
function fraction(run: ImportRun): number | null {
  if (run.phase === 'finished') return 1;
  if (run.phase === 'uploading') {
    return run.upload && run.upload.bytes > 0 ? run.upload.bytesDone / run.upload.bytes : null;
  }
  return run.totals && run.totals.files > 0 ? run.totals.processed / run.totals.files : null;
}

const STATUS_LABELS: Record<OutcomeRow['status'], string> = {
  imported: 'Imported',
  duplicate: 'Duplicate',
  skipped: 'Skipped',
  failed: 'Failed',
  rejected: 'Not uploaded',
};

/** One file's line: its name, what happened, and why. */
function Outcome({ row }: { row: OutcomeRow }) {
  return (
    <li className={`outcome outcome-${row.status}`}>
      <span className="outcome-name">{row.name}</span>
      <span className="outcome-status">{STATUS_LABELS[row.status]}</span>
      {row.detail !== null && <span className="outcome-detail">{row.detail}</span>}
    </li>
  );
}

// A clean import's card leaves by itself after this long; one with problems stays until Done,
// so no failure goes unread.
const CLEAN_RUN_LINGER_MS = 8000;

/** One import's card: headline, bar, counts, problems with reasons, Cancel or Done. */
function ImportRunCard({ run }: { run: ImportRun }) {
  const client = useClient();
  const { totals } = run;
  const clean = run.phase === 'finished' && run.problems.length === 0 && run.error === null;
  useEffect(() => {
    if (!clean) return;
    const timer = setTimeout(
      () => useShoeboxStore.getState().dismissImportRun(run.importId),
      CLEAN_RUN_LINGER_MS,
    );
    return () => clearTimeout(timer);
  }, [clean, run.importId]);
  const counts = totals
    ? [
        [totals.imported, 'imported'],
        [totals.duplicates, totals.duplicates === 1 ? 'duplicate' : 'duplicates'],
        [totals.skipped, 'skipped'],
        [totals.failed, 'failed'],
      ].filter(([count]) => Number(count) > 0)
    : [];
  return (
    <article className="activity-card" aria-label="Import">
      <h2 className="activity-title">{headline(run)}</h2>
      {/* Announced once, at the end: every file would be noise. */}
      <p className="visually-hidden" role="status">
        {run.phase === 'finished' ? headline(run) : ''}
      </p>
      <ProgressBar label="Import progress" value={fraction(run)} />
      <p className="activity-counts">
        {counts.map(([count, label]) => `${Number(count).toLocaleString()} ${label}`).join(' · ')}
        {run.phase === 'uploading' && run.upload && (
          <>
            {' '}
            {formatBytes(run.upload.bytesDone)} of {formatBytes(run.upload.bytes)}
          </>
        )}
      </p>
      {run.error !== null && <p className="activity-error">{run.error}</p>}
      {run.problems.length > 0 && (
        <ul className="outcomes outcomes-problems" aria-label="Files not imported">
          {run.problems.map((row, index) => (
            <Outcome key={index} row={row} />
          ))}
        </ul>
      )}
      {run.recent.length > 0 && (
        <details className="activity-details">
          <summary>Recent files</summary>
          <ul className="outcomes">
            {run.recent.map((row, index) => (
              <Outcome key={index} row={row} />
            ))}
          </ul>
        </details>
      )}
      <div className="activity-actions">
        {run.phase === 'finished' ? (
          <button
            type="button"
            onClick={() => useShoeboxStore.getState().dismissImportRun(run.importId)}
          >
            Done
          </button>
        ) : (
          <button type="button" onClick={() => void cancelImport(client, run.importId)}>
            Cancel
          </button>
        )}
      </div>
    </article>
  );
}

/** Every import in progress or not yet dismissed. */
export function ImportPanel() {
  const runs = useShoeboxStore((state) => state.imports);
  return (
    <>
      {runs.map((run) => (
        <ImportRunCard key={run.importId} run={run} />
      ))}
    </>
  );
}
