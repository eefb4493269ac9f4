import { Option, type Command } from 'commander';
import { resolveLibraryRoot } from '../core/library/library-paths';
import { networkStorageWarning } from '../core/library/library-storage';
import { openCore, type ShoeboxCore } from '../core/shoebox-core';
import { EXIT } from './exit-codes';

/** Where the command line writes. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

/** The `--library` flag every command that opens a library takes. */
export interface LibraryFlags {
  library?: string;
}

/** What every command's action shares within one run of the command line. */
export interface CliContext {
  readonly io: Io;
  /** The command being run (`shoebox import`), as other processes on the library show it. */
  running: string;
  /** What `runCli` returns once the action has finished. */
  exitCode: number;
  /**
   * Opens the library that `--library` names, runs `work` on its core and closes it again.
   * Only `import` passes `create`: any other command on a mistyped path, or on a library whose
   * disk is not mounted, says there is none instead of answering from an empty new one. Only
   * `serve` passes `finishLeftovers` (see CoreOptions).
   */
  withCore<T>(
    flags: LibraryFlags,
    work: (core: ShoeboxCore) => Promise<T>,
    options?: { create?: boolean; finishLeftovers?: boolean },
  ): Promise<T>;
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** A fresh context for one run of the command line, writing to `io`. */
export function createCliContext(io: Io): CliContext {
  const context: CliContext = {
    io,
    running: 'shoebox',
    exitCode: EXIT.ok,
    async withCore(flags, work, { create = false, finishLeftovers = false } = {}) {
      const libraryRoot = resolveLibraryRoot(flags.library);
      const core = await openCore({
        libraryRoot,
        create,
        program: context.running,
        finishLeftovers,
      });
      // Said before any work.
      const warning = networkStorageWarning(libraryRoot, await core.storage());
      if (warning !== null) io.stderr(`shoebox: warning: ${warning}\n`);
      try {
        return await work(core);
      } finally {
        await core.close();
      }
    },
  };
  return context;
}

/** `command` with the `--library <dir>` option added. */
export function withLibrary(command: Command): Command {
  return command.addOption(
    new Option(
      '--library <dir>',
      'the library folder (default: $SHOEBOX_LIBRARY or ~/Pictures/Shoebox)',
    ),
  );
}
