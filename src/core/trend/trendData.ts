/**
 * A trend's numbers from its periods' usage tables: per metric, one row per entity with its value in each period,
 * exact per-entity totals, and each period's total taken from that period's own grand total (an exact sum over
 * its CSV). An entity absent from a period's export had no usage then (0); a period not loaded yet or missing has
 * no value (n/a), never 0.
 */
import { compareDecimals, parseDecimal, sumCells } from '../../shared/decimal';
import type { ExportType } from '../../shared/exportType';
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import type { TrendMetric, TrendPeriodInfo } from '../../shared/trendProtocol';
import { entityId } from '../schema/entityId';
import { EXPORT_TYPE_FACTS } from '../schema/exportTypes';

/** The metrics a trend offers, in this order, when a period's table sums the column. */
const METRIC_COLUMNS = [
  'requests',
  'messages_total',
  'messages',
  'sum_prompt_tokens',
  'sum_completion_tokens',
  'sum_cached_prompt_tokens',
  'cached_prompt_tokens',
  'sum_cache_creation_tokens',
  'cache_creation_tokens',
  'total_cost_usd',
];

export interface LoadedPeriod {
  info: TrendPeriodInfo;
  /** The period's usage table when its status is `done`. */
  table?: UsageTable;
}

function entityName(type: ExportType, table: UsageTable, row: TotalsRow): string {
  const index = table.totals.columns.findIndex((c) => c.key === EXPORT_TYPE_FACTS[type].entityName);
  return (index >= 0 ? row.cells[index] : null) ?? row.key;
}

const byValueDesc = (a: CellValue, b: CellValue): number => {
  const x = a === null ? undefined : parseDecimal(a);
  const y = b === null ? undefined : parseDecimal(b);
  if (!x || !y) return (y ? 1 : 0) - (x ? 1 : 0);
  return compareDecimals(y, x);
};

export function trendMetrics(
  type: ExportType,
  periods: readonly LoadedPeriod[],
  labels: { entity: string; total: string },
): TrendMetric[] {
  const metrics: TrendMetric[] = [];
  for (const key of METRIC_COLUMNS) {
    const columnOf = (table: UsageTable) =>
      table.totals.columns.findIndex((c) => c.key === key && c.aggregate === 'sum');
    const source = periods.find((p) => p.table && columnOf(p.table) >= 0)?.table;
    if (!source) continue;
    const sourceColumn = source.totals.columns[columnOf(source)];
    const names = new Map<string, string>();
    const values = new Map<string, CellValue[]>();
    const periodTotals: CellValue[] = periods.map((p, i) => {
      const table = p.table;
      const column = table ? columnOf(table) : -1;
      if (!table || p.info.status !== 'done' || column < 0) return null;
      for (const row of table.totals.rows) {
        const id = entityId(type, table, row);
        if (!values.has(id)) {
          names.set(id, entityName(type, table, row));
          values.set(id, new Array<CellValue>(periods.length).fill(null));
        }
        values.get(id)![i] = row.cells[column];
      }
      return table.totals.grandTotal[column];
    });
    // A done period that does not list an entity had none of its usage.
    periods.forEach((p, i) => {
      if (p.table && p.info.status === 'done' && columnOf(p.table) >= 0)
        for (const cells of values.values()) cells[i] ??= '0';
    });
    const numberColumn = (k: string, label: string): TableColumn => ({
      key: k,
      label,
      format: sourceColumn.format,
      aggregate: 'sum',
    });
    const columns: TableColumn[] = [
      { key: 'entity', label: labels.entity, format: 'text', aggregate: 'none' },
      ...periods.map((p) => numberColumn(`period:${p.info.from}`, p.info.key)),
      numberColumn('total', labels.total),
    ];
    const rows: TotalsRow[] = [...values].map(([entity, cells]) => ({
      key: entity,
      cells: [names.get(entity) ?? entity, ...cells, sumCells(cells)],
      rowCount: cells.length,
    }));
    rows.sort((a, b) => byValueDesc(a.cells.at(-1) ?? null, b.cells.at(-1) ?? null));
    metrics.push({
      key,
      label: sourceColumn.label,
      format: sourceColumn.format,
      table: {
        entityLabel: labels.entity,
        columns,
        rows,
        grandTotal: [null, ...periodTotals, sumCells(periodTotals)],
      },
    });
  }
  return metrics;
}
