/** RFC 4180 CSV text (CRLF, quotes where needed) with the spreadsheet-formula guard on every text cell. */
import { guardCell } from '../../shared/cellText';
import type { CellValue } from '../../shared/tableModel';

function csvCell(value: CellValue, numeric: boolean): string {
  if (value === null) return '';
  const text = guardCell(value, numeric);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `numeric[i]`: column i holds numbers, so a negative number stays a number rather than being guarded. */
export function csvText(
  header: readonly string[],
  rows: readonly (readonly CellValue[])[],
  numeric: readonly boolean[],
): string {
  const lines = [header.map((h) => csvCell(h, false)).join(',')];
  for (const row of rows) lines.push(row.map((cell, i) => csvCell(cell, numeric[i] ?? false)).join(','));
  return lines.join('\r\n') + '\r\n';
}
