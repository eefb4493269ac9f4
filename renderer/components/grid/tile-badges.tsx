import { memo } from 'react';
import type { PhotoSummary } from '../../../common/contract';
import { describeMedia, MediaBadge, type MediaFacts } from './media-badge';
import { describeStatus, StatusBadge } from './status-badge';

/** What a tile shows about a photo besides its thumbnail. */
type Culling = Pick<PhotoSummary, 'rating' | 'flag' | 'label'>;

/**
 * "3 stars, pick, red label", "video, 7 seconds, 2 stars": what a tile's badges say, in words
 * (its kind when it is given: a listed photo has it); '' when they say nothing.
 */
export function describeCulling(
  photo: Culling & Partial<MediaFacts> & Partial<Pick<PhotoSummary, 'status'>>,
): string {
  const { rating, flag, label } = photo;
  const parts: string[] = [];
  const status = describeStatus(photo.status);
  if (status !== '') parts.push(status);
  const media = describeMedia(photo);
  if (media !== '') parts.push(media);
  if (rating > 0) parts.push(rating === 1 ? '1 star' : `${rating} stars`);
  if (flag !== null) parts.push(flag);
  if (label !== null) parts.push(`${label} label`);
  return parts.join(', ');
}

interface TileBadgesProps extends Culling {
  /** A small tile: "★3" rather than three stars. */
  compact: boolean;
  /** The photo's kind, for its media badge (video length, RAW, LIVE). */
  media?: MediaFacts;
  /** Whether its original is there: an offline or missing one is marked. */
  status?: PhotoSummary['status'];
}

/**
 * A tile's flag (top left), its media badge (top right), its colour label and stars (bottom
 * left) and an offline or missing mark (bottom right), drawn over the thumbnail; hidden from assistive technology, which reads
 * `describeCulling` instead.
 */
export const TileBadges = memo(function TileBadges({
  rating,
  flag,
  label,
  compact,
  media,
  status,
}: TileBadgesProps) {
  return (
    <>
      {media !== undefined && <MediaBadge facts={media} compact={compact} />}
      {status !== undefined && <StatusBadge status={status} compact={compact} />}
      {flag !== null && (
        <span className={`tile-flag tile-flag-${flag}`} aria-hidden="true">
          {flag === 'pick' ? '✓' : '✕'}
        </span>
      )}
      {(rating > 0 || label !== null) && (
        <span className={compact ? 'tile-badge is-compact' : 'tile-badge'} aria-hidden="true">
          {label !== null && <span className={`tile-label tile-label-${label}`} />}
          {rating > 0 && (
            <span className="tile-stars">{compact ? `★${rating}` : '★'.repeat(rating)}</span>
          )}
        </span>
      )}
    </>
  );
});
