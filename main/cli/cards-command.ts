import type { Command } from 'commander';
import type { CameraCard } from '../../common/contract';
import { CARD_ROOTS_VARIABLE } from '../core/cards/card-roots';
import { printable } from './printable';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

interface CardsFlags extends LibraryFlags {
  json?: boolean;
}

/** One card as `shoebox cards --json` prints it: a contract of its own (issue #13). */
export interface CardTotals {
  path: string;
  label: string;
  files: number;
  newFiles: number;
  bytes: number;
  newBytes: number;
}

/** Adds `shoebox cards`: the mounted camera cards, and what on them is new to the library. */
export function registerCardsCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('cards'))
    .description(
      'list the mounted camera cards (volumes with a DCIM folder) and what is new on them',
    )
    .option('--json', 'print JSON: [{"path","label","files","newFiles","bytes","newBytes"}]')
    .addHelpText(
      'after',
      `\nCards are looked for where the system mounts removable volumes (/media, /run/media and\n/mnt on Linux, /Volumes on macOS, drive letters on Windows). ${CARD_ROOTS_VARIABLE} (folders\nseparated by the path delimiter) replaces those folders: for tests, or a reader mounted elsewhere.`,
    )
    .action(async (flags: CardsFlags) => {
      await context.withCore(flags, async (core) => {
        const cards = (await core.cardTotals()).map(cardTotals);
        context.io.stdout(flags.json ? `${JSON.stringify(cards, null, 2)}\n` : formatCards(cards));
      });
    });
}

/** A card's totals, in the order and with only the keys the JSON contract names. */
function cardTotals(card: CameraCard): CardTotals {
  const { path, label, files, newFiles, bytes, newBytes } = card;
  return { path, label, files, newFiles, bytes, newBytes };
}

/** One aligned line per card (label, new of all shots, new of all bytes, path). */
export function formatCards(cards: CardTotals[]): string {
  if (cards.length === 0) return 'No camera cards mounted.\n';
  const rows = [
    ['CARD', 'NEW', 'FILES', 'NEW SIZE', 'SIZE', 'PATH'],
    ...cards.map((card) => [
      // Escaped before padding, so the columns line up with what the terminal shows.
      printable(card.label),
      String(card.newFiles),
      String(card.files),
      formatSize(card.newBytes),
      formatSize(card.bytes),
      printable(card.path),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  // Labels and the path read left to right; counts and sizes line up on their last digit.
  const numeric = [false, true, true, true, true, false];
  const lines = rows.map((row) =>
    row
      .map((cell, column) =>
        column === row.length - 1
          ? cell
          : numeric[column]
            ? cell.padStart(widths[column])
            : cell.padEnd(widths[column]),
      )
      .join('  '),
  );
  return `${lines.join('\n')}\n`;
}

/** "412 MB", in the decimal units cards are sold by. */
function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}
