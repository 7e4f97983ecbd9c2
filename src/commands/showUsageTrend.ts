/**
 * `langdock.showUsageTrend`: one export per period (at most two in flight) through the same client and store as
 * a single export, reusing saved periods whose numbers are final, and a trend view that opens at once and fills
 * in as each period arrives. Cancel stops new requests; what was saved stays saved. Running the same trend again,
 * or "Retry missing periods", asks only for what is not there.
 */
import * as vscode from 'vscode';
import { LangdockApiError, type LangdockClient } from '../core/api';
import { type DateRange, isValidTimezone, todayIn } from '../core/dateRange';
import type { ExportRecord } from '../core/exportStore';
import { type Granularity, isGranularity, lastPeriods } from '../core/periods';
import { planTrend, trendProblem, type TrendSpec } from '../core/trend';
import type { TrendRecord, TrendStore } from '../core/trendStore';
import { type ExportType, type GroupBy, isExportType } from '../shared/exportType';
import type { Services } from '../services/services';
import { readSettings, type Settings } from '../services/settings';
import { trendLabel, type TrendPanels } from '../views/trendPanel';
import { usageTitle } from '../views/labels';
import { ensureApiKey } from './apiKeyCommands';
import { pickExportType, pickGrouping, pickRange, pickTimezone, problemText, resolveRange } from './exportPrompts';
import type { ExportRunner } from './exportUsage';
import { groupingProblem, rangeFromArgs } from './exportRequest';
import { withCancellableProgress } from './progress';
import { COMMANDS } from './commandIds';
import { saveEmptyExport } from '../core/store/fetchExport';

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

export interface TrendResult {
  trendId: string;
  /** In time order; `csvPath` is the saved CSV of the period's export, absent when the period is missing. */
  periods: { from: string; to: string; csvPath?: string; error?: string }[];
  /** How many periods have no saved export. */
  missing: number;
}

/** Exports in flight at once: real exports take ~30 s each, and the API rate-limits. */
const IN_FLIGHT = 2;

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

function specOf(record: TrendRecord): TrendSpec {
  return {
    type: record.type,
    granularity: record.granularity,
    range: record.range,
    ...(record.groupBy ? { groupBy: record.groupBy } : {}),
  };
}

