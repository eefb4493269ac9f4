import type { Command } from 'commander';
import type { KeywordNode } from '../../common/contract';
import { withLibrary, type CliContext, type LibraryFlags } from './context';
import { printable } from './printable';

interface KeywordsFlags extends LibraryFlags {
  json?: boolean;
}

/** Adds `shoebox keywords`: the keyword tree with photo counts. */
export function registerKeywordsCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('keywords'))
    .description('list the keyword tree with photo counts')
    .option('--json', 'print JSON')
    .action(async (flags: KeywordsFlags) => {
      await context.withCore(flags, async (core) => {
        const tree = await core.handlers.listKeywords({});
        context.io.stdout(flags.json ? `${JSON.stringify(tree, null, 2)}\n` : formatTree(tree));
      });
    });
}

/**
 * The tree indented two spaces a level; each keyword with the photos it or a keyword under it
 * is on, and (when they differ) how many have exactly it.
 */
function formatTree(tree: KeywordNode[]): string {
  if (tree.length === 0) return 'No keywords.\n';
  const lines: string[] = [];
  const walk = (nodes: KeywordNode[], depth: number): void => {
    for (const node of nodes) {
      const own = node.count !== node.total ? `, ${node.count} on it` : '';
      lines.push(`${'  '.repeat(depth)}${printable(node.name)} (${node.total}${own})`);
      walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return `${lines.join('\n')}\n`;
}
