/** `langdock-usage report --input FILE.csv --format F -o FILE`: the same report as the extension's Save Report. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_FORMATS } from '../core/report/model';
import { writeReport } from '../core/report/reportJob';
import * as check from './checks';
import { EXIT, type ExitCode, UsageError } from './cliError';
import type { CliIo } from './io';
import { COST_SOURCE_OPTION, costSourceOf, inputFile, listPricing, reportContext } from './offline';

/** As `langdock.report.minGroupSize`: GitHub's and Microsoft's analytics floor. */
const DEFAULT_MIN_GROUP_SIZE = 5;

export async function reportCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'min-group-size': { type: 'string' },
      'include-names': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...COST_SOURCE_OPTION,
    },
  });
  const csvPath = inputFile(io.cwd, values.input, '--input');
  const format = check.oneOf('format', values.format, REPORT_FORMATS);
  const pricing = listPricing(costSourceOf(values['cost-source']));
  if (!values.output) throw new UsageError('-o FILE is required: where the report is written.');
  const minGroupSize =
    values['min-group-size'] === undefined ? DEFAULT_MIN_GROUP_SIZE : Number(values['min-group-size']);
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1)
    throw new UsageError('--min-group-size must be a whole number of people, 1 or more.');
  const written = await writeReport(
    { kind: 'table', csvPath, hints: {}, facts: { type: 'unknown' } },
    {
      format,
      outPath: path.resolve(io.cwd, values.output),
      pricing,
      ctx: reportContext({ minGroupSize, includeNames: values['include-names'] === true }),
    },
  );
  for (const warning of written.warnings) io.warn(warning);
  return EXIT.done;
}
