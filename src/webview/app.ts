/**
 * The usage table webview: takes the host's `load` and `rows` messages, keeps the view state, and wires the header,
 * toolbar and grid together. Everything it shows is derived from (table, state) in `update()`.
 */
import type { CellValue, ExportHeader, HostToWebview, TableColumn, UsageTable, ViewState } from '../shared/protocol';
import { displayText, jsonMapLines, type CellContext } from './cells';
import { toMarkdown, toTsv } from './copyText';
import { el, icon } from './dom';
import { filterTerms } from './filter';
import { makeNumberFormats, type NumberFormats } from './format';
import { Grid } from './grid';
import { renderHeader, type HeaderAction } from './header';
import { MapPopover } from './mapPopover';
import { nextDirection } from './sort';
import { restoreState } from './state';
import { makeTranslate, totalsTabKey, type Translate } from './strings';
import { PagedRows, TotalsData, type TabData } from './tabData';
import { renderToolbar, type Toolbar } from './toolbar';
import { computeView, ViewCache, type View } from './view';
import { primaryColumn } from '../shared/derived';
import type { HostApi } from './vscodeApi';

type LoadMessage = Extract<HostToWebview, { type: 'load' }>;
type RowsMessage = Extract<HostToWebview, { type: 'rows' }>;

/** Above this many rows, filtering waits for a pause in typing instead of running on every key. */
const INSTANT_FILTER_ROWS = 20_000;
const FILTER_DELAY_MS = 150;

interface Tab {
  data: TabData;
  cache: ViewCache;
  fullTotal: CellValue[];
}

/** Everything built from one `load` message. */
interface Session {
  table: UsageTable;
  header: ExportHeader;
  t: Translate;
  formats: NumberFormats;
  collator: Intl.Collator;
  totals: Tab;
  rows: Tab & { data: PagedRows };
  toolbar: Toolbar;
  grid: Grid;
  disposeHeader(): void;
  view?: View;
  pendingCopy?: 'markdown' | 'tsv';
}

