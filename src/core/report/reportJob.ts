/**
 * Reads the CSV(s) of a report with the table's own reader, prices them as the table does, builds the report model
 * and writes the file atomically. The extension requires it as a bundle of its own (`dist/report.js`, on the first
 * report, never at activation); the command line imports it. Both therefore give the same numbers.
 */
import * as path from 'node:path';
import type { CellValue, UsageTable } from '../../shared/tableModel';
import type { Localize } from '../../shared/template';
import { compareTables } from '../table/compare';
import type { DateRange } from '../dates/dateRange';
import { writeFileAtomic } from '../store/exportStore';
import type { UserPrices } from '../pricing/bucketCost';
import { type CostSource, withoutTokens } from '../pricing/costColumns';
import { pricedTable as priceView } from '../table/tableView';
import type { PriceBook } from '../pricing/priceBook';
import type { UsageBuckets } from '../pricing/usageBuckets';
import type { RowSource } from '../table/rowSource';
import { readUsageTable } from '../table/tableLoad';
import type { TableHints } from '../table/totals';
import type { LoadedPeriod } from '../trend/trendData';
import type { Granularity } from '../dates/periods';
import type { ExportFacts, ReportContext, ReportFormat, ReportModel } from './model';
import { renderReport } from './render';
import { tableReport } from './tableReport';
import { trendReport } from './trendReport';

export interface ReportPricing {
  book: PriceBook;
  userPrices: UserPrices;
  costSource: CostSource;
  /** Entries of the user's prices that were left out, and why (shown as notes). */
  problems: readonly string[];
}

export type ReportRequest =
  | {
      kind: 'table';
      csvPath: string;
      hints: TableHints;
      facts: ExportFacts;
      /** The period before, for a report of a comparison. */
      previous?: { csvPath: string; range: DateRange };
    }
  | {
      kind: 'trend';
      hints: TableHints;
      facts: ExportFacts & { granularity: Granularity };
      /** In time order; `csvPath` absent for a missing period. */
      periods: { key: string; from: string; to: string; csvPath?: string; error?: string }[];
    };

export interface ReportJob {
  format: ReportFormat;
  outPath: string;
  /** Asked only when a table has token columns to price (the price list is half a megabyte). */
  pricing: () => ReportPricing;
  ctx: ReportContext;
}

export interface WrittenReport {
  path: string;
  bytes: number;
  /** What the person should know beyond the report's notes (a FOCUS file without some rows). */
  warnings: string[];
}

/** The table with its cost columns at the given settings: what the usage table shows. */
export function pricedTable(
  table: UsageTable,
  buckets: UsageBuckets | undefined,
  pricing: () => ReportPricing,
  t: Localize,
): UsageTable {
  // The price list is loaded only for a table with token counts.
  if (!buckets) return withoutTokens(table, t);
  const settings = pricing();
  return priceView(table, buckets, { ...settings, swaps: [] }, () => settings.book, t).table;
}

/** The export's days and workspace from its first row (every row carries them). */
async function fileWide(
  table: UsageTable,
  rows: RowSource,
): Promise<{ period?: { from: string; to: string }; orgId?: string }> {
  if (rows.total === 0) return {};
  const [first] = await rows.page(0, 1);
  const at = (key: string): CellValue => first?.[table.columns.findIndex((c) => c.key === key)] ?? null;
  const day = (cell: CellValue) => (cell && /^\d{4}-\d{2}-\d{2}/.test(cell) ? cell.slice(0, 10) : undefined);
  const from = day(at('period_start'));
  const to = day(at('period_end'));
  const orgId = at('org_id');
  return { ...(from && to ? { period: { from, to } } : {}), ...(orgId ? { orgId } : {}) };
}

async function tableModel(request: Extract<ReportRequest, { kind: 'table' }>, job: ReportJob): Promise<ReportModel> {
  const { t } = job.ctx;
  const { table, rows, buckets } = await readUsageTable(request.csvPath, request.hints, undefined, t);
  const wide = await fileWide(table, rows);
  const priced = pricedTable(table, buckets, job.pricing, t);
  let compared: { table: UsageTable; previousRange: DateRange } | undefined;
  if (request.previous) {
    const before = await readUsageTable(request.previous.csvPath, request.hints, undefined, t);
    const labels = {
      change: t('Change'),
      isNew: t('new'),
      vanished: t('vanished'),
      delta: (label: string) => t('Δ {0}', t(label)),
      deltaPercent: (label: string) => t('Δ% {0}', t(label)),
    };
    // As the comparison view does: compare the files' tables, then price the result with this period's tokens.
    const diff = compareTables(table, before.table, labels);
    compared = { table: pricedTable(diff, buckets, job.pricing, t), previousRange: request.previous.range };
  }
  return tableReport(
    {
      facts: { ...request.facts, fileName: request.facts.fileName ?? path.basename(request.csvPath) },
      table: priced,
      ...(compared ? { compared } : {}),
      ...wide,
    },
    job.ctx,
  );
}

async function trendModel(request: Extract<ReportRequest, { kind: 'trend' }>, job: ReportJob): Promise<ReportModel> {
  const { t } = job.ctx;
  const periods = await Promise.all(
    request.periods.map(async (p): Promise<LoadedPeriod> => {
      const base = { key: p.key, from: p.from, to: p.to };
      if (!p.csvPath) return { info: { ...base, status: 'missing', error: p.error ?? t('not exported') } };
      try {
        return {
          info: { ...base, status: 'done' },
          table: (await readUsageTable(p.csvPath, request.hints, undefined, t)).table,
        };
      } catch (error) {
        return { info: { ...base, status: 'missing', error: (error as Error).message } };
      }
    }),
  );
  return trendReport({ facts: request.facts, periods }, job.ctx);
}

/** @internal exported for its tests (the extension and the command line call `writeReport`) */
export function buildReportModel(request: ReportRequest, job: ReportJob): Promise<ReportModel> {
  return request.kind === 'table' ? tableModel(request, job) : trendModel(request, job);
}

export async function writeReport(request: ReportRequest, job: ReportJob): Promise<WrittenReport> {
  const model = await buildReportModel(request, job);
  const rendered = await renderReport(model, job.format, {
    t: job.ctx.t,
    locale: job.ctx.locale,
    includeNames: job.ctx.includeNames,
  });
  await writeFileAtomic(job.outPath, rendered.content);
  const bytes = typeof rendered.content === 'string' ? Buffer.byteLength(rendered.content) : rendered.content.length;
  return { path: job.outPath, bytes, warnings: rendered.warnings };
}
