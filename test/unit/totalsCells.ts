/** Reading a usage table's totals in tests: a row by its entity's name, a cell by the row and the column key. */
import * as assert from 'node:assert/strict';
import type { CellValue, TotalsRow, UsageTable } from '../../src/shared/tableModel';

/** The totals row whose first cell (the entity's name) is `name`. */
export function rowOf(table: UsageTable, name: string): TotalsRow {
  const row = table.totals.rows.find((r) => r.cells[0] === name);
  assert.ok(row, `no row ${name}`);
  return row;
}

/** One totals cell by the entity's name (or a row object) and the column key; 'total' is the grand total. */
export function cell(table: UsageTable, row: string | TotalsRow, key: string): CellValue {
  const index = table.totals.columns.findIndex((c) => c.key === key);
  assert.ok(index >= 0, `no totals column ${key}`);
  if (row === 'total') return table.totals.grandTotal[index];
  return (typeof row === 'string' ? rowOf(table, row) : row).cells[index];
}
