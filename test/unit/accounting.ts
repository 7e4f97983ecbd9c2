/**
 * The rule the README states, as a check: every cell of a totalled column is counted in its grand total, empty, or
 * counted by a warning that names the column's number; and a grand total that leaves rows out says how many.
 */
import { parseDecimal } from '../../src/shared/decimal';
import type { CellValue, UsageTable } from '../../src/shared/tableModel';

/** Problems with how `table` accounts for the cells of `rows` (the parsed file), as sentences; empty when none. */
export function accountingProblems(rows: readonly (readonly CellValue[])[], table: UsageTable): string[] {
  const problems: string[] = [];
  table.totals.columns.forEach((column, t) => {
    if (column.aggregate === 'none' || column.derived) return;
    const col = table.columns.indexOf(column);
    let numbers = 0;
    let empty = 0;
    for (const row of rows) {
      const text = row[col] ?? null;
      if (text === null) empty++;
      else if (parseDecimal(text) !== undefined) numbers++;
    }
    const warned = table.warnings
      .map((w) => new RegExp(`^(\\d+) cells? of column ${col + 1} \\(`).exec(w))
      .reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
    if (numbers + empty + warned !== rows.length)
      problems.push(`column ${col + 1}: ${numbers} counted + ${empty} empty + ${warned} warned ≠ ${rows.length} rows`);
    const unknown = table.totals.grandUnknown?.[t] ?? 0;
    const expected = table.totals.grandTotal[t] === null ? 0 : empty + warned;
    if (unknown !== expected)
      problems.push(`column ${col + 1}: the grand total leaves out ${unknown}, not ${expected}`);
  });
  return problems;
}
