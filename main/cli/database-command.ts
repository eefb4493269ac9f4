import type { Command } from 'commander';
import { moveDatabaseToLocalDisk } from '../core/library/database-location';
import { libraryLayout, resolveLibraryRoot } from '../core/library/library-paths';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

interface MoveLocalFlags extends LibraryFlags {
  to?: string;
}

/**
 * Adds `shoebox database move-local`: keeps a library's database on this computer's disk while
 * its photos stay where the library is (a network share, where SQLite's log is not safe).
 */
export function registerDatabaseCommand(program: Command, context: CliContext): void {
  const database = program.command('database').description("where the library's database is kept");
  withLibrary(database.command('move-local'))
    .description(
      "keep the library's database on this computer's disk (the photos stay where they are); " +
        'run it with no other Shoebox open on the library',
    )
    .option('--to <dir>', "the folder for it (default: this user's Shoebox data folder)")
    .action(async (flags: MoveLocalFlags) => {
      const layout = libraryLayout(resolveLibraryRoot(flags.library));
      const moved = await moveDatabaseToLocalDisk(layout, ...(flags.to ? [flags.to] : []));
      context.io.stdout(
        `The database of ${layout.root} is now kept at ${moved}.\n` +
          `Only this computer opens the library from now on; the copy as it was stays at ` +
          `${layout.database}.moved.\n`,
      );
    });
}
