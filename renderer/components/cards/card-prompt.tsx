/**
 * The offer to import a camera card's new photos, in a banner above the grid (the library
 * stays usable beside it): the new shots by capture day, each day ticked, what is already in
 * the library counted as such, "Eject when done", Import and Not now.
 *
 * Every day with new photos starts ticked, as Lightroom Classic's import dialog ticks every
 * new photo and Photo Mechanic ingests the whole card: a day left behind by default is lost
 * once the card is formatted, while unticking an old shoot is one click.
 */
import { useEffect, useId } from 'react';
import type { CameraCard, CardDay } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import {
  cardPromptTitle,
  checkedCardDays,
  importFromCard,
  listenToCards,
} from '../../store/cards-actions';
import { useShoeboxStore } from '../../store/store';
import { formatBytes, formatFullDay } from '../format';
import { Icon } from '../icons';
import './card-prompt.css';

// An empty list, the same on every render: a fresh `[]` in a selector would re-render forever.
const NONE: readonly string[] = [];

/** "12 new", "12 new · 3 already imported", "all 40 already imported". */
function dayCounts(day: CardDay): string {
  const known = day.files - day.newFiles;
  if (day.newFiles === 0) return `all ${day.files.toLocaleString()} already imported`;
  const fresh = `${day.newFiles.toLocaleString()} new`;
  return known === 0 ? fresh : `${fresh} · ${known.toLocaleString()} already imported`;
}

/** One card's prompt. */
function CardOffer({ card }: { card: CameraCard }) {
  const client = useClient();
  const unchecked = useShoeboxStore((state) => state.uncheckedCardDays[card.path] ?? NONE);
  const eject = useShoeboxStore((state) => state.ejectCardWhenDone);
  const { setCardDayChecked, setEjectCardWhenDone, setCardDismissed } = useShoeboxStore.getState();
  const chosen = checkedCardDays(card, unchecked);
  const chosenFiles = chosen.reduce((total, day) => total + day.newFiles, 0);
  const known = card.files - card.newFiles;
  // Not made of the path: a label with a space would split aria-labelledby's list of ids.
  const titleId = useId();
  return (
    <section className="card-prompt" aria-labelledby={titleId}>
      <div className="card-prompt-head">
        <span className="card-prompt-icon" aria-hidden="true">
          <Icon name="import" />
        </span>
        <div className="card-prompt-summary">
          <h2 id={titleId} className="card-prompt-title">
            {cardPromptTitle(card)}
          </h2>
          <p className="card-prompt-counts">
            {formatBytes(card.newBytes)} new
            {known > 0 && ` · ${known.toLocaleString()} already in the library`}
            {card.unreadable > 0 &&
              ` · ${card.unreadable.toLocaleString()} ${card.unreadable === 1 ? 'file' : 'files'} could not be read`}
          </p>
        </div>
      </div>
      <ul className="card-prompt-days" aria-label="Capture days">
        {card.days.map((day) => (
          <li key={day.day} className={day.newFiles === 0 ? 'is-imported' : undefined}>
            <label>
              <input
                type="checkbox"
                checked={day.newFiles > 0 && !unchecked.includes(day.day)}
                disabled={day.newFiles === 0}
                onChange={(event) => setCardDayChecked(card.path, day.day, event.target.checked)}
              />
              <span className="card-prompt-day">{formatFullDay(day.day)}</span>
              <span className="card-prompt-day-counts">{dayCounts(day)}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="card-prompt-actions">
        <label className="card-prompt-eject">
          <input
            type="checkbox"
            checked={eject}
            onChange={(event) => setEjectCardWhenDone(event.target.checked)}
          />
          Eject when done
        </label>
        <button type="button" onClick={() => setCardDismissed(card.path, true)}>
          Not now
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={chosenFiles === 0}
          onClick={() => void importFromCard(client, card)}
        >
          {chosenFiles === card.newFiles
            ? 'Import'
            : `Import ${chosenFiles.toLocaleString()} of ${card.newFiles.toLocaleString()}`}
        </button>
      </div>
    </section>
  );
}

/** The prompts of the cards with new photos the user has neither put off nor imported from. */
export function CardPrompt() {
  const client = useClient();
  const cards = useShoeboxStore((state) => state.cards);
  const dismissed = useShoeboxStore((state) => state.dismissedCards);
  useEffect(() => listenToCards(client), [client]);
  const offered = cards.filter((card) => card.newFiles > 0 && !dismissed.includes(card.path));
  if (offered.length === 0) return null;
  return (
    <div className="card-prompts">
      {offered.map((card) => (
        <CardOffer key={card.path} card={card} />
      ))}
    </div>
  );
}
