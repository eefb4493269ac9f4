import { useMemo } from 'react';
import type { PhotoSummary } from '../../../common/contract';
import { countPhotos } from '../../store/feedback';
import { useShoeboxStore } from '../../store/store';
import { DescribeForm } from './describe-form';
import { PhotoFacts } from './photo-facts';
import { useDescribedPhotos } from './use-described-photos';

// Titles, captions and keywords need each photo in full, one `getPhoto` apiece: 200 answer in
// a moment even over `shoebox serve`, while a select-all of a big library would send thousands
// of requests for fields nobody reads across that many. Past it, the stars, flag and label come
// from the grid's summaries, and keywords can still be added and times shifted on all.
const MAX_DETAILED = 200;

/**
 * The describe fields for the grid's selection, beside the grid: for one photo what the
 * viewer's info panel shows, for several their common values ("Mixed" where they differ), and
 * every edit applies to all of them.
 */
export function SelectionPanel() {
  const selectedIds = useShoeboxStore((state) => state.selectedIds);
  const loaded = useShoeboxStore((state) => state.loaded);
  // In grid order: the ids of the changes and the fetches follow what the user sees.
  const summaries = useMemo(
    () =>
      loaded.filter(
        (photo): photo is PhotoSummary => photo !== undefined && selectedIds.has(photo.id),
      ),
    [loaded, selectedIds],
  );
  const photoIds = useMemo(() => summaries.map((photo) => photo.id), [summaries]);
  const { details, refresh } = useDescribedPhotos(photoIds, {
    enabled: photoIds.length <= MAX_DETAILED,
  });
  const one = summaries.length === 1 ? summaries[0] : null;
  return (
    <aside className="selection-panel" aria-label="Selection info">
      <h2>{one !== null ? 'Info' : `${countPhotos(summaries.length)} selected`}</h2>
      {summaries.length === 0 ? (
        <p className="describe-note">Select photos to describe them.</p>
      ) : (
        <>
          {summaries.length > MAX_DETAILED && (
            <p className="describe-note">
              Titles, captions and keywords show for up to {MAX_DETAILED} photos at a time.
            </p>
          )}
          <DescribeForm
            photoIds={photoIds}
            summaries={summaries}
            details={details}
            onChanged={refresh}
          />
          {one !== null && <PhotoFacts photo={one} details={details?.[0] ?? null} />}
        </>
      )}
    </aside>
  );
}
