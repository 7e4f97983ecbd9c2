/**
 * The monthly spend budget (opt-in with `langdock.monthlyBudgetUsd`): this month's cost from this
 * month's models export against the budget, refreshed by `langdock.refreshBudget` and at most once per
 * `langdock.budgetRefreshMinutes` while a window is focused. One request at a time across windows (a lock file in
 * the global storage folder); the others show what that one saves. Without a key, without cost data or on an
 * error it says "no cost data", never $0. Warnings at 80 % and 100 % once per month (remembered in globalState).
 */
import * as vscode from 'vscode';
import * as path from 'path';
import {
  budgetFigures,
  budgetPercent,
  budgetRecord,
  dueWarning,
  isFresh,
  type BudgetFigures,
} from '../core/pricing/budget';
import { type DateRange, presetRange, todayIn } from '../core/dates/dateRange';
import type { ExportRecord } from '../core/store/exportStore';
import { tryLock } from '../core/store/fileLock';
import { readTableOnce } from '../core/table/workerTable';
import { usdFormat } from '../shared/usd';
import { runRate } from '../shared/headline';
import type { Services } from './services';
import { readBudgetSettings, readSettings } from './settings';
import { errorText } from '../labels';
import { COMMANDS } from '../commandIds';
import { settingId } from '../settingKeys';
import type { ExportRunner } from './exportRunner';

/** A lock older than this belongs to a window that died mid-request. */
const LOCK_STALE_MS = 10 * 60_000;
/** globalState keys: the last warning shown ({ month, level }) and the export the budget saved last. */
const WARNED_KEY = 'langdock.budget.warned';
const EXPORT_KEY = 'langdock.budget.exportId';

/** What the status bar item shows, for the integration tests. */
export interface BudgetSnapshot {
  state: 'off' | 'refreshing' | 'cost' | 'noCost';
  text: string;
  tooltip: string;
  /** The id of the export a click opens, when there is one. */
  exportId?: string;
  /** Whole percent of the budget used, when there is a cost. */
  percent?: number;
}

/** Where the budget is shown: the status bar item (views/budgetStatus.ts). */
export interface BudgetDisplay {
  render(snapshot: BudgetSnapshot): void;
}

