/**
 * `langdock-usage trend`: one export per period (two in flight, like the extension's trends), written in long
 * format. With --cache DIR the periods are saved there and a final period (settled 48 hours after its end) is
 * fetched once: the extension's own plan and store. A failed period is missing (exit 4), the rest are written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LangdockApiError } from '../core/api/api';
import { todayIn } from '../core/dates/dateRange';
import { ExportStore, writeFileAtomic } from '../core/store/exportStore';
import { fetchExport, saveEmptyExport } from '../core/store/fetchExport';
import { readUsageTable } from '../core/table/tableLoad';
import { planTrend, trendProblem } from '../core/trend/trend';
import type { TrendSpec } from '../core/store/trendStore';
import { longTable } from '../core/report/longFormat';
import { csvText } from '../core/report/csvText';
import type { ReportPeriod } from '../core/report/model';
import { english, localize } from '../shared/template';
import * as check from './checks';
import { EXIT, type ExitCode, UsageError } from './cliError';
import { connect } from './connection';
import { EXPORT_OPTIONS, type CliIo } from './io';

/** Exports in flight at once, as in the extension: real exports take ~30 s each, and the API rate-limits. */
const IN_FLIGHT = 2;
/** A cache keeps this many saved periods; older ones are pruned like the extension's recent exports. */
const CACHE_KEEP = 1000;

interface PeriodResult {
  from: string;
  to: string;
  csvPath?: string;
  error?: string;
}

export async function trendCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: { ...EXPORT_OPTIONS, granularity: { type: 'string' }, cache: { type: 'string' } },
  });
  const type = check.exportType(values.type);
  const granularity = check.granularity(values.granularity);
  const range = check.range(values.from, values.to, values.timezone);
  const groupBy = check.grouping(type, values['group-by']);
  const format = check.oneOf('format', values.format, ['csv', 'json'] as const);
  if (!values.output) throw new UsageError('-o FILE is required: where the trend is written.');
  const spec: TrendSpec = { type, granularity, range, ...(groupBy ? { groupBy } : {}) };
  const problem = trendProblem(spec, todayIn(range.timezone));
  if (problem) throw new UsageError(localize(problem, english));
  const { client, host } = connect(values['base-url'], io.env, io.progress);
  const target = path.resolve(io.cwd, values.output);

  const root = values.cache
    ? path.resolve(io.cwd, values.cache)
    : await mkdtemp(path.join(tmpdir(), 'langdock-usage-'));
  try {
    const store = new ExportStore(root);
    const plan = planTrend(spec, host, await store.list(), Date.now());
    const results: PeriodResult[] = plan.map((p) => ({
      from: p.period.from,
      to: p.period.to,
      ...(p.reuse ? { csvPath: store.csvPath(p.reuse.id) } : {}),
    }));
    const todo = plan.flatMap((p, i) => (p.reuse ? [] : [i]));
    let refused: LangdockApiError | undefined;
    let next = 0;
    let finished = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length && !refused) {
        const index = todo[next++];
        const request = { type, range: plan[index].period, ...(groupBy ? { groupBy } : {}), hidden: true };
        const options = { host, keep: CACHE_KEEP };
        try {
          const record = await fetchExport(client, store, request, options).catch(async (error: unknown) => {
            if (error instanceof LangdockApiError && error.kind === 'empty')
              return saveEmptyExport(store, request, options);
            throw error;
          });
          results[index].csvPath = store.csvPath(record.id);
        } catch (error) {
          if (error instanceof LangdockApiError && (error.kind === 'auth' || error.kind === 'scope')) refused = error;
          results[index].error = error instanceof Error ? error.message : String(error);
        }
        io.progress.status(
          `Period ${++finished} of ${todo.length} exported (${plan.length - todo.length} from the cache)…`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, worker));
    io.progress.done();
    if (refused) throw refused;

    const periods: ReportPeriod[] = [];
    for (const r of results)
      if (r.csvPath)
        periods.push({
          from: r.from,
          to: r.to,
          table: (await readUsageTable(r.csvPath, { type, ...(groupBy ? { groupBy } : {}) })).table,
        });
    const long = longTable(periods, { includeNames: true });
    const content =
      format === 'csv'
        ? csvText(long.header, long.rows, long.numeric)
        : JSON.stringify(
            long.rows.map((cells) => Object.fromEntries(long.header.map((h, i) => [h, cells[i] ?? null]))),
            null,
            2,
          ) + '\n';
    const missing = results.filter((r) => !r.csvPath);
    if (missing.length === results.length && missing.length > 0)
      throw new Error(`No period could be exported: ${missing[0].error}`);
    await writeFileAtomic(target, content);
    for (const m of missing) io.warn(`Missing period ${m.from} – ${m.to}: ${m.error ?? 'not exported'}`);
    return missing.length > 0 ? EXIT.missingPeriods : EXIT.done;
  } finally {
    if (!values.cache) await rm(root, { recursive: true, force: true });
  }
}
