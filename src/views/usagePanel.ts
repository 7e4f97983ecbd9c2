/**
 * The host side of the usage table: one webview panel per CSV (a saved export or any CSV from disk), the ready
 * handshake, paging raw rows, actions, and restoring panels after a reload. The custom editor reuses
 * `UsageTableSession` for "Open With… Langdock Usage Table".
 */
import * as vscode from 'vscode';
import { copyShown } from './clipboard';
import * as path from 'path';
import type { ExportRecord, ExportStore } from '../core/store/exportStore';
import {
  fileSize,
  InProcessTable,
  type PartialViewMessage,
  pricesScript,
  readsInProcess,
  type TableHandle,
  tableReaderScript,
  tableWorkerScript,
  WorkerTable,
} from '../core/table/workerTable';
import type { TableRequest } from '../core/table/heldTable';
import { type RenderedView, unpackText, type ViewSettings } from '../core/table/tableView';
import { readSwaps, type WhatIfSwap } from '../core/pricing/costColumns';
import type { Pricing } from '../services/pricing';
import type { ColumnPrefs } from './columnPrefs';
import { fileEncoding, seatPricesSetting } from '../services/settings';
import { todayIn } from '../core/dates/dateRange';
import { localizeGroupedView } from '../core/org/groupedView';
import type { OrgAttribute } from '../shared/organisation';
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
import { postMessages } from './totalsPages';
import { groupingLabel, rangeLabel, typeLabel, usageTitle } from '../labels';

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

export interface PanelActions {
  openCsv(csvPath: string): unknown;
  rerun(record: ExportRecord): unknown;
  /** The "What if…" flow for this table. */
  whatIf(session: UsageTableSession): unknown;
  /** Open settings.json at `langdock.modelPrices`, with an entry to fill in for each model. */
  editModelPrices(models: readonly string[]): unknown;
  compare(record: ExportRecord): unknown;
  /** Save Report… on what this table shows (the comparison too). */
  saveReport(source: TableSource): unknown;
  /** The Columns… picker for this table's export type. */
  chooseColumns(session: UsageTableSession): unknown;
}

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

