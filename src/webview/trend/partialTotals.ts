/**
 * A trend's totals over periods without a value (missing, or not loaded yet) add up the others only: each entity's
 * total and the grand total then carry a partial mark naming the periods they leave out.
 */
import type { CellNote, TotalsTable } from '../../shared/tableModel';
import type { TrendPeriodInfo } from '../../shared/trendProtocol';
import type { Translate } from '../common/strings';

/** The table with a partial note on every total cell when a period has no value; as is when none lacks one. */
export function withPartialTotals(table: TotalsTable, periods: readonly TrendPeriodInfo[], t: Translate): TotalsTable {
  const without = periods.filter((p) => p.status !== 'done');
  const total = table.columns.at(-1);
  if (without.length === 0 || !total) return table;
  const note: CellNote = {
    text: t(
      'Leaves out periods without a value ({0}): {1}',
      String(without.length),
      without.map((p) => p.key).join(', '),
    ),
    partial: true,
  };
  const notes = (existing: Record<string, CellNote> | undefined) => ({ ...existing, [total.key]: note });
  return {
    ...table,
    rows: table.rows.map((row) => ({ ...row, notes: notes(row.notes) })),
    grandNotes: notes(table.grandNotes),
  };
}
