import { memo } from 'react';
import type { PhotoSummary } from '../../../common/contract';

/** What a tile shows about a photo besides its thumbnail. */
type Culling = Pick<PhotoSummary, 'rating' | 'flag' | 'label'>;

/** "3 stars, pick, red label": what a tile's badges say, in words; '' when they say nothing. */
export function describeCulling({ rating, flag, label }: Culling): string {
  const parts: string[] = [];
  if (rating > 0) parts.push(rating === 1 ? '1 star' : `${rating} stars`);
  if (flag !== null) parts.push(flag);
  if (label !== null) parts.push(`${label} label`);
  return parts.join(', ');
}

interface TileBadgesProps extends Culling {
  /** A small tile: "★3" rather than three stars. */
  compact: boolean;
}

/**
 * A tile's flag (top left) and its colour label and stars (bottom left), drawn over the
 * thumbnail; hidden from assistive technology, which reads `describeCulling` instead.
 */
export const TileBadges = memo(function TileBadges({
  rating,
  flag,
  label,
  compact,
}: TileBadgesProps) {
  return (
    <>
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
