/**
 * The table's column labels and descriptions in the display language. The core writes them in English (it has no
 * `vscode`); only the documented and derived columns are translated, never a header taken from the file.
 */
import * as vscode from 'vscode';
import { knownColumnFact } from '../core/exportTypes';
import type { TableColumn, UsageTable } from '../shared/tableModel';
import type { GroupedView } from '../shared/organisation';
import { EMPTY_GROUP_KEY, GROUP_LABELS } from '../core/org/groupedView';

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

/** The grouped view's labels and the empty group's name in the display language (all of them are the core's). */
export function localizeGroupedView(view: GroupedView): GroupedView {
  const { table, groupBy } = view;
  if (!table || !groupBy) return view;
  const t = (text: string) => vscode.l10n.t(text);
  const empty = GROUP_LABELS[groupBy].emptyGroup;
  return {
    ...view,
    table: {
      ...table,
      entityLabel: t(table.entityLabel),
      columns: table.columns.map((c) => ({
        ...c,
        label: t(c.label),
        ...(c.description ? { description: t(c.description) } : {}),
      })),
      // The empty attribute's group is the only one named by the core (the others are the file's text).
      rows: table.rows.map((row) =>
        row.key === EMPTY_GROUP_KEY ? { ...row, cells: [t(empty), ...row.cells.slice(1)] } : row,
      ),
    },
  };
}
