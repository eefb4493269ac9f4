import { useState } from 'react';
import { useShoeboxStore } from '../../store/store';

/**
 * A card while the library is on a network share and its database is there too, where it is
 * not safe (SQLite's write-ahead log needs a local disk): it says what to do (keep the database
 * on this computer, which the command line does with no Shoebox open), and stays until
 * dismissed for this session. None once the database is kept on this computer.
 */
export function NetworkStoragePanel() {
  const storage = useShoeboxStore((state) => state.libraryInfo?.storage ?? null);
  const path = useShoeboxStore((state) => state.libraryInfo?.path ?? '');
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || storage === null || !storage.network || storage.databaseLocal) return null;
  const kind =
    storage.fileSystem === '' ? 'a network share' : `a network share (${storage.fileSystem})`;
  return (
    <article className="activity-card" aria-label="Library on a network share">
      <h2 className="activity-title">This library is on {kind}</h2>
      <p className="activity-error">
        Its database is not safe there: two computers opening {path} at once can damage it. Open it
        from one computer at a time, or keep its database on this computer while the photos stay on
        the share: quit Shoebox and run <code>shoebox database move-local</code>.
      </p>
      <div className="activity-actions">
        <button type="button" onClick={() => setDismissed(true)}>
          Got it
        </button>
      </div>
    </article>
  );
}
