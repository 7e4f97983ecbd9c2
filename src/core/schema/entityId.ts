/** Which row is the same entity in two usage tables of one export type (a trend's periods, a comparison's two exports). */
import type { ExportType } from '../../shared/exportType';
import type { TotalsRow, UsageTable } from '../../shared/tableModel';
import { EXPORT_TYPE_FACTS } from './exportTypes';

/**
 * The same entity in every period: its key columns' values (a row's own key also names its part when it has only
 * one, e.g. a model used only through BYOK keys in one month and through both in the next).
 */
export function entityId(type: ExportType | 'unknown', table: UsageTable, row: TotalsRow): string {
  if (type === 'unknown') return row.key;
  const columns = EXPORT_TYPE_FACTS[type].entityKey.map((k) => table.totals.columns.findIndex((c) => c.key === k));
  return columns.every((i) => i >= 0) ? JSON.stringify(columns.map((i) => row.cells[i])) : row.key;
}
