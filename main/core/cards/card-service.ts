/**
 * The camera cards as the contract offers them: `listCards`, `ejectCard` and the
 * `cardsChanged` event, which the watcher feeds only while someone listens (the app, a
 * server's page): polling the mount table for nobody would be waste.
 */
import { errorMessage, ShoeboxError } from '../../../common/errors';
import type { CameraCard } from '../../../common/contract';
import { findCameraCards, type CardVolume } from './camera-cards';
import { countCardContents } from './card-contents';
import { cardRootsFromEnvironment } from './card-roots';
import { ejectVolume } from './eject';
import type { KnownShots } from './known-shots';
import { watchCameraCards, type CameraCardWatcher } from './volume-watcher';

/** What the card service needs. */
export interface CardServiceOptions {
  known: KnownShots;
  /** Sends `cardsChanged` with every card mounted now. */
  publish: (cards: CameraCard[]) => void;
  /** The mount folders; `SHOEBOX_CARD_ROOTS`, else the platform's, unless set. */
  roots?: string[];
  /** The watcher's poll period (see watchCameraCards). */
  pollMs?: number;
  /** Ejects a volume; the system's tool (ejectVolume) unless set. */
  eject?: (path: string) => Promise<void>;
  logger?: (message: string) => void;
}

/** The contract's card methods and the watch behind `cardsChanged`. */
export interface CardService {
  /**
   * The cards mounted now, each counted; with `days: false` without the per-day breakdown
   * (faster: only the shots whose size the library has are read).
   */
  listCards(options?: { days?: boolean }): Promise<CameraCard[]>;
  /** Ejects a card `listCards` would list; NOT_FOUND for any other path. */
  ejectCard(path: string): Promise<void>;
  /** Starts watching (idempotent): a card that comes or goes is published, counted. */
  startWatching(): void;
  /** Stops watching; a count under way publishes nothing. */
  stopWatching(): Promise<void>;
}

/** A card service over the library `known` describes. */
export function createCardService(options: CardServiceOptions): CardService {
  const roots = options.roots ?? cardRootsFromEnvironment();
  const log = options.logger ?? ((message: string) => console.warn(message));
  let watcher: CameraCardWatcher | null = null;
  // Each change of cards starts a count; only the newest may publish, and none after a stop.
  let generation = 0;
  let counting: AbortController | null = null;

  const countAll = async (volumes: CardVolume[], signal?: AbortSignal, days = true) => {
    const cards: CameraCard[] = [];
    // One card after the other: two cards in two readers share one USB bus.
    for (const volume of volumes) {
      cards.push(
        await countCardContents(volume, { known: options.known, days, signal, logger: log }),
      );
    }
    return cards;
  };

  const publishCounted = (volumes: CardVolume[]): void => {
    const mine = ++generation;
    counting?.abort();
    const controller = new AbortController();
    counting = controller;
    countAll(volumes, controller.signal).then(
      (cards) => {
        if (mine === generation) options.publish(cards);
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          log(`Cannot count the camera cards: ${errorMessage(error)}`);
      },
    );
  };

  return {
    listCards: async ({ days = true } = {}) =>
      countAll(await findCameraCards({ roots }), undefined, days),
    async ejectCard(path) {
      const cards = await findCameraCards({ roots });
      if (!cards.some((card) => card.path === path)) {
        throw new ShoeboxError('NOT_FOUND', `No camera card is mounted at ${path}.`);
      }
      await (options.eject ?? ejectVolume)(path);
    },
    startWatching() {
      watcher ??= watchCameraCards({
        roots,
        pollMs: options.pollMs,
        logger: log,
        onChange: publishCounted,
      });
    },
    async stopWatching() {
      generation += 1;
      counting?.abort();
      counting = null;
      const stopping = watcher;
      watcher = null;
      await stopping?.close();
    },
  };
}
