import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import type { Album, Photo } from '../common/contract';
import { AlbumNameSchema } from '../common/contract';
import { ShoeboxError } from '../common/errors';
import { printable } from './cli-text';
import { exportAlbum, type ExportSummary } from './core/export/export-service';
import { sizeLibuvThreadPool } from './core/imaging/libuv-threads';
import type { ImportSummary } from './core/import/import-service';
import { resolveLibraryRoot } from './core/library/library-paths';
import { openCore, type ShoeboxCore } from './core/shoebox-core';
import { parseServeFlags, serveCommand, type ServeFlags } from './serve/serve-command';

sizeLibuvThreadPool();

/** Exit codes of the command line (a contract: scripts rely on them). */
export const EXIT = { ok: 0, failed: 1, partial: 2, interrupted: 130 } as const;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/**
 * Runs the `shoebox` command line with `argv` (as in process.argv) and returns the exit code.
 * Errors are one line on stderr; `--debug` adds the stack.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  let debug = argv.includes('--debug');
  const program = new Command('shoebox')
    .description(
      'Shoebox: an offline photo library. Import camera cards, organise albums, export web galleries.',
    )
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  // The command being run (`shoebox import`), as other processes on the library show it.
  let running = 'shoebox';
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let command: Command | null = action; command; command = command.parent) {
      names.unshift(command.name());
    }
    running = names.join(' ');
  });

  const withLibrary = (command: Command): Command =>
    command.addOption(
      new Option(
        '--library <dir>',
        'the library folder (default: $SHOEBOX_LIBRARY or ~/Pictures/Shoebox)',
      ),
    );

  // Only `import` creates a library: any other command on a mistyped path, or on a library
  // whose disk is not mounted, says there is none instead of answering from an empty new one.
  async function withCore<T>(
    options: { library?: string },
    work: (core: ShoeboxCore) => Promise<T>,
    { create = false }: { create?: boolean } = {},
  ): Promise<T> {
    const core = await openCore({
      libraryRoot: resolveLibraryRoot(options.library),
      create,
      program: running,
    });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  }

  withLibrary(program.command('import'))
    .description('import photos from files and folders (camera cards too)')
    .argument('<path...>', 'files or folders')
    .option('--album <name>', 'also add the photos to this album (created if needed)')
    .option('--json', 'print one JSON object with every outcome at the end')
    .action(
      async (paths: string[], options: { album?: string; json?: boolean; library?: string }) => {
        exitCode = await withCore(options, (core) => importCommand(core, paths, options, io), {
          create: true,
        });
      },
    );

  withLibrary(program.command('photos'))
    .description('list the photos of the library or of one album')
    .option('--album <name>', 'only this album, in album order')
    .option('--trash', 'the photos in the trash')
    .option('--json', 'print JSON')
    .action(
      async (options: { album?: string; trash?: boolean; json?: boolean; library?: string }) => {
        await withCore(options, async (core) => {
          const albumId = options.album
            ? core.repositories.albums.getByName(options.album).id
            : undefined;
          const photos = await allPhotos(core, { albumId, trashed: options.trash });
          io.stdout(options.json ? `${JSON.stringify(photos, null, 2)}\n` : formatPhotos(photos));
        });
      },
    );

  withLibrary(program.command('albums'))
    .description('list the albums')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; library?: string }) => {
      await withCore(options, async (core) => {
        const albums = await core.handlers.listAlbums({});
        io.stdout(options.json ? `${JSON.stringify(albums, null, 2)}\n` : formatAlbums(albums));
      });
    });

  const album = program.command('album').description('create, fill, rename and delete albums');
  withLibrary(album.command('create'))
    .argument('<name>')
    .description('create an album')
    .action(async (name: string, options: { library?: string }) => {
      await withCore(options, async (core) => {
        const created = await core.handlers.createAlbum({ name: parseAlbumName(name) });
        io.stdout(`Created album "${printable(created.name)}" (id ${created.id}).\n`);
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
      .action(async (name: string, ids: string[], options: { library?: string }) => {
        await withCore(options, async (core) => {
          const target = core.repositories.albums.getByName(name);
          const { count } = await change(core, target.id, parsePhotoIds(core, ids));
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
    .action(async (oldName: string, newName: string, options: { library?: string }) => {
      await withCore(options, async (core) => {
        const target = core.repositories.albums.getByName(oldName);
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
    .action(async (name: string, options: { library?: string }) => {
      await withCore(options, async (core) => {
        const target = core.repositories.albums.getByName(name);
        await core.handlers.deleteAlbum({ albumId: target.id });
        io.stdout(
          `Deleted album "${printable(target.name)}"; its ${target.photoCount} photos stay in the library.\n`,
        );
      });
    });

  withLibrary(program.command('verify'))
    .description('check that every photo has its files and nothing stray is left')
    .option('--repair', 'mend what can be mended (never deletes an original)')
    .option('--quick', 'compare sizes only; do not re-hash every original')
    .option('--json', 'print JSON')
    .action(
      async (options: { repair?: boolean; quick?: boolean; json?: boolean; library?: string }) => {
        await withCore(options, async (core) => {
          const report = await core.verify({ repair: options.repair, quick: options.quick });
          if (options.json) {
            io.stdout(`${JSON.stringify(report, null, 2)}\n`);
          } else {
            for (const problem of report.problems) {
              const fix = problem.repaired ? ` — repaired: ${problem.repaired}` : '';
              io.stdout(
                `${printable(`${problem.kind}: ${problem.path}: ${problem.detail}${fix}`)}\n`,
              );
            }
            io.stdout(
              report.ok
                ? `Library OK: ${report.photos} photos${report.problems.length > 0 ? ` (${report.problems.length} problems repaired)` : ''}.\n`
                : `${report.problems.filter((p) => !p.repaired).length} problems in a library of ${report.photos} photos.\n`,
            );
          }
          exitCode = report.ok ? EXIT.ok : EXIT.failed;
        });
      },
    );

  withLibrary(program.command('serve'))
    .description('serve the library to a web browser on this machine; prints the link to open')
    .option('--port <n>', 'the port to listen on; 0 picks a free one', '0')
    .option(
      '--host <address>',
      'the address to listen on (any but loopback lets other machines connect)',
      '127.0.0.1',
    )
    .option('--max-upload-mb <n>', 'the largest file a browser may upload, in megabytes', '200')
    .action(async (options: ServeFlags & { library?: string }) => {
      const settings = parseServeFlags(options);
      await withCore(options, (core) => serveCommand(core, settings, io));
    });

  withLibrary(program.command('export'))
    .description('export an album as a static web gallery: a folder, or one zip with --zip')
    .argument('<album>', 'the name of the album')
    .requiredOption('--out <path>', 'the folder to write (with --zip: the zip file)')
    .option('--zip', 'write one zip file instead of a folder')
    .option('--title <text>', "the gallery's title (default: the album's name)")
    .option('--keep-gps', 'show where each photo was taken (left out by default)')
    .option('--no-file-names', 'leave file names out of the captions')
    .option('--json', 'print one JSON object with the result')
    .action(async (albumName: string, options: ExportFlags) => {
      exitCode = await withCore(options, (core) => exportCommand(core, albumName, options, io));
    });

  try {
    await program.parseAsync(argv);
    debug = Boolean(program.opts().debug) || debug;
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.failed;
    }
    // Messages quote file names and album names: escaped like every other line.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`shoebox: ${printable(message)}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr(`${error.stack.split('\n').map(printable).join('\n')}\n`);
    }
    return EXIT.failed;
  }
}

async function importCommand(
  core: ShoeboxCore,
  paths: string[],
  options: { album?: string; json?: boolean },
  io: Io,
): Promise<number> {
  let albumId: number | undefined;
  if (options.album) {
    const name = parseAlbumName(options.album);
    albumId = (
      core.repositories.albums.findByName(name) ?? (await core.handlers.createAlbum({ name }))
    ).id;
  }
  const { signal, release } = interruptible();
  const bar =
    io.interactive && !options.json
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

  if (options.json) {
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

interface ExportFlags {
  out: string;
  zip?: boolean;
  title?: string;
  keepGps?: boolean;
  fileNames: boolean;
  json?: boolean;
  library?: string;
}

async function exportCommand(
  core: ShoeboxCore,
  albumName: string,
  options: ExportFlags,
  io: Io,
): Promise<number> {
  const album = core.repositories.albums.getByName(albumName);
  const out =
    options.zip && !options.out.toLowerCase().endsWith('.zip') ? `${options.out}.zip` : options.out;
  const { signal, release } = interruptible();
  const bar =
    io.interactive && !options.json
      ? new cliProgress.SingleBar(
          { format: 'Exporting {bar} {value}/{total} photos | {eta_formatted}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let summary: ExportSummary;
  try {
    summary = await exportAlbum(
      {
        layout: core.layout,
        photos: core.repositories.photos,
        albums: core.repositories.albums,
        writer: core.writer,
      },
      {
        albumId: album.id,
        destination: { kind: options.zip ? 'zip' : 'folder', path: out },
        title: options.title,
        keepGps: options.keepGps,
        captionFileNames: options.fileNames,
        signal,
        onProgress: ({ done, total }) => {
          if (done === 0) bar?.start(total, 0);
          else bar?.update(done);
        },
      },
    );
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
  if (options.json) {
    io.stdout(`${JSON.stringify(summary)}\n`);
  } else if (options.zip) {
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

/**
 * A signal that Ctrl-C (SIGINT) or SIGTERM aborts, so long work stops cleanly instead of the
 * process dying mid-write; `release` gives the signals back to Node's default handling.
 */
