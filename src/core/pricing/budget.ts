/**
 * The monthly spend budget's rules, without VS Code: which saved export holds this month's cost, what the cost
 * is (never $0 for "no cost data"), and which warning (80 % or 100 %) is due once per month.
 */
import type { DateRange } from '../dates/dateRange';
import type { ExportRecord } from '../store/exportStore';
import { divideDecimals, parseDecimal } from '../../shared/decimal';
import { costColumn } from '../../shared/headline';
import type { UsageTable } from '../../shared/tableModel';
import { warningSigns } from '../../shared/warningSigns';

/** The warning levels, in percent of the budget. */
export type BudgetLevel = 80 | 100;
const LEVELS: readonly BudgetLevel[] = [100, 80];

/** What the budget's table says: this month's cost, or that it has none. */
export type BudgetFigures =
  | { kind: 'cost'; cost: string; unpricedModels: number }
  /** No cost column (a managed workspace), or no row with a cost. */
  | { kind: 'noCost' };

export function budgetFigures(table: UsageTable): BudgetFigures {
  const { columns, rows, grandTotal } = table.totals;
  const cost = costColumn(columns);
  const value = cost ? grandTotal[columns.indexOf(cost.column)] : null;
  if (value === null || value === undefined) return { kind: 'noCost' };
  const signs = warningSigns(
    'models',
    columns,
    rows.map((r) => r.cells),
  );
  return { kind: 'cost', cost: value, unpricedModels: signs.find((s) => s.id === 'unpricedModels')?.rows.length ?? 0 };
}

/**
 * The newest saved export that can be the budget's data: models, exactly this month's range, from this API host.
 * A grouped one counts too (its totals are the same).
 */
export function budgetRecord(
  records: readonly ExportRecord[],
  range: DateRange,
  host: string,
): ExportRecord | undefined {
  return records.find(
    (r) =>
      r.type === 'models' &&
      r.host === host &&
      r.range.from === range.from &&
      r.range.to === range.to &&
      r.range.timezone === range.timezone,
  );
}

/** Whether a record is younger than `maxAgeMs`. */
export function isFresh(record: ExportRecord, maxAgeMs: number, now: number): boolean {
  const age = now - Date.parse(record.createdAt);
  return age >= 0 && age < maxAgeMs;
}

/** The cost as a whole percentage of the budget, rounded down (so 79.9 % is not yet 80 %). */
export function budgetPercent(cost: string, budget: number): number {
  const share = divideDecimals(parseDecimal(cost)!, parseDecimal(String(budget))!, 6, 100);
  return share === null ? 0 : Math.floor(Number(share));
}

/**
 * The warning due now, if any: the highest level reached that was not yet shown this month. `warned` is what was
 * remembered: the month (`YYYY-MM`) and the level last shown in it.
 */
export function dueWarning(
  cost: string,
  budget: number,
  month: string,
  warned: { month: string; level: number } | undefined,
): BudgetLevel | undefined {
  const shown = warned?.month === month ? warned.level : 0;
  const percent = budgetPercent(cost, budget);
  const reached = LEVELS.find((level) => percent >= level);
  return reached !== undefined && reached > shown ? reached : undefined;
}
