/**
 * The rules both sides apply to derived columns: which column is a table's primary count (its share column, the
 * requests bar), and how one ratio cell is computed: exactly, rounded half away from zero to RATIO_DECIMALS places
 * (a share of 0.123456 is 12.3456 %, a cost per 1k requests is to a millionth of a dollar).
 */
import { divideDecimals, parseDecimal } from './decimal';
import type { CellValue, DerivedRatio, TableColumn } from './tableModel';

const RATIO_DECIMALS = 6;

/** The primary count of a table is the first of these that it sums. */
const PRIMARY_COLUMNS = ['requests', 'messages_total', 'messages'];

/** The primary count column among `columns`, or undefined when the table has none. */
export function primaryColumn<C extends Pick<TableColumn, 'key' | 'aggregate'>>(columns: readonly C[]): C | undefined {
  for (const key of PRIMARY_COLUMNS) {
    const column = columns.find((c) => c.key === key && c.aggregate === 'sum');
    if (column) return column;
  }
  return undefined;
}

/**
 * One derived cell from the aggregated cells of `row` (and of `grandTotal` for a share of the whole); n/a in, or a
 * zero denominator, gives n/a out.
 */
export function derivedCell(
  derived: DerivedRatio,
  row: readonly CellValue[],
  grandTotal: readonly CellValue[],
  indexOf: ReadonlyMap<string, number>,
): CellValue {
  const numerator = cellNumber(row, indexOf.get(derived.numerator));
  const denominator = cellNumber(derived.ofGrandTotal ? grandTotal : row, indexOf.get(derived.denominator));
  if (!numerator || !denominator) return null;
  return divideDecimals(numerator, denominator, RATIO_DECIMALS, derived.per);
}

function cellNumber(row: readonly CellValue[], index: number | undefined) {
  const text = index === undefined ? null : row[index];
  return text === null || text === undefined ? undefined : parseDecimal(text);
}

/**
 * How many rows a derived cell leaves out, from what each aggregated column of its row leaves out: what its
 * numerator or its denominator leaves out (a share of the grand total: its numerator only, as it is a share of
 * what that counts); nothing when the cell is n/a.
 */
export function derivedUnknown(derived: DerivedRatio, value: CellValue, unknownOf: (key: string) => number): number {
  if (value === null) return 0;
  return Math.max(unknownOf(derived.numerator), derived.ofGrandTotal ? 0 : unknownOf(derived.denominator));
}
