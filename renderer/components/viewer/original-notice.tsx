import type { PhotoStatus } from '../../../common/contract';
import { Icon } from '../icons';

/** What the viewer says of an original that is not there. */
const NOTICES: Record<Exclude<PhotoStatus, 'ok'>, string> = {
  offline: 'The original is on a drive that is not connected',
  missing: 'The original file is missing from its folder',
};

/**
 * The viewer's word on a photo whose original is not there (an offline drive, a file gone
 * from its folder): it is shown from its previews meanwhile, so 1:1 is the large preview.
 */
export function OriginalNotice({ status }: { status: PhotoStatus }) {
  if (status === 'ok') return null;
  return (
    <p className={`viewer-notice viewer-notice-${status}`} role="status">
      <Icon name={status === 'offline' ? 'drive' : 'warning'} />
      {NOTICES[status]}
    </p>
  );
}