/** The header line; the view sets `canWhatIf` (it knows whether the file has token counts). */
function headerFor(source: TableSource): ExportHeader {
  const { record } = source;
  const fileName = path.basename(source.csvPath);
  if (!record) return { title: fileName, fileName, canRerun: false };
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
  /** The table, held by a worker (or the host for a small file); a reload of the file starts a fresh one. */
  private handle: TableHandle | undefined;
  /** Settles with the first view of the table once it is read. */
  private opened: Promise<RenderedView> | undefined;
  /** The first view, until it is sent (a later send renders again: the host keeps no copy of a sent table). */
  private fresh: RenderedView | undefined;
  /** The what-if swaps in force, kept until cleared (across reloads of the file, and of the window). */
  private swaps: WhatIfSwap[];
  /** Models with tokens but no price, and models with tokens, as last shown. */
  private unpriced: string[] = [];
  private models: RenderedView['models'] = [];
  /** The totals' columns as last shown, and the export type whose column choices they follow. */
  private columns: Pick<RenderedView, 'columns' | 'exportType'> | undefined;
  /** The latest view of the rows read so far, while a large file loads in the worker. */
  private partial: PartialViewMessage | undefined;
  /** Settles when the first such view comes (it may go into the page). */
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
    private readonly columnPrefs: ColumnPrefs,
    swaps: readonly WhatIfSwap[] = [],
  ) {
    this.swaps = [...swaps];
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
    const opening = this.table();
    const view = await Promise.race([
      opening.catch(() => undefined),
      this.partialSeen.then(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(resolve, this.embedDeadline())),
    ]);
    if (this.disposed) return;
    // A reload while waiting replaced this table: its own `load` follows the `ready`. Only a view of one message
    // (no pages of totals rows to follow) goes into the page.
    let embedded: string | undefined;
    let whole = false;
    if (opening === this.opened) {
      if (view && this.fresh === view && view.messages.length === 1) {
        embedded = unpackText(view.messages[0]);
        this.adopt(view);
        whole = true;
      } else if (this.partial && this.partial.view.messages.length === 1) {
        embedded = unpackText(this.partial.view.messages[0]);
        this.progressShown.push(this.partial.fraction);
      }
    }
    this.webview.html = this.html(embedded);
    this.timeline.htmlSet = Date.now();
    // Rows read so far in the page: the rest (and the whole table) still follow the `ready`.
    this.pageIsCurrent = whole;
    if (whole) this.timeline.whole = this.timeline.htmlSet;
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

  /** What the table shows: its CSV, the saved export and the period compared with. */
  get tableSource(): TableSource {
    return this.source;
  }

  /** The whole table as last sent to the webview (for tests): kept where it was rendered, never computed again. */
  async shownTable(): Promise<UsageTable | undefined> {
    return this.pageIsCurrent || this.timeline.whole ? this.handle?.shown() : undefined;
  }

  /** The models of this export that have token counts (what a what-if can swap). */
  async whatIfModels(): Promise<{ model: string; provider: string | null }[]> {
    await this.table();
    return this.models;
  }

  /** The totals' columns as shown (what the Columns… picker lists), once the table is read. */
  async shownColumns(): Promise<Pick<RenderedView, 'columns' | 'exportType'>> {
    const view = await this.table();
    return this.columns ?? view;
  }

  /** The export type whose column choices the table follows (undefined until it is read). */
  get exportType(): RenderedView['exportType'] | undefined {
    return this.columns?.exportType;
  }

  get whatIfSwaps(): readonly WhatIfSwap[] {
    return this.swaps;
  }

  /** Sets the what-if swaps (empty clears them) and shows the table again. */
  setWhatIf(swaps: readonly WhatIfSwap[]): Promise<void> {
    this.swaps = [...swaps];
    return this.sendTable(true);
  }

  /** Shows the table again at the current cost settings, without reading the file again. */
  reprice(): Promise<void> {
    return this.sendTable(true);
  }

  /** Re-reads the file (it changed on disk) and sends the new table. */
  reload(source: TableSource = this.source): void {
    this.source = source;
    this.opened = undefined;
    void this.sendTable();
  }

  private html(embedded?: string): string {
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
      ...(embedded !== undefined ? { embedded } : {}),
    });
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.webview.postMessage(message);
  }

  /**
   * The table's first view: read and rendered here at once when the file is small, else by a worker thread (one
   * per session; a reload starts a fresh one), which also reads the previous period's file of a comparison.
   */
  private table(): Promise<RenderedView> {
    if (!this.opened) {
      this.handle?.dispose();
      const { csvPath, previous } = this.source;
      const extensionPath = this.extensionUri.fsPath;
      const handle: TableHandle = readsInProcess(csvPath)
        ? new InProcessTable(tableReaderScript(extensionPath))
        : new WorkerTable(tableWorkerScript(extensionPath));
      this.handle = handle;
      let announce = () => undefined as void;
      this.partialSeen = new Promise((resolve) => (announce = resolve));
      // A comparison needs both whole tables; a plain table shows its rows while they are read.
      const onPartial = (partial: PartialViewMessage) => {
        if (this.handle !== handle) return;
        this.partial = partial;
        announce();
        if (this.webviewReady) this.postPartial();
      };
      this.partial = undefined;
      const request: TableRequest = {
        csvPath,
        hints: this.hints(csvPath),
        ...(previous ? { previous: { csvPath: previous.csvPath, hints: this.hints(previous.csvPath) } } : {}),
        pricesScript: pricesScript(extensionPath),
      };
      const opening = handle.open(request, this.settings(), previous ? undefined : onPartial);
      this.opened = opening;
      opening.then(
        (view) => {
          this.timeline.parsed ??= Date.now();
          if (this.opened === opening) this.fresh = view;
        },
        () => undefined,
      );
    }
    return this.opened;
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

  /** How the view is rendered now: where it is shown, the display language, the cost settings and swaps. */
  private settings(): ViewSettings {
    const cost = this.pricing.settings();
    return {
      header: headerFor(this.source),
      locale: vscode.env.language,
      strings: localizedStrings(),
      csvPath: this.source.csvPath,
      l10n: vscode.l10n.bundle,
      userPrices: cost.userPrices,
      problems: cost.problems,
      costSource: cost.costSource,
      swaps: this.swaps,
      columnChoices: this.columnPrefs.all(),
    };
  }

  /** A view that goes to the webview: what "Set prices…" and "What if…" work from. */
  private adopt(view: RenderedView): void {
    if (this.fresh === view) this.fresh = undefined;
    this.unpriced = view.unpriced;
    this.models = view.models;
    this.columns = { columns: view.columns, exportType: view.exportType };
  }

  /** The latest view of the rows read so far, noted as shown. Costs are priced as in the whole table. */
  private postPartial(): void {
    const { view, fraction } = this.partial!;
    this.progressShown.push(fraction);
    this.pageIsCurrent = false;
    void postMessages(this.webview, view.messages);
  }

  /** Sends the table's view: the first one as it was rendered, a later one (`again`, or a repeat) rendered anew. */
  private async sendTable(again = false): Promise<void> {
    const opening = this.table();
    // Still reading a large file: what is read so far shows at once.
    if (this.partial) this.postPartial();
    try {
      let view = await opening;
      // A reload (the file changed) replaced this load and its worker: the new one sends its own table.
      if (opening !== this.opened) return;
      if (again || this.fresh !== view) view = await this.handle!.render(this.settings());
      if (opening !== this.opened) return;
      this.partial = undefined;
      this.adopt(view);
      this.timeline.posted ??= Date.now();
      this.pageIsCurrent = false;
      await postMessages(this.webview, view.messages);
      this.timeline.whole ??= Date.now();
    } catch (error) {
      if (opening !== this.opened) return;
      this.opened = undefined;
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
      await this.table();
      const { view } = await this.handle!.organise({ groupBy, seatPrices: seatPricesSetting() });
      const localized = localizeGroupedView(view, (text) => vscode.l10n.t(text));
      await this.post({ type: 'organisation', view: localized, ...(chosen ? { chosen } : {}) });
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
          await (this.partial ? Promise.resolve() : this.table());
          const rows = this.handle!;
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
          case 'saveReport':
            return void (await this.actions.saveReport(this.source));
          case 'chooseColumns':
            return void (await this.actions.chooseColumns(this));
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
        this.timeline.usable ??= Date.now();
        return this.log.info(
          `All ${message.rows} totals rows of ${path.basename(this.source.csvPath)} are in the table`,
        );
    }
  }

  dispose(): void {
    this.disposed = true;
    this.handle?.dispose();
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
  /** When the webview had every totals row of the whole table (epoch ms): sorted, filtered and counted. */
  usableAt: number | undefined;
}

interface PanelState {
  /** The CSV the panel showed, so a reloaded window can show it again. */
  csvPath?: string;
  /** Its what-if swaps (checked: the state is data from an earlier session). */
  swaps?: unknown;
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

  /** The session of the usage table the user looks at (a panel or an editor), if any. */
  activeSession(): UsageTableSession | undefined {
    return this.active;
  }

  /** Cost settings changed: every open table is priced again. */
  repriceAll(): void {
    for (const session of this.sessions) void session.reprice();
  }

  /** Column choices of an export type changed: its open tables show them. */
  async rerender(type: RenderedView['exportType']): Promise<void> {
    await Promise.all([...this.sessions].filter((s) => s.exportType === type).map((s) => s.reprice()));
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
    this.adopt(panel, await this.sourceFor(state.csvPath), readSwaps(state.swaps));
  }

  /** Panels of exports that no longer exist close. */
  async closeMissing(): Promise<void> {
    const live = new Set((await this.store.list()).map((r) => this.store.csvPath(r.id)));
    for (const [csvPath, { panel, session }] of this.panels) {
      if (csvPath.startsWith(this.store.folder) && !live.has(session.csvPath)) panel.dispose();
    }
  }

  private adopt(panel: vscode.WebviewPanel, source: TableSource, swaps: readonly WhatIfSwap[] = []): void {
    panel.title = panelTitle(source);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'langdock.svg');
    const session = this.createSession(panel, source, swaps);
    this.panels.set(panelKey(source), { panel, session });
    panel.onDidDispose(() => this.panels.delete(panelKey(source)));
  }

  /** A session for a panel or a custom editor's panel; it ends with the panel. */
  createSession(panel: vscode.WebviewPanel, source: TableSource, swaps: readonly WhatIfSwap[] = []): UsageTableSession {
    const session = new UsageTableSession(
      panel.webview,
      source,
      this.extensionUri,
      this.actions,
      this.log,
      this.pricing,
      this.columnPrefs,
      swaps,
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
