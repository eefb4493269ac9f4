import { useShallow } from 'zustand/react/shallow';
import { useShoeboxStore } from '../../store/store';
import { ProgressBar } from './progress-bar';

/**
 * A card for each other Shoebox process at work on this library (a `shoebox import` in a
 * terminal, a server's upload): its photos appear as it records them, and nothing here fails
 * because of it.
 */
export function OtherProcessesPanel() {
  const busy = useShoeboxStore(
    useShallow((state) =>
      (state.libraryInfo?.otherProcesses ?? []).filter((other) => other.activity !== null),
    ),
  );
  return busy.map((other) => (
    <article
      key={`${other.host}:${other.pid}:${other.startedAt}`}
      className="activity-card"
      aria-label="Another Shoebox process"
    >
      <h2 className="activity-title">
        {other.program} is {other.activity}
      </h2>
      <ProgressBar label={`${other.program} progress`} value={null} />
      <p className="activity-counts">
        Another Shoebox process (pid {other.pid}) is working on this library; its photos appear here
        as it adds them.
      </p>
    </article>
  ));
}
