/**
 * What the chart draws for one metric: the top entities by their total as series, the rest summed into "Other",
 * each with its exact values (for the tooltip) and the numbers Chart.js needs to draw. A period without a value
 * (pending or missing) has no bar at all, never a zero-height one.
 */
import { sumCells } from '../../shared/decimal';
import type { CellValue, TotalsTable } from '../../shared/tableModel';

/** Series drawn one by one; the rest are one "Other" series. */
const TOP_SERIES = 8;

export interface ChartSeries {
  label: string;
  /** Exact per-period values as decimal text, null where the period has none. */
  exact: CellValue[];
  other: boolean;
}

/** `table` is a trend metric's table: the entity column, one column per period, the total column. */
export function chartSeries(table: TotalsTable, otherLabel: string, top: number = TOP_SERIES): ChartSeries[] {
  const periods = table.columns.length - 2;
  const periodCells = (cells: readonly CellValue[]) => cells.slice(1, 1 + periods);
  const series: ChartSeries[] = table.rows.slice(0, top).map((row) => ({
    label: row.cells[0] ?? row.key,
    exact: periodCells(row.cells),
    other: false,
  }));
  const rest = table.rows.slice(top);
  if (rest.length > 0) {
    const exact = Array.from({ length: periods }, (_, p) => sumCells(rest.map((row) => row.cells[1 + p])));
    series.push({ label: otherLabel, exact, other: true });
  }
  return series;
}

/** A value for drawing only: the bar's height. Exact text stays for what is read (tooltip, table). */
export function drawable(value: CellValue): number | null {
  return value === null ? null : Number(value);
}
