/**
 * Long format: one row per period × entity part, `period_start` and `period_end` (YYYY-MM-DD), the entity columns
 * and every metric with the export's own column names, exact as summed. The command line's trend and the CSV
 * report write it; spreadsheets and BI tools pivot it.
 */
import type { CellValue, TableColumn, TotalsRow } from '../../shared/tableModel';
import { isNumeric } from '../../shared/numberFormat';
import { COST_KEYS } from '../../shared/costKeys';
import { isPersonal } from './entityColumns';
import type { ReportPeriod } from './model';

export interface LongTable {
  header: string[];
  rows: CellValue[][];
  /** Aligned with `header`: the column holds numbers. */
  numeric: boolean[];
}

/** The report's cost (Langdock's or computed, per the cost settings) under a name of the export's style. */
const COST_COLUMN_NAME = 'cost_usd';

function isEntityColumn(c: TableColumn): boolean {
  return c.aggregate === 'none' && !c.derived && (c.format === 'text' || c.format === 'boolean');
}

function isMetricColumn(c: TableColumn): boolean {
  return c.aggregate !== 'none' && !c.derived && (!c.key.includes(':') || c.key === COST_KEYS.cost);
}

const nameOf = (c: TableColumn) => (c.key === COST_KEYS.cost ? COST_COLUMN_NAME : c.key);

/** The finest rows of a totals table: an entity's parts where it has them, else the entity. */
const partsOf = (rows: readonly TotalsRow[]): TotalsRow[] => rows.flatMap((r) => r.children ?? [r]);

export function longTable(periods: readonly ReportPeriod[], options: { includeNames: boolean }): LongTable {
  const entities: string[] = [];
  const metrics: string[] = [];
  const numeric = new Set<string>();
  for (const { table } of periods)
    for (const c of table.totals.columns) {
      if (isEntityColumn(c) && (options.includeNames || !isPersonal(table.exportType, c.key))) {
        if (!entities.includes(nameOf(c))) entities.push(nameOf(c));
      } else if (isMetricColumn(c) && !metrics.includes(nameOf(c))) {
        metrics.push(nameOf(c));
        if (isNumeric(c.format)) numeric.add(nameOf(c));
      }
    }
  const header = ['period_start', 'period_end', ...entities, ...metrics];
  const rows: CellValue[][] = [];
  for (const { from, to, table } of periods) {
    const index = new Map(table.totals.columns.map((c, i) => [nameOf(c), i]));
    for (const row of partsOf(table.totals.rows))
      rows.push([from, to, ...[...entities, ...metrics].map((name) => row.cells[index.get(name) ?? -1] ?? null)]);
  }
  return { header, rows, numeric: header.map((name) => numeric.has(name)) };
}
