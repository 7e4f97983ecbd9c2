/**
 * The trend view: a header (what the trend is, how many periods are in, "Retry missing periods"), the metric
 * switch, the chart, and below it the same numbers as a table (entities × periods with totals) in the usage
 * table's own grid: sortable, filterable, keyboard-navigable, copyable as Markdown or TSV.
 */
import { entityTexts } from '../../shared/entityTexts';
import type { WebviewString } from '../../shared/protocol';
import { fillTemplate } from '../../shared/template';
import type { CellNote, CellValue, TableColumn, TotalsTable } from '../../shared/tableModel';
import type { HostToTrend, TrendMetric, TrendToHost, TrendView } from '../../shared/trendProtocol';
import { displayText, type CellContext } from '../common/cells';
import { toMarkdown, toTsv } from '../common/copyText';
import { el, icon } from '../common/dom';
import { makeNumberFormats, type NumberFormats } from '../../shared/numberFormat';
import { Grid } from '../common/grid';
import { nextDirection, type SortDirection } from '../common/sort';
import { makeTranslate, type Translate } from '../common/strings';
import { TotalsData } from '../common/tabData';
import { computeView, ViewCache, type View } from '../common/view';
import type { HostApi } from '../common/vscodeApi';
import { TrendChart } from './chart';
import { withPartialTotals } from './partialTotals';
import { SeatSection } from './seats';
import { spikeSection } from './spikeList';
import { forecastLines, periodLabel, trendSpikes } from '../../shared/trendTexts';

interface TrendState {
  /** The trend shown, for the host to restore the panel after a reload (views/trendPanelSerializer.ts). */
  trendId?: string;
  metric?: string;
  sort?: { column: string; direction: SortDirection };
  filter: string;
}

function restore(saved: unknown): TrendState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const sort = s.sort as { column?: unknown; direction?: unknown } | undefined;
  return {
    ...(typeof s.trendId === 'string' ? { trendId: s.trendId } : {}),
    ...(typeof s.metric === 'string' ? { metric: s.metric } : {}),
    ...(sort && typeof sort.column === 'string' && (sort.direction === 'asc' || sort.direction === 'desc')
      ? { sort: { column: sort.column, direction: sort.direction } }
      : {}),
    filter: typeof s.filter === 'string' ? s.filter : '',
  };
}

export type TrendHost = HostApi<TrendToHost, TrendState>;

const GRANULARITY_TITLES: Record<TrendView['granularity'], WebviewString> = {
  day: '{0}, daily',
  week: '{0}, weekly',
  month: '{0}, monthly',
};

interface Session {
  view: TrendView;
  t: Translate;
  formats: NumberFormats;
  collator: Intl.Collator;
  chart: TrendChart;
  grid: Grid;
  select: HTMLSelectElement;
  status: HTMLElement;
  retry: HTMLButtonElement;
  missing: HTMLElement;
  title: HTMLElement;
  subtitle: HTMLElement;
  /** Under the chart: the forecast and its method, the spikes and their rule. */
  notes: HTMLElement;
  seats: SeatSection;
  shown?: { data: TotalsData; view: View; metric: TrendMetric; grandNotes: TotalsTable['grandNotes'] };
}

