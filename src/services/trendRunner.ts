/**
 * A trend, run: one export per period (at most two in flight) through the same client and store as a single
 * export, reusing saved periods whose numbers are final, and a trend view that opens at once and fills in as each
 * period arrives. Cancel stops new requests; what was saved stays saved. Running the same trend again, or "Retry
 * missing periods", asks only for what is not there.
 */
import * as vscode from 'vscode';
import { LangdockApiError, type LangdockClient } from '../core/api/api';
import type { DateRange } from '../core/dates/dateRange';
import type { ExportRecord } from '../core/store/exportStore';
import { forEachLimit } from '../core/forEachLimit';
import { planTrend } from '../core/trend/trend';
import type { TrendRecord, TrendSpec, TrendStore } from '../core/store/trendStore';
import type { Services } from './services';
import { readSettings, type Settings } from './settings';
import { errorText, usageTitle } from '../labels';
import type { ExportRunner } from './exportRunner';
import { withCancellableProgress } from './progress';
import { saveEmptyExport } from '../core/store/fetchExport';

/** Where a running trend is shown while its periods arrive: the trend panels. */
export interface TrendDisplay {
  show(record: TrendRecord, pending: ReadonlySet<string>): void;
  update(record: TrendRecord, pending: ReadonlySet<string>): void;
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
    private readonly views: TrendDisplay,
  ) {}

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

  /** Runs a trend (again, for `retryOf`), showing it when `open`. */
  async run(spec: TrendSpec, open: boolean, retryOf?: TrendRecord): Promise<TrendResult | undefined> {
    const { store, log } = this.services;
    const settings = readSettings();
    const client = await this.exports.connect(settings);
    if (!client) return undefined;
    const host = settings.apiHost;
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
        const exportOne = async (index: number): Promise<void> => {
          const { period } = plan[index];
          const report = (message: string) =>
            progress.report({
              message: vscode.l10n.t('Period {0} of {1}: {2}', index + 1, plan.length, message),
            });
          record.periods[index] = await this.exportPeriod(client, spec, period, settings, report, signal);
          pending.delete(period.from);
          await this.trends.save(record);
          this.views.update(record, pending);
        };
        try {
          await forEachLimit(todo, IN_FLIGHT, exportOne, signal);
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
      const reason = errorText(error);
      this.services.log.warn(`Trend period ${from} – ${to} failed: ${(error as Error)?.message ?? String(error)}`);
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
      host: settings.apiHost,
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
