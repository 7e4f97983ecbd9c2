/**
 * The seat status of a users trend (issue 23): departments with their active, lapsed, never active and new seats
 * and the median days to first use, each opening to its people; a filter to the people an admin reclaims licences
 * from (lapsed, never active) or welcomes (new), and "Copy as CSV" of the people shown.
 */
import type { CellValue, TableColumn, TotalsRow, TotalsTable, WebviewString } from '../../shared/protocol';
import type { TrendView } from '../../shared/trendProtocol';
import type { CellContext } from '../common/cells';
import { toCsv } from '../common/copyText';
import { el, icon } from '../common/dom';
import { Grid } from '../common/grid';
import { TotalsData } from '../common/tabData';
import { computeView, ViewCache } from '../common/view';

type Show = 'all' | 'active' | 'lapsed' | 'never' | 'new';
const SHOW_LABELS: Readonly<Record<Show, WebviewString>> = {
  all: 'All people',
  active: 'Active',
  lapsed: 'Lapsed',
  never: 'Never active',
  new: 'New seats',
};

/** Whether a person row (its key starts with its status, see core/org/seatStatus.ts) is shown. */
const shows = (show: Show, person: TotalsRow) =>
  show === 'all' || (show === 'new' ? person.key.includes(':new:') : person.key.startsWith(`${show}:`));

export class SeatSection {
  readonly element: HTMLElement;
  private readonly grid: Grid;
  private readonly heading = el('h2', { className: 'seats-title' });
  private readonly select = el('select', { className: 'metric', attrs: { id: 'seat-show' } });
  private seats: TrendView['seats'];
  private show: Show = 'all';
  private expanded = new Set<string>();
  private shownTable: TotalsTable | undefined;

  constructor(
    private readonly ctx: CellContext,
    private readonly collator: Intl.Collator,
    private readonly onCopy: (csv: string) => void,
  ) {
    const { t } = ctx;
    for (const show of Object.keys(SHOW_LABELS) as Show[])
      this.select.append(el('option', { text: t(SHOW_LABELS[show]), attrs: { value: show } }));
    this.select.addEventListener('change', () => {
      this.show = this.select.value as Show;
      this.update();
    });
    const copy = el('button', { className: 'action', attrs: { type: 'button' } }, [
      icon('copy'),
      el('span', { text: t('Copy as CSV') }),
    ]);
    copy.addEventListener('click', () => this.copy());
    this.grid = new Grid(t('Seat status'), {
      onSort: () => undefined,
      onToggle: (row) => this.toggle(row),
      onRange: () => undefined,
      onOpenMap: () => undefined,
    });
    this.element = el('section', { className: 'seats', attrs: { 'aria-label': t('Seat status') } }, [
      this.heading,
      el('div', { className: 'toolbar' }, [
        el('label', { className: 'metric-label', attrs: { for: 'seat-show' } }, [el('span', { text: t('Show') })]),
        this.select,
        copy,
      ]),
      el('div', { className: 'panel' }, [this.grid.element]),
    ]);
    this.element.hidden = true;
  }

  set(seats: TrendView['seats']): void {
    this.seats = seats;
    this.element.hidden = !seats;
    if (seats)
      this.heading.textContent = this.ctx.t(
        'Seat status in the latest period ({0}): active, lapsed (active earlier in the range), never active, and new seats',
        seats.latest,
      );
    this.update();
  }

  private update(): void {
    const table = this.seats?.table;
    if (!table) return;
    // A filter opens the departments to the people it keeps, and leaves out the departments without any.
    const rows = table.rows
      .map((row) => ({ ...row, children: (row.children ?? []).filter((p) => shows(this.show, p)) }))
      .filter((row) => this.show === 'all' || row.children.length > 0);
    if (this.show !== 'all') this.expanded = new Set(rows.map((r) => r.key));
    const shown: TotalsTable = { ...table, rows };
    this.shownTable = shown;
    const data = new TotalsData(shown);
    const view = computeView(
      data,
      new ViewCache(data, this.collator),
      { filter: '', expanded: this.expanded, fullTotal: table.grandTotal, fullRows: rows.length, primary: -1 },
      this.collator,
    );
    const { t } = this.ctx;
    this.grid.setModel({
      data,
      view,
      sort: undefined,
      expanded: this.expanded,
      primary: -1,
      ctx: this.ctx,
      totalLabel: t('Total'),
      loadingText: t('Loading…'),
      emptyText: t('No rows match the filter.'),
    });
  }

  private toggle(row: number): void {
    const key = this.shownTable?.rows[row]?.key;
    if (!key) return;
    if (!this.expanded.delete(key)) this.expanded.add(key);
    this.update();
  }

  /** The people shown, one line each, with their department. */
  private copy(): void {
    const table = this.shownTable;
    if (!table) return;
    const { t } = this.ctx;
    const [name, ...rest] = table.columns;
    const columns: TableColumn[] = [
      { ...name, label: t('Person') },
      { ...name, key: 'department', label: name.label },
      ...rest.filter((c) => !['active', 'lapsed', 'never'].includes(c.key)),
    ];
    const keep = table.columns.map((c) => columns.some((k) => k.key === c.key));
    const lines = table.rows.flatMap((row) =>
      (row.children ?? []).map((p): CellValue[] => [
        p.cells[0],
        row.cells[0],
        ...p.cells.slice(1).filter((_, i) => keep[i + 1]),
      ]),
    );
    this.onCopy(toCsv(columns, lines));
  }
}
