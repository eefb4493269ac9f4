import { MAX_RATING } from '../../../common/description';
import { MIXED, type Mixed } from './common-values';

const STARS = Array.from({ length: MAX_RATING }, (_, index) => index + 1);

/**
 * Stars, 0 to 5: a click on a star sets that many, a click on the current rating clears it
 * (as in Lightroom's filmstrip). Each star is a toggle button, so Tab and Space reach it.
 */
export function StarRating({
  value,
  onChange,
}: {
  value: number | Mixed;
  onChange: (rating: number) => void;
}) {
  return (
    <div className="describe-stars" role="group" aria-label="Rating">
      {STARS.map((stars) => (
        <button
          key={stars}
          type="button"
          className={`describe-star${value !== MIXED && value >= stars ? ' is-on' : ''}`}
          aria-label={stars === 1 ? '1 star' : `${stars} stars`}
          aria-pressed={value === stars}
          onClick={() => onChange(value === stars ? 0 : stars)}
        >
          ★
        </button>
      ))}
      {value === MIXED && <span className="describe-mixed">Mixed</span>}
    </div>
  );
}