export class BudgetService implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<BudgetSnapshot> | undefined;
  /** The one run waiting behind `running`, and what the calls it stands for asked of it. */
  private queued: { wish: { force: boolean; fetch: boolean; asked: number }; run: Promise<BudgetSnapshot> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shown: BudgetSnapshot = { state: 'off', text: '', tooltip: '' };
  private readonly lockFile: string;

  constructor(
    private readonly services: Services,
    private readonly runner: ExportRunner,
    private readonly memento: vscode.Memento,
    storageFolder: string,
    /** The table worker's script: this month's table is read off the extension host. */
    private readonly workerScript: string,
    private readonly display: BudgetDisplay,
  ) {
    this.lockFile = path.join(storageFolder, 'budget.lock');
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          (['monthlyBudgetUsd', 'budgetRefreshMinutes', 'baseUrl', 'defaultTimezone'] as const).some((k) =>
            e.affectsConfiguration(settingId(k)),
          )
        )
          void this.refresh(false);
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.refresh(false);
      }),
      // Another window (or an export of this month's models) saved new data: show it, without a request.
      this.services.store.onDidChange(() => void this.refresh(false, false)),
    );
  }

  /** The first look, after activation has returned (never inside it). */
  start(): void {
    setTimeout(() => void this.refresh(false), 0);
  }

  snapshot(): BudgetSnapshot {
    return this.shown;
  }

  /**
   * Shows the budget from the newest saved data, first fetching this month's models export when `force`, or when
   * `fetch` and the saved one is missing or older than the refresh interval. One refresh at a time per window.
   */
  refresh(force: boolean, fetch = true): Promise<BudgetSnapshot> {
    // One refresh at a time. A call that comes while one runs never takes that one's answer (it may have read the
    // settings, the key or the data before they changed): it shares one more run after it, which asks with the
    // strongest wish of the calls it stands for and fetches unless the run before saved data after it was asked.
    if (this.queued) {
      this.queued.wish.force ||= force;
      this.queued.wish.fetch ||= fetch;
      return this.queued.run;
    }
    const wish = { force, fetch, asked: Date.now() };
    const before = this.running;
    const run: Promise<BudgetSnapshot> = (before ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.queued?.run === run) this.queued = undefined;
        return this.update(wish.force, wish.fetch, wish.asked);
      })
      .finally(() => {
        if (this.running !== run) return;
        this.running = undefined;
        this.schedule();
      });
    this.running = run;
    if (before) this.queued = { wish, run };
    return run;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const { monthlyBudgetUsd, refreshMs } = readBudgetSettings();
    if (monthlyBudgetUsd === undefined) return;
    this.timer = setTimeout(() => {
      if (vscode.window.state.focused) void this.refresh(false);
      else this.schedule();
    }, refreshMs);
  }

  private async update(force: boolean, fetch: boolean, asked: number): Promise<BudgetSnapshot> {
    const { monthlyBudgetUsd: budget, refreshMs } = readBudgetSettings();
    if (budget === undefined) return this.render({ state: 'off', text: '', tooltip: '' });
    try {
      const settings = readSettings();
      const range = presetRange('thisMonth', settings.timezone);
      const host = settings.apiHost;
      let record = budgetRecord(await this.services.store.list(), range, host);
      const savedSinceAsked = record !== undefined && Date.parse(record.createdAt) >= asked;
      if (fetch && ((force && !savedSinceAsked) || !record || !isFresh(record, refreshMs, Date.now()))) {
        if (this.shown.state !== 'cost') this.render(refreshing());
        const fetched = await this.fetch(range, host, refreshMs, force);
        if (fetched === 'noKey') return this.render(noCost(vscode.l10n.t('No API key is set.')));
        if (fetched !== 'busy') record = fetched;
      }
      if (!record) return this.shown.state === 'refreshing' ? this.shown : this.render(refreshing());
      const csvPath = this.services.store.csvPath(record.id);
      const table = await readTableOnce(this.workerScript, csvPath, { type: 'models' }, vscode.l10n.bundle);
      return this.show(record, range, budget, budgetFigures(table));
    } catch (error) {
      this.services.log.warn(`Budget: ${(error as Error).message}`);
      return this.render(noCost(vscode.l10n.t('The last refresh failed: {0}', errorText(error))));
    }
  }

  /**
   * This month's models export from the API, under the cross-window lock: 'busy' when another window is fetching
   * (its save reaches this one through the store's watcher), 'noKey' without a key.
   */
  private async fetch(range: DateRange, host: string, refreshMs: number, force: boolean) {
    const release = await tryLock(this.lockFile, LOCK_STALE_MS);
    if (!release) return 'busy' as const;
    try {
      // Another window may have saved it while this one waited for the lock.
      const saved = budgetRecord(await this.services.store.list(), range, host);
      if (saved && !force && isFresh(saved, refreshMs, Date.now())) return saved;
      const record = await this.runner.fetchQuietly(
        { type: 'models', range, open: false },
        AbortSignal.timeout(LOCK_STALE_MS),
      );
      if (!record) return 'noKey' as const;
      // The budget keeps one export of its own, not one per refresh.
      const previous = this.memento.get<string>(EXPORT_KEY);
      await this.memento.update(EXPORT_KEY, record.id);
      if (previous && previous !== record.id) await this.services.store.delete(previous);
      return record;
    } finally {
      await release();
    }
  }

  private show(record: ExportRecord, range: DateRange, budget: number, figures: BudgetFigures): BudgetSnapshot {
    const source = vscode.l10n.t(
      "Langdock's estimated provider cost (total_cost_usd) in this month's models export, {0} – {1}",
      range.from,
      range.to,
    );
    const dataTime = vscode.l10n.t('Data of {0}', new Date(record.createdAt).toLocaleString(vscode.env.language));
    if (figures.kind === 'noCost') {
      const why = vscode.l10n.t("This month's models export has no cost: Langdock reports cost for BYOK models only.");
      return this.render({ ...noCost([why, dataTime].join('\n')), exportId: record.id });
    }
    const { cost, unpricedModels } = figures;
    const percent = budgetPercent(cost, budget);
    const lines = [source, dataTime];
    const rate = runRate(cost, range, todayIn(range.timezone));
    if (rate)
      lines.push(
        vscode.l10n.t(
          'Forecast to {0}: {1} ({2} of {3} days, linear)',
          rate.end,
          usd(rate.projected),
          rate.elapsedDays,
          rate.totalDays,
        ),
      );
    if (unpricedModels > 0)
      lines.push(
        vscode.l10n.t(
          '{0} models have tokens but no cost (no token prices set in Langdock): their usage is not counted.',
          unpricedModels,
        ),
      );
    lines.push(vscode.l10n.t("Click to open this month's table."));
    const snapshot = this.render({
      state: 'cost',
      text: `$(credit-card) ${vscode.l10n.t('{0} of {1} · {2} %', usd(cost), usd(String(budget)), percent)}`,
      tooltip: lines.join('\n'),
      exportId: record.id,
      percent,
    });
    void this.warnOnce(record, cost, budget, range.from.slice(0, 7));
    return snapshot;
  }

  private async warnOnce(record: ExportRecord, cost: string, budget: number, month: string): Promise<void> {
    const level = dueWarning(cost, budget, month, this.memento.get(WARNED_KEY));
    if (!level) return;
    await this.memento.update(WARNED_KEY, { month, level });
    const text =
      level === 100
        ? vscode.l10n.t(
            "This month's Langdock cost ({0}) has reached the budget of {1}.",
            usd(cost),
            usd(String(budget)),
          )
        : vscode.l10n.t(
            "This month's Langdock cost ({0}) is at {1} % of the budget of {2}.",
            usd(cost),
            budgetPercent(cost, budget),
            usd(String(budget)),
          );
    this.services.notifier.show('warning', text, {
      title: vscode.l10n.t('Open Table'),
      run: () => vscode.commands.executeCommand(COMMANDS.openExport, record.id),
    });
  }

  private render(snapshot: BudgetSnapshot): BudgetSnapshot {
    this.shown = snapshot;
    this.display.render(snapshot);
    return snapshot;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function refreshing(): BudgetSnapshot {
  return { state: 'refreshing', text: `$(sync~spin) ${vscode.l10n.t('Budget: refreshing…')}`, tooltip: '' };
}

function noCost(reason: string): BudgetSnapshot {
  return { state: 'noCost', text: `$(credit-card) ${vscode.l10n.t('Budget: no cost data')}`, tooltip: reason };
}

/** Whole dollars in the display language ("$1,240"); the percentage is computed exactly elsewhere. */
function usd(amount: string): string {
  return usdFormat(vscode.env.language).whole(amount);
}
