/**
 * The usage table webview: takes the host's `load` and `rows` messages, keeps the view state, and wires the header,
 * toolbar and grid together. Everything it shows is derived from (table, state) in `update()`.
 */
import type {
  CellValue,
  ExportHeader,
  HostToWebview,
  TableColumn,
  UsageTable,
  ViewState,
  WebviewString,
} from '../../shared/protocol';
import { displayText, jsonMapLines, type CellContext } from '../common/cells';
import { toMarkdown, toTsv } from '../common/copyText';
import { el, icon } from '../common/dom';
import { noticeElements } from '../common/cellNotes';
import { filterTerms } from '../common/filter';
import { makeNumberFormats, type NumberFormats } from '../../shared/numberFormat';
import { Grid } from '../common/grid';
import { renderHeader, type HeaderAction } from './header';
import { Headline } from './headline';
import { LoadProgressBar } from './loadProgress';
import { MapPopover } from './mapPopover';
import { nextDirection } from '../common/sort';
import { restoreState } from './state';
import { makeTranslate, type Translate } from '../common/strings';
import { entityTexts } from '../../shared/entityTexts';
import { PagedRows, TotalsData, type TabData } from '../common/tabData';
import { GroupsData } from './groupsData';
import { renderToolbar, type Toolbar } from './toolbar';
import { computeView, ViewCache, type View } from '../common/view';
import { primaryColumn } from '../../shared/derived';
import { costColumn, rankingColumn, type ShownRows } from '../../shared/headline';
import { warningSigns, type WarningSign, type WarningSignId } from '../../shared/warningSigns';
import type { HostApi } from '../common/vscodeApi';
import { paintTiming } from './openTiming';
import { ORG_ATTRIBUTES, type GroupedView, type OrgAttribute } from '../../shared/organisation';

type LoadMessage = Extract<HostToWebview, { type: 'load' }>;
type RowsMessage = Extract<HostToWebview, { type: 'rows' }>;
type TotalsRowsMessage = Extract<HostToWebview, { type: 'totalsRows' }>;

/** The Group by control's label of each attribute. */
const GROUP_BY_LABELS: Readonly<Record<OrgAttribute, WebviewString>> = {
  department: 'Department',
  company_name: 'Company',
  license_type: 'Licence type',
  role: 'Role',
};

/** What the grid shows: the totals, the totals grouped by an attribute, or the raw rows. */
type Shown = 'totals' | 'groups' | 'rows';

/** From this many totals rows on, their columns' sort keys are built while the webview is idle. */
const WARM_KEYS_ROWS = 50_000;
/** The rows a text column's distinctness is judged by before its keys are built in advance. */
const WARM_SAMPLE_ROWS = 1000;

/** Above this many rows, filtering waits for a pause in typing instead of running on every key. */
const INSTANT_FILTER_ROWS = 20_000;
const FILTER_DELAY_MS = 150;

interface Tab {
  data: TabData;
  cache: ViewCache;
  fullTotal: CellValue[];
  fullUnknown?: readonly number[];
}

/** Everything built from one `load` message (and brought up to date by the next ones while the file loads). */
interface Session {
  table: UsageTable;
  header: ExportHeader;
  csvPath: string | undefined;
  /** How much of the file is read (0 to 1) while it loads; undefined once the table is whole. */
  progress: number | undefined;
  loadProgress: LoadProgressBar;
  /** The warnings and notices above the figures. */
  notes: HTMLElement[];
  setRecordCount: (text: string) => void;
  t: Translate;
  formats: NumberFormats;
  collator: Intl.Collator;
  totals: Tab & { data: TotalsData };
  rows: Tab & { data: PagedRows };
  /** The people grouped by `state.groupBy`, once the host has grouped them. */
  groups?: Tab & { data: GroupsData; people: number };
  /** The attributes this table can be grouped by (none: no Group by control). */
  attributes: readonly OrgAttribute[];
  /** The grouping asked of the host for this table (null: none); undefined until asked. */
  organised?: OrgAttribute | null;
  toolbar: Toolbar;
  grid: Grid;
  headline: Headline;
  /** Found once every totals row is in (none before). */
  signs: readonly WarningSign[];
  disposeHeader(): void;
  view?: View;
  pendingCopy?: 'markdown' | 'tsv';
}

