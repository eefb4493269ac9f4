import type { StateCreator } from 'zustand';
import type { CameraCard } from '../../common/contract';
import type { ShoeboxState } from './store';

/** The camera cards mounted, and what the user chose for each in the card prompt. */
export interface CardsSlice {
  /** The cards as the core last listed them. */
  cards: CameraCard[];
  /**
   * Cards the user said "Not now" to, or imported from, by path: not offered again until the
   * card is taken out and put back.
   */
  dismissedCards: string[];
  /**
   * Days the user unticked, per card path. Unticked rather than ticked, so that every day
   * with new photos is ticked until the user says otherwise, as in Lightroom's import dialog.
   */
  uncheckedCardDays: Record<string, string[]>;
  /** Whether to eject a card once its import has ended well. */
  ejectCardWhenDone: boolean;
  /** Takes the cards mounted now; a card no longer among them forgets its "Not now". */
  setCards: (cards: CameraCard[]) => void;
  setCardDismissed: (path: string, dismissed: boolean) => void;
  setCardDayChecked: (path: string, day: string, checked: boolean) => void;
  setEjectCardWhenDone: (eject: boolean) => void;
}

/** The camera-card part of the store. */
export const createCardsSlice: StateCreator<ShoeboxState, [], [], CardsSlice> = (set) => ({
  cards: [],
  dismissedCards: [],
  uncheckedCardDays: {},
  ejectCardWhenDone: false,
  setCards: (cards) =>
    set((state) => {
      const mounted = new Set(cards.map((card) => card.path));
      return {
        cards,
        dismissedCards: state.dismissedCards.filter((path) => mounted.has(path)),
        uncheckedCardDays: Object.fromEntries(
          Object.entries(state.uncheckedCardDays).filter(([path]) => mounted.has(path)),
        ),
      };
    }),
  setCardDismissed: (path, dismissed) =>
    set((state) => {
      const others = state.dismissedCards.filter((other) => other !== path);
      return { dismissedCards: dismissed ? [...others, path] : others };
    }),
  setCardDayChecked: (path, day, checked) =>
    set((state) => {
      const unchecked = (state.uncheckedCardDays[path] ?? []).filter((other) => other !== day);
      return {
        uncheckedCardDays: {
          ...state.uncheckedCardDays,
          [path]: checked ? unchecked : [...unchecked, day],
        },
      };
    }),
  setEjectCardWhenDone: (eject) => set({ ejectCardWhenDone: eject }),
});
