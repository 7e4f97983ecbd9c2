/** RFC 4180 writing: the sandbox's CSVs must be valid for any conforming parser, including JSON-in-cell columns. */

export type Cell = string | number | boolean | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