export class App {
  private state: ViewState;
  private session: Session | undefined;
  private readonly popover = new MapPopover();
  private filterTimer = 0;
  /** The headline's scan of the shown totals, by the view's selection (the same for every sort of it). */
  private readonly shownMemo = new WeakMap<Uint32Array, ShownRows>();
  /** A sign's rows as a set, made once, so that the view's cached selection knows it again. */
  private readonly signRows = new WeakMap<WarningSign, Set<number>>();
  /** No saved state: the first table opens sorted by its primary figure. */
  private fresh: boolean;
  /** A grouping the host chose before the table came (langdock.showOrganisation opening the panel). */
  private hostGroupBy: OrgAttribute | undefined;
  /** The page started with saved state: shown again after being hidden, or restored after a reload. */
  readonly restored: boolean;
  /** The what-if swaps of that saved state, if it had any. */
  readonly restoredSwaps: ViewState['swaps'];

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    const saved = host.getState();
    this.fresh = saved === undefined || saved === null;
    this.restored = !this.fresh;
    this.state = restoreState(saved);
    this.restoredSwaps = this.state.swaps;
  }

  load(message: LoadMessage): void {
    // A table still loading is brought up to date in place: scroll, focus and the filter box stay as they are.
    if (this.session?.progress !== undefined && this.session.csvPath === message.csvPath) return this.refresh(message);
    this.session?.disposeHeader();
    this.popover.close();
    this.rememberSource(message.csvPath, message.swaps);
    const { table, locale } = message;
    const t = makeTranslate(message.strings);
    const formats = makeNumberFormats(locale);
    const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    const header = renderHeader({
      header: message.header,
      recordCount: recordCount(table, t, formats),
      locale,
      t,
      onAction: (action) => this.onAction(action),
    });
    const attributes = groupableBy(table);
    const toolbar = renderToolbar({
      totalsLabel: t(entityTexts(table.totals.entity).totals),
      tab: this.state.tab,
      filter: this.state.filter,
      t,
      onTab: (tab) => this.setState({ ...this.state, tab }),
      onFilter: (filter) => this.onFilter(filter),
      ...(table.exportType !== 'unknown'
        ? {
            columns: {
              hidden: table.totals.columns.filter((c) => c.hidden).length,
              onChoose: () => this.host.postMessage({ type: 'action', action: 'chooseColumns' }),
            },
          }
        : {}),
      ...(attributes.length > 0
        ? {
            groupBy: {
              choices: attributes.map((a) => ({ value: a, label: t(GROUP_BY_LABELS[a]) })),
              value: this.state.groupBy ?? 'none',
              onChange: (value) => this.onGroupBy(value),
            },
          }
        : {}),
    });
    const grid = this.makeGrid(t('Usage table'));
    const panel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'grid-panel' } }, [grid.element]);
    const progress = new LoadProgressBar(t, formats);
    progress.show(message.progress, table.rowCount);
    const tabs = this.tabs(table, collator, message.totalsRowCount);
    const reading = message.progress !== undefined;
    const signs = this.signsOf(table, tabs.totals.data, reading);
    this.openState(table, signs, tabs.totals.data.complete && !reading);
    const headline = new Headline({
      t,
      formats,
      locale,
      entity: table.totals.entity,
      period: message.header.period,
      signs,
      onSign: (id) => this.onSign(id),
      onFileOrder: () => {
        this.setState({ ...this.state, sort: undefined });
        // The button hides once in file order: the focus goes on to the rows instead of being lost.
        grid.element.focus();
      },
    });
    const notes = this.notes(table, t);
    this.root.replaceChildren(header.element, progress.element, ...notes, headline.element, toolbar.element, panel);

    this.session = {
      table,
      header: message.header,
      csvPath: message.csvPath,
      progress: message.progress,
      t,
      formats,
      collator,
      ...tabs,
      toolbar,
      grid,
      headline,
      signs,
      notes,
      attributes,
      loadProgress: progress,
      setRecordCount: header.setRecordCount,
      disposeHeader: () => header.dispose(),
    };
    this.update();
    this.warmSortKeys();
    this.organise();
    // The frame after this one shows the table: tell the host when the user can see it.
    requestAnimationFrame(() => this.host.postMessage({ type: 'painted', timing: paintTiming() }));
    this.reportComplete();
  }

  /** Tells the host once the whole table (not the rows read so far) has every totals row: it is usable. */
  private reportComplete(): void {
    const session = this.session;
    if (!session || session.progress !== undefined || !session.totals.data.complete) return;
    this.host.postMessage({ type: 'totalsLoaded', rows: session.totals.data.length });
  }

  /**
   * The next table of a file that is still being read (more rows, or all of them): the data, the counts and the
   * notes change; the grid, the toolbar and the header stay, so nothing the user is doing is interrupted.
   */
  private refresh(message: LoadMessage): void {
    const session = this.session as Session;
    const { table } = message;
    const { t, formats, collator } = session;
    // Rows already paged in stay, unless the read started again from the top (with another encoding).
    const restarted = (message.progress ?? 1) < (session.progress ?? 0);
    const reading = message.progress !== undefined;
    const tabs = this.tabs(
      table,
      collator,
      message.totalsRowCount,
      reading && !restarted ? session.rows.data : undefined,
    );
    const notes = this.notes(table, t);
    for (const node of session.notes) node.remove();
    session.loadProgress.element.after(...notes);
    session.loadProgress.show(message.progress, table.rowCount);
    session.setRecordCount(recordCount(table, t, formats));
    const signs = this.signsOf(table, tabs.totals.data, reading);
    session.headline.setSigns(signs);
    if (tabs.totals.data.complete && !reading) this.dropMissingSign(signs);
    this.followRanking(table);
    Object.assign(session, { table, header: message.header, progress: message.progress, notes, signs, ...tabs });
    this.update();
    this.warmSortKeys();
    this.organise();
    if (!reading && session.pendingCopy) this.copy(session.pendingCopy);
    this.reportComplete();
  }

  /** The file's warnings and the table's notices, above the figures. */
  private notes(table: UsageTable, t: Translate): HTMLElement[] {
    return [
      ...warningElements(table.warnings),
      ...noticeElements(table.notices ?? [], t, (action) => this.host.postMessage({ type: 'action', action })),
    ];
  }

  /**
   * A first table opens sorted by its primary figure, largest first; a sign this table does not have is dropped
   * (the file changed).
   */
  private openState(table: UsageTable, signs: readonly WarningSign[], complete: boolean): void {
    let state = this.state;
    const ranking = this.fresh ? rankingColumn(table.totals.columns) : undefined;
    if (ranking) state = { ...state, sort: { column: ranking.key, direction: 'desc', auto: true } };
    this.fresh = false;
    if (state !== this.state) {
      this.state = state;
      this.host.setState(state);
    }
    if (complete) this.dropMissingSign(signs);
  }

  /** The sort a table opens with: its ranking figure, largest first (none when it has no such figure). */
  private openingSort(): ViewState['sort'] {
    const ranking = this.session && rankingColumn(this.session.table.totals.columns);
    return ranking && { column: ranking.key, direction: 'desc', auto: true };
  }

  /**
   * The automatic sort follows the ranking column when the next table of a file being read ranks by another (the
   * rows read so far rank by Langdock's cost; the whole table by the cost that includes estimates from tokens).
   */
  private followRanking(table: UsageTable): void {
    const sort = this.state.sort;
    const ranking = rankingColumn(table.totals.columns);
    if (!sort?.auto || sort.column === ranking?.key) return;
    this.state = { ...this.state, sort: ranking && { column: ranking.key, direction: 'desc', auto: true } };
    this.host.setState(this.state);
  }

  private dropMissingSign(signs: readonly WarningSign[]): void {
    const sign = this.state.sign;
    if (sign && !signs.some((s) => s.id === sign)) {
      this.state = { ...this.state, sign: undefined };
      this.host.setState(this.state);
    }
  }

  /**
   * Builds a big, complete totals table's sort keys one column per idle moment, so that the first click on a header
   * only sorts (parsing a million cells is most of a first sort's time). A text column whose first rows are mostly
   * distinct (names, ids) is left to the click: ranking a million texts is one long task that would make the idle
   * webview stutter.
   */
  private warmSortKeys(): void {
    const totals = this.session?.totals;
    if (!totals?.data.complete || totals.data.length < WARM_KEYS_ROWS) return;
    const { data } = totals;
    const fewTexts = (column: number) => {
      const sample = new Set<CellValue>();
      for (let i = 0; i < WARM_SAMPLE_ROWS; i++) sample.add(data.cell(i, column));
      return sample.size <= WARM_SAMPLE_ROWS / 10;
    };
    const columns = data.columns.flatMap((c, i) =>
      c.format === 'json-map' || ((c.format === 'text' || c.format === 'date') && !fewTexts(i)) ? [] : [i],
    );
    const next = () => {
      const column = columns.shift();
      // A newer table replaced this one: its keys are no longer wanted.
      if (column === undefined || this.session?.totals !== totals) return;
      totals.cache.keysOf(column);
      requestIdleCallback(next);
    };
    requestIdleCallback(next);
  }

  /**
   * The warning signs count rows, so they wait for all of them: a count over the first pages, or over the rows of
   * a file still being read, would look final.
   */
  private signsOf(table: UsageTable, totals: TotalsData, reading: boolean): WarningSign[] {
    return totals.complete && !reading ? warningSigns(table.exportType, totals.columns, totals) : [];
  }

  /** The panel serializer gets only the saved state back, so the state names the CSV it shows and its swaps. */
  private rememberSource(csvPath: string | undefined, swaps: ViewState['swaps']): void {
    const { csvPath: _path, swaps: _swaps, ...rest } = this.state;
    const state: ViewState = {
      ...rest,
      ...(typeof csvPath === 'string' ? { csvPath } : _path !== undefined ? { csvPath: _path } : {}),
      ...(swaps && swaps.length > 0 ? { swaps } : {}),
    };
    if (state.csvPath === this.state.csvPath && JSON.stringify(state.swaps) === JSON.stringify(this.state.swaps))
      return;
    this.state = state;
    this.host.setState(state);
  }

  /** The two tabs' data: the host's totals, and the raw rows paged in from the host on demand. */
  private tabs(
    table: UsageTable,
    collator: Intl.Collator,
    totalsRowCount: number | undefined,
    keep?: PagedRows,
  ): { totals: Tab & { data: TotalsData }; rows: Tab & { data: PagedRows } } {
    const totalsData = new TotalsData(table.totals, totalsRowCount);
    const rowsData = keep
      ? keep.continued(table.columns, table.rowCount)
      : new PagedRows(table.columns, table.rowCount, (requestId, start, count) =>
          this.host.postMessage({ type: 'requestRows', requestId, start, count }),
        );
    // The raw columns' grand total is the host's, matched by column key (raw and totals share the CSV's keys).
    const { grandTotal, grandUnknown } = table.totals;
    const totalsIndex = table.columns.map((c) => {
      const i = table.totals.columns.findIndex((tc) => tc.key === c.key);
      return c.aggregate === 'sum' ? i : -1;
    });
    const rawTotal = totalsIndex.map((i) => (i >= 0 ? (grandTotal[i] ?? null) : null));
    const rawUnknown = totalsIndex.map((i) => (i >= 0 ? (grandUnknown?.[i] ?? 0) : 0));
    return {
      totals: {
        data: totalsData,
        cache: new ViewCache(totalsData, collator),
        fullTotal: grandTotal,
        ...(grandUnknown ? { fullUnknown: grandUnknown } : {}),
      },
      rows: { data: rowsData, cache: new ViewCache(rowsData, collator), fullTotal: rawTotal, fullUnknown: rawUnknown },
    };
  }

  private makeGrid(label: string): Grid {
    const grid = new Grid(label, {
      onSort: (column) => this.onSort(column),
      onToggle: (row) => this.onToggle(row),
      onRange: (first, last) => {
        if (this.state.tab === 'rows') this.session?.rows.data.ensure(first, last);
      },
      onOpenMap: (anchor, value, column) => {
        const lines = jsonMapLines(value, this.cellContext(0));
        if (lines) this.popover.open(anchor, column.label, lines, grid.element);
      },
    });
    return grid;
  }

  rows(message: RowsMessage): void {
    const session = this.session;
    if (!session || !Array.isArray(message.rows)) return;
    const data = session.rows.data;
    const before = data.length;
    if (!data.accept(message.requestId, message.start, message.rows, message.total)) return;
    if (this.state.tab !== 'rows') return;
    if (data.complete || data.length !== before) {
      this.update();
      if (data.complete && session.pendingCopy) this.copy(session.pendingCopy);
    } else {
      session.grid.refresh();
      this.updateStatus();
    }
  }

  /**
   * The next page of the totals rows. Until the last one, only the status moves on (re-sorting a growing table on
   * every page would cost more than the pages); sort and filter apply to the rows in so far when the user changes
   * them, and the whole view refreshes once, when the last page is in.
   */
  totalsRows(message: TotalsRowsMessage): void {
    const session = this.session;
    if (!session || !session.totals.data.accept(message.start, message.rows, message.last)) return;
    if (!session.totals.data.complete) {
      this.updateStatus();
      return;
    }
    session.signs = this.signsOf(session.table, session.totals.data, session.progress !== undefined);
    session.headline.setSigns(session.signs);
    this.dropMissingSign(session.signs);
    // The rows in so far keep their indices: the row the keyboard was on stays the active one, wherever it moves.
    const active = session.grid.activeEntry();
    this.update();
    if (active) session.grid.restoreActive(active);
    this.warmSortKeys();
    this.reportComplete();
    this.organise();
    if (this.state.tab === 'totals' && session.pendingCopy) this.copy(session.pendingCopy);
  }

  /**
   * Asks the host once per whole table for its people grouped: as the user chose, else by department when the
   * table has at least two, else for the total alone (the headline's idle seats).
   */
  private organise(): void {
    const session = this.session;
    if (!session || session.attributes.length === 0 || session.organised !== undefined) return;
    if (session.progress !== undefined || !session.totals.data.complete) return;
    const chosen = this.hostGroupBy ?? this.state.groupBy;
    this.hostGroupBy = undefined;
    const groupBy =
      chosen === 'none'
        ? null
        : chosen && session.attributes.includes(chosen)
          ? chosen
          : session.attributes.includes('department') && distinctValues(session.totals.data, 'department') >= 2
            ? 'department'
            : null;
    this.askGroups(groupBy);
  }

  private askGroups(groupBy: OrgAttribute | null): void {
    const session = this.session!;
    session.organised = groupBy;
    session.toolbar.setGroupBy(groupBy ?? 'none');
    this.host.postMessage({ type: 'organise', groupBy });
  }

  /** The Group by control: a grouping is asked of the host (the table is there); none shows the totals at once. */
  private onGroupBy(value: string): void {
    const session = this.session;
    if (!session) return;
    const groupBy = session.attributes.find((a) => a === value);
    this.state = { ...this.state, groupBy: groupBy ?? 'none', tab: 'totals' };
    this.host.setState(this.state);
    if (groupBy) return this.askGroups(groupBy);
    session.organised = null;
    session.groups = undefined;
    this.update();
  }

  /**
   * The host's grouping of the people: shown in place of the totals, and the headline's idle seats. `chosen`: the
   * host chose it (langdock.showOrganisation), not an answer to this page.
   */
  organisation(view: GroupedView, chosen: boolean): void {
    const session = this.session;
    if (!session || session.attributes.length === 0) {
      // It came before its table: the table's own request asks for it.
      if (chosen && view.groupBy) this.hostGroupBy = view.groupBy;
      return;
    }
    session.headline.setSeats(view.total);
    // An answer the user has moved on from (they chose another grouping since) changes only the figures.
    if (!chosen && view.groupBy !== session.organised) return this.update();
    session.organised = view.groupBy;
    session.toolbar.setGroupBy(view.groupBy ?? 'none');
    if (view.groupBy && view.table && view.members) {
      this.state = { ...this.state, groupBy: view.groupBy };
      this.host.setState(this.state);
      const data = new GroupsData(view.table, view.members, session.totals.data);
      session.groups = {
        data,
        people: view.total.users,
        cache: new ViewCache(data, session.collator),
        fullTotal: view.table.grandTotal,
        ...(view.table.grandUnknown ? { fullUnknown: view.table.grandUnknown } : {}),
      };
    } else session.groups = undefined;
    this.update();
  }

  error(message: string): void {
    const banner = el('div', { className: 'error', attrs: { role: 'alert' } }, [
      icon('error'),
      el('span', { text: message }),
    ]);
    this.root.querySelector('.error')?.remove();
    this.root.prepend(banner);
  }

  /** What the grid shows now. */
  private shown(): Shown {
    return this.state.tab === 'rows' ? 'rows' : this.session?.groups ? 'groups' : 'totals';
  }

  private tab(): Tab | undefined {
    const session = this.session;
    return session && session[this.shown()];
  }

  private setState(state: ViewState): void {
    this.state = state;
    this.host.setState(state);
    this.update();
  }

  private cellContext(barMax: number): CellContext {
    const session = this.session as Session;
    return { formats: session.formats, t: session.t, barMax };
  }

  private update(): void {
    const session = this.session;
    const tab = this.tab();
    if (!session || !tab) return;
    session.toolbar.setTab(this.state.tab);
    session.grid.element.parentElement?.setAttribute('aria-labelledby', session.toolbar.tabId(this.state.tab));
    const { data } = tab;
    const shown = this.shown();
    const view = this.computeTab(shown);
    const sort = this.sortOf(shown);
    const primaryCol = primaryColumn(data.columns);
    const primary = primaryCol ? data.columns.indexOf(primaryCol) : -1;
    session.view = view;
    // The figures add up what the totals show, whichever tab is open.
    const totalsView = shown === 'totals' ? view : this.computeTab('totals');
    const totals = session.totals.data;
    const loading = !totals.complete;
    const shownRows = this.shownTotals(totalsView);
    session.headline.update({
      columns: totals.columns,
      total: totalsView.total,
      unknown: totalsView.totalUnknown,
      rows: totalsView.totalRows,
      ...(!totalsView.filtered ? { notes: session.table.totals.grandNotes } : {}),
      // Unfiltered, the count of entities is known from the start: the host says how many rows are coming.
      shown: loading && !totalsView.filtered ? { ...shownRows, count: totals.expected } : shownRows,
      filtered: totalsView.filtered,
      activeSign: this.state.sign,
      sorted: sort !== undefined,
      loading,
    });
    const { t, formats } = session;
    const shownCount = formats.integer(String(view.order.length));
    const partTotal = loading && data === totals;
    session.grid.setModel({
      data,
      ...(shownColumns(data) ? { shown: shownColumns(data) } : {}),
      view,
      sort,
      expanded: new Set(this.state.expanded),
      primary,
      ctx: this.cellContext(view.barMax),
      totalLabel: view.filtered
        ? t(partTotal ? 'Total of {0} shown so far' : 'Total of {0} shown', shownCount)
        : t('Total'),
      ...(!view.filtered && shown === 'totals' ? { totalNotes: session.table.totals.grandNotes } : {}),
      loadingText: t('Loading…'),
      emptyText: t('No rows match the filter.'),
    });
    this.updateStatus();
  }

  /**
   * The top entity and the rows without cost among the shown totals, found with the cached sort keys (one number
   * per row, built once), so that a re-sort or a keystroke never parses every cell again.
   */
  private shownTotals(view: View): ShownRows {
    const memo = this.shownMemo.get(view.selected);
    if (memo) return memo;
    const { data, cache } = this.session!.totals;
    const keysOf = (column: TableColumn | undefined) =>
      column ? cache.keysOf(data.columns.indexOf(column)) : undefined;
    const rank = keysOf(rankingColumn(data.columns));
    const cost = keysOf(costColumn(data.columns)?.column);
    let top = -1;
    let missingCost = 0;
    for (const row of view.selected) {
      if (rank && rank[row] === rank[row] && (top < 0 || rank[row] > rank[top])) top = row;
      if (cost && cost[row] !== cost[row]) missingCost++;
    }
    const shown = { count: view.selected.length, missingCost, ...(top >= 0 ? { top: data.row(top) } : {}) };
    this.shownMemo.set(view.selected, shown);
    return shown;
  }

  /** The sort of a tab's data by the state; the automatic sort is the totals' only. */
  private sortOf(which: Shown) {
    const data = this.session![which]!.data;
    const wanted = this.state.sort;
    if (!wanted || (wanted.auto && which === 'rows')) return undefined;
    const column = data.columns.findIndex((c) => c.key === wanted.column);
    if (column >= 0 && !data.columns[column].hidden) return { column, direction: wanted.direction };
    // A column out of view (Columns…, or tokens making way for a what-if) orders nothing unseen: the totals keep
    // their ranking until it is back.
    const ranking = which === 'totals' ? rankingColumn(data.columns) : undefined;
    return ranking && { column: data.columns.indexOf(ranking), direction: 'desc' as const };
  }

  private computeTab(which: Shown): View {
    const session = this.session!;
    const { data, cache, fullTotal, fullUnknown } = session[which]!;
    const sort = this.sortOf(which);
    if (data instanceof PagedRows && (sort || filterTerms(this.state.filter).length > 0)) data.loadAll();
    const primaryCol = primaryColumn(data.columns);
    const primary = primaryCol ? data.columns.indexOf(primaryCol) : -1;
    const sign =
      which === 'totals' && this.state.sign ? session.signs.find((s) => s.id === this.state.sign) : undefined;
    return computeView(
      data,
      cache,
      {
        sort,
        filter: this.state.filter,
        expanded: new Set(this.state.expanded),
        fullTotal,
        ...(fullUnknown ? { fullUnknown } : {}),
        // A group's cells leave out people, the totals' and raw rows' leave out CSV rows.
        fullRows: which === 'groups' && session.groups ? session.groups.people : session.table.rowCount,
        primary: data.loaded ? primary : -1,
        ...(sign ? { only: this.rowsOf(sign) } : {}),
      },
      session.collator,
    );
  }

  private rowsOf(sign: WarningSign): Set<number> {
    let rows = this.signRows.get(sign);
    if (!rows) {
      rows = new Set(sign.rows);
      this.signRows.set(sign, rows);
    }
    return rows;
  }

  /** A sign's chip shows the totals of its rows alone; clicked again, all rows. */
  private onSign(id: WarningSignId): void {
    this.setState({ ...this.state, tab: 'totals', sign: this.state.sign === id ? undefined : id });
  }

  private updateStatus(): void {
    const session = this.session;
    const tab = this.tab();
    if (!session || !tab) return;
    const { t, formats } = session;
    const count = (n: number) => formats.integer(String(n));
    const data = tab.data;
    if (data instanceof TotalsData && !data.complete) {
      session.toolbar.setStatus(t('Loading totals… {0} of {1}', count(data.length), count(data.expected)));
      return;
    }
    const waiting =
      data instanceof PagedRows &&
      !data.complete &&
      (this.sortOf('rows') || filterTerms(this.state.filter).length > 0 || session.pendingCopy);
    if (session.pendingCopy && session.progress !== undefined)
      session.toolbar.setStatus(t('Copying once the whole file is read…'));
    else if (waiting)
      session.toolbar.setStatus(t('Loading rows… {0} of {1}', count(data.loadedRows), count(data.length)));
    else if (session.view?.filtered)
      session.toolbar.setStatus(t('{0} of {1} rows', count(session.view.order.length), count(data.length)));
    else session.toolbar.setStatus('');
  }

  private onSort(column: number): void {
    const data = this.tab()?.data;
    if (!data) return;
    const key = data.columns[column].key;
    const direction = nextDirection(this.state.sort?.column === key ? this.state.sort.direction : undefined);
    // The third click returns to the order the table opened in (the ranking); File order stays its own button.
    this.setState({ ...this.state, sort: direction ? { column: key, direction } : this.openingSort() });
  }

  private onToggle(row: number): void {
    const data = this.tab()?.data;
    if (!data) return;
    const key = data.key(row);
    const expanded = this.state.expanded.includes(key)
      ? this.state.expanded.filter((k) => k !== key)
      : [...this.state.expanded, key];
    this.setState({ ...this.state, expanded });
  }

  private onFilter(filter: string): void {
    this.state = { ...this.state, filter };
    this.host.setState(this.state);
    window.clearTimeout(this.filterTimer);
    if ((this.tab()?.data.length ?? 0) <= INSTANT_FILTER_ROWS) this.update();
    else this.filterTimer = window.setTimeout(() => this.update(), FILTER_DELAY_MS);
  }

  private onAction(action: HeaderAction): void {
    switch (action) {
      case 'openCsv':
      case 'rerun':
      case 'compare':
      case 'whatIf':
      case 'saveReport':
        this.host.postMessage({ type: 'action', action });
        break;
      case 'copyMarkdown':
        this.copy('markdown');
        break;
      case 'copyTsv':
        this.copy('tsv');
        break;
    }
  }

  /**
   * Copies what is shown; all rows must be present first, so a copy may wait for the raw rows it asks for, or for
   * the totals rows still on their way.
   */
  private copy(format: 'markdown' | 'tsv'): void {
    const session = this.session;
    const tab = this.tab();
    if (!session || !tab) return;
    const { data } = tab;
    // A copy is of the whole table: while the file is still read, or rows are still to come, it waits for them.
    if (session.progress !== undefined || !data.complete) {
      session.pendingCopy = format;
      if (data instanceof PagedRows) data.loadAll();
      this.updateStatus();
      return;
    }
    session.pendingCopy = undefined;
    const view = session.view as View;
    const ctx = this.cellContext(0);
    // What is shown: the columns on screen only.
    const shown = shownColumns(data) ?? data.columns.map((_, i) => i);
    const pick = <T>(values: readonly T[] | undefined) => values && shown.map((i) => values[i]);
    const source = {
      columns: pick(data.columns)!,
      // A row shown for some of its children contributes those children, as in the grand total.
      rows: (function* () {
        for (const row of view.order) {
          const only = view.partial.get(row);
          if (only) {
            const children = data.children(row);
            for (const child of only)
              yield { cells: pick(children[child].cells)!, unknown: pick(children[child].unknown) };
          } else yield { cells: pick(data.row(row) ?? [])!, unknown: pick(data.counts(row)?.unknown) };
        }
      })(),
      total: pick(view.total)!,
      totalUnknown: pick(view.totalUnknown),
      totalLabel: session.t('Total'),
      display: (value: CellValue, column: TableColumn, inTotal: boolean) =>
        displayText(value, column, ctx, inTotal, true),
    };
    this.host.postMessage({ type: 'copy', format, text: format === 'tsv' ? toTsv(source) : toMarkdown(source) });
    this.updateStatus();
  }
}

