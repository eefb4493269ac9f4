import type { PhotoDetails, PhotoSummary } from '../../../common/contract';
import { DescribeForm } from '../describe/describe-form';
import { PhotoFacts } from '../describe/photo-facts';
import { useDescribedPhotos } from '../describe/use-described-photos';
import { PhotoFiles } from './photo-files';

/**
 * The viewer's info panel: what the photographer says about the photo (editable), then what
 * it is, where and how it was taken, and the files it is made of.
 */
export function PhotoInfo({
  photo,
  details: first,
}: {
  photo: PhotoSummary;
  details: PhotoDetails | null;
}) {
  // The viewer fetched the details once; after an edit they are fetched again here.
  const { details: fetched, refresh } = useDescribedPhotos([photo.id], {
    given: first === null ? null : [first],
  });
  const details = fetched?.[0] ?? null;
  return (
    <aside className="viewer-info" aria-label="Info">
      <h2>Info</h2>
      <DescribeForm
        photoIds={[photo.id]}
        summaries={[photo]}
        details={details === null ? null : [details]}
        onChanged={refresh}
      />
      <PhotoFacts photo={photo} details={details} />
      {details !== null && <PhotoFiles details={details} />}
    </aside>
  );
}
