import type { Command } from 'commander';
import { printable } from './printable';
import { withLibrary, type CliContext, type LibraryFlags } from './context';
import { EXIT } from './exit-codes';

interface VerifyFlags extends LibraryFlags {
  repair?: boolean;
  quick?: boolean;
  json?: boolean;
}

/**
 * Adds `shoebox verify`: checks (with `--repair`, mends) the library; exit 1 if not OK. Notices
 * (files of added folders missing, offline or changed) are printed and leave the exit at 0.
 */
export function registerVerifyCommand(program: Command, context: CliContext): void {
  withLibrary(program.command('verify'))
    .description('check that every photo has its files and nothing stray is left')
    .option('--repair', 'mend what can be mended (never deletes an original)')
    .option('--quick', 'compare sizes only; do not re-hash every original')
    .option('--json', 'print JSON')
    .action(async (flags: VerifyFlags) => {
      const { io } = context;
      await context.withCore(flags, async (core) => {
        const report = await core.verify({ repair: flags.repair, quick: flags.quick });
        if (flags.json) {
          io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          for (const problem of report.problems) {
            const fix = problem.repaired ? ` — repaired: ${problem.repaired}` : '';
            io.stdout(
              `${printable(`${problem.kind}: ${problem.path}: ${problem.detail}${fix}`)}\n`,
            );
          }
          // The user's files of added folders, not as recorded: told, never a failure.
          for (const notice of report.notices) {
            io.stdout(`${printable(`notice: ${notice.kind}: ${notice.path}: ${notice.detail}`)}\n`);
          }
          io.stdout(
            report.ok
              ? `Library OK: ${report.photos} photos${report.problems.length > 0 ? ` (${report.problems.length} problems repaired)` : ''}.\n`
              : `${report.problems.filter((p) => !p.repaired).length} problems in a library of ${report.photos} photos.\n`,
          );
          const notices = report.notices.length;
          if (notices > 0) {
            io.stdout(
              `${notices} notice${notices === 1 ? '' : 's'}: files of added folders not as indexed (not a fault of the library).\n`,
            );
          }
        }
        context.exitCode = report.ok ? EXIT.ok : EXIT.failed;
      });
    });
}
