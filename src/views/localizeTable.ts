/**
 * The table's column labels and descriptions in the display language. The core writes them in English (it has no
 * `vscode`); only the documented and derived columns are translated, never a header taken from the file.
 */
import * as vscode from 'vscode';
import { knownColumnFact } from '../core/schema/exportTypes';
import type { TableColumn, UsageTable } from '../shared/tableModel';

function localizeColumn(column: TableColumn): TableColumn {
  if (!column.derived && !knownColumnFact(column.key)) return column;
  return {
    ...column,
    label: vscode.l10n.t(column.label),
    ...(column.description ? { description: vscode.l10n.t(column.description) } : {}),
  };
}

export function localizeTable(table: UsageTable): UsageTable {
  return {
    ...table,
    columns: table.columns.map(localizeColumn),
    totals: { ...table.totals, columns: table.totals.columns.map(localizeColumn) },
  };
}
