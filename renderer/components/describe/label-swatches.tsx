import { COLOR_LABELS, type ColorLabel } from '../../../common/description';
import { MIXED, type Mixed } from './common-values';

/** Five colour swatches and "none"; the current label's swatch is pressed. */
export function LabelSwatches({
  value,
  onChange,
}: {
  value: ColorLabel | null | Mixed;
  onChange: (label: ColorLabel | null) => void;
}) {
  return (
    <div className="describe-labels" role="group" aria-label="Colour label">
      {COLOR_LABELS.map((label) => (
        <button
          key={label}
          type="button"
          className={`describe-swatch describe-swatch-${label}`}
          aria-label={`${label.charAt(0).toUpperCase()}${label.slice(1)} label`}
          title={label.charAt(0).toUpperCase() + label.slice(1)}
          aria-pressed={value === label}
          onClick={() => onChange(label)}
        />
      ))}
      <button
        type="button"
        className="describe-swatch describe-swatch-none"
        aria-label="No label"
        title="No label"
        aria-pressed={value === null}
        onClick={() => onChange(null)}
      />
      {value === MIXED && <span className="describe-mixed">Mixed</span>}
    </div>
  );
}
