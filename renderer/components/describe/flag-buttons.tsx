import type { PhotoFlag } from '../../../common/description';
import { MIXED, type Mixed } from './common-values';

const FLAGS: Array<{ flag: PhotoFlag | null; label: string; symbol: string }> = [
  { flag: 'pick', label: 'Pick', symbol: '⚑' },
  { flag: 'reject', label: 'Reject', symbol: '✕' },
  { flag: null, label: 'None', symbol: '–' },
];

/** Pick, reject or neither, as three toggle buttons; none is pressed when the photos differ. */
export function FlagButtons({
  value,
  onChange,
}: {
  value: PhotoFlag | null | Mixed;
  onChange: (flag: PhotoFlag | null) => void;
}) {
  return (
    <div className="describe-flags" role="group" aria-label="Flag">
      {FLAGS.map(({ flag, label, symbol }) => (
        <button
          key={label}
          type="button"
          className={`describe-flag describe-flag-${flag ?? 'none'}`}
          aria-pressed={value === flag}
          onClick={() => onChange(flag)}
        >
          <span aria-hidden="true">{symbol}</span> {label}
        </button>
      ))}
      {value === MIXED && <span className="describe-mixed">Mixed</span>}
    </div>
  );
}
