import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { ShoeboxError } from '../../common/errors';
import { printable } from './printable';
import type { ExportSummary } from '../core/export/export-service';
import type { ShoeboxCore } from '../core/shoebox-core';
import { getAlbumByName } from './album-names';
import { withLibrary, type CliContext, type Io, type LibraryFlags } from './context';
import { EXIT } from './exit-codes';
import { interruptible } from './interruptible';

interface ExportFlags extends LibraryFlags {
  out: string;
  zip?: boolean;
  title?: string;
  keepGps?: boolean;
  fileNames: boolean;
  json?: boolean;
}

/** Adds `shoebox export <album>`: a static web gallery, as a folder or one zip. */
export function registerExportCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('export'))
    .description('export an album as a static web gallery: a folder, or one zip with --zip')
    .argument('<album>', 'the name of the album')
    .requiredOption('--out <path>', 'the folder to write (with --zip: the zip file)')
    .option('--zip', 'write one zip file instead of a folder')
    .option('--title <text>', "the gallery's title (default: the album's name)")
    .option('--keep-gps', 'show where each photo was taken (left out by default)')
    .option('--no-file-names', 'leave file names out of the captions')
    .option('--json', 'print one JSON object with the result')
    .action(async (albumName: string, flags: ExportFlags) => {
      context.exitCode = await context.withCore(flags, (core) =>
        exportGallery(core, albumName, flags, context.io),
      );
    });
}

/** Exports the album named `albumName` and reports; returns the exit code. */
async function exportGallery(
  core: ShoeboxCore,
  albumName: string,
  flags: ExportFlags,
  io: Io,
): Promise<number> {
  const album = await getAlbumByName(core, albumName);
  const out =
    flags.zip && !flags.out.toLowerCase().endsWith('.zip') ? `${flags.out}.zip` : flags.out;
  const { signal, release } = interruptible();
  const bar =
    io.interactive && !flags.json
      ? new cliProgress.SingleBar(
          { format: 'Exporting {bar} {value}/{total} photos | {eta_formatted}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let summary: ExportSummary;
  try {
    summary = await core.exportAlbum({
      albumId: album.id,
      destination: { kind: flags.zip ? 'zip' : 'folder', path: out },
      title: flags.title,
      keepGps: flags.keepGps,
      captionFileNames: flags.fileNames,
      signal,
      onProgress: ({ done, total }) => {
        if (done === 0) bar?.start(total, 0);
        else bar?.update(done);
      },
    });
  } catch (error) {
    if (error instanceof ShoeboxError && error.code === 'CANCELLED') {
      io.stderr('Export cancelled; no half-written file was left behind.\n');
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    bar?.stop();
    release();
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify(summary)}\n`);
  } else if (flags.zip) {
    io.stdout(`Exported ${summary.photos} photos to ${printable(summary.location)}.\n`);
  } else {
    io.stdout(
      `Exported ${summary.photos} photos to ${printable(summary.location)} (${summary.written} files written, ` +
        `${summary.unchanged} unchanged, ${summary.removed} removed).\n` +
        `Open ${printable(path.join(summary.location, 'index.html'))} in a browser, or upload the folder.\n`,
    );
  }
  return EXIT.ok;
}
