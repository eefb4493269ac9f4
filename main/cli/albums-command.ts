import type { Command } from 'commander';
import type { Album } from '../../common/contract';
import { printable } from './printable';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

interface AlbumsFlags extends LibraryFlags {
  json?: boolean;
}

/** Adds `shoebox albums`: every album with its photo count. */
export function registerAlbumsCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('albums'))
    .description('list the albums')
    .option('--json', 'print JSON')
    .action(async (flags: AlbumsFlags) => {
      await context.withCore(flags, async (core) => {
        const albums = await core.handlers.listAlbums({});
        context.io.stdout(
          flags.json ? `${JSON.stringify(albums, null, 2)}\n` : formatAlbums(albums),
        );
      });
    });
}

/** One line per album: id, photo count, name. */
function formatAlbums(albums: Album[]): string {
  if (albums.length === 0) return 'No albums.\n';
  return `${albums.map((a) => `${String(a.id).padStart(4)}  ${String(a.photoCount).padStart(6)} photos  ${printable(a.name)}`).join('\n')}\n`;
}
