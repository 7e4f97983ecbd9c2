/**
 * A monthly models trend on 2026-12-07 for the report tests: six complete months whose last is a spike of the
 * total and of gpt-4.1, and December to date (7 of 31 days), each period a CSV read by the table's own reader.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ReportContext, ReportModel } from '../../src/core/report/model';
import { trendReport } from '../../src/core/report/trendReport';
import { readUsageTable } from '../../src/core/table/tableLoad';

/** The day the trend is reported on: December runs, 7 of its 31 days so far. */
export const RUNNING_TREND_NOW = new Date('2026-12-07T10:00:00Z');

/** Month, its last day, gpt-4.1's cost and claude-sonnet-4's. */
const MONTHS: readonly [string, string, string, string][] = [
  ['2026-06', '2026-06-30', '6.00', '4.00'],
  ['2026-07', '2026-07-31', '6.50', '4.50'],
  ['2026-08', '2026-08-31', '6.00', '4.00'],
  ['2026-09', '2026-09-30', '7.00', '5.00'],
  ['2026-10', '2026-10-31', '6.50', '4.50'],
  ['2026-11', '2026-11-30', '34.00', '6.00'],
  ['2026-12', '2026-12-31', '1.80', '1.20'],
];
const HEADER = 'period_start,period_end,org_id,name,provider,bring_your_keys,requests,total_cost_usd';

/** The trend's report model; its CSVs are written into `dir`. */
export async function runningTrendReport(dir: string, ctx: ReportContext): Promise<ReportModel> {
  const periods = await Promise.all(
    MONTHS.map(async ([key, end, gpt, claude]) => {
      const from = `${key}-01`;
      const to = key === '2026-12' ? '2026-12-07' : end;
      const file = path.join(dir, `trend-${key}.csv`);
      const rows = [
        `${from},${to},org-1,gpt-4.1,openai,true,100,${gpt}`,
        `${from},${to},org-1,claude-sonnet-4,anthropic,true,80,${claude}`,
      ];
      await writeFile(file, [HEADER, ...rows].join('\n'));
      const table = (await readUsageTable(file, { type: 'models' })).table;
      return { info: { key, from, to, status: 'done' as const }, table };
    }),
  );
  const range = { from: '2026-06-01', to: '2026-12-07', timezone: 'UTC' };
  return trendReport({ facts: { type: 'models', granularity: 'month', range }, periods }, ctx);
}
