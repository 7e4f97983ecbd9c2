/**
 * The headline figures of a usage table, the rules both sides read them by: which column is the money figure (and
 * where its numbers come from), which figure ranks entities, and the linear run-rate of a period that includes
 * today. Exact decimals throughout; a figure the data does not have is absent, never 0.
 */
import { daysInclusive, lastDayOfMonth } from './civilDate';
import { divideDecimals, parseDecimal } from './decimal';
import { type Forecast, forecastEnd } from './forecast';
import { primaryColumn } from './derived';
import type { CellValue, TableColumn } from './tableModel';
import { COST_KEYS } from './costKeys';

/**
 * Where the headline's cost figure comes from: `langdock`, the export's own `total_cost_usd` (estimated provider
 * cost); `table`, the Cost column, whose cells are Langdock's or computed and each name their source. (Not the
 * `langdock.costSource` setting, which is `core/pricing/costColumns.ts`'s `CostSource`.)
 */
export type CostFigureSource = 'langdock' | 'table';

/**
 * Cost columns by key, best first: the Cost column (`cost:usd`) wins over the export's own. Pointing the money
 * figure at another column is one line here.
 */
const COST_COLUMNS: readonly { key: string; source: CostFigureSource }[] = [
  { key: COST_KEYS.cost, source: 'table' },
  { key: 'total_cost_usd', source: 'langdock' },
];

type ColumnLike = Pick<TableColumn, 'key' | 'aggregate'>;

/** The summed cost column among `columns` and its source, or undefined when the table has no cost. */
export function costColumn<C extends ColumnLike>(
  columns: readonly C[],
): { column: C; source: CostFigureSource } | undefined {
  for (const { key, source } of COST_COLUMNS) {
    const column = columns.find((c) => c.key === key && c.aggregate === 'sum');
    if (column) return { column, source };
  }
  return undefined;
}

/** The figure that ranks entities (and the default sort): cost where the table has it, else requests or messages. */
export function rankingColumn<C extends ColumnLike>(columns: readonly C[]): C | undefined {
  return costColumn(columns)?.column ?? primaryColumn(columns);
}

export const INPUT_TOKENS = 'sum_prompt_tokens';
export const OUTPUT_TOKENS = 'sum_completion_tokens';

export interface HeadlineFigures {
  /** Requests (or messages) of what is shown; absent when the table has no such column. */
  count?: { column: TableColumn; value: CellValue };
  inputTokens?: CellValue;
  outputTokens?: CellValue;
  /** `missing`: shown rows without a cost, left out of `value` (which is then partial). */
  cost?: { value: CellValue; source: CostFigureSource; missing: number; column: TableColumn };
  /** While a what-if swap is in force: the hypothetical cost, its change from the cost and the change's share. */
  whatIf?: { value: CellValue; change: CellValue; share: CellValue; column: TableColumn };
  /** The largest entity by the ranking figure and its share of the shown total (0..1 as decimal text). */
  top?: { name: string; value: string; share: string | null; column: TableColumn };
  entities: number;
  /** Against the previous period, when the table is a comparison (its `<key>:delta` columns): by figure. */
  changes: Partial<Record<'count' | 'inputTokens' | 'outputTokens' | 'cost', FigureChange>>;
}

/** A figure's change: the exact difference and, where known, the difference as a share of the earlier value. */
interface FigureChange {
  delta: CellValue;
  percent: CellValue;
}

/** The change of the column `key` in a compared table's total, or undefined when it is not compared. */
function changeOf(columns: readonly TableColumn[], total: readonly CellValue[], key: string): FigureChange | undefined {
  const delta = columns.findIndex((c) => c.key === `${key}:delta`);
  if (delta < 0) return undefined;
  const percent = columns.findIndex((c) => c.key === `${key}:deltaPercent`);
  return { delta: total[delta] ?? null, percent: percent >= 0 ? (total[percent] ?? null) : null };
}

/** What the figures need of the shown rows; the caller finds them (the webview scans its cached sort keys). */
export interface ShownRows {
  count: number;
  /** The cells of the largest shown row by `rankingColumn`, when some shown row has a value there. */
  top?: readonly CellValue[];
  /** Shown rows without a cost. */
  missingCost: number;
}

/**
 * The figures of the rows shown: `total` is the (filtered) grand total aligned with `columns`. The top entity's
 * name is its first text cell with a value (a user without a name has an id); its share is exact.
 */
