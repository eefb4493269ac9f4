import type { PhotoStatus } from '../../../common/contract';
import { Icon } from '../icons';

/** What a tile's status badge says, and its hover text: null for a photo whose file is there. */
const STATUS_MARKS: Record<Exclude<PhotoStatus, 'ok'>, { text: string; title: string }> = {
  offline: { text: 'Offline', title: 'The original is on a drive that is not connected' },
  missing: { text: 'Missing', title: 'The original file is missing from its folder' },
};

/** "offline", "missing": a tile's status in words; '' when its file is there. */
export function describeStatus(status: PhotoStatus | undefined): string {
  return status === undefined || status === 'ok' ? '' : status;
}

/**
 * A tile's mark (bottom right) for a photo whose original is not there: a drive for one on a
 * drive that is not connected ("Offline"), a warning for a file gone from its folder
 * ("Missing"). The tile stays browsable from its previews. Hidden from assistive technology,
 * which reads `describeStatus` in the tile's description.
 */
export function StatusBadge({ status, compact }: { status: PhotoStatus; compact: boolean }) {
  if (status === 'ok') return null;
  const mark = STATUS_MARKS[status];
  const classes = ['tile-status', `tile-status-${status}`];
  if (compact) classes.push('is-compact');
  return (
    <span className={classes.join(' ')} aria-hidden="true" title={mark.title}>
      <Icon name={status === 'offline' ? 'drive' : 'warning'} />
      {!compact && mark.text}
    </span>
  );
}
