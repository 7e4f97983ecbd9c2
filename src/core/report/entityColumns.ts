/**
 * Which columns of a totals table a report shows: the columns that name an entity (without people's names and
 * e-mail addresses unless asked for), the summed figures, and the rows ranked by the figure that ranks them.
 */
import { compareDecimals, parseDecimal, sumCells } from '../../shared/decimal';
import { costColumn, rankingColumn } from '../../shared/headline';
import { primaryColumn } from '../../shared/derived';
import type { CellValue, TableColumn, TotalsRow, TotalsTable } from '../../shared/tableModel';
import type { ExportType } from '../../shared/exportType';
import { isNumeric } from '../../shared/numberFormat';
import { EXPORT_TYPE_FACTS } from '../schema/exportTypes';
import type { ReportColumn, ReportRow } from './model';

/** Columns that hold a person's name or address: left out of shared reports unless asked for. */
export function isPersonal(type: ExportType | 'unknown', key: string): boolean {
  return key.includes('email') || (type === 'users' && key === 'name');
}

/** The columns that say which entity a row is, in the type's order (the department of a user too). */
export function entityColumns(
  type: ExportType | 'unknown',
  columns: readonly TableColumn[],
  includeNames: boolean,
): number[] {
  const wanted =
    type === 'unknown'
      ? columns.filter((c) => c.aggregate === 'none' && !c.derived && c.format === 'text').map((c) => c.key)
      : [
          EXPORT_TYPE_FACTS[type].entityName,
          ...EXPORT_TYPE_FACTS[type].entityKey,
          ...(type === 'models' ? ['provider'] : []),
          ...(type === 'users' ? ['department'] : []),
        ];
  const keys = [...new Set(wanted)].filter((k) => includeNames || !isPersonal(type, k));
  return keys.map((k) => columns.findIndex((c) => c.key === k && !c.derived)).filter((i) => i >= 0);
}

/**
 * The summed figures of the file and the cost columns (not ratios, ranks or comparison columns), without what the
 * table hides by default where the column is made: Langdock's own cost and the audit of it beside the one Cost
 * (`costSource` auto or langdock; under calculate they show, as in the table).
 */
export function metricColumns(columns: readonly TableColumn[]): number[] {
  return columns.flatMap((c, i) =>
    c.aggregate === 'sum' && !c.derived && !c.hidden && !c.key.includes(':delta') ? [i] : [],
  );
}

export const toReportColumn = (c: TableColumn, label = c.label): ReportColumn => ({
  key: c.key,
  label,
  format: c.format,
});

/** A total or "Other" row names no entity: its text cells are blank, not n/a (numbers stay n/a when unknown). */
export function blankText(row: ReportRow, columns: readonly ReportColumn[]): ReportRow {
  return { ...row, cells: row.cells.map((c, i) => (c === null && !isNumeric(columns[i].format) ? '' : c)) };
}

const value = (cell: CellValue | undefined) => (cell === null || cell === undefined ? undefined : parseDecimal(cell));

/** Largest first by `index`; rows without a value last, in their order. */
export function byValueDesc(index: number) {
  return (a: { cells: readonly CellValue[] }, b: { cells: readonly CellValue[] }): number => {
    const x = value(a.cells[index]);
    const y = value(b.cells[index]);
    if (!x || !y) return (y ? 1 : 0) - (x ? 1 : 0);
    return compareDecimals(y, x);
  };
}

/**
 * The rows ranked by the table's ranking figure (cost, else requests or messages), or by the next of these when a
 * figure has no value at all (a Cost column of n/a); file order without one.
 */
export function rankedRows(totals: TotalsTable): TotalsRow[] {
  const { columns, grandTotal } = totals;
  const candidates = [
    rankingColumn(columns),
    costColumn(columns.filter((c) => c.key !== 'cost:usd'))?.column,
    primaryColumn(columns),
  ];
  const index = candidates.map((c) => (c ? columns.indexOf(c) : -1)).find((i) => i >= 0 && grandTotal[i] !== null);
  return index === undefined ? [...totals.rows] : [...totals.rows].sort(byValueDesc(index));
}

/** A row's partial marks: the cells that total only some of its rows (a count, or a cost's note says so). */
export function partialMarks(
  row: Pick<TotalsRow, 'unknown' | 'notes'>,
  columns: readonly TableColumn[],
  picked: readonly number[],
): boolean[] | undefined {
  const marks = picked.map((i) => (row.unknown?.[i] ?? 0) > 0 || row.notes?.[columns[i].key]?.partial === true);
  return marks.some(Boolean) ? marks : undefined;
}

/**
 * The first `limit` rows and one "Other" row that sums the rest exactly in the summed columns (n/a elsewhere); the
 * label goes into the first column.
 */
export function topWithOther(
  rows: readonly ReportRow[],
  limit: number,
  summed: readonly boolean[],
  otherLabel: (count: number) => string,
): ReportRow[] {
  if (rows.length <= limit + 1) return [...rows];
  const rest = rows.slice(limit);
  const cells = summed.map((isSum, i) =>
    i === 0 ? otherLabel(rest.length) : isSum ? sumCells(rest.map((r) => r.cells[i])) : null,
  );
  const partial = summed.map((isSum, i) => isSum && rest.some((r) => r.cells[i] === null || r.partial?.[i]));
  return [...rows.slice(0, limit), { cells, other: true, ...(partial.some(Boolean) ? { partial } : {}) }];
}