/**
 * The totals' columns on screen: all but those hidden (the Columns… picker's choice, applied where the view was
 * rendered); the entity column always. All rows shows the file as it is, every column.
 */
function shownColumns(data: TabData): number[] | undefined {
  if (!(data instanceof TotalsData) || !data.columns.some((c) => c.hidden)) return undefined;
  return data.columns.flatMap((c, i) => (i === 0 || !c.hidden ? [i] : []));
}

function recordCount(table: UsageTable, t: Translate, formats: NumberFormats): string {
  return t('{0} records', formats.integer(String(table.rowCount)));
}

function warningElements(warnings: readonly string[]): HTMLElement[] {
  return warnings.map((w) => el('div', { className: 'warning' }, [icon('warning'), el('span', { text: w })]));
}

/** The attributes a table's people can be grouped by; none for a comparison (its rows are changes). */
function groupableBy(table: UsageTable): OrgAttribute[] {
  const keys = new Set(table.totals.columns.map((c) => c.key));
  if (table.totals.columns.some((c) => c.key.endsWith(':delta'))) return [];
  return ORG_ATTRIBUTES.filter((a) => keys.has(a));
}

/** How many distinct non-empty values a text column of the totals has (counting stops at `enough`). */
function distinctValues(data: TotalsData, key: string, enough = 2): number {
  const column = data.columns.findIndex((c) => c.key === key);
  const seen = new Set<string>();
  for (let i = 0; i < data.length && seen.size < enough; i++) {
    const text = data.cell(i, column)?.trim();
    if (text) seen.add(text);
  }
  return seen.size;
}
