/**
 * The export commands' argument object and the checks that the export and trend commands' argument objects
 * share (the checked request it becomes is the export runner's `ExportRequest`).
 */
import * as vscode from 'vscode';
import type { DateRange } from '../core/dates/dateRange';
import { EXPORT_TYPE_FACTS } from '../core/schema/exportTypes';
import type { ExportType, GroupBy } from '../shared/exportType';
import { typeLabel } from '../labels';

/** The argument object of the export commands (keybindings, tasks, tests): it skips the prompts. */
export interface ExportArgs {
  type?: ExportType;
  from: string;
  to: string;
  timezone?: string;
  groupBy?: GroupBy | null;
  /** Open the table when done (default true). */
  open?: boolean;
}

/** The range an argument object names (`timezone` defaults to the settings' zone); checked by the caller. */
export function rangeFromArgs(args: { from?: string; to?: string; timezone?: string }, defaultZone: string): DateRange {
  return { from: String(args.from ?? ''), to: String(args.to ?? ''), timezone: args.timezone || defaultZone };
}

/** Why `groupBy` does not fit the export type (naming the groupings it has), or undefined. */
export function groupingProblem(type: ExportType, groupBy: GroupBy | undefined): string | undefined {
  const allowed = EXPORT_TYPE_FACTS[type].groupings.map((g) => g.value);
  if (groupBy === undefined || allowed.includes(groupBy)) return undefined;
  return allowed.length
    ? vscode.l10n.t(
        '{0} exports can be grouped by {1}, not "{2}".',
        typeLabel(type),
        allowed.join(', '),
        String(groupBy),
      )
    : vscode.l10n.t('{0} exports cannot be grouped.', typeLabel(type));
}
