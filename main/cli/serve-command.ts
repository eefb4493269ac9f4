import type { Command } from 'commander';
import { parseServeFlags, serveCommand, type ServeFlags } from '../serve/serve-command';
import { withLibrary, type CliContext, type LibraryFlags } from './context';

/** Adds `shoebox serve`, which main/serve runs: this only declares its flags. */
export function registerServeCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('serve'))
    .description('serve the library to a web browser on this machine; prints the link to open')
    .option('--port <n>', 'the port to listen on; 0 picks a free one', '0')
    .option(
      '--host <address>',
      'the address to listen on (any but loopback lets other machines connect)',
      '127.0.0.1',
    )
    .option('--max-upload-mb <n>', 'the largest file a browser may upload, in megabytes', '200')
    .action(async (flags: ServeFlags & LibraryFlags) => {
      // Checked before the library opens, so a wrong flag never touches it.
      const settings = parseServeFlags(flags);
      // A server stays open: it finishes what a crashed import left, as the app does.
      await context.withCore(flags, (core) => serveCommand(core, settings, context.io), {
        finishLeftovers: true,
      });
    });
}