export class TrendRunner {
  /** One per running trend, for `cancelAll`. */
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly services: Services,
    private readonly exports: ExportRunner,
    private readonly trends: TrendStore,
    private readonly views: TrendPanels,
  ) {}

  async command(args?: unknown): Promise<TrendResult | undefined> {
    const settings = readSettings();
    let spec: TrendSpec | undefined;
    let open = true;
    if (args && typeof args === 'object') {
      const checked = specFromArgs(args as TrendArgs, settings.timezone);
      if (typeof checked === 'string') {
        this.services.notifier.show('error', checked);
        return undefined;
      }
      spec = checked;
      open = (args as TrendArgs).open !== false;
    }
    if (!(await ensureApiKey(this.services))) return undefined;
    spec ??= await promptSpec(settings.timezone);
    return spec && this.run(spec, open);
  }

  /** What Cancel on each running trend's notification does (the test API's way to press it). */
  cancelAll(): void {
    for (const stop of this.running) stop.abort();
  }

  /** Asks again only for the periods the saved trend lacks. */
  async retryMissing(trendId: string): Promise<TrendResult | undefined> {
    const record = await this.trends.get(trendId);
    if (!record) {
      this.services.notifier.show('warning', vscode.l10n.t('That trend no longer exists.'));
      return undefined;
    }
    return this.run(specOf(record), true, record);
  }

  private async run(spec: TrendSpec, open: boolean, retryOf?: TrendRecord): Promise<TrendResult | undefined> {
    const { store, log } = this.services;
    const settings = readSettings();
    const client = await this.exports.connect(settings);
    if (!client) return undefined;
    const host = new URL(settings.baseUrl).host;
    const saved = await store.list();
    const existing = retryOf ?? (await this.trends.find(spec, host));
    const keep = new Map<string, ExportRecord>();
    for (const p of retryOf?.periods ?? []) {
      const kept = p.exportId ? saved.find((r) => r.id === p.exportId) : undefined;
      if (kept) keep.set(p.from, kept);
    }
    const plan = planTrend(spec, host, saved, Date.now(), keep);
    const record: TrendRecord = {
      ...(existing ?? this.trends.create(spec, host)),
      createdAt: new Date().toISOString(),
      periods: plan.map((p) => ({
        from: p.period.from,
        to: p.period.to,
        ...(p.reuse ? { exportId: p.reuse.id } : {}),
      })),
    };
    const todo = plan.flatMap((p, i) => (p.reuse ? [] : [i]));
    const pending = new Set(todo.map((i) => plan[i].period.from));
    await this.trends.save(record);
    await this.trends.prune(settings.recentExportsLimit);
    log.info(
      `Trend ${record.id}: ${plan.length} periods, ${plan.length - todo.length} reused, ${todo.length} to export`,
    );
    if (open) this.views.show(record, pending);
    let cancelled = false;
    if (todo.length > 0) {
      const title = vscode.l10n.t('Usage trend: {0}', usageTitle(spec.type).toLowerCase());
      await withCancellableProgress(title, async (progress, cancel) => {
        const stop = new AbortController();
        this.running.add(stop);
        const signal = AbortSignal.any([cancel, stop.signal]);
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < todo.length && !signal.aborted) {
            const index = todo[next++];
            const { period } = plan[index];
            const report = (message: string) =>
              progress.report({
                message: vscode.l10n.t('Period {0} of {1}: {2}', index + 1, plan.length, message),
              });
            record.periods[index] = await this.exportPeriod(client, spec, period, settings, report, signal);
            pending.delete(period.from);
            await this.trends.save(record);
            this.views.update(record, pending);
          }
        };
        try {
          await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, worker));
        } finally {
          this.running.delete(stop);
        }
        cancelled = signal.aborted;
      });
      pending.clear();
      this.views.update(record, pending);
    }
    return this.finish(record, cancelled);
  }

  /** One period's export; a period with no usage at all is saved as an empty export, so it is reused too. */
  private async exportPeriod(
    client: LangdockClient,
    spec: TrendSpec,
    period: DateRange,
    settings: Settings,
    report: (message: string) => void,
    signal: AbortSignal,
  ): Promise<TrendRecord['periods'][number]> {
    const { from, to } = period;
    const request = { type: spec.type, range: period, groupBy: spec.groupBy, open: false, hidden: true };
    try {
      const saved = await this.exports.fetchAndSave(
        client,
        request,
        settings,
        { report: ({ message }) => report(message ?? '') },
        signal,
      );
      this.trends.claim(saved.id);
      return { from, to, exportId: saved.id };
    } catch (error) {
      if (error instanceof LangdockApiError && error.kind === 'empty') {
        const saved = await this.saveEmpty(spec, period, settings);
        return { from, to, exportId: saved.id };
      }
      if (signal.aborted) return { from, to };
      const reason = error instanceof Error ? error.message : String(error);
      this.services.log.warn(`Trend period ${from} – ${to} failed: ${reason}`);
      return { from, to, error: reason };
    }
  }

  private async saveEmpty(spec: TrendSpec, period: DateRange, settings: Settings): Promise<ExportRecord> {
    const request = {
      type: spec.type,
      range: period,
      ...(spec.groupBy ? { groupBy: spec.groupBy } : {}),
      hidden: true,
    };
    const saved = await saveEmptyExport(this.services.store, request, {
      host: new URL(settings.baseUrl).host,
      keep: settings.recentExportsLimit,
    });
    this.trends.claim(saved.id);
    return saved;
  }

  private finish(record: TrendRecord, cancelled: boolean): TrendResult {
    const { store, notifier, log } = this.services;
    const periods = record.periods.map((p) => ({
      from: p.from,
      to: p.to,
      ...(p.exportId ? { csvPath: store.csvPath(p.exportId) } : {}),
      ...(p.error ? { error: p.error } : {}),
    }));
    const missing = periods.filter((p) => !p.csvPath).length;
    if (cancelled) log.info(`Trend ${record.id} cancelled with ${missing} periods missing`);
    else if (missing > 0) {
      const reason = record.periods.find((p) => p.error)?.error ?? '';
      notifier.show(
        'warning',
        vscode.l10n.t('{0} of {1} periods could not be exported: {2}', missing, periods.length, reason),
        { title: vscode.l10n.t('Retry Missing Periods'), run: () => this.retryMissing(record.id) },
      );
    }
    return { trendId: record.id, periods, missing };
  }
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
    vscode.commands.registerCommand(COMMANDS.showUsageTrend, (args?: unknown) => runner.command(args)),
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
