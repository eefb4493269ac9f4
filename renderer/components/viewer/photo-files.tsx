import type { PhotoDetails } from '../../../common/contract';
import { formatBytes } from '../format';
import { formatDuration } from '../grid/media-badge';

/** What each role of a file is called in the info panel. */
const ROLE_NAMES: Record<PhotoDetails['files'][number]['role'], string> = {
  original: 'Original',
  pair: 'JPEG',
  motion: 'Live movie',
  sidecar: 'Sidecar',
};

/** A file's name from its path, on any platform the library was made on. */
function fileName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

/**
 * The info panel's list of the photo's files (the original, a RAW's JPEG, a Live Photo's
 * movie, sidecars: what travels with it), by role, name and size; and a video's length.
 */
export function PhotoFiles({ details }: { details: PhotoDetails }) {
  return (
    <section className="viewer-files" aria-label="Files">
      {details.kind === 'video' && details.durationSeconds !== null && (
        <dl>
          <div className="info-row">
            <dt>Duration</dt>
            <dd>{formatDuration(details.durationSeconds)}</dd>
          </div>
        </dl>
      )}
      <h3>Files</h3>
      <ul>
        {details.files.map((file) => (
          <li key={`${file.role}:${file.path}`}>
            {/* The spaces part the words for a screen reader; the grid does not draw them. */}
            <span className="viewer-file-role">{ROLE_NAMES[file.role]}</span>{' '}
            <span className="viewer-file-name">{fileName(file.path)}</span>{' '}
            <span className="viewer-file-size">{formatBytes(file.bytes)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
