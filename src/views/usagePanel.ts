/**
 * The host side of the usage table: one webview panel per CSV (a saved export or any CSV from disk), the ready
 * handshake, paging raw rows, actions, and restoring panels after a reload. The custom editor reuses
 * `UsageTableSession` for "Open With… Langdock Usage Table".
 */
import * as vscode from 'vscode';
import { copyShown } from './clipboard';
import * as path from 'path';
import type { ExportRecord, ExportStore } from '../core/exportStore';
import {
  type LoadedTable,
  type PartialLoad,
  fileSize,
  readsInProcess,
  readTableInProcess,
  readTableOnce,
  tableReaderScript,
  tableWorkerScript,
  WorkerTable,
} from '../core/workerTable';
import { localizeGroupedView, localizeTable } from './localizeTable';
import { organiseLoaded } from '../core/org/organiseLoaded';
import type { OrgAttribute } from '../shared/organisation';
import { type WhatIfSwap, withCost, withoutTokens } from '../core/pricing/costColumns';
import type { Pricing } from '../services/pricing';
import { fileEncoding, seatPricesSetting } from '../services/settings';
import { todayIn } from '../core/dateRange';
import { compareTables, type CompareLabels } from '../core/compare';
import type { UsageTable } from '../shared/tableModel';
import {
  type ExportHeader,
  type HostToWebview,
  type WebviewToHost,
  isWebviewMessage,
  ROWS_PAGE_SIZE,
  WEBVIEW_STRINGS,
} from '../shared/protocol';
import { makeNonce, renderWebviewHtml } from './webviewHtml';
import { describePhases, type OpenTimeline, openPhases } from './openTimeline';
import { postTable } from './totalsPages';
import { groupingLabel, rangeLabel, typeLabel, usageTitle } from './labels';

/** The panel opened by commands and the tree (restored after a reload by its serializer). */
export const USAGE_PANEL_VIEW_TYPE = 'langdock.usagePanel';
/** The custom editor behind "Open With… Langdock Usage Table"; the same webview in an editor tab. */
export const USAGE_TABLE_EDITOR_VIEW_TYPE = 'langdock.usageTable';

/** What a panel shows: a CSV file, and the export record when it is a saved export. */
export interface TableSource {
  csvPath: string;
  record?: ExportRecord;
  /** The export of the period before, when the table compares with it (Δ and Δ% columns). */
  previous?: { csvPath: string; record: ExportRecord };
}

/**
 * How long a new page waits for its table to carry it (see `setPage`). Measured here (npm run bench): a typical
 * export is read in ~80 ms, while the workbench needs ~140 ms after the panel is created to set up a webview's
 * frame, so the wait is hidden; a slower file pays at most this much before its page starts loading.
 */
const EMBED_DEADLINE_MS = 150;
/**
 * A bigger file is not read within the deadline (the worker reads about 30 MB/s after starting): its page goes at
 * once, so the webview boots while the worker reads, and the rows read so far follow its `ready`.
 */
const EMBED_MAX_BYTES = 2 * 1024 * 1024;

/** A comparison is a panel of its own, beside the plain table of the same export. */
const panelKey = (source: TableSource): string =>
  source.previous ? `${source.csvPath}\u0000${source.previous.csvPath}` : source.csvPath;

function compareLabels(): CompareLabels {
  return {
    change: vscode.l10n.t('Change'),
    isNew: vscode.l10n.t('new'),
    vanished: vscode.l10n.t('vanished'),
    delta: (label) => vscode.l10n.t('Δ {0}', label),
    deltaPercent: (label) => vscode.l10n.t('Δ% {0}', label),
  };
}

export interface PanelActions {
  openCsv(csvPath: string): unknown;
  rerun(record: ExportRecord): unknown;
  /** The "What if…" flow for this table. */
  whatIf(session: UsageTableSession): unknown;
  /** Open settings.json at `langdock.modelPrices`, with an entry to fill in for each model. */
  editModelPrices(models: readonly string[]): unknown;
  compare(record: ExportRecord): unknown;
}

type LoadMessage = Extract<HostToWebview, { type: 'load' }>;

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function panelTitle(source: TableSource): string {
  const { record } = source;
  if (!record) return path.basename(source.csvPath);
  const title = `${typeLabel(record.type)} · ${rangeLabel(record.range)}`;
  return source.previous ? `${title} · Δ ${rangeLabel(source.previous.record.range)}` : title;
}

