import { Option, type Command } from 'commander';
import { contract, type MethodInput, type Photo } from '../../common/contract';
import { COLOR_LABELS, PHOTO_FLAGS } from '../../common/description';
import { ShoeboxError } from '../../common/errors';
import { withLibrary, type CliContext, type LibraryFlags } from './context';
import { parseDuration } from './duration';
import { parsePhotoIds } from './photo-ids';
import { printable } from './printable';

interface SetFlags extends LibraryFlags {
  rating?: string;
  flag?: string;
  label?: string;
  title?: string;
  caption?: string;
  keyword: string[];
  removeKeyword: string[];
  shiftTime?: string;
  takenAt?: string;
  timeZone?: string;
  revertTime?: boolean;
  json?: boolean;
}

type Changes = MethodInput<'updatePhotos'>['changes'];

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `shoebox set`: stars, flag, label, title, caption, keywords and capture time. */
export function registerSetCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('set'))
    .argument('<photoId...>')
    .description('describe photos: stars, flag, label, title, caption, keywords, capture time')
    .option('--rating <stars>', 'stars, 0-5')
    .addOption(
      new Option('--flag <flag>', 'pick, reject or none').choices([...PHOTO_FLAGS, 'none']),
    )
    .addOption(
      new Option('--label <colour>', 'a colour label, or none').choices([...COLOR_LABELS, 'none']),
    )
    .option('--title <text>', "the title ('' clears it)")
    .option('--caption <text>', "the caption ('' clears it)")
    .option('--keyword <path>', 'add a keyword, levels split by / (repeatable)', collect, [])
    .option('--remove-keyword <path>', 'remove a keyword (repeatable)', collect, [])
    .option('--shift-time <duration>', 'move the capture time: +1h, -30m, +1d2h3m4s')
    .option('--taken-at <time>', 'set the capture time: 2024-07-14T18:30:00[+02:00]')
    .option('--time-zone <offset>', 'the capture time zone, keeping the time shown: +02:00')
    .option('--revert-time', 'back to the capture time the camera recorded')
    .option('--json', 'print the photos as JSON')
    .action(async (ids: string[], flags: SetFlags) => {
      const photoIds = parsePhotoIds(ids);
      const input = contract.updatePhotos.input.safeParse({ photoIds, changes: changesOf(flags) });
      if (!input.success) {
        throw new ShoeboxError('INVALID_INPUT', input.error.issues[0]!.message);
      }
      await context.withCore(flags, async (core) => {
        const { count } = await core.handlers.updatePhotos(input.data);
        const photos = await core.photoRecords(input.data.photoIds);
        context.io.stdout(
          flags.json ? `${JSON.stringify(photos, null, 2)}\n` : formatChanged(count, photos),
        );
      });
    });
}

/** The contract's changes from the flags given (nothing for flags left out). */
function changesOf(flags: SetFlags): Changes {
  const changes: Changes = {};
  if (flags.rating !== undefined) {
    if (!/^[0-5]$/.test(flags.rating)) {
      throw new ShoeboxError('INVALID_INPUT', `--rating takes 0-5 stars, not "${flags.rating}".`);
    }
    changes.rating = Number(flags.rating);
  }
  if (flags.flag !== undefined) changes.flag = flags.flag === 'none' ? null : (flags.flag as never);
  if (flags.label !== undefined) {
    changes.label = flags.label === 'none' ? null : (flags.label as never);
  }
  if (flags.title !== undefined) changes.title = flags.title;
  if (flags.caption !== undefined) changes.caption = flags.caption;
  if (flags.keyword.length > 0) changes.addKeywords = flags.keyword;
  if (flags.removeKeyword.length > 0) changes.removeKeywords = flags.removeKeyword;
  if (flags.shiftTime !== undefined) changes.shiftTimeSeconds = parseDuration(flags.shiftTime);
  if (flags.takenAt !== undefined) changes.takenAt = flags.takenAt;
  if (flags.timeZone !== undefined) changes.timeZone = flags.timeZone;
  if (flags.revertTime) changes.revertTime = true;
  return changes;
}

/** What changed, one line per photo: its id, stars, flag, label, time and keywords. */
function formatChanged(count: number, photos: Photo[]): string {
  const lines = photos.map((photo) =>
    [
      String(photo.id).padStart(6),
      ('★'.repeat(photo.rating) || '-').padEnd(5),
      (photo.flag ?? '-').padEnd(6),
      (photo.label ?? '-').padEnd(6),
      photo.takenAt,
      printable(photo.keywords.join(', ')),
    ].join('  '),
  );
  return `${lines.join('\n')}\nUpdated ${count} photo${count === 1 ? '' : 's'}.\n`;
}
