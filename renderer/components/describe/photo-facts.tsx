import type { PhotoDetails, PhotoSummary } from '../../../common/contract';
import { formatBytes, formatCamera, formatExposure, formatGps } from '../format';

/** The folder a file is in, from its path, on any platform. */
function folderOf(filePath: string): string {
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return cut <= 0 ? filePath : filePath.slice(0, cut);
}

/** Where the photo's file is: "In the library", "In folder /Volumes/Photos/2019" (and why not). */
export function describePlace(details: Pick<PhotoDetails, 'source' | 'status' | 'path'>): string {
  if (details.source === 'library') return 'In the library';
  const place = `In folder ${folderOf(details.path)}`;
  if (details.status === 'offline') return `${place} (its drive is not connected)`;
  if (details.status === 'missing') return `${place} (the file is missing)`;
  return place;
}

/**
 * What a photo is, where and how it was taken (camera, lens, exposure, size, place, albums)
 * and where its file is (the library, or a folder added in place), read-only, leaving out what
 * is unknown. No date row: the capture time heads the describe fields, with its shift and
 * revert.
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
    // Where its file is: the library, or a folder added in place (its path from the details).
    ['Where', details ? describePlace(details) : null],
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