function interruptible(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    },
  };
}

async function allPhotos(
  core: ShoeboxCore,
  listing: { albumId?: number; trashed?: boolean },
): Promise<Photo[]> {
  const photos: Photo[] = [];
  let cursor: string | null = null;
  do {
    const page = await core.handlers.listPhotos({ ...listing, cursor, limit: 1000 });
    photos.push(...page.photos);
    cursor = page.nextCursor;
  } while (cursor);
  return photos;
}

function parseAlbumName(name: string): string {
  const parsed = AlbumNameSchema.safeParse(name);
  if (!parsed.success) throw new ShoeboxError('INVALID_INPUT', parsed.error.issues[0]!.message);
  return parsed.data;
}

function parsePhotoIds(core: ShoeboxCore, ids: string[]): number[] {
  return ids.map((text) => {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new ShoeboxError('INVALID_INPUT', `"${text}" is not a photo id.`);
    if (!core.repositories.photos.findById(id))
      throw new ShoeboxError('NOT_FOUND', `There is no photo with id ${id}.`);
    return id;
  });
}

function formatPhotos(photos: Photo[]): string {
  if (photos.length === 0) return 'No photos.\n';
  const lines = photos.map((photo) =>
    [
      String(photo.id).padStart(6),
      photo.takenAt.slice(0, 19).replace('T', ' '),
      `${photo.width}x${photo.height}`.padEnd(11),
      // Escaped before padding, so the columns line up with what the terminal shows.
      printable([photo.cameraMake, photo.cameraModel].filter(Boolean).join(' ')).padEnd(24),
      printable(photo.originalName),
    ].join('  '),
  );
  return `${lines.join('\n')}\n${photos.length} photo${photos.length === 1 ? '' : 's'}.\n`;
}

function formatAlbums(albums: Album[]): string {
  if (albums.length === 0) return 'No albums.\n';
  return `${albums.map((a) => `${String(a.id).padStart(4)}  ${String(a.photoCount).padStart(6)} photos  ${printable(a.name)}`).join('\n')}\n`;
}