export function headlineFigures(
  columns: readonly TableColumn[],
  total: readonly CellValue[],
  shown: ShownRows,
): HeadlineFigures {
  const at = (column: TableColumn | undefined) => (column ? columns.indexOf(column) : -1);
  const sumOf = (key: string) => {
    const i = columns.findIndex((c) => c.key === key && c.aggregate === 'sum');
    return i >= 0 ? { value: total[i] ?? null } : undefined;
  };
  const figures: HeadlineFigures = { entities: shown.count, changes: {} };
  const change = (kind: keyof HeadlineFigures['changes'], key: string) => {
    const found = changeOf(columns, total, key);
    if (found) figures.changes[kind] = found;
  };
  const count = primaryColumn(columns);
  if (count) {
    figures.count = { column: count, value: total[at(count)] ?? null };
    change('count', count.key);
  }
  const input = sumOf(INPUT_TOKENS);
  if (input) {
    figures.inputTokens = input.value;
    change('inputTokens', INPUT_TOKENS);
  }
  const output = sumOf(OUTPUT_TOKENS);
  if (output) {
    figures.outputTokens = output.value;
    change('outputTokens', OUTPUT_TOKENS);
  }
  const cost = costColumn(columns);
  if (cost) {
    figures.cost = {
      value: total[at(cost.column)] ?? null,
      source: cost.source,
      missing: shown.missingCost,
      column: cost.column,
    };
    change('cost', cost.column.key);
  }

  const whatIf = columns.find((c) => c.key === COST_KEYS.whatIf);
  if (whatIf) {
    const cell = (key: string) => {
      const i = columns.findIndex((c) => c.key === key);
      return i >= 0 ? (total[i] ?? null) : null;
    };
    figures.whatIf = {
      value: total[at(whatIf)] ?? null,
      change: cell(COST_KEYS.change),
      share: cell(COST_KEYS.changeShare),
      column: whatIf,
    };
  }

  const ranking = rankingColumn(columns);
  const text = ranking && shown.top ? shown.top[at(ranking)] : null;
  const value = text === null || text === undefined ? undefined : parseDecimal(text);
  if (ranking && shown.top && value) {
    const cells = shown.top;
    const name = columns
      .flatMap((c, i) => (c.format === 'text' && c.aggregate === 'none' && !c.derived ? [cells[i]] : []))
      .find((v): v is string => typeof v === 'string' && v !== '');
    const whole = total[at(ranking)];
    const wholeValue = whole === null || whole === undefined ? undefined : parseDecimal(whole);
    figures.top = {
      name: name ?? '',
      value: text!,
      share: wholeValue ? divideDecimals(value, wholeValue, 6) : null,
      column: ranking,
    };
  }
  return figures;
}

/**
 * Where a period that ends today is projected to: the end of this month for a period that starts in it, the end of
 * this quarter or year for a period that starts on its first day (quarter or year to date); none for a rolling
 * window such as the last 30 days, whose "end" no calendar names.
 */
function horizon(from: string, today: string): string | undefined {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm] = today.split('-').map(Number);
  if (fy === ty && fm === tm) return lastDayOfMonth(ty, tm);
  const quarterStart = tm - ((tm - 1) % 3);
  if (fy === ty && fd === 1 && fm === quarterStart) return lastDayOfMonth(ty, quarterStart + 2);
  if (fy === ty && fd === 1 && fm === 1) return lastDayOfMonth(ty, 12);
  return undefined;
}

export interface RunRate extends Forecast {
  /** The last day of the projection: the end of the month, quarter or year the period runs in. */
  end: string;
}

/**
 * The run-rate of an amount over a period that ends `today`, projected to the end of its month (or quarter, or
 * year; see `horizon`) by the forecast's one method (shared/forecast.ts). One export has no daily figures, so this
 * is its linear method: the amount so far ÷ the days so far × the days left, added to the amount. Undefined for a
 * finished period, a rolling window or dates that are not real, so no forecast is ever made from a finished period.
 */
export function runRate(amount: string, period: { from: string; to: string }, today: string): RunRate | undefined {
  if (period.to !== today || !parseDecimal(amount)) return undefined;
  const elapsedDays = daysInclusive(period.from, today);
  const end = elapsedDays ? horizon(period.from, today) : undefined;
  const totalDays = end && daysInclusive(period.from, end);
  if (!elapsedDays || !end || !totalDays || elapsedDays < 1) return undefined;
  const forecast = forecastEnd({ toDate: amount, elapsedDays, totalDays });
  return forecast && { ...forecast, end };
}
