/**
 * The `shoebox` command from source, for tests that need a real process (kill, signals):
 * `node --import tsx test/helpers/cli-entry.ts import …`.
 */
import { runCli } from '../../main/cli';

process.exitCode = await runCli(process.argv);