export class App {
  private state: ViewState;
  private session: Session | undefined;
  private readonly popover = new MapPopover();
  private filterTimer = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    this.state = restoreState(host.getState());
  }

  load(message: LoadMessage): void {
    this.session?.disposeHeader();
    this.popover.close();
    this.rememberCsvPath(message.csvPath);
    const { table, locale } = message;
    const t = makeTranslate(message.strings);
    const formats = makeNumberFormats(locale);
    const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    const header = renderHeader({
      header: message.header,
      recordCount: t('{0} records', formats.integer(String(table.rowCount))),
      locale,
      t,
      onAction: (action) => this.onAction(action),
    });
    const toolbar = renderToolbar({
      totalsLabel: t(totalsTabKey(table.totals.entityLabel)),
      tab: this.state.tab,
      filter: this.state.filter,
      t,
      onTab: (tab) => this.setState({ ...this.state, tab }),
      onFilter: (filter) => this.onFilter(filter),
    });
    const grid = this.makeGrid(t('Usage table'));
    const panel = el('div', { className: 'panel', attrs: { role: 'tabpanel', id: 'grid-panel' } }, [grid.element]);
    this.root.replaceChildren(header.element, ...warningElements(table.warnings), toolbar.element, panel);

    this.session = {
      table,
      header: message.header,
      t,
      formats,
      collator,
      ...this.tabs(table, collator),
      toolbar,
      grid,
      disposeHeader: () => header.dispose(),
    };
    this.update();
    // The frame after this one shows the table: tell the host when the user can see it.
    requestAnimationFrame(() => this.host.postMessage({ type: 'painted' }));
  }

  /** The panel serializer gets only the saved state back, so the state names the CSV it shows. */
  private rememberCsvPath(csvPath: string | undefined): void {
    if (typeof csvPath !== 'string' || csvPath === this.state.csvPath) return;
    this.state = { ...this.state, csvPath };
    this.host.setState(this.state);
  }

  /** The two tabs' data: the host's totals, and the raw rows paged in from the host on demand. */
  private tabs(table: UsageTable, collator: Intl.Collator): { totals: Tab; rows: Tab & { data: PagedRows } } {
    const totalsData = new TotalsData(table.totals);
    const rowsData = new PagedRows(table.columns, table.rowCount, (requestId, start, count) =>
      this.host.postMessage({ type: 'requestRows', requestId, start, count }),
    );
    // The raw columns' grand total is the host's, matched by column key (raw and totals share the CSV's keys).
    const rawTotal = table.columns.map((c) => {
      const i = table.totals.columns.findIndex((tc) => tc.key === c.key);
      return i >= 0 && c.aggregate === 'sum' ? (table.totals.grandTotal[i] ?? null) : null;
    });
    return {
      totals: { data: totalsData, cache: new ViewCache(totalsData, collator), fullTotal: table.totals.grandTotal },
      rows: { data: rowsData, cache: new ViewCache(rowsData, collator), fullTotal: rawTotal },
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

  error(message: string): void {
    const banner = el('div', { className: 'error', attrs: { role: 'alert' } }, [
      icon('error'),
      el('span', { text: message }),
    ]);
    this.root.querySelector('.error')?.remove();
    this.root.prepend(banner);
  }

  private tab(): Tab | undefined {
    return this.session?.[this.state.tab];
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
    const sortColumn = this.state.sort ? data.columns.findIndex((c) => c.key === this.state.sort?.column) : -1;
    const sort =
      sortColumn >= 0 && this.state.sort ? { column: sortColumn, direction: this.state.sort.direction } : undefined;
    if (data instanceof PagedRows && (sort || filterTerms(this.state.filter).length > 0)) data.loadAll();
    const primaryCol = primaryColumn(data.columns);
    const primary = primaryCol ? data.columns.indexOf(primaryCol) : -1;
    const view = computeView(
      data,
      tab.cache,
      {
        sort,
        filter: this.state.filter,
        expanded: new Set(this.state.expanded),
        fullTotal: tab.fullTotal,
        primary: data.complete ? primary : -1,
      },
      session.collator,
    );
    session.view = view;
    const { t, formats } = session;
    session.grid.setModel({
      data,
      view,
      sort,
      expanded: new Set(this.state.expanded),
      primary,
      ctx: this.cellContext(view.barMax),
      totalLabel: view.filtered ? t('Total of {0} shown', formats.integer(String(view.order.length))) : t('Total'),
      loadingText: t('Loading…'),
      emptyText: t('No rows match the filter.'),
    });
    this.updateStatus();
  }

  private updateStatus(): void {
    const session = this.session;
    const tab = this.tab();
    if (!session || !tab) return;
    const { t, formats } = session;
    const count = (n: number) => formats.integer(String(n));
    const data = tab.data;
    const waiting =
      data instanceof PagedRows &&
      !data.complete &&
      (this.state.sort || filterTerms(this.state.filter).length > 0 || session.pendingCopy);
    if (waiting) session.toolbar.setStatus(t('Loading rows… {0} of {1}', count(data.loadedRows), count(data.length)));
    else if (session.view?.filtered)
      session.toolbar.setStatus(t('{0} of {1} rows', count(session.view.order.length), count(data.length)));
    else session.toolbar.setStatus('');
  }

  private onSort(column: number): void {
    const data = this.tab()?.data;
    if (!data) return;
    const key = data.columns[column].key;
    const direction = nextDirection(this.state.sort?.column === key ? this.state.sort.direction : undefined);
    this.setState({ ...this.state, sort: direction ? { column: key, direction } : undefined });
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

  /** Copies what is shown; the raw rows must all be present first, so an "All rows" copy may wait for them. */
  private copy(format: 'markdown' | 'tsv'): void {
    const session = this.session;
    const tab = this.tab();
    if (!session || !tab) return;
    const { data } = tab;
    if (data instanceof PagedRows && !data.complete) {
      session.pendingCopy = format;
      data.loadAll();
      this.updateStatus();
      return;
    }
    session.pendingCopy = undefined;
    const view = session.view as View;
    const ctx = this.cellContext(0);
    const source = {
      columns: data.columns,
      // A row shown for some of its children contributes those children, as in the grand total.
      rows: (function* () {
        for (const row of view.order) {
          const only = view.partial.get(row);
          if (only) {
            const children = data.children(row);
            for (const child of only) yield children[child].cells;
          } else yield data.row(row) ?? [];
        }
      })(),
      total: view.total,
      totalLabel: session.t('Total'),
      display: (value: CellValue, column: TableColumn, inTotal: boolean) => displayText(value, column, ctx, inTotal),
    };
    this.host.postMessage({ type: 'copy', format, text: format === 'tsv' ? toTsv(source) : toMarkdown(source) });
    this.updateStatus();
  }
}

function warningElements(warnings: readonly string[]): HTMLElement[] {
  return warnings.map((w) => el('div', { className: 'warning' }, [icon('warning'), el('span', { text: w })]));
}
