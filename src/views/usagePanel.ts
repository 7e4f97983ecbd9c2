/**
 * The usage table's panels: one webview panel per CSV (a saved export or any CSV from disk; a comparison is a panel
 * of its own), the table the user looks at, new prices for every open table, and panels restored after a reload.
 * The custom editor for "Open With… Langdock Usage Table" gets its session here too.
 */
import * as vscode from 'vscode';
import type { ExportStore } from '../core/store/exportStore';
import type { RenderedView } from '../core/table/tableView';
import type { Pricing } from '../services/pricing';
import type { ColumnPrefs } from './columnPrefs';
import type { OrgAttribute } from '../shared/organisation';
import type { UsageTable } from '../shared/tableModel';
import type { OpenTimeline } from './openTimeline';
import { panelKey, panelTitle, type TableSource } from './tableSource';
import { type PanelActions, UsageTableSession } from './usageTableSession';
import { webviewOptions } from './webviewHost';

/** The panel opened by commands and the tree (restored after a reload by its serializer). */
export const USAGE_PANEL_VIEW_TYPE = 'langdock.usagePanel';
/** The custom editor behind "Open With… Langdock Usage Table"; the same webview in an editor tab. */
export const USAGE_TABLE_EDITOR_VIEW_TYPE = 'langdock.usageTable';

/** For tests and the benchmark: what an open table shows and how its opening went. */
export interface ShownTable {
  csvPath: string;
  table: UsageTable | undefined;
  /** When the webview first showed the table (epoch ms). */
  paintedAt: number | undefined;
  timeline: OpenTimeline;
  /** When the whole table went to the webview (epoch ms); before it, the rows read so far may have. */
  wholeAt: number | undefined;
  /** How far the read was at each table of the rows read so far that it was sent. */
  progressShown: number[];
  /** When the webview had every totals row of the whole table (epoch ms): sorted, filtered and counted. */
  usableAt: number | undefined;
}

interface PanelState {
  /** The CSV the panel showed, so a reloaded window can show it again (its swaps come back from the page). */
  csvPath?: string;
}

/** One panel per CSV: opening the same export again reveals its panel. */
export class UsagePanels implements vscode.WebviewPanelSerializer<PanelState>, vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: UsageTableSession }>();
  /** Every live session: panels and custom editors. */
  private readonly sessions = new Set<UsageTableSession>();
  private active: UsageTableSession | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ExportStore,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly pricing: Pricing,
    private readonly columnPrefs: ColumnPrefs,
  ) {}

  /** Column choices of an export type changed: its open tables show them. */
  async rerender(type: RenderedView['exportType']): Promise<void> {
    await Promise.all([...this.sessions].filter((s) => s.exportType === type).map((s) => s.reprice()));
  }

  /** The session of the usage table the user looks at (a panel or an editor), if any. */
  activeSession(): UsageTableSession | undefined {
    return this.active;
  }

  /** Cost settings changed: every open table is priced again. */
  repriceAll(): void {
    for (const session of this.sessions) void session.reprice();
  }

  open(source: TableSource): vscode.WebviewPanel {
    const existing = this.panels.get(panelKey(source));
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      USAGE_PANEL_VIEW_TYPE,
      panelTitle(source),
      vscode.ViewColumn.Active,
      {
        ...webviewOptions(this.extensionUri),
        retainContextWhenHidden: false,
      },
    );
    this.adopt(panel, source);
    return panel;
  }

  /** The source of a path: the saved export it belongs to, if any. */
  async sourceFor(csvPath: string): Promise<TableSource> {
    const record = (await this.store.list()).find((r) => this.store.csvPath(r.id) === csvPath);
    return record ? { csvPath, record } : { csvPath };
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    if (!state?.csvPath) {
      panel.dispose();
      return;
    }
    this.adopt(panel, await this.sourceFor(state.csvPath));
  }

  /** Panels of exports that no longer exist close. */
  async closeMissing(): Promise<void> {
    const live = new Set((await this.store.list()).map((r) => this.store.csvPath(r.id)));
    for (const [csvPath, { panel, session }] of this.panels) {
      if (csvPath.startsWith(this.store.folder) && !live.has(session.csvPath)) panel.dispose();
    }
  }

  private adopt(panel: vscode.WebviewPanel, source: TableSource): void {
    panel.title = panelTitle(source);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'langdock.svg');
    const session = this.createSession(panel, source);
    this.panels.set(panelKey(source), { panel, session });
    panel.onDidDispose(() => this.panels.delete(panelKey(source)));
  }

  /** A session for a panel or a custom editor's panel; it ends with the panel. */
  createSession(panel: vscode.WebviewPanel, source: TableSource): UsageTableSession {
    const session = new UsageTableSession(
      panel.webview,
      source,
      this.extensionUri,
      this.actions,
      this.log,
      this.pricing,
      this.columnPrefs,
    );
    this.sessions.add(session);
    if (panel.active) this.active = session;
    panel.onDidChangeViewState(() => {
      if (panel.active) this.active = session;
    });
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      if (this.active === session) this.active = undefined;
      session.dispose();
    });
    return session;
  }

  /** Opens (or reveals) the table of `source` with its people grouped by `groupBy`. */
  openGrouped(source: TableSource, groupBy: OrgAttribute): void {
    this.open(source);
    this.panels.get(panelKey(source))?.session.showGroups(groupBy);
  }

  /** For tests: the open panels' CSV paths. */
  openPaths(): string[] {
    return [...this.panels.keys()];
  }

  /**
   * For tests and the bench: the tables the open panels and editors show, by CSV path, as they were sent (kept
   * where they were rendered, never computed again). `withTables: false` leaves the tables out: only the timings.
   */
  async shownTables({ withTables = true } = {}): Promise<ShownTable[]> {
    return Promise.all(
      [...this.sessions].map(async (s) => ({
        csvPath: s.csvPath,
        table: withTables ? await s.shownTable().catch(() => undefined) : undefined,
        paintedAt: s.timeline.painted,
        timeline: s.timeline,
        wholeAt: s.timeline.whole,
        progressShown: [...s.progressShown],
        usableAt: s.timeline.usable,
      })),
    );
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
  }
}
