/**
 * The host side of the trend view: one panel per saved trend, which opens at once and is sent the whole view
 * again whenever a period arrives (a trend is small: entities × periods × a few metrics). Each period's CSV is read
 * once through the same totals code as the table.
 */
import * as vscode from 'vscode';
import { copyShown } from './clipboard';
import type { ExportStore } from '../core/store/exportStore';
import { periodKey } from '../core/dates/periods';
import { tableWorkerScript, WorkerTable } from '../core/table/workerTable';
import { type LoadedPeriod, trendMetrics } from '../core/trend/trendData';
import { restOfToday, runningProgress, withForecasts } from '../core/trend/runningPeriod';
import { todayIn } from '../core/dates/dateRange';
import type { TrendRecord } from '../core/store/trendStore';
import { entityTexts } from '../shared/entityTexts';
import { adoptionMetrics } from '../core/org/adoption';
import { seatStatus, seatTable } from '../core/org/seatStatus';
import type { UsageTable } from '../shared/tableModel';
import {
  type HostToTrend,
  isTrendWebviewMessage,
  type TrendPeriodInfo,
  type TrendToHost,
  type TrendView,
} from '../shared/trendProtocol';
import { errorText, groupingLabel, rangeLabel, usageTitle } from '../labels';
import { localizedStrings, WebviewHost } from './webviewHost';

export const TREND_PANEL_VIEW_TYPE = 'langdock.trendPanel';

export interface TrendActions {
  retryMissing(trendId: string): unknown;
  saveReport(trendId: string): unknown;
}

function granularityTitle(record: TrendRecord): string {
  switch (record.granularity) {
    case 'day':
      return vscode.l10n.t('{0}, daily', usageTitle(record.type));
    case 'week':
      return vscode.l10n.t('{0}, weekly', usageTitle(record.type));
    case 'month':
      return vscode.l10n.t('{0}, monthly', usageTitle(record.type));
  }
}

/** The tree's and the panel's name of a trend: "Model usage, monthly · 2026-01-01 – 2026-12-24". */
export function trendLabel(record: TrendRecord): string {
  return `${granularityTitle(record)} · ${rangeLabel(record.range)}`;
}

class TrendSession {
  private readonly tables = new Map<string, Promise<UsageTable>>();
  private pending: ReadonlySet<string> = new Set();
  /** When the webview first showed a chart (epoch ms), for the benchmark. */
  paintedAt: number | undefined;
  /** The view last sent, for tests. */
  shown: TrendView | undefined;
  private ready = false;

