import { useId, useState, type FormEvent } from 'react';
import type { PhotoChanges } from '../../../common/contract';
import { formatDateTime } from '../format';
import { keepKeyInField } from './field-keys';
import { parseShift } from './parse-shift';

/**
 * The capture time: what it is (and what the camera said, with a Revert, once changed), a
 * "Shift by" field for a camera clock that was off, and a "Set to" field for one photo.
 */
export function CaptureTime({
  takenAt,
  takenAtOriginal,
  count,
  anyChanged,
  onChange,
}: {
  /** The one photo's capture time; null for several. */
  takenAt: string | null;
  takenAtOriginal: string | null;
  /** How many photos the fields change. */
  count: number;
  /** Whether any of several photos has a changed time (they can be reverted together). */
  anyChanged: boolean;
  onChange: (changes: PhotoChanges) => Promise<boolean>;
}) {
  const id = useId();
  const [shift, setShift] = useState('');
  const [shiftError, setShiftError] = useState(false);
  // datetime-local's own spelling: the wall clock without the offset (which the core keeps).
  const wallClock = takenAt === null ? '' : takenAt.slice(0, 19);
  const [setTo, setSetTo] = useState(wallClock);
  const [shownClock, setShownClock] = useState(wallClock);
  if (shownClock !== wallClock) {
    setShownClock(wallClock);
    setSetTo(wallClock);
  }

  const submitShift = (event: FormEvent) => {
    event.preventDefault();
    const seconds = parseShift(shift);
    setShiftError(seconds === null);
    if (seconds === null || seconds === 0) return;
    void onChange({ shiftTimeSeconds: seconds }).then((ok) => ok && setShift(''));
  };
  const submitSet = (event: FormEvent) => {
    event.preventDefault();
    if (setTo === '' || setTo === wallClock) return;
    // datetime-local leaves the seconds out when they are zero.
    void onChange({ takenAt: setTo.length === 16 ? `${setTo}:00` : setTo });
  };
  return (
    <div className="describe-field describe-time" role="group" aria-label="Capture time">
      <span className="describe-field-label">Capture time</span>
      {takenAt !== null && <p className="describe-time-value">{formatDateTime(takenAt)}</p>}
      {(takenAtOriginal !== null || (takenAt === null && anyChanged)) && (
        <p className="describe-note">
          {takenAtOriginal !== null
            ? `Changed from ${formatDateTime(takenAtOriginal)}`
            : 'Some were changed'}{' '}
          <button
            type="button"
            className="button-quiet"
            onClick={() => void onChange({ revertTime: true })}
          >
            Revert
          </button>
        </p>
      )}
      <form className="describe-time-row" onSubmit={submitShift}>
        <label htmlFor={`${id}-shift`}>Shift by</label>
        <input
          id={`${id}-shift`}
          type="text"
          placeholder="+1h, -30m"
          value={shift}
          aria-invalid={shiftError}
          aria-describedby={shiftError ? `${id}-shift-error` : undefined}
          onChange={(event) => {
            setShift(event.target.value);
            setShiftError(false);
          }}
          onKeyDown={keepKeyInField}
        />
        <button type="submit" disabled={shift.trim() === ''}>
          Shift
        </button>
      </form>
      {shiftError && (
        <p id={`${id}-shift-error`} className="describe-error" role="alert">
          Write a shift like +1h, -30m or +1d2h3m4s.
        </p>
      )}
      {/* One time for one photo only: the same instant on many would lose their order (a
          burst, a shoot), which is never what fixing a camera clock wants; Shift is for that. */}
      {count === 1 && (
        <form className="describe-time-row" onSubmit={submitSet}>
          <label htmlFor={`${id}-set`}>Set to</label>
          <input
            id={`${id}-set`}
            type="datetime-local"
            step={1}
            value={setTo}
            onChange={(event) => setSetTo(event.target.value)}
            onKeyDown={keepKeyInField}
          />
          <button type="submit" disabled={setTo === '' || setTo === wallClock}>
            Set
          </button>
        </form>
      )}
    </div>
  );
}