export class TrendApp {
  private state: TrendState;
  private session: Session | undefined;
  private painted = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: TrendHost,
  ) {
    this.state = restore(host.getState());
  }

  load(message: HostToTrend): void {
    if (this.state.trendId !== message.trendId) {
      this.state = { ...this.state, trendId: message.trendId };
      this.host.setState(this.state);
    }
    if (!this.session) this.session = this.build(message);
    const session = this.session;
    session.view = message.view;
    session.subtitle.textContent = message.view.subtitle;
    session.seats.set(message.view.seats);
    const keys = message.view.metrics.map((m) => m.key);
    if (
      session.select.options.length !== keys.length ||
      [...session.select.options].some((o, i) => o.value !== keys[i])
    )
      session.select.replaceChildren(
        ...message.view.metrics.map((m) => el('option', { text: m.label, attrs: { value: m.key } })),
      );
    this.update();
    if (!this.painted && message.view.metrics.length > 0) {
      this.painted = true;
      requestAnimationFrame(() => this.host.postMessage({ type: 'painted' }));
    }
  }

  private build(message: HostToTrend): Session {
    const t = makeTranslate(message.strings);
    const formats = makeNumberFormats(message.locale);
    const collator = new Intl.Collator(message.locale, { numeric: true, sensitivity: 'base' });
    const title = el('h1', { className: 'title' });
    const subtitle = el('span', { className: 'meta-item' });
    const status = el('span', { className: 'meta-item', attrs: { role: 'status' } });
    const button = (codicon: string, label: string, run: () => void) => {
      const b = el('button', { className: 'action', attrs: { type: 'button', title: label } }, [
        icon(codicon),
        el('span', { text: label }),
      ]);
      b.addEventListener('click', run);
      return b;
    };
    const retry = button('refresh', t('Retry missing periods'), () => this.host.postMessage({ type: 'retryMissing' }));
    const actions = el('div', { className: 'actions', attrs: { role: 'toolbar' } }, [
      retry,
      button('save-as', t('Save Report…'), () => this.host.postMessage({ type: 'saveReport' })),
      button('markdown', t('Copy as Markdown'), () => this.copy('markdown')),
      button('copy', t('Copy as TSV'), () => this.copy('tsv')),
    ]);
    const header = el('header', { className: 'top' }, [
      el('div', { className: 'meta' }, [title, subtitle, status]),
      actions,
    ]);
    const missing = el('div', { className: 'warning missing', attrs: { role: 'alert' } });
    const select = el('select', { className: 'metric', attrs: { 'aria-label': t('Metric') } });
    select.addEventListener('change', () => this.setState({ ...this.state, metric: select.value }));
    const filter = el('input', {
      className: 'filter-input',
      attrs: { type: 'search', placeholder: t('Filter'), 'aria-label': t('Filter'), spellcheck: 'false' },
    });
    filter.value = this.state.filter;
    filter.addEventListener('input', () => this.setState({ ...this.state, filter: filter.value }));
    const toolbar = el('div', { className: 'toolbar' }, [
      el('label', { className: 'metric-label' }, [el('span', { text: t('Metric') }), select]),
      el('label', { className: 'filter' }, [icon('filter'), filter]),
    ]);
    const chart = new TrendChart({ t, formats });
    const notes = el('section', { className: 'trend-notes', attrs: { 'aria-label': t('Forecast') } });
    const grid = new Grid(t('Trend table'), {
      onSort: (column) => this.onSort(column),
      onToggle: () => undefined,
      onRange: () => undefined,
      onOpenMap: () => undefined,
    });
    const panel = el('div', { className: 'panel' }, [grid.element]);
    const seats = new SeatSection({ formats, t, barMax: 0 }, collator, (text) =>
      this.host.postMessage({ type: 'copy', format: 'csv', text }),
    );
    this.root.replaceChildren(header, missing, toolbar, chart.element, notes, panel, seats.element);
    return {
      view: message.view,
      t,
      formats,
      collator,
      chart,
      grid,
      select,
      status,
      retry,
      missing,
      title,
      subtitle,
      notes,
      seats,
    };
  }

  private metric(): TrendMetric | undefined {
    const metrics = this.session?.view.metrics ?? [];
    return metrics.find((m) => m.key === this.state.metric) ?? metrics[0];
  }

  private setState(state: TrendState): void {
    this.state = state;
    this.host.setState(state);
    this.update();
  }

  private update(): void {
    const session = this.session;
    if (!session) return;
    const { t, formats, view } = session;
    const count = (n: number) => formats.integer(String(n));
    const done = view.periods.filter((p) => p.status === 'done').length;
    const missing = view.periods.filter((p) => p.status === 'missing');
    session.status.textContent = t('{0} of {1} periods loaded', count(done), count(view.periods.length));
    session.retry.hidden = missing.length === 0;
    session.missing.hidden = missing.length === 0;
    session.missing.replaceChildren(
      icon('warning'),
      el('span', {
        text: t(
          'Missing periods ({0}): {1}',
          count(missing.length),
          missing.map((p) => `${p.key} (${p.error ?? t('missing')})`).join('; '),
        ),
      }),
    );
    const metric = this.metric();
    session.title.textContent = metric ? this.title(metric) : view.title;
    if (!metric) return;
    session.select.value = metric.key;
    const spikes = trendSpikes(metric, view.periods);
    session.chart.show(metric, view.periods, spikes);
    const running = view.periods.find((p) => p.status === 'done' && p.running);
    session.notes.replaceChildren(
      ...(metric.forecast && running
        ? forecastLines(metric.forecast, running, t, formats, metric.format).map((text) =>
            el('p', { className: 'forecast-note', text }),
          )
        : []),
      ...spikeSection(spikes, metric, view, t, formats),
    );
    session.notes.hidden = session.notes.childElementCount === 0;
    // Pending and missing periods say so in their column header, and so does the running one (and so the copies).
    const columns: TableColumn[] = metric.table.columns.map((c, i) => {
      const period = i >= 1 && i <= view.periods.length ? view.periods[i - 1] : undefined;
      if (!period) return c;
      if (period.status === 'done') return period.running ? { ...c, label: periodLabel(period, t, formats) } : c;
      return { ...c, label: `${c.label} (${period.status === 'pending' ? t('loading…') : t('missing')})` };
    });
    const table = withPartialTotals({ ...metric.table, columns }, view.periods, t);
    const data = new TotalsData(table);
    const sortColumn = this.state.sort ? columns.findIndex((c) => c.key === this.state.sort?.column) : -1;
    const sort =
      sortColumn >= 0 && this.state.sort ? { column: sortColumn, direction: this.state.sort.direction } : undefined;
    const tableView = computeView(
      data,
      new ViewCache(data, session.collator),
      {
        sort,
        filter: this.state.filter,
        expanded: new Set(),
        fullTotal: metric.table.grandTotal,
        fullRows: metric.table.rows.length,
        primary: -1,
      },
      session.collator,
    );
    session.shown = { data, view: tableView, metric, grandNotes: table.grandNotes };
    session.grid.setModel({
      data,
      view: tableView,
      sort,
      expanded: new Set(),
      primary: -1,
      ctx: this.cellContext(),
      ...(table.grandNotes ? { totalNotes: table.grandNotes } : {}),
      totalLabel: tableView.filtered ? t('Total of {0} shown', count(tableView.order.length)) : t('Total'),
      loadingText: t('Loading…'),
      emptyText: t('No rows match the filter.'),
    });
  }

  /** "Requests by model, monthly": the metric shown, what its rows are, the granularity. */
  private title(metric: TrendMetric): string {
    const { t, view } = this.session as Session;
    const by = metric.by
      ? fillTemplate(metric.by, [metric.label])
      : t(entityTexts(metric.table.entity).by, metric.label);
    return t(GRANULARITY_TITLES[view.granularity], by);
  }

  private cellContext(): CellContext {
    const session = this.session as Session;
    return { formats: session.formats, t: session.t, barMax: 0 };
  }

  private onSort(column: number): void {
    const key = this.session?.shown?.data.columns[column]?.key;
    if (!key) return;
    const direction = nextDirection(this.state.sort?.column === key ? this.state.sort.direction : undefined);
    this.setState({ ...this.state, sort: direction ? { column: key, direction } : undefined });
  }

  private copy(format: 'markdown' | 'tsv'): void {
    const shown = this.session?.shown;
    if (!shown) return;
    const ctx = this.cellContext();
    const source = {
      columns: shown.data.columns,
      // A total marked partial on screen is marked in the Markdown too (`*`).
      rows: Array.from(shown.view.order, (row) => ({
        cells: shown.data.row(row),
        unknown: partialCounts(shown.data.columns, shown.data.notes(row, -1)),
      })),
      total: shown.view.total,
      totalUnknown: partialCounts(shown.data.columns, shown.grandNotes),
      totalLabel: ctx.t('Total'),
      display: (value: CellValue, column: TableColumn, inTotal: boolean) => displayText(value, column, ctx, inTotal),
    };
    this.host.postMessage({ type: 'copy', format, text: format === 'tsv' ? toTsv(source) : toMarkdown(source) });
  }
}

/** 1 where a column's note marks the cell partial: what the copy's `*` reads. */
function partialCounts(
  columns: readonly TableColumn[],
  notes: Readonly<Record<string, CellNote>> | undefined,
): number[] | undefined {
  return notes ? columns.map((c) => (notes[c.key]?.partial ? 1 : 0)) : undefined;
}
