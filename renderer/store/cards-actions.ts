/**
 * Camera cards in the UI: keeping the list of cards in step with the core (`listCards`, then
 * `cardsChanged`), importing the days the user ticked through the normal import (its panel
 * shows the progress), and ejecting the card afterwards when asked.
 */
import type { CameraCard, CardDay, ImportProgress } from '../../common/contract';
import { errorMessage } from '../../common/errors';
import type { ShoeboxClient } from '../bridge/shoebox-client';
import { inform, reportError } from './feedback';
import { useShoeboxStore as store } from './store';

/** The days of `card` with new photos that are ticked, newest first. */
export function checkedCardDays(card: CameraCard, unchecked: readonly string[] = []): CardDay[] {
  return card.days.filter((day) => day.newFiles > 0 && !unchecked.includes(day.day));
}

/** Asks the core for the cards mounted now. A failure keeps the cards shown before. */
export async function refreshCards(client: ShoeboxClient): Promise<void> {
  try {
    store.getState().setCards(await client.listCards());
  } catch {
    // Cards are offered, never asked for: a failed look (an unreadable mount table) is retried
    // when the next card comes or goes, and says nothing in between.
  }
}

/** Lists the cards now and follows `cardsChanged`; returns the function that stops. */
export function listenToCards(client: ShoeboxClient): () => void {
  const stop = client.on('cardsChanged', (cards) => store.getState().setCards(cards));
  void refreshCards(client);
  return stop;
}

/**
 * Imports the new photos of the ticked days of `card` (with their pairs, motion files and
 * sidecars) as one run of the import panel. The card is then dealt with, as after Lightroom's
 * import dialog: not offered again until it is put back in, even with days left out. Once the
 * import has ended the card is counted again, and ejected if the user asked and nothing failed.
 */
export async function importFromCard(client: ShoeboxClient, card: CameraCard): Promise<void> {
  const state = store.getState();
  const days = checkedCardDays(card, state.uncheckedCardDays[card.path]);
  const paths = days.flatMap((day) => day.importPaths);
  if (paths.length === 0) return;
  const eject = state.ejectCardWhenDone;
  // Paths are only ever imported where the page is a secure context (the desktop app, or
  // `shoebox serve` on loopback: a server reached over the network refuses paths), and there
  // every browser has randomUUID.
  const importId = crypto.randomUUID();
  state.beginImportRun(importId, 'importing', null);
  state.setCardDismissed(card.path, true);
  const stop = client.on('importProgress', (event) => {
    if (event.importId !== importId || event.type !== 'finished') return;
    stop();
    void afterCardImport(client, card, event, eject);
  });
  try {
    await client.startImport({ importId, source: { kind: 'paths', paths } });
    store.getState().markImportStarted(importId);
  } catch (error) {
    stop();
    // Nothing was imported: the card is still to be dealt with.
    store.getState().setCardDismissed(card.path, false);
    store.getState().endImportRun(importId, errorMessage(error));
  }
}

async function afterCardImport(
  client: ShoeboxClient,
  card: CameraCard,
  finished: Extract<ImportProgress, { type: 'finished' }>,
  eject: boolean,
): Promise<void> {
  await refreshCards(client);
  const clean = !finished.cancelled && finished.error === null && finished.totals.failed === 0;
  if (eject && clean) await ejectCard(client, card);
}

/** Ejects `card`, saying when it can be taken out (or why it cannot). */
export async function ejectCard(client: ShoeboxClient, card: CameraCard): Promise<void> {
  try {
    await client.ejectCard({ path: card.path });
    inform(`${card.label} was ejected: it can be taken out.`);
    await refreshCards(client);
  } catch (error) {
    reportError(new Error(`${card.label} could not be ejected: ${errorMessage(error)}`));
  }
}

/** "Import 23 new photos from EOS_DIGITAL". */
export function cardPromptTitle(card: CameraCard): string {
  const count = card.newFiles;
  return `Import ${count.toLocaleString()} new ${count === 1 ? 'photo' : 'photos'} from ${card.label}`;
}
