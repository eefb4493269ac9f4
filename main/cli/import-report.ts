/**
 * What `shoebox import` and `shoebox folder add|rescan` print about an import: the progress
 * bar on a terminal, and the summary (one JSON object, or failures on stderr and a line of
 * counts), so both commands speak the same shapes.
 */
import cliProgress from 'cli-progress';
import { NO_IMPORT_TOTALS, type ImportProgress } from '../../common/contract';
import type { ImportSummary } from '../core/import/import-service';
import type { Io } from './context';
import { EXIT } from './exit-codes';
import { printable } from './printable';

/** A progress bar of an import, drawn only on a terminal and never beside `--json`. */
export interface ImportProgressBar {
  onProgress: (event: ImportProgress) => void;
  stop: () => void;
}

/** Starts the bar of an import (a no-op when stderr is no terminal or `json` is asked). */
export function importProgressBar(io: Io, json: boolean | undefined): ImportProgressBar {
  const bar =
    io.interactive && !json
      ? new cliProgress.SingleBar(
          {
            format:
              'Importing {bar} {value}/{total} files | {imported} new, {duplicates} duplicates, {failed} failed | {eta_formatted}',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  return {
    onProgress: (event) => {
      if (!bar) return;
      const counts = {
        imported: event.totals.imported,
        duplicates: event.totals.duplicates,
        failed: event.totals.failed,
      };
      if (event.type === 'queued') bar.start(event.totals.files, event.totals.processed, counts);
      else bar.update(event.totals.processed, counts);
    },
    stop: () => bar?.stop(),
  };
}

/** The summary of an import that had nothing to import (a folder without photos). */
export function emptyImportSummary(): ImportSummary {
  return {
    importId: '',
    imported: [],
    duplicates: [],
    skipped: [],
    failed: [],
    totals: { ...NO_IMPORT_TOTALS },
    cancelled: false,
  };
}

/** The `--json` object of an import: every outcome, in this order (a contract). */
export function importSummaryJson(summary: ImportSummary): object {
  const { imported, duplicates, skipped, failed } = summary;
  return { imported, duplicates, skipped, failed };
}

/**
 * Prints an import's summary: with `json` its object on stdout, else each failure on stderr
 * and one line of counts. Answers the exit code: interrupted when cancelled, partial when
 * some files failed.
 */
export function printImportSummary(
  summary: ImportSummary,
  json: boolean | undefined,
  io: Io,
): number {
  if (json) {
    io.stdout(`${JSON.stringify(importSummaryJson(summary))}\n`);
  } else {
    printImportFailures(summary, io);
    const t = summary.totals;
    io.stdout(
      `${summary.cancelled ? 'Import cancelled' : 'Imported'}: ${t.imported} new, ${t.duplicates} duplicates, ` +
        `${t.skipped} skipped, ${t.failed} failed.\n`,
    );
  }
  return importExitCode(summary);
}

/** Each file an import could not import, one line on stderr. */
export function printImportFailures(summary: ImportSummary, io: Io): void {
  for (const failure of summary.failed) {
    io.stderr(`${printable(`failed: ${failure.path}: ${failure.error}`)}\n`);
  }
}

function importExitCode(summary: ImportSummary): number {
  if (summary.cancelled) return EXIT.interrupted;
  return summary.failed.length > 0 ? EXIT.partial : EXIT.ok;
}
