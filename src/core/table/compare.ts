/**
 * One export compared with the one before it: the per-entity totals table gains, after each count, token, cost
 * and message column, a Δ column (exact: now minus before) and a Δ% column (exact ratio, n/a when there was
 * nothing before), and a "Change" column that says "new" or "vanished" in words, so the meaning does not depend on
 * colour. Entities that vanished are listed with zero now and their previous value in Δ. The total row's Δ is
 * the exact difference of the two grand totals.
 */
import { divideDecimals, parseDecimal, sumCells } from '../../shared/decimal';
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import { entityId } from '../schema/entityId';

/** The columns that get a Δ: what a person compares between two periods. */
const COMPARED = new Set([
  'requests',
  'messages',
  'messages_total',
  'sum_prompt_tokens',
  'sum_completion_tokens',
  'sum_cached_prompt_tokens',
  'sum_cache_creation_tokens',
  'cached_prompt_tokens',
  'cache_creation_tokens',
  'total_cost_usd',
]);

const PERCENT_DECIMALS = 6;

export interface CompareLabels {
  change: string;
  isNew: string;
  vanished: string;
  delta: (label: string) => string;
  deltaPercent: (label: string) => string;
}

const negate = (text: string): string => (text.startsWith('-') ? text.slice(1) : `-${text}`);

/**
 * `now − before` exactly; n/a when either is n/a.
 * @internal exported for its unit test
 */
export function difference(now: CellValue, before: CellValue): CellValue {
  if (now === null || before === null) return null;
  return sumCells([now, negate(before)]);
}

/**
 * `(now − before) / before` as a share (0.25 = +25 %); n/a when before is n/a or 0.
 * @internal exported for its unit test
 */
export function relativeChange(now: CellValue, before: CellValue): CellValue {
  const delta = difference(now, before);
  const base = before === null ? undefined : parseDecimal(before);
  const change = delta === null ? undefined : parseDecimal(delta);
  if (!base || !change) return null;
  return divideDecimals(change, base, PERCENT_DECIMALS);
}

export function compareTables(current: UsageTable, previous: UsageTable, labels: CompareLabels): UsageTable {
  const { totals } = current;
  const previousIndex = new Map(previous.totals.columns.map((c, i) => [c.key, i]));
  const compared = totals.columns.flatMap((c, i) =>
    COMPARED.has(c.key) && c.aggregate === 'sum' && previousIndex.has(c.key) ? [i] : [],
  );
  const columns: TableColumn[] = [];
  totals.columns.forEach((column, i) => {
    columns.push(column);
    if (!compared.includes(i)) return;
    columns.push({
      key: `${column.key}:delta`,
      label: labels.delta(column.label),
      format: column.format,
      aggregate: 'sum',
    });
    columns.push({
      key: `${column.key}:deltaPercent`,
      label: labels.deltaPercent(column.label),
      format: 'percent',
      aggregate: 'none',
    });
  });
  columns.push({ key: 'change', label: labels.change, format: 'text', aggregate: 'none' });

  const before = new Map(previous.totals.rows.map((r) => [entityId(current.exportType, previous, r), r]));
  const expand = (cells: readonly CellValue[], old: readonly CellValue[] | undefined, change: string): CellValue[] => {
    const out: CellValue[] = [];
    cells.forEach((cell, i) => {
      out.push(cell);
      if (!compared.includes(i)) return;
      const was = old ? (old[previousIndex.get(totals.columns[i].key)!] ?? null) : '0';
      out.push(difference(cell, was), relativeChange(cell, was));
    });
    out.push(change);
    return out;
  };
  const rows: TotalsRow[] = totals.rows.map((row) => {
    const key = entityId(current.exportType, current, row);
    const old = before.get(key);
    before.delete(key);
    const { children: _children, ...rest } = row;
    return { ...rest, cells: expand(row.cells, old?.cells, old ? '' : labels.isNew) };
  });
  // What is left before had usage then and none now: zero now, and the whole previous value as the Δ.
  for (const [key, old] of before) {
    const cells = totals.columns.map((c, i): CellValue => {
      if (c.aggregate === 'none' && !c.derived) return old.cells[previousIndex.get(c.key) ?? -1] ?? null;
      return compared.includes(i) ? '0' : null;
    });
    rows.push({ key: `vanished:${key}`, rowCount: 0, cells: expand(cells, old.cells, labels.vanished) });
  }
  const grandTotal = expand(totals.grandTotal, previous.totals.grandTotal, '');
  grandTotal[grandTotal.length - 1] = null;
  return { ...current, totals: { ...totals, columns, rows, grandTotal } };
}