function headerFor(source: TableSource, canWhatIf: boolean): ExportHeader {
  const { record } = source;
  const fileName = path.basename(source.csvPath);
  if (!record) return { title: fileName, fileName, canRerun: false, canWhatIf };
  const compared = source.previous
    ? ` · ${vscode.l10n.t('compared with {0}', rangeLabel(source.previous.record.range))}`
    : '';
  return {
    title: usageTitle(record.type),
    range: `${rangeLabel(record.range)} · ${record.range.timezone}${compared}`,
    ...(record.groupBy ? { grouping: groupingLabel(record.groupBy) } : {}),
    host: record.host,
    createdAt: record.createdAt,
    fileName,
    canRerun: true,
    canWhatIf,
    period: { from: record.range.from, to: record.range.to, today: todayIn(record.range.timezone) },
  };
}

function localizedStrings(): Record<string, string> {
  return Object.fromEntries(WEBVIEW_STRINGS.map((s) => [s, vscode.l10n.t(s)]));
}

/**
 * One webview showing one CSV. A table read quickly goes into the page itself; otherwise it is sent when the webview
 * says it is ready. A reload of the file or new cost settings send it again.
 */
export class UsageTableSession implements vscode.Disposable {
  private loaded: Promise<LoadedTable> | undefined;
  private worker: WorkerTable | undefined;
  /** The what-if swaps in force, kept until cleared (and across reloads of the file). */
  private swaps: WhatIfSwap[] = [];
  /** Models with tokens but no price, as last shown. */
  private unpriced: string[] = [];
  /** The latest table of the rows read so far, while a large file loads in the worker. */
  private partial: PartialLoad | undefined;
  /** Settles when the first such table comes (it may go into the page). */
  private partialSeen: Promise<void> = new Promise(() => undefined);
  private webviewReady = false;
  /** A grouping chosen before the page was up (see showGroups). */
  private chosenGroupBy: OrgAttribute | undefined;
  /** How far the read was at each table of the rows read so far that went to the webview (for tests). */
  readonly progressShown: number[] = [];
  /** The page carries the last table given to the webview (nothing was posted since it was set). */
  private pageIsCurrent = false;
  private disposed = false;
  /** For the "open in under 300 ms" benchmark and the log. */
  readonly timeline: OpenTimeline = { created: Date.now() };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private source: TableSource,
    private readonly extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly pricing: Pricing,
  ) {
    webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => {
        if (isWebviewMessage(m)) void this.onMessage(m);
        else this.log.warn('Ignored a malformed message from the usage table webview');
      }),
    );
    void this.setPage();
  }

  /**
   * Sets the page once the table is read, with the table in it, so the first paint needs no round trip; the first
   * rows read so far of a file still loading go into the page the same way. A file that has neither within
   * `EMBED_DEADLINE_MS`, or is too big to (`EMBED_MAX_BYTES`), gets the page without it, and its table follows the
   * webview's `ready` (the worker reads on while the webview boots).
   */
  private async setPage(): Promise<void> {
    const loading = this.table();
    const loaded = await Promise.race([
      loading.catch(() => undefined),
      this.partialSeen.then(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(resolve, this.embedDeadline())),
    ]);
    if (this.disposed) return;
    let embedded: LoadMessage | undefined;
    try {
      // A reload while waiting replaced this table: its own `load` follows the `ready`.
      if (loaded && loading === this.loaded) embedded = this.loadMessage(loaded);
      else if (this.partial && loading === this.loaded) embedded = this.partialMessage();
    } catch {
      // The page goes without the table; sendTable, after `ready`, reports what failed.
    }
    this.webview.html = this.html(embedded);
    this.timeline.htmlSet = Date.now();
    // Rows read so far in the page: the rest (and the whole table) still follow the `ready`.
    this.pageIsCurrent = embedded !== undefined && embedded.progress === undefined;
    if (this.pageIsCurrent) this.timeline.whole = this.timeline.htmlSet;
    if (embedded) {
      this.timeline.posted = this.timeline.htmlSet;
      this.timeline.embedded = true;
    }
  }

  private embedDeadline(): number {
    return (fileSize(this.source.csvPath) ?? 0) > EMBED_MAX_BYTES ? 0 : EMBED_DEADLINE_MS;
  }

  get csvPath(): string {
    return this.source.csvPath;
  }

  /** The table as last sent to the webview (for tests), once loaded. */
  async shownTable(): Promise<UsageTable | undefined> {
    const loaded = this.loaded && (await this.loaded.catch(() => undefined));
    return loaded && this.priced(loaded);
  }

  /** The models of this export that have token counts (what a what-if can swap). */
  async whatIfModels(): Promise<{ model: string; provider: string | null }[]> {
    return (await this.table()).buckets?.models() ?? [];
  }

  get whatIfSwaps(): readonly WhatIfSwap[] {
    return this.swaps;
  }

  /** Sets the what-if swaps (empty clears them) and shows the table again. */
  setWhatIf(swaps: readonly WhatIfSwap[]): Promise<void> {
    this.swaps = [...swaps];
    return this.sendTable();
  }

  /** Shows the table again at the current cost settings, without reading the file again. */
  reprice(): Promise<void> {
    return this.sendTable();
  }

  /** Re-reads the file (it changed on disk) and sends the new table. */
  reload(source: TableSource = this.source): void {
    this.source = source;
    this.loaded = undefined;
    void this.sendTable();
  }

  private html(embedded?: LoadMessage): string {
    const asUri = (...segments: string[]) =>
      this.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return renderWebviewHtml({
      cspSource: this.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'usage.css'),
      codiconsUri: asUri('dist', 'codicons', 'codicon.css'),
      title: panelTitle(this.source),
      lang: vscode.env.language,
      embedded,
    });
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.webview.postMessage(message);
  }

  /**
   * The table, read here at once when the file is small, else by a worker thread (one per session; a reload starts
   * a fresh one). Compared with a previous period, that period's table is read by a worker of its own, which stops
   * once it has answered.
   */
  private table(): Promise<LoadedTable> {
    if (!this.loaded) {
      this.worker?.dispose();
      this.worker = undefined;
      const { csvPath } = this.source;
      let loading: Promise<LoadedTable>;
      if (readsInProcess(csvPath)) {
        loading = readTableInProcess(tableReaderScript(this.extensionUri.fsPath), csvPath, this.hints(csvPath));
      } else {
        const worker = new WorkerTable(this.workerScript());
        this.worker = worker;
        let announce = () => undefined as void;
        this.partialSeen = new Promise((resolve) => (announce = resolve));
        // A comparison needs both whole tables; a plain table shows its rows while they are read.
        const onPartial = (partial: PartialLoad) => {
          if (this.worker !== worker) return;
          this.partial = partial;
          announce();
          if (this.webviewReady) this.postPartial();
        };
        loading = worker.load(csvPath, this.hints(csvPath), this.source.previous ? undefined : onPartial);
      }
      this.partial = undefined;
      const previous = this.source.previous;
      this.loaded = previous
        ? Promise.all([loading, this.readOnce(previous.csvPath)]).then(([now, before]) => ({
            ...now,
            table: compareTables(now.table, before, compareLabels()),
          }))
        : loading;
      this.loaded.then(() => (this.timeline.parsed ??= Date.now())).catch(() => undefined);
    }
    return this.loaded;
  }

  private workerScript(): string {
    return tableWorkerScript(this.extensionUri.fsPath);
  }

  /** The file's encoding setting and the saved export's type and grouping. */
  private hints(csvPath: string) {
    const encoding = fileEncoding(csvPath);
    return {
      ...(encoding ? { encoding } : {}),
      ...(this.source.record ? { type: this.source.record.type } : {}),
      ...(this.source.record?.groupBy ? { groupBy: this.source.record.groupBy } : {}),
    };
  }

  private readOnce(csvPath: string): Promise<UsageTable> {
    return readTableOnce(this.workerScript(), csvPath, this.hints(csvPath));
  }

  /** The table with its cost columns at the current settings and what-if swaps. */
  private priced({ table, buckets }: LoadedTable): UsageTable {
    const t = (template: string, ...args: string[]) => vscode.l10n.t(template, ...args);
    if (!buckets) return withoutTokens(table, t);
    const settings = this.pricing.settings();
    const result = withCost(table, buckets, {
      book: this.pricing.priceBook(),
      userPrices: settings.userPrices,
      costSource: settings.costSource,
      swaps: this.swaps,
      t,
    });
    this.unpriced = result.unpriced;
    const problems = settings.problems.map((text) => ({ text, action: 'editModelPrices' as const }));
    return problems.length > 0
      ? { ...result.table, notices: [...problems, ...(result.table.notices ?? [])] }
      : result.table;
  }

  /** The `load` message of a loaded table at the current settings: what the page embeds and sendTable posts. */
  private loadMessage(loaded: LoadedTable): LoadMessage {
    return this.message(this.priced(loaded), loaded.buckets !== undefined);
  }

  private message(table: UsageTable, canWhatIf: boolean, progress?: number): LoadMessage {
    return {
      type: 'load',
      header: headerFor(this.source, canWhatIf),
      table: localizeTable(table),
      locale: vscode.env.language,
      strings: localizedStrings(),
      csvPath: this.source.csvPath,
      ...(progress !== undefined ? { progress } : {}),
    };
  }

  /**
   * The latest table of the rows read so far, noted as shown. Unpriced: its cost is Langdock's column as the file
   * has it; costs computed from tokens come with the whole table.
   */
  private partialMessage(): LoadMessage {
    const { table, fraction } = this.partial!;
    this.progressShown.push(fraction);
    return this.message(table, false, fraction);
  }

  private postPartial(): void {
    this.pageIsCurrent = false;
    void postTable(this.webview, this.partialMessage());
  }

  private async sendTable(): Promise<void> {
    const loading = this.table();
    // Still reading a large file: what is read so far shows at once.
    if (this.partial) this.postPartial();
    try {
      const loaded = await loading;
      // A reload (the file changed) replaced this load and its worker: the new one sends its own table.
      if (loading !== this.loaded) return;
      this.partial = undefined;
      const message = this.loadMessage(loaded);
      this.timeline.posted ??= Date.now();
      this.pageIsCurrent = false;
      await postTable(this.webview, message);
      this.timeline.whole ??= Date.now();
    } catch (error) {
      if (loading !== this.loaded) return;
      this.loaded = undefined;
      await this.reportReadError(error);
    }
  }

  /** Shows the people grouped by `groupBy` (langdock.showOrganisation): now if the page is up, else when it asks. */
  showGroups(groupBy: OrgAttribute): void {
    if (this.webviewReady) void this.organise(groupBy, true);
    else this.chosenGroupBy = groupBy;
  }

  /**
   * Groups the table's people by `groupBy` where the table was read, and shows the groups (issue 23). `chosen`: the
   * host's choice, not the page's request.
   */
  private async organise(groupBy: OrgAttribute | null, chosen = false): Promise<void> {
    // A comparison's rows are changes, not people.
    if (this.source.previous) return;
    try {
      const { view } = await organiseLoaded(await this.table(), { groupBy, seatPrices: seatPricesSetting() });
      await this.post({ type: 'organisation', view: localizeGroupedView(view), ...(chosen ? { chosen } : {}) });
    } catch (error) {
      await this.reportReadError(error);
    }
  }

  private async reportReadError(error: unknown): Promise<void> {
    const message = vscode.l10n.t(
      'Could not read {0}: {1}',
      path.basename(this.source.csvPath),
      (error as Error).message,
    );
    this.log.error(message);
    await this.post({ type: 'error', message });
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.timeline.ready ??= Date.now();
        this.webviewReady = true;
        // The webview shows the table its page carried: sent again only if a newer one went out since.
        if (message.embedded && this.pageIsCurrent) return;
        return this.sendTable();
      case 'requestRows': {
        const count = Math.min(Math.max(0, message.count), ROWS_PAGE_SIZE);
        const start = Math.max(0, message.start);
        try {
          // A page is read back from the file, which can fail (e.g. the file changed on disk since it was read).
          const { rows } = await this.table();
          const page = await rows.page(start, count);
          await this.post({ type: 'rows', requestId: message.requestId, start, rows: page, total: rows.total });
        } catch (error) {
          await this.reportReadError(error);
        }
        return;
      }
      case 'action':
        switch (message.action) {
          case 'openCsv':
            return void (await this.actions.openCsv(this.source.csvPath));
          case 'rerun':
            return void (this.source.record && (await this.actions.rerun(this.source.record)));
          case 'whatIf':
            return void (await this.actions.whatIf(this));
          case 'clearWhatIf':
            return this.setWhatIf([]);
          case 'compare':
            return void (this.source.record && (await this.actions.compare(this.source.record)));
          case 'editModelPrices':
            return void (await this.actions.editModelPrices(this.unpriced));
        }
        return;
      case 'painted':
        if (this.timeline.painted) return;
        this.timeline.painted = Date.now();
        this.timeline.webview = message.timing;
        this.log.info(
          `Opened ${path.basename(this.source.csvPath)}: ${describePhases(openPhases(this.timeline))}${this.timeline.embedded ? ' (table in the page)' : ''}`,
        );
        return;
      case 'copy':
        return copyShown(message.format, message.text);
      case 'organise': {
        const chosen = this.chosenGroupBy;
        this.chosenGroupBy = undefined;
        return this.organise(chosen ?? message.groupBy, chosen !== undefined);
      }
      case 'totalsLoaded':
        return this.log.info(
          `All ${message.rows} totals rows of ${path.basename(this.source.csvPath)} are in the table`,
        );
    }
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

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
}

interface PanelState {
  /** The CSV the panel showed, so a reloaded window can show it again. */
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
  ) {}

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

  /** For tests: the tables the open panels and editors show, by CSV path. */
  async shownTables(): Promise<ShownTable[]> {
    return Promise.all(
      [...this.sessions].map(async (s) => ({
        csvPath: s.csvPath,
        table: await s.shownTable(),
        paintedAt: s.timeline.painted,
        timeline: s.timeline,
        wholeAt: s.timeline.whole,
        progressShown: [...s.progressShown],
      })),
    );
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
  }
}
