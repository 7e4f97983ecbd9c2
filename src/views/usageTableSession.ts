/**
 * One usage table's webview: the page (with the table in it when the file is read quickly), the ready handshake,
 * the table and the rows read so far while a large file loads, paging raw rows, the page's actions, what-if swaps,
 * new prices and reloads of the file. Panels and the custom editor each hold one.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import type { ExportRecord } from '../core/store/exportStore';
import { fileSize, type PartialViewMessage, type ShownView, type TableHandle } from '../core/table/workerTable';
import { type RenderedView, unpackText, type ViewSettings } from '../core/table/tableView';
import { readSwaps, type WhatIfSwap } from '../core/pricing/costColumns';
import type { Pricing } from '../services/pricing';
import type { ColumnPrefs } from './columnPrefs';
import { seatPricesSetting } from '../services/settings';
import type { OrgAttribute } from '../shared/organisation';
import type { UsageTable } from '../shared/tableModel';
import { type HostToWebview, type WebviewToHost, isWebviewMessage, ROWS_PAGE_SIZE } from '../shared/protocol';
import { errorText } from '../labels';
import { copyShown } from './clipboard';
import { viewSettings } from './loadMessage';
import { describePhases, type OpenTimeline, openPhases } from './openTimeline';
import { tableHandle, tableRequest } from './tableLoader';
import { panelTitle, type TableSource } from './tableSource';
import { postMessages } from './totalsPages';
import { WebviewHost } from './webviewHost';

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

/** What a table's page asks for beyond its table: commands carry these out (handed in by extension.ts). */
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

/**
 * One webview showing one CSV. A table read quickly goes into the page itself; otherwise it is sent when the webview
 * says it is ready. A reload of the file or new cost settings send it again.
 */
export class UsageTableSession implements vscode.Disposable {
  /** The table, held by a worker (or the host for a small file); a reload of the file starts a fresh one. */
  private handle: TableHandle | undefined;
  /** Settles with the first view of the table once it is read. */
  private opened: Promise<ShownView> | undefined;
  /** The first view, until it is sent (a later send renders again: the host keeps no copy of a sent table). */
  private fresh: ShownView | undefined;
  /**
   * The what-if swaps in force, kept until cleared: across reloads of the file, and of the window (the page's saved
   * state brings them back in its `ready`).
   */
  private swaps: WhatIfSwap[] = [];
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
  private readonly host: WebviewHost<WebviewToHost, HostToWebview>;

  constructor(
    webview: vscode.Webview,
    private source: TableSource,
    private readonly extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly pricing: Pricing,
    private readonly columnPrefs: ColumnPrefs,
  ) {
    this.host = new WebviewHost(
      webview,
      extensionUri,
      { name: 'usage table', isMessage: isWebviewMessage, receive: (m) => this.onMessage(m) },
      log,
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
      if (view && this.fresh === view && view.messages.length === 1 && !view.later) {
        embedded = unpackText(view.messages[0]);
        this.adopt(view);
        whole = true;
      } else if (this.partial && this.partial.view.messages.length === 1) {
        embedded = unpackText(this.partial.view.messages[0]);
        this.progressShown.push(this.partial.fraction);
      }
    }
    this.host.setPage({
      script: 'webview.js',
      title: panelTitle(this.source),
      ...(embedded !== undefined ? { embedded } : {}),
    });
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

  /**
   * The table's first view: read and rendered here at once when the file is small, else by a worker thread (one
   * per session; a reload starts a fresh one), which also reads the previous period's file of a comparison.
   */
  private table(): Promise<ShownView> {
    if (!this.opened) {
      this.handle?.dispose();
      const extensionPath = this.extensionUri.fsPath;
      const handle = tableHandle(this.source.csvPath, extensionPath);
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
      const request = tableRequest(this.source, extensionPath);
      const opening = handle.open(request, this.settings(), request.previous ? undefined : onPartial);
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

  /** How the view is rendered now: where it is shown, the display language, the cost settings and swaps. */
  private settings(): ViewSettings {
    return viewSettings(this.source, this.pricing, this.swaps, this.columnPrefs.all());
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
    void postMessages(this.host.webview, view.messages);
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
      await postMessages(this.host.webview, view.messages, view.rest);
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
      const request = { groupBy, seatPrices: seatPricesSetting() };
      const data = await this.handle!.organisedView(request, chosen, vscode.l10n.bundle);
      await this.host.post({ type: 'packed', data });
    } catch (error) {
      await this.reportReadError(error);
    }
  }

  private async reportReadError(error: unknown): Promise<void> {
    // A closed panel stops its worker, which fails what was still on its way: nothing to report.
    if (this.disposed) return;
    const message = vscode.l10n.t('Could not read {0}: {1}', path.basename(this.source.csvPath), errorText(error));
    this.log.error(message);
    await this.host.post({ type: 'error', message });
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.timeline.ready ??= Date.now();
        const first = !this.webviewReady;
        this.webviewReady = true;
        // A page restored after a window reload (a panel or an editor tab) kept the swaps it showed in its saved
        // state: the only place they survive. Its table is priced with them.
        const restored = first && this.swaps.length === 0 ? readSwaps(message.swaps) : [];
        if (restored.length > 0) return this.setWhatIf(restored);
        // The webview shows the table its page carried: sent again only if a newer one went out since.
        if (message.embedded && this.pageIsCurrent) return;
        return this.sendTable();
      }
      case 'requestRows': {
        const count = Math.min(Math.max(0, message.count), ROWS_PAGE_SIZE);
        const start = Math.max(0, message.start);
        try {
          // A page is read back from the file, which can fail (e.g. the file changed on disk since it was read).
          await (this.partial ? Promise.resolve() : this.table());
          const rows = this.handle!;
          const page = await rows.page(start, count);
          await this.host.post({ type: 'rows', requestId: message.requestId, start, rows: page, total: rows.total });
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
    this.host.dispose();
  }
}
