import type { Command } from 'commander';
import { ROTATE_DIRECTIONS, type RotateDirection } from '../../common/description';
import { ShoeboxError } from '../../common/errors';
import { withLibrary, type CliContext, type LibraryFlags } from './context';
import { parsePhotoIds } from './photo-ids';

/** Adds `shoebox rotate PHOTO_ID... left|right|180`: turns photos in the library. */
export function registerRotateCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('rotate'))
    .argument('<photoId...>', 'the photos, then the direction: left, right or 180')
    .description('turn photos (their previews and exports; the original file is not changed)')
    .action(async (words: string[], flags: LibraryFlags) => {
      const direction = words.at(-1) ?? '';
      if (!(ROTATE_DIRECTIONS as readonly string[]).includes(direction) || words.length < 2) {
        throw new ShoeboxError(
          'INVALID_INPUT',
          'Give photo ids, then the direction: shoebox rotate 12 13 left|right|180',
        );
      }
      const photoIds = parsePhotoIds(words.slice(0, -1));
      await context.withCore(flags, async (core) => {
        const { count } = await core.handlers.rotatePhotos({
          photoIds,
          direction: direction as RotateDirection,
        });
        context.io.stdout(`Turned ${count} photo${count === 1 ? '' : 's'} ${direction}.\n`);
      });
    });
}
