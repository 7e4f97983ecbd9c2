/**
 * `langdock-usage export`: one export, the CSV byte for byte as downloaded (or its rows as JSON), through the
 * extension's own client (retries, Retry-After, proxies, CA) and request body.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LangdockApiError } from '../core/api/api';
import { ExportStore, writeFileAtomic } from '../core/store/exportStore';
import { fetchExport } from '../core/store/fetchExport';
import { readUsageTable } from '../core/table/tableLoad';
import type { DateRange } from '../core/dates/dateRange';
import type { ExportType, GroupBy } from '../shared/exportType';
import * as check from './checks';
import { EXIT, type ExitCode } from './cliError';
import { connect } from './connection';
import { EXPORT_OPTIONS, type CliIo } from './io';
import { formatBytes } from '../shared/bytes';
import { retryProblem } from '../core/api/retry';
import { english, localize } from '../shared/template';

/** How many rows of a file are read into memory at once for --format json. */
const PAGE_ROWS = 5000;

function exportFileName(type: ExportType, range: DateRange, groupBy: GroupBy | undefined, ext: string): string {
  return `langdock-${type}-${range.from}_${range.to}${groupBy ? `-by-${groupBy}` : ''}.${ext}`;
}

/** A CSV's rows as JSON objects keyed by the export's column names; an empty cell is null. */
async function rowsAsJson(csvPath: string): Promise<string> {
  const { table, rows } = await readUsageTable(csvPath, {});
  const keys = table.columns.map((c) => c.key);
  const objects: Record<string, string | null>[] = [];
  for (let start = 0; start < rows.total; start += PAGE_ROWS)
    for (const cells of await rows.page(start, PAGE_ROWS))
      objects.push(Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? null])));
  return JSON.stringify(objects, null, 2) + '\n';
}

export async function exportCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: EXPORT_OPTIONS,
  });
  const type = check.exportType(values.type);
  const range = check.range(values.from, values.to, values.timezone);
  const groupBy = check.grouping(type, values['group-by']);
  const format = check.oneOf('format', values.format, ['csv', 'json'] as const, 'csv');
  const { client, host } = connect(values['base-url'], io.env, io.progress);
  const target = path.resolve(io.cwd, values.output ?? exportFileName(type, range, groupBy, format));

  const root = await mkdtemp(path.join(tmpdir(), 'langdock-usage-'));
  try {
    const store = new ExportStore(root);
    let csvPath: string | undefined;
    try {
      const record = await fetchExport(
        client,
        store,
        { type, range, ...(groupBy ? { groupBy } : {}) },
        { host, keep: 1 },
        {
          onStatus: (n) => io.progress.status(localize(retryProblem(n), english)),
          onPhase: (phase) => io.progress.status(`${phase[0].toUpperCase()}${phase.slice(1)}…`),
          onBytes: (bytes) => io.progress.status(`Downloading… ${formatBytes(bytes, 'en-US')}`),
        },
      );
      csvPath = store.csvPath(record.id);
    } catch (error) {
      if (!(error instanceof LangdockApiError && error.kind === 'empty')) throw error;
      io.warn('No usage in the period: the file is empty.');
    }
    io.progress.done();
    const content = !csvPath
      ? format === 'json'
        ? '[]\n'
        : ''
      : format === 'json'
        ? await rowsAsJson(csvPath)
        : await readFile(csvPath);
    await writeFileAtomic(target, content);
    if (!values.output) io.out(`${target}\n`);
    return EXIT.done;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
