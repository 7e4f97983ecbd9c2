/**
 * `langdock.showUsageTrend` and the saved trends' commands: the argument object or the prompts make a trend's
 * spec, the trend runner runs it; open, retry and delete act on a saved trend by id.
 */
import * as vscode from 'vscode';
import { isValidTimezone, todayIn } from '../core/dates/dateRange';
import { type Granularity, isGranularity, lastPeriods } from '../core/dates/periods';
import { trendProblem } from '../core/trend/trend';
import type { TrendRecord, TrendSpec, TrendStore } from '../core/store/trendStore';
import { type ExportType, type GroupBy, isExportType } from '../shared/exportType';
import type { Services } from '../services/services';
import { readSettings } from '../services/settings';
import type { TrendResult, TrendRunner } from '../services/trendRunner';
import { trendLabel, type TrendPanels } from '../views/trendPanel';
import { ensureApiKey } from './apiKeyCommands';
import { pickExportType, pickGrouping, pickRange, pickTimezone, resolveRange } from './exportPrompts';
import { problemText } from '../labels';
import { groupingProblem, rangeFromArgs } from './exportRequest';
import { COMMANDS } from '../commandIds';

/** The argument object: skips the prompts (keybindings, tasks, tests). */
interface TrendArgs {
  type?: ExportType;
  granularity: Granularity;
  from: string;
  to: string;
  timezone?: string;
  groupBy?: GroupBy | null;
  /** Open the trend view (default true). */
  open?: boolean;
}

function specFromArgs(args: TrendArgs, defaultZone: string): TrendSpec | string {
  const type = args.type ?? 'models';
  if (!isExportType(type)) return vscode.l10n.t('Unknown export type "{0}".', String(type));
  if (!isGranularity(args.granularity))
    return vscode.l10n.t('"granularity" must be "day", "week" or "month", not "{0}".', String(args.granularity));
  const range = rangeFromArgs(args, defaultZone);
  const groupBy = args.groupBy ?? undefined;
  const grouping = groupingProblem(type, groupBy);
  if (grouping) return grouping;
  const spec: TrendSpec = { type, granularity: args.granularity, range, ...(groupBy ? { groupBy } : {}) };
  const today = todayIn(isValidTimezone(range.timezone) ? range.timezone : 'UTC');
  return problemText(trendProblem(spec, today)) ?? spec;
}

type Span = { granularity: Granularity; count: number } | { custom: Granularity };

function granularityLabel(granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return vscode.l10n.t('Daily');
    case 'week':
      return vscode.l10n.t('Weekly');
    case 'month':
      return vscode.l10n.t('Monthly');
  }
}

async function pickSpan(step: string): Promise<Span | undefined> {
  type Item = vscode.QuickPickItem & { span?: Span };
  const last = (granularity: Granularity, count: number, label: string): Item => ({
    label,
    description: granularityLabel(granularity),
    span: { granularity, count },
  });
  const items: Item[] = [
    last('day', 7, vscode.l10n.t('Last 7 days')),
    last('day', 14, vscode.l10n.t('Last 14 days')),
    last('day', 30, vscode.l10n.t('Last 30 days')),
    last('week', 4, vscode.l10n.t('Last 4 weeks')),
    last('week', 8, vscode.l10n.t('Last 8 weeks')),
    last('week', 12, vscode.l10n.t('Last 12 weeks')),
    last('week', 26, vscode.l10n.t('Last 26 weeks')),
    last('month', 3, vscode.l10n.t('Last 3 months')),
    last('month', 6, vscode.l10n.t('Last 6 months')),
    last('month', 12, vscode.l10n.t('Last 12 months')),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...(['day', 'week', 'month'] as const).map((g): Item => ({
      label: vscode.l10n.t('Custom range…'),
      description: granularityLabel(g),
      span: { custom: g },
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: Periods', step),
    placeHolder: vscode.l10n.t('The current period runs to today'),
    ignoreFocusOut: true,
  });
  return picked?.span;
}

async function promptSpec(defaultZone: string): Promise<TrendSpec | undefined> {
  let step = 1;
  const stepLabel = () => `${vscode.l10n.t('Usage Trend')} (${++step}/4)`;
  const type = await pickExportType();
  if (!type) return undefined;
  const span = await pickSpan(stepLabel());
  if (!span) return undefined;
  const custom = 'custom' in span ? await pickRange(defaultZone, vscode.l10n.t('Usage Trend')) : undefined;
  if ('custom' in span && !custom) return undefined;
  const timezone = await pickTimezone(defaultZone, stepLabel());
  if (!timezone) return undefined;
  const groupBy = await pickGrouping(type, stepLabel());
  if (groupBy === undefined) return undefined;
  const granularity = 'custom' in span ? span.custom : span.granularity;
  const range =
    'custom' in span
      ? resolveRange(custom!, timezone)
      : lastPeriods(todayIn(timezone), granularity, span.count, timezone);
  return { type, granularity, range, ...(groupBy ? { groupBy } : {}) };
}

/** The command handler: prompts when `args` is absent. */
async function showUsageTrend(
  services: Services,
  runner: TrendRunner,
  args?: unknown,
): Promise<TrendResult | undefined> {
  const settings = readSettings();
  let spec: TrendSpec | undefined;
  let open = true;
  if (args && typeof args === 'object') {
    const checked = specFromArgs(args as TrendArgs, settings.timezone);
    if (typeof checked === 'string') {
      services.notifier.show('error', checked);
      return undefined;
    }
    spec = checked;
    open = (args as TrendArgs).open !== false;
  }
  if (!(await ensureApiKey(services))) return undefined;
  spec ??= await promptSpec(settings.timezone);
  return spec && runner.run(spec, open);
}

/** The trend commands: run one, open a saved one (offline), delete one. Saved trends are named by id. */
export function registerTrendCommands(
  services: Services,
  runner: TrendRunner,
  trends: TrendStore,
  views: TrendPanels,
): vscode.Disposable[] {
  const resolve = async (arg: unknown): Promise<TrendRecord | undefined> => {
    const id = typeof arg === 'string' ? arg : (arg as TrendRecord | undefined)?.id;
    const trend = id ? await trends.get(id) : undefined;
    if (!trend) services.notifier.show('warning', vscode.l10n.t('That trend no longer exists.'));
    return trend;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.showUsageTrend, (args?: unknown) =>
      showUsageTrend(services, runner, args),
    ),
    vscode.commands.registerCommand(COMMANDS.retryMissingPeriods, async (arg: unknown) => {
      const trend = await resolve(arg);
      return trend && runner.retryMissing(trend.id);
    }),
    vscode.commands.registerCommand(COMMANDS.openTrend, async (arg: unknown) => {
      const trend = await resolve(arg);
      if (trend) views.show(trend);
      return Boolean(trend);
    }),
    vscode.commands.registerCommand(COMMANDS.deleteTrend, async (arg: unknown, option?: unknown) => {
      const trend = await resolve(arg);
      if (!trend) return false;
      const remove = vscode.l10n.t('Delete');
      // A second argument `{ confirm: false }` skips the dialog (automation and tests).
      const picked =
        (option as { confirm?: boolean } | undefined)?.confirm === false
          ? remove
          : await vscode.window.showWarningMessage(
              vscode.l10n.t('Delete the trend {0}?', trendLabel(trend)),
              {
                modal: true,
                detail: vscode.l10n.t('Saved periods that no other trend uses are removed from this computer.'),
              },
              remove,
            );
      if (picked !== remove) return false;
      views.close(trend.id);
      await trends.delete(trend.id, readSettings().recentExportsLimit);
      return true;
    }),
  ];
}
