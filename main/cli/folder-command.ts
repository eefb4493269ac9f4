/**
 * `shoebox folder add|list|rescan|remove`: folders added in place (issue #14), whose photos
 * stay where they are. The output shapes are a contract other tools rely on: `add --json`
 * prints what `import --json` does, `list --json` the added folders, `rescan --json` its counts.
 */
import type { Command } from 'commander';
import type { FolderEntry } from '../../common/contract';
import type { FolderRescanSummary } from '../core/folders/folders-in-place';
import type { ShoeboxCore } from '../core/shoebox-core';
import { withLibrary, type CliContext, type Io, type LibraryFlags } from './context';
import { EXIT } from './exit-codes';
import {
  emptyImportSummary,
  importProgressBar,
  printImportFailures,
  printImportSummary,
} from './import-report';
import { interruptible } from './interruptible';
import { printable } from './printable';

interface AddFlags extends LibraryFlags {
  watch: boolean;
  writeXmp?: boolean;
  json?: boolean;
}

interface JsonFlags extends LibraryFlags {
  json?: boolean;
}

/** Adds `shoebox folder …`: add a folder in place, list, rescan and remove added folders. */
export function registerFolderCommand(program: Command, context: CliContext): void {
  const folder = program
    .command('folder')
    .description('add folders in place: their photos stay where they are');
  const { io } = context;

  withLibrary(folder.command('add'))
    .argument('<dir>', 'a folder of photos, indexed where it is')
    .description('index a folder in place (nothing is copied; its photos are never changed)')
    .option('--no-watch', 'do not watch it for changes (rescan it yourself)')
    .option('--write-xmp', 'write edits to XMP sidecars beside its photos')
    .option('--json', 'print one JSON object with every outcome at the end, as import does')
    .action(async (dir: string, flags: AddFlags) => {
      context.exitCode = await context.withCore(flags, (core) => addFolder(core, dir, flags, io), {
        create: true,
      });
    });

  withLibrary(folder.command('list'))
    .description('the added folders: where, whether their drive is there, their photos')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlags) => {
      await context.withCore(flags, async (core) => {
        const folders = core.folders.list();
        io.stdout(flags.json ? `${JSON.stringify(folders, null, 2)}\n` : formatFolders(folders));
      });
    });

  withLibrary(folder.command('rescan'))
    .argument('[dir]', 'one added folder (default: every one)')
    .description('find new, changed, moved, missing and returned files')
    .option('--json', 'print the counts as JSON')
    .action(async (dir: string | undefined, flags: JsonFlags) => {
      context.exitCode = await context.withCore(flags, (core) =>
        rescanFolders(core, dir, flags, io),
      );
    });

  withLibrary(folder.command('remove'))
    .argument('<dir>', 'an added folder')
    .description('forget a folder and its photos (the files on disk stay as they are)')
    .action(async (dir: string, flags: LibraryFlags) => {
      await context.withCore(flags, async (core) => {
        const count = await core.folders.remove(dir);
        io.stdout(
          `${printable(`Removed ${dir}`)}: ${count} photo${count === 1 ? '' : 's'} forgotten; ` +
            'its files on disk are untouched.\n',
        );
      });
    });
}

/** Adds `dir` in place with the import's progress and summary; answers the exit code. */
async function addFolder(core: ShoeboxCore, dir: string, flags: AddFlags, io: Io): Promise<number> {
  const { signal, release } = interruptible();
  const bar = importProgressBar(io, flags.json);
  let added: Awaited<ReturnType<ShoeboxCore['folders']['add']>>;
  try {
    added = await core.folders.add(dir, {
      watch: flags.watch,
      writeXmp: flags.writeXmp ?? false,
      onProgress: bar.onProgress,
      signal,
    });
  } finally {
    bar.stop();
    release();
  }
  const { folder, summary } = added;
  if (!flags.json) {
    io.stdout(`${printable(`Added ${folder.path}`)} in place (folder ${folder.id}).\n`);
  }
  const unreadable = printWalkTrouble(summary, io);
  const code = printImportSummary(summary.imported ?? emptyImportSummary(), flags.json, io);
  return code === EXIT.ok && unreadable ? EXIT.partial : code;
}

/** Rescans one added folder or all and reports its counts; answers the exit code. */
async function rescanFolders(
  core: ShoeboxCore,
  dir: string | undefined,
  flags: JsonFlags,
  io: Io,
): Promise<number> {
  const { signal, release } = interruptible();
  const bar = importProgressBar(io, flags.json);
  let summary: FolderRescanSummary;
  try {
    summary = await core.folders.rescan(dir, { onProgress: bar.onProgress, signal });
  } finally {
    bar.stop();
    release();
  }
  const { counts } = summary;
  if (flags.json) {
    const { added, changed, moved, missing, returned } = counts;
    io.stdout(`${JSON.stringify({ added, changed, moved, missing, returned })}\n`);
  } else {
    io.stdout(
      [
        `added: ${counts.added}`,
        `changed: ${counts.changed}`,
        `moved: ${counts.moved}`,
        `missing: ${counts.missing}`,
        `returned: ${counts.returned}`,
      ].join('\n') + '\n',
    );
  }
  const unreadable = printWalkTrouble(summary, io);
  if (summary.imported) printImportFailures(summary.imported, io);
  for (const failure of summary.failed) {
    io.stderr(`${printable(`failed: ${failure.path}: ${failure.error}`)}\n`);
  }
  if (signal.aborted || summary.imported?.cancelled) return EXIT.interrupted;
  const failed = (summary.imported?.failed.length ?? 0) + summary.failed.length;
  return failed > 0 || unreadable ? EXIT.partial : EXIT.ok;
}

/**
 * Says on stderr which folders are offline (and why) and what a walk could not read; answers
 * whether anything could not be read.
 */
function printWalkTrouble(summary: FolderRescanSummary, io: Io): boolean {
  let unreadable = false;
  for (const root of summary.rescan.roots) {
    if (root.status === 'offline') {
      io.stderr(`${printable(`offline: ${root.path}: ${root.reason ?? 'not there'}`)}\n`);
    }
    for (const failure of root.failed) {
      unreadable = true;
      io.stderr(`${printable(`unreadable: ${root.path}/${failure.relPath}: ${failure.error}`)}\n`);
    }
  }
  return unreadable;
}

/** The added folders as an aligned table (id, status, photos, missing, path), or a sentence. */
export function formatFolders(folders: FolderEntry[]): string {
  if (folders.length === 0) return 'No folders added.\n';
  const rows = [
    ['ID', 'STATUS', 'PHOTOS', 'MISSING', 'PATH'],
    ...folders.map((entry) => [
      String(entry.id),
      entry.status,
      String(entry.photos),
      String(entry.missing),
      printable(entry.path),
    ]),
  ];
  // Every column but the last (a path of any length) padded to its widest cell.
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  '),
  );
  return `${lines.join('\n')}\n`;
}
