/**
 * One export compared with the one before it: the per-entity totals table gains, after each count, token, cost
 * and message column, a Δ column (exact: now minus before) and a Δ% column (exact ratio, n/a when there was
 * nothing before), and a "Change" column that says "up", "down", "no change", "new" or "vanished" in words, so the
 * meaning does not depend on colour. Entities that vanished are listed with zero now and their previous value in
 * Δ. A grouped export's parts (sources, deployments) stay under their entity, each compared with the same part
 * before. The total row's Δ is the exact difference of the two grand totals.
 */
import { compareDecimals, divideDecimals, parseDecimal, sumCells } from '../../shared/decimal';
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
  /** Which way an entity went, by the first compared column: words, so the change never rests on colour. */
  up: string;
  down: string;
  unchanged: string;
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
  const expandUnknown = (unknown: readonly number[] | undefined): number[] | undefined => {
    if (!unknown) return undefined;
    // A Δ of a total that leaves rows out leaves them out too.
    const out = unknown.flatMap((n, i) => (compared.includes(i) ? [n, n, n] : [n]));
    out.push(0);
    return out;
  };
  const wordOf = (cells: readonly CellValue[], old: readonly CellValue[] | undefined): string => {
    if (!old) return labels.isNew;
    // The first compared column (requests or messages come first) says which way the entity went.
    const first = compared[0];
    const delta =
      first === undefined ? null : difference(cells[first], old[previousIndex.get(totals.columns[first].key)!] ?? null);
    const value = delta === null ? undefined : parseDecimal(delta);
    if (!value) return '';
    const sign = compareDecimals(value, { units: 0, scale: 0, integral: true });
    return sign > 0 ? labels.up : sign < 0 ? labels.down : labels.unchanged;
  };
  /** Rows now against the rows before, matched by `keyOf`; what is left before vanished (zero now). */
  const compareRows = (
    now: readonly TotalsRow[],
    then: readonly TotalsRow[],
    keyOf: (row: TotalsRow, table: UsageTable) => string,
  ): TotalsRow[] => {
    const before = new Map(then.map((r) => [keyOf(r, previous), r]));
    const rows: TotalsRow[] = now.map((row) => {
      const key = keyOf(row, current);
      const old = before.get(key);
      before.delete(key);
      const { children, unknown, ...rest } = row;
      const expandedUnknown = expandUnknown(unknown);
      return {
        ...rest,
        cells: expand(row.cells, old?.cells, wordOf(row.cells, old?.cells)),
        ...(expandedUnknown ? { unknown: expandedUnknown } : {}),
        // A grouped export's parts are compared with the same parts before.
        ...(children ? { children: compareRows(children, old?.children ?? [], (r) => r.key) } : {}),
      };
    });
    for (const [key, old] of before) {
      const cells = totals.columns.map((c, i): CellValue => {
        if (c.aggregate === 'none' && !c.derived) return old.cells[previousIndex.get(c.key) ?? -1] ?? null;
        return compared.includes(i) ? '0' : null;
      });
      const children = old.children ? compareRows([], old.children, (r) => r.key) : undefined;
      rows.push({
        key: `vanished:${key}`,
        rowCount: 0,
        cells: expand(cells, old.cells, labels.vanished),
        ...(children ? { children } : {}),
      });
    }
    return rows;
  };
  const rows = compareRows(totals.rows, previous.totals.rows, (row, table) => entityId(current.exportType, table, row));
  const grandTotal = expand(totals.grandTotal, previous.totals.grandTotal, '');
  grandTotal[grandTotal.length - 1] = null;
  const grandUnknown = expandUnknown(totals.grandUnknown);
  return { ...current, totals: { ...totals, columns, rows, grandTotal, ...(grandUnknown ? { grandUnknown } : {}) } };
}
