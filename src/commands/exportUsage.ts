/**
 * `langdock.exportModelUsage` and `langdock.exportUsage`: prompts (or an argument object), then the export runner
 * does the rest (progress, errors, the table).
 */
import * as vscode from 'vscode';
import { isValidTimezone, rangeProblem, todayIn } from '../core/dates/dateRange';
import type { ExportRecord } from '../core/store/exportStore';
import { type ExportType, isExportType } from '../shared/exportType';
import type { ExportRequest, ExportRunner } from '../services/exportRunner';
import type { Services } from '../services/services';
import { readSettings } from '../services/settings';
import { usageTitle } from '../labels';
import { ensureApiKey } from './apiKeyCommands';
import { pickExportType, pickGrouping, pickRange, pickTimezone, resolveRange } from './exportPrompts';
import { problemText } from '../labels';
import { type ExportArgs, groupingProblem, rangeFromArgs } from './exportRequest';

/** Checks an argument object; the reason is shown to the user (it came from a keybinding or a task). */
function requestFromArgs(
  args: ExportArgs,
  fixedType: ExportType | undefined,
  defaultZone: string,
): ExportRequest | string {
  const type = fixedType ?? args.type ?? 'models';
  if (!isExportType(type)) return vscode.l10n.t('Unknown export type "{0}".', String(type));
  const range = rangeFromArgs(args, defaultZone);
  // An unknown zone has no "today"; rangeProblem reports the zone itself.
  const today = todayIn(isValidTimezone(range.timezone) ? range.timezone : 'UTC');
  const problem = problemText(rangeProblem(range, today));
  if (problem) return problem;
  const groupBy = args.groupBy ?? undefined;
  const grouping = groupingProblem(type, groupBy);
  if (grouping) return grouping;
  return { type, range, ...(groupBy ? { groupBy } : {}), open: args.open !== false };
}

async function promptRequest(
  fixedType: ExportType | undefined,
  defaultZone: string,
): Promise<ExportRequest | undefined> {
  const steps = fixedType ? 3 : 4;
  let step = fixedType ? 0 : 1;
  const stepLabel = (type: ExportType) => `${vscode.l10n.t('Export {0}', usageTitle(type))} (${++step}/${steps})`;
  const type = fixedType ?? (await pickExportType());
  if (!type) return undefined;
  const choice = await pickRange(defaultZone, stepLabel(type));
  if (!choice) return undefined;
  const timezone = await pickTimezone(defaultZone, stepLabel(type));
  if (!timezone) return undefined;
  const groupBy = await pickGrouping(type, stepLabel(type));
  if (groupBy === undefined) return undefined;
  return { type, range: resolveRange(choice, timezone), ...(groupBy ? { groupBy } : {}), open: true };
}

/** The command handler: prompts when `args` is absent. Returns the saved export, or undefined. */
export async function exportUsage(
  services: Services,
  runner: ExportRunner,
  fixedType: ExportType | undefined,
  args?: unknown,
): Promise<ExportRecord | undefined> {
  const settings = readSettings();
  let request: ExportRequest | undefined;
  if (args && typeof args === 'object') {
    const checked = requestFromArgs(args as ExportArgs, fixedType, settings.timezone);
    if (typeof checked === 'string') {
      services.notifier.show('error', checked);
      return undefined;
    }
    request = checked;
  }
  if (!(await ensureApiKey(services))) return undefined;
  request ??= await promptRequest(fixedType, settings.timezone);
  return request && runner.run(request);
}
