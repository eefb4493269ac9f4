import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { printable } from './printable';
import type { ImportSummary } from '../core/import/import-service';
import type { ShoeboxCore } from '../core/shoebox-core';
import { findAlbumByName, parseAlbumName } from './album-names';
import { withLibrary, type CliContext, type Io, type LibraryFlags } from './context';
import { EXIT } from './exit-codes';
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
  const bar =
    io.interactive && !flags.json
      ? new cliProgress.SingleBar(
          {
            format:
              'Importing {bar} {value}/{total} files | {imported} new, {duplicates} duplicates, {failed} failed | {eta_formatted}',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let summary: ImportSummary;
  try {
    summary = await core.importFiles(
      paths.map((p) => ({ path: p })),
      {
        albumId,
        signal,
        onProgress: (event) => {
          if (!bar) return;
          const counts = {
            imported: event.totals.imported,
            duplicates: event.totals.duplicates,
            failed: event.totals.failed,
          };
          if (event.type === 'queued')
            bar.start(event.totals.files, event.totals.processed, counts);
          else bar.update(event.totals.processed, counts);
        },
      },
    );
  } finally {
    bar?.stop();
    release();
  }

  if (flags.json) {
    const { imported, duplicates, skipped, failed } = summary;
    io.stdout(`${JSON.stringify({ imported, duplicates, skipped, failed })}\n`);
  } else {
    for (const failure of summary.failed) {
      io.stderr(`${printable(`failed: ${failure.path}: ${failure.error}`)}\n`);
    }
    const t = summary.totals;
    io.stdout(
      `${summary.cancelled ? 'Import cancelled' : 'Imported'}: ${t.imported} new, ${t.duplicates} duplicates, ` +
        `${t.skipped} skipped, ${t.failed} failed.\n`,
    );
  }
  if (summary.cancelled) return EXIT.interrupted;
  return summary.failed.length > 0 ? EXIT.partial : EXIT.ok;
}
