import type { Command } from 'commander';
import type { ImportSummary } from '../core/import/import-service';
import type { ShoeboxCore } from '../core/shoebox-core';
import { findAlbumByName, parseAlbumName } from './album-names';
import { withLibrary, type CliContext, type Io, type LibraryFlags } from './context';
import { importProgressBar, printImportSummary } from './import-report';
import { interruptible } from './interruptible';

interface ImportFlags extends LibraryFlags {
  album?: string;
  json?: boolean;
}

/** Adds `shoebox import <path...>`: the one command that creates a library. */
export function registerImportCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('import'))
    .description('import photos from files and folders (camera cards too)')
    .argument('<path...>', 'files or folders')
    .option('--album <name>', 'also add the photos to this album (created if needed)')
    .option('--json', 'print one JSON object with every outcome at the end')
    .action(async (paths: string[], flags: ImportFlags) => {
      context.exitCode = await context.withCore(
        flags,
        (core) => importPaths(core, paths, flags, context.io),
        { create: true },
      );
    });
}

/** Imports `paths` (into `--album`, created if needed) and reports; returns the exit code. */
async function importPaths(
  core: ShoeboxCore,
  paths: string[],
  flags: ImportFlags,
  io: Io,
): Promise<number> {
  let albumId: number | undefined;
  if (flags.album) {
    const name = parseAlbumName(flags.album);
    albumId = ((await findAlbumByName(core, name)) ?? (await core.handlers.createAlbum({ name })))
      .id;
  }
  const { signal, release } = interruptible();
  const bar = importProgressBar(io, flags.json);
  let summary: ImportSummary;
  try {
    summary = await core.importFiles(
      paths.map((p) => ({ path: p })),
      { albumId, signal, onProgress: bar.onProgress },
    );
  } finally {
    bar.stop();
    release();
  }
  return printImportSummary(summary, flags.json, io);
}
