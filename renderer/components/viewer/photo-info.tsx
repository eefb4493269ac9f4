import type { PhotoDetails, PhotoSummary } from '../../../common/contract';
import { formatBytes, formatCamera, formatDateTime, formatExposure, formatGps } from '../format';

/** The viewer's info panel: what the photo is, where and how it was taken. */
export function PhotoInfo({
  photo,
  details,
}: {
  photo: PhotoSummary;
  details: PhotoDetails | null;
}) {
  const rows: Array<[string, string | null]> = [
    ['Date', formatDateTime(photo.takenAt)],
    ['Camera', formatCamera(photo.cameraMake, photo.cameraModel)],
    ['Lens', photo.lens],
    ['Exposure', details ? formatExposure(details.exposure) : null],
    ['Dimensions', `${photo.width} × ${photo.height}`],
    ['File name', photo.originalName],
    ['Size', formatBytes(photo.bytes)],
    ['Location', photo.gps ? formatGps(photo.gps) : null],
    [
      'Albums',
      details && details.albums.length > 0 ? details.albums.map((a) => a.name).join(', ') : null,
    ],
  ];
  return (
    <aside className="viewer-info" aria-label="Info">
      <h2>Info</h2>
      <dl>
        {rows
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([term, value]) => (
            <div key={term} className="info-row">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </aside>
  );
}
