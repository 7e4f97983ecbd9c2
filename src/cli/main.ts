/**
 * `langdock-usage`, the command line (dist/cli.js, the package's `bin`): argument parsing and output only, over
 * the extension's own core. Plain Node 20 or later; no VS Code.
 */
import { describeFailure, EXIT, type ExitCode, UsageError } from './cliError';
import { exportCommand } from './exportCommand';
import { HELP } from './help';
import type { CliIo } from './io';
import { terminalProgress } from './progress';
import { reportCommand } from './reportCommand';
import { totalsCommand } from './totalsCommand';
import { trendCommand } from './trendCommand';
import { version } from '../../package.json';

const COMMANDS: Readonly<Record<string, (argv: string[], io: CliIo) => Promise<ExitCode>>> = {
  export: exportCommand,
  trend: trendCommand,
  totals: totalsCommand,
  report: reportCommand,
};

export async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] && HELP[rest[0]] ? rest[0] : 'main';
    io.out(`${HELP[topic]}\n`);
    return command === undefined ? EXIT.usage : EXIT.done;
  }
  if (command === '--version') {
    io.out(`${version}\n`);
    return EXIT.done;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`Unknown command "${command}": use export, trend, totals or report (--help).`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${HELP[command]}\n`);
      return EXIT.done;
    }
    return await handler(rest, io);
  } catch (error) {
    io.progress.done();
    const { code, line } = describeFailure(error);
    io.warn(`langdock-usage ${command}: ${line}`);
    return code;
  }
}

if (require.main === module) {
  const verbose = process.argv.includes('--verbose');
  const io: CliIo = {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    warn: (line) => process.stderr.write(`${line.replace(/[\r\n]+/g, ' ')}\n`),
    progress: terminalProgress(process.stderr, verbose),
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
