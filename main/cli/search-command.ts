import { Option, type Command } from 'commander';
import type { Photo } from '../../common/contract';
import { SEARCH_SORTS, type SearchSort } from '../../common/search/query-ast';
import { withLibrary, type CliContext, type LibraryFlags } from './context';
import { formatPhotos } from './photos-command';

interface SearchFlags extends LibraryFlags {
  json?: boolean;
  sort: SearchSort;
  desc?: boolean;
}

// The contract pages searches; the CLI prints every photo found, a thousand rows per call.
const PAGE_SIZE = 1000;

/** Adds `shoebox search QUERY`: the photos a search finds, as `shoebox photos` prints them. */
export function registerSearchCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('search'))
    .argument('<query>', 'e.g. "rating>=4 keyword:Places 2023-07" (see the README)')
    .description('list the photos a search finds')
    .option('--json', 'print JSON (the same Photo records as shoebox photos --json)')
    .addOption(
      new Option('--sort <by>', 'sort by capture time, import time, file name or stars')
        .choices(SEARCH_SORTS)
        .default('taken'),
    )
    .option('--desc', 'newest, last or most stars first')
    .action(async (query: string, flags: SearchFlags) => {
      await context.withCore(flags, async (core) => {
        const photos: Photo[] = [];
        let cursor: string | null = null;
        do {
          const page = await core.searchRecords({
            query,
            sort: flags.sort,
            order: flags.desc ? 'desc' : 'asc',
            cursor,
            limit: PAGE_SIZE,
          });
          photos.push(...page.photos);
          cursor = page.nextCursor;
        } while (cursor);
        context.io.stdout(
          flags.json ? `${JSON.stringify(photos, null, 2)}\n` : formatPhotos(photos),
        );
      });
    });
}
