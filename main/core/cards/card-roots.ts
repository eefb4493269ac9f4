/**
 * Where to look for camera cards when the platform's mount folders are not the place: tests
 * mount a stand-in card under a temporary folder, and a card reader mounted somewhere
 * unusual (`/srv/cards`) can be named. Read from `SHOEBOX_CARD_ROOTS`.
 */
import { delimiter } from 'node:path';

/** The environment variable naming the folders cards are mounted in. */
export const CARD_ROOTS_VARIABLE = 'SHOEBOX_CARD_ROOTS';

/**
 * The mount folders `SHOEBOX_CARD_ROOTS` names (separated by the platform's path delimiter:
 * `:`, or `;` on Windows), or undefined when it is unset or empty: then the platform's own.
 */
export function cardRootsFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
  const roots = (environment[CARD_ROOTS_VARIABLE] ?? '')
    .split(delimiter)
    .map((root) => root.trim())
    .filter((root) => root !== '');
  return roots.length > 0 ? roots : undefined;
}
