/**
 * "Copy as TSV / Markdown": the shown table (current tab, filter and sort; the grand total last) as text.
 * TSV keeps exact numbers so spreadsheets read them as numbers, and neutralises cells a spreadsheet would run as a
 * formula; Markdown shows the formatted numbers, with the screen's `*` on partial totals, and escapes what would
 * break the table.
 */
import type { CellValue, TableColumn } from '../../shared/protocol';
import { escapeMarkdownCell, guardCell } from '../../shared/cellText';
import { isNumeric } from '../../shared/numberFormat';

export interface CopySource {
  columns: readonly TableColumn[];
  /** The shown rows' cells, in display order, with how many rows each cell leaves out (see TotalsRow). */
  rows: Iterable<{ cells: readonly CellValue[]; unknown?: readonly number[] | undefined }>;
  total: readonly CellValue[];
  totalUnknown?: readonly number[];
  totalLabel: string;
  /** A cell as the screen shows it (for Markdown); `inTotal` for the grand total row. */
  display(value: CellValue, column: TableColumn, inTotal: boolean): string;
}

function tsvCell(text: string, numeric: boolean): string {
  // TSV has no quoting everyone agrees on: separators inside a cell become spaces.
  return guardCell(text, numeric).replace(/[\t\r\n]+/g, ' ');
}

/** The grand total row names itself in its first cell, like on screen. */
function withTotalLabel(total: readonly CellValue[], label: string): CellValue[] {
  const cells = [...total];
  if (cells.length > 0) cells[0] = label;
  return cells;
}

export function toTsv(source: CopySource): string {
  const { columns } = source;
  const line = (cells: readonly CellValue[], numericAware: boolean) =>
    columns.map((c, i) => tsvCell(cells[i] ?? '', numericAware && isNumeric(c.format))).join('\t');
  const lines = [columns.map((c) => tsvCell(c.label, false)).join('\t')];
  for (const row of source.rows) lines.push(line(row.cells, true));
  lines.push(line(withTotalLabel(source.total, source.totalLabel), true));
  return lines.join('\r\n') + '\r\n';
}

export function toMarkdown(source: CopySource): string {
  const { columns } = source;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const shown = (cells: readonly CellValue[], unknown: readonly number[] | undefined, inTotal: boolean) =>
    columns.map(
      (c, i) =>
        escapeMarkdownCell(source.display(cells[i] ?? null, c, inTotal)) +
        (unknown?.[i] && cells[i] !== null ? '\\*' : ''),
    );
  const lines = [
    line(columns.map((c) => escapeMarkdownCell(c.label))),
    line(columns.map((c) => (isNumeric(c.format) ? '---:' : '---'))),
  ];
  for (const row of source.rows) lines.push(line(shown(row.cells, row.unknown, false)));
  lines.push(line(shown(withTotalLabel(source.total, source.totalLabel), source.totalUnknown, true)));
  return lines.join('\n') + '\n';
}

/** A CSV field: quoted when it holds a separator, quote or line break (RFC 4180), and guarded against formulas. */
function csvCell(text: string, numeric: boolean): string {
  const guarded = guardCell(text, numeric);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** Rows as CSV with a header line (no total row: a list of people, not a table of sums). */
export function toCsv(columns: readonly TableColumn[], rows: Iterable<readonly CellValue[]>): string {
  const line = (cells: readonly CellValue[], header: boolean) =>
    columns.map((c, i) => csvCell(cells[i] ?? '', !header && isNumeric(c.format))).join(',');
  const lines = [
    line(
      columns.map((c) => c.label),
      true,
    ),
  ];
  for (const cells of rows) lines.push(line(cells, false));
  return lines.join('\r\n') + '\r\n';
}
