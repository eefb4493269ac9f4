import type { PhotoDetails, PhotoSummary } from '../../../common/contract';
import { formatBytes, formatCamera, formatExposure, formatGps } from '../format';

/**
 * What a photo is, where and how it was taken (camera, lens, exposure, size, place, albums),
 * read-only, leaving out what is unknown. No date row: the capture time heads the describe
 * fields, with its shift and revert.
 */
export function PhotoFacts({
  photo,
  details,
}: {
  photo: PhotoSummary;
  details: PhotoDetails | null;
}) {
  const rows: Array<[string, string | null]> = [
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
    <dl className="photo-facts">
      {rows
        .filter((row): row is [string, string] => row[1] !== null)
        .map(([term, value]) => (
          <div key={term} className="info-row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
