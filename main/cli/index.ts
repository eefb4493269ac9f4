/**
 * The `shoebox` command line: commander wiring only. Each command lives in its own file and
 * reaches the library through the core's contract methods, like every other client.
 */
import { Command, CommanderError } from 'commander';
import { printable } from './printable';
import { registerAlbumCommand } from './album-command';
import { registerAlbumsCommand } from './albums-command';
import { registerCardsCommand } from './cards-command';
import { registerDatabaseCommand } from './database-command';
import { createCliContext, processIo, type Io } from './context';
import { EXIT } from './exit-codes';
import { registerExportCommand } from './export-command';
import { registerFolderCommand } from './folder-command';
import { registerImportCommand } from './import-command';
import { registerKeywordsCommand } from './keywords-command';
import { registerPhotosCommand } from './photos-command';
import { registerRotateCommand } from './rotate-command';
import { registerSearchCommand } from './search-command';
import { registerServeCommand } from './serve-command';
import { registerSetCommand } from './set-command';
import { registerVerifyCommand } from './verify-command';
import { errorMessage } from '../../common/errors';

export { EXIT } from './exit-codes';

// libuv's thread pool is sized before the process starts, by bin/shoebox.js: from here, an ES
// module on Node 20, setting UV_THREADPOOL_SIZE would be too late.

/**
 * Runs the `shoebox` command line with `argv` (as in process.argv) and returns the exit code.
 * Errors are one line on stderr; `--debug` adds the stack.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let debug = argv.includes('--debug');
  const context = createCliContext(io);
  const program = new Command('shoebox')
    .description(
      'Shoebox: an offline photo library. Import camera cards, organise albums, export web galleries.',
    )
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  // The command being run (`shoebox import`), as other processes on the library show it.
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let command: Command | null = action; command; command = command.parent) {
      names.unshift(command.name());
    }
    context.running = names.join(' ');
  });

  // In this order in `shoebox --help`.
  registerImportCommand(program, context);
  registerFolderCommand(program, context);
  registerCardsCommand(program, context);
  registerPhotosCommand(program, context);
  registerSearchCommand(program, context);
  registerSetCommand(program, context);
  registerRotateCommand(program, context);
  registerKeywordsCommand(program, context);
  registerAlbumsCommand(program, context);
  registerAlbumCommand(program, context);
  registerVerifyCommand(program, context);
  registerDatabaseCommand(program, context);
  registerServeCommand(program, context);
  registerExportCommand(program, context);

  try {
    await program.parseAsync(argv);
    debug = Boolean(program.opts().debug) || debug;
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.failed;
    }
    // Messages quote file names and album names: escaped like every other line.
    const message = errorMessage(error);
    io.stderr(`shoebox: ${printable(message)}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr(`${error.stack.split('\n').map(printable).join('\n')}\n`);
    }
    return EXIT.failed;
  }
}