  private worker: WorkerTable | undefined;
  private readonly host: WebviewHost<TrendToHost, HostToTrend>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public record: TrendRecord,
    private readonly store: ExportStore,
    private readonly extensionUri: vscode.Uri,
    private readonly actions: TrendActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.host = new WebviewHost(
      panel.webview,
      extensionUri,
      { name: 'trend', isMessage: isTrendWebviewMessage, receive: (m) => this.onMessage(m) },
      log,
    );
    panel.onDidDispose(() => {
      this.worker?.dispose();
      this.host.dispose();
    });
    this.host.setPage({ script: 'trend.js', extraStyle: 'trend.css', title: trendLabel(record) });
  }

  update(record: TrendRecord, pending: ReadonlySet<string>): void {
    this.record = record;
    this.pending = new Set(pending);
    // Read the saved periods while the webview boots, so the view is ready when the webview is.
    if (this.ready) void this.send();
    else void this.loadPeriods();
  }

  private table(exportId: string): Promise<UsageTable> {
    let table = this.tables.get(exportId);
    if (!table) {
      // One worker reads every period of this view, off the extension host; it stops with the view.
      this.worker ??= new WorkerTable(tableWorkerScript(this.extensionUri.fsPath), vscode.l10n.bundle);
      table = this.worker
        .load(this.store.csvPath(exportId), {
          type: this.record.type,
          ...(this.record.groupBy ? { groupBy: this.record.groupBy } : {}),
        })
        .then((loaded) => loaded.table);
      // A failed read is tried again next time.
      table.catch(() => this.tables.delete(exportId));
      this.tables.set(exportId, table);
    }
    return table;
  }

  private async loadPeriods(): Promise<LoadedPeriod[]> {
    const { record } = this;
    const today = todayIn(record.range.timezone);
    return Promise.all(
      record.periods.map(async (p): Promise<LoadedPeriod> => {
        const running = runningProgress(p, record.granularity, today);
        const base = {
          key: periodKey(p.from, record.granularity),
          from: p.from,
          to: p.to,
          ...(running ? { running } : {}),
        };
        const missing = (error: string): LoadedPeriod => ({ info: { ...base, status: 'missing', error } });
        if (p.exportId) {
          try {
            return { info: { ...base, status: 'done' }, table: await this.table(p.exportId) };
          } catch (error) {
            return missing(vscode.l10n.t('The saved export cannot be read: {0}', errorText(error)));
          }
        }
        if (this.pending.has(p.from)) return { info: { ...base, status: 'pending' } };
        return missing(p.error ?? vscode.l10n.t('Not exported (cancelled)'));
      }),
    );
  }

  private async send(): Promise<void> {
    const { record } = this;
    const periods = await this.loadPeriods();
    const infos: TrendPeriodInfo[] = periods.map((p) => p.info);
    const view: TrendView = {
      title: granularityTitle(record),
      granularity: record.granularity,
      subtitle: [
        rangeLabel(record.range),
        record.range.timezone,
        ...(record.groupBy ? [groupingLabel(record.groupBy)] : []),
        record.host,
      ].join(' · '),
      periods: infos,
      metrics: withForecasts(
        [
          // A users trend opens on adoption: who is active, per department.
          ...(record.type === 'users' ? adoptionMetrics(periods, (text) => vscode.l10n.t(text)) : []),
          // The metric's name is the column's English label: shown in the display language (the title, the switch).
          ...trendMetrics(record.type, periods, {
            entity: vscode.l10n.t(entityTexts(record.type).name),
            total: vscode.l10n.t('Total'),
          }).map((metric) => ({ ...metric, label: vscode.l10n.t(metric.label) })),
        ],
        infos,
        record.granularity,
        restOfToday(todayIn(record.range.timezone), record.range.timezone, Date.now()),
      ),
      ...(record.type === 'users' ? seatsOf(periods, record.range) : {}),
    };
    this.shown = view;
    // Once per trend run (not per period on the way): what the view ends with.
    if (this.pending.size === 0) {
      const read = infos.filter((p) => p.status === 'done').length;
      this.log.info(`Trend ${record.id} shown: ${read} of ${infos.length} periods read`);
    }
    const message: HostToTrend = {
      type: 'trend',
      trendId: record.id,
      view,
      locale: vscode.env.language,
      strings: localizedStrings(),
    };
    await this.host.post(message);
  }

  private async onMessage(message: TrendToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.send();
      case 'retryMissing':
        await this.actions.retryMissing(this.record.id);
        return;
      case 'saveReport':
        await this.actions.saveReport(this.record.id);
        return;
      case 'painted':
        this.paintedAt ??= Date.now();
        return;
      case 'copy':
        return copyShown(message.format, message.text);
    }
  }
}

/** One panel per trend: showing a trend again reveals its panel. */
export class TrendPanels implements vscode.Disposable {
  private readonly sessions = new Map<string, TrendSession>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ExportStore,
    private readonly actions: TrendActions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  show(record: TrendRecord, pending: ReadonlySet<string> = new Set()): void {
    const existing = this.sessions.get(record.id);
    if (existing) {
      existing.panel.reveal();
      existing.update(record, pending);
      return;
    }
    this.adopt(
      vscode.window.createWebviewPanel(TREND_PANEL_VIEW_TYPE, trendLabel(record), vscode.ViewColumn.Active),
      record,
      pending,
    );
  }

  /** Shows `record` in `panel`: a new one, or one VS Code restored after a reload (views/trendPanelSerializer.ts). */
  adopt(panel: vscode.WebviewPanel, record: TrendRecord, pending: ReadonlySet<string> = new Set()): void {
    panel.title = trendLabel(record);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'langdock.svg');
    const session = new TrendSession(panel, record, this.store, this.extensionUri, this.actions, this.log);
    session.update(record, pending);
    this.sessions.set(record.id, session);
    panel.onDidDispose(() => this.sessions.delete(record.id));
  }

  /** A running trend's new state, for its panel if one is open. */
  update(record: TrendRecord, pending: ReadonlySet<string>): void {
    this.sessions.get(record.id)?.update(record, pending);
  }

  /** The trend view the user looks at, if any. */
  activeTrendId(): string | undefined {
    return [...this.sessions].find(([, s]) => s.panel.active)?.[0];
  }

  close(trendId: string): void {
    this.sessions.get(trendId)?.panel.dispose();
  }

  /** For tests and the benchmark: what each open trend view shows, and when it was first painted. */
  shownTrends(): { trendId: string; view: TrendView | undefined; paintedAt: number | undefined }[] {
    return [...this.sessions].map(([trendId, s]) => ({ trendId, view: s.shown, paintedAt: s.paintedAt }));
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.panel.dispose();
  }
}

/** A users trend's seat status, when a period has its export. */
function seatsOf(periods: readonly LoadedPeriod[], range: { from: string; to: string }): Pick<TrendView, 'seats'> {
  const status = seatStatus(periods, range);
  const latest = status && periods.find((p) => p.info.from === status.latest)?.info.key;
  return status && latest ? { seats: { latest, table: seatTable(status, (text) => vscode.l10n.t(text)) } } : {};
}
