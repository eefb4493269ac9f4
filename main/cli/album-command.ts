import type { Command } from 'commander';
import { ShoeboxError } from '../../common/errors';
import { printable } from './printable';
import type { ShoeboxCore } from '../core/shoebox-core';
import { getAlbumByName, parseAlbumName } from './album-names';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

interface AlbumShowFlags extends LibraryFlags {
  json?: boolean;
}

/** Adds `shoebox album create|show|add|remove|rename|delete`: one album at a time, by name. */
export function registerAlbumCommand(program: Command, context: CliContext): void {
  const album = program.command('album').description('create, fill, rename and delete albums');
  const { io } = context;

  withLibrary(album.command('create'))
    .argument('<name>')
    .description('create an album (with --query, a smart album: the photos a search finds)')
    .option('--query <query>', 'the search whose photos the album holds, e.g. "rating>=4"')
    .action(async (name: string, flags: LibraryFlags & { query?: string }) => {
      await context.withCore(flags, async (core) => {
        const created = await core.handlers.createAlbum({
          name: parseAlbumName(name),
          ...(flags.query !== undefined ? { query: flags.query } : {}),
        });
        const kind = created.query === null ? 'album' : 'smart album';
        io.stdout(
          `Created ${kind} "${printable(created.name)}" (id ${created.id}, ${created.photoCount} photo${created.photoCount === 1 ? '' : 's'}).\n`,
        );
      });
    });

  withLibrary(album.command('show'))
    .argument('<name>')
    .description('show an album: its count, and whether it is smart (with its search)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: AlbumShowFlags) => {
      await context.withCore(flags, async (core) => {
        const shown = await getAlbumByName(core, name);
        const smart = shown.query !== null;
        if (flags.json) {
          io.stdout(`${JSON.stringify({ ...shown, smart }, null, 2)}\n`);
          return;
        }
        const lines = [
          `${printable(shown.name)} (id ${shown.id})`,
          `${smart ? 'Smart album' : 'Album'}: ${shown.photoCount} photo${shown.photoCount === 1 ? '' : 's'}`,
          ...(smart ? [`Search: ${printable(shown.query!)}`] : []),
        ];
        io.stdout(`${lines.join('\n')}\n`);
      });
    });

  // Adding and removing differ only in the handler called and the words printed.
  const membership = (
    subcommand: 'add' | 'remove',
    description: string,
    change: (core: ShoeboxCore, albumId: number, photoIds: number[]) => Promise<{ count: number }>,
    report: (count: string, albumName: string) => string,
  ): void => {
    withLibrary(album.command(subcommand))
      .argument('<name>')
      .argument('<photoId...>')
      .description(description)
      .action(async (name: string, ids: string[], flags: LibraryFlags) => {
        await context.withCore(flags, async (core) => {
          const target = await getAlbumByName(core, name);
          const { count } = await change(core, target.id, await parsePhotoIds(core, ids));
          io.stdout(
            `${report(`${count} photo${count === 1 ? '' : 's'}`, printable(target.name))}\n`,
          );
        });
      });
  };
  membership(
    'add',
    'add photos to an album',
    (core, albumId, photoIds) => core.handlers.addPhotosToAlbum({ albumId, photoIds }),
    (count, albumName) => `Added ${count} to "${albumName}".`,
  );
  membership(
    'remove',
    'remove photos from an album (they stay in the library)',
    (core, albumId, photoIds) => core.handlers.removePhotosFromAlbum({ albumId, photoIds }),
    (count, albumName) => `Removed ${count} from "${albumName}".`,
  );

  withLibrary(album.command('rename'))
    .argument('<old>')
    .argument('<new>')
    .description('rename an album')
    .action(async (oldName: string, newName: string, flags: LibraryFlags) => {
      await context.withCore(flags, async (core) => {
        const target = await getAlbumByName(core, oldName);
        const renamed = await core.handlers.renameAlbum({
          albumId: target.id,
          name: parseAlbumName(newName),
        });
        io.stdout(`Renamed "${printable(target.name)}" to "${printable(renamed.name)}".\n`);
      });
    });

  withLibrary(album.command('delete'))
    .argument('<name>')
    .description('delete an album (its photos stay in the library)')
    .action(async (name: string, flags: LibraryFlags) => {
      await context.withCore(flags, async (core) => {
        const target = await getAlbumByName(core, name);
        await core.handlers.deleteAlbum({ albumId: target.id });
        io.stdout(
          `Deleted album "${printable(target.name)}"; its ${target.photoCount} photos stay in the library.\n`,
        );
      });
    });
}

/**
 * `ids` as photo ids, each checked in turn: INVALID_INPUT for one that is no id, NOT_FOUND
 * (from `getPhoto`) for one the library does not hold, so nothing changes on a typo.
 */
async function parsePhotoIds(core: ShoeboxCore, ids: string[]): Promise<number[]> {
  const photoIds: number[] = [];
  for (const text of ids) {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new ShoeboxError('INVALID_INPUT', `"${text}" is not a photo id.`);
    // One at a time, in the order given: the first bad id is the one reported.
    await core.handlers.getPhoto({ photoId: id });
    photoIds.push(id);
  }
  return photoIds;
}
