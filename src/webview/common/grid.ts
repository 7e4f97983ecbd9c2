/**
 * The table itself: a role=grid (treegrid when rows open) scroller with a sticky header of sort buttons, a
 * virtualized body and a sticky grand-total row. Rows are walked with the arrow keys through
 * aria-activedescendant, so focus stays on the grid while rows are recycled underneath.
 */
import type { CellNote, CellValue, TableColumn } from '../../shared/protocol';
import { fillCell, totalled, type CellContext } from './cells';
import { applyNote } from './cellNotes';
import { el, icon } from './dom';
import { headerWidth, textMeasure, type Measure } from './headerWidth';
import { isNumeric } from '../../shared/numberFormat';
import type { SortDirection } from './sort';
import type { TabData } from './tabData';
import type { View } from './view';
import { VirtualList } from './virtualList';

/** Fixed row height in px: the virtual list's arithmetic depends on every row being exactly this tall. */
const ROW_HEIGHT = 24;
const ACTIVE_ID = 'grid-active-row';

export interface GridModel {
  data: TabData;
  /** The columns on screen, as indices into `data.columns`, in order (absent: all; the Columns… picker's choice). */
  shown?: readonly number[];
  view: View;
  sort?: { column: number; direction: SortDirection };
  expanded: ReadonlySet<string>;
  primary: number;
  ctx: CellContext;
  totalLabel: string;
  /** Notes on the total row's cells, by column key (only while it is the full total). */
  totalNotes?: Readonly<Record<string, CellNote>>;
  loadingText: string;
  emptyText: string;
}

export interface GridEvents {
  onSort(column: number): void;
  onToggle(row: number): void;
  onRange(first: number, last: number): void;
  onOpenMap(anchor: HTMLElement, value: string, column: TableColumn): void;
}

/** `label`: what the header label needs (headerWidth), so headers are read whole rather than "Input to…". */
function columnWidth(column: TableColumn, index: number, primary: boolean, label: number): string {
  const atLeast = (px: number) => Math.max(px, label);
  // Sized so that the default columns of every export type fit 1280 px with the sidebar open (no side scroll).
  if (index === 0) return `minmax(${atLeast(180)}px, 2fr)`;
  if (primary) return `minmax(${atLeast(160)}px, 1.5fr)`;
  if (column.marked) return `minmax(${atLeast(140)}px, 1fr)`;
  switch (column.format) {
    case 'text':
      return `minmax(${atLeast(120)}px, 1fr)`;
    case 'json-map':
      return `minmax(${atLeast(220)}px, 1.5fr)`;
    case 'boolean':
      return `${atLeast(64)}px`;
    default:
      return `minmax(${atLeast(100)}px, 1fr)`;
  }
}

/** A cell's partial mark: how many of how many rows it leaves out, when it leaves any out. */
function partialOf(unknown: number | undefined, of: number | undefined): { unknown: number; of: number } | undefined {
  return unknown && of ? { unknown, of } : undefined;
}

function minWidth(template: string): number {
  return [...template.matchAll(/(\d+)px/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

export class Grid {
  readonly element: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly foot: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly list: VirtualList;
  private model: GridModel | undefined;
  private columns: readonly TableColumn[] = [];
  /** The data columns on screen, in order: a row's cell at position p shows column `shown[p]`. */
  private shown: readonly number[] = [];
  private active = -1;
  /** Set between a pointer press and the focus it causes, so a click does not first jump to a keyboard row. */
  private pointerFocus = false;

  constructor(
    label: string,
    private readonly events: GridEvents,
  ) {
    this.head = el('div', { className: 'head', attrs: { role: 'rowgroup' } });
    this.body = el('div', { className: 'body', attrs: { role: 'rowgroup' } });
    this.foot = el('div', { className: 'foot', attrs: { role: 'rowgroup' } });
    this.empty = el('div', { className: 'empty' });
    this.element = el('div', { className: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': label } }, [
      this.head,
      this.body,
      this.empty,
      this.foot,
    ]);
    this.list = new VirtualList({
      scroller: this.element,
      body: this.body,
      rowHeight: ROW_HEIGHT,
      chromeHeight: () => this.head.offsetHeight + this.foot.offsetHeight,
      createRow: () => this.createRow(),
      updateRow: (row, line) => this.updateRow(row, line),
      onRange: (first, last) => {
        this.syncActiveDescendant();
        this.events.onRange(first, last);
      },
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => this.onClick(e));
    // Focus from Tab lands on the first row in view, not on row 1 (which would jump the scroll position).
    // Re-rendering there would also replace the nodes under the pointer and lose the click (e.g. on a chevron).
    this.element.addEventListener('pointerdown', () => (this.pointerFocus = true));
    this.element.addEventListener('pointerup', () => (this.pointerFocus = false));
    this.element.addEventListener('focus', () => {
      if (this.active < 0 && !this.pointerFocus) this.setActive(Math.ceil(this.element.scrollTop / ROW_HEIGHT));
    });
  }

  setModel(model: GridModel): void {
    const shown = model.shown ?? model.data.columns.map((_, i) => i);
    const columnsChanged =
      model.data.columns !== this.columns ||
      shown.length !== this.shown.length ||
      shown.some((c, p) => c !== this.shown[p]);
    this.model = model;
    if (columnsChanged) {
      this.columns = model.data.columns;
      this.shown = shown;
      this.body.replaceChildren();
      this.list.clear();
      this.active = -1;
      this.element.scrollTop = 0;
      this.buildHead(model.data.columns);
      const measure = this.headerMeasure();
      const template = shown
        .map((c, p) => {
          const column = model.data.columns[c];
          return columnWidth(column, p, c === model.primary, headerWidth(column.label, measure));
        })
        .join(' ');
      this.element.style.setProperty('--columns', template);
      this.element.style.setProperty('--table-width', `${minWidth(template)}px`);
    }
    const view = model.view;
    if (this.active >= view.lineCount) this.active = view.lineCount - 1;
    this.element.setAttribute('role', model.data.grouped ? 'treegrid' : 'grid');
    this.element.setAttribute('aria-rowcount', String(view.lineCount + 2));
    this.element.setAttribute('aria-colcount', String(shown.length));
    this.updateHeadSort();
    this.renderFoot();
    this.empty.textContent = view.lineCount === 0 && model.data.length > 0 ? model.emptyText : '';
    this.list.setCount(view.lineCount);
    this.list.render();
  }

  /** The row (and child, or -1) of the active line, to find again when the view changes under it. */
  activeEntry(): { row: number; child: number } | undefined {
    const view = this.model?.view;
    if (!view || this.active < 0 || this.active >= view.lineCount) return undefined;
    return { row: view.lineRow(this.active), child: view.lineChild(this.active) };
  }

  /** Makes the line of this row (and child) active again where the new view puts it, without scrolling to it. */
  restoreActive(entry: { row: number; child: number }): void {
    const view = this.model?.view;
    if (!view) return;
    this.active = -1;
    for (let line = 0; line < view.lineCount; line++) {
      if (view.lineRow(line) === entry.row && view.lineChild(line) === entry.child) {
        this.active = line;
        break;
      }
    }
    this.list.render();
    this.syncActiveDescendant();
  }

  /** Re-renders the visible rows (rows arrived; the view itself did not change). */
  refresh(): void {
    this.list.render();
  }

  /** Builds the header row once per column set: its buttons keep focus while the sort changes. */
  private buildHead(columns: readonly TableColumn[]): void {
    const cells = this.shown.map((i, position) => {
      const column = columns[i];
      const button = el(
        'button',
        {
          className: 'sort',
          attrs: {
            type: 'button',
            title: column.description ? `${column.label}: ${column.description}` : column.label,
          },
        },
        [el('span', { className: 'label', text: column.label }), icon('blank')],
      );
      button.addEventListener('click', () => this.events.onSort(i));
      return el(
        'div',
        {
          className: `cell ${isNumeric(column.format) ? 'num' : ''}`,
          attrs: { role: 'columnheader', 'aria-colindex': String(position + 1) },
        },
        [button],
      );
    });
    this.head.replaceChildren(
      el('div', { className: 'row header', attrs: { role: 'row', 'aria-rowindex': '1' } }, cells),
    );
  }

  /** Measures text in the header labels' font (once the page has laid them out). */
  private headerMeasure(): Measure {
    const label = this.head.querySelector('.label');
    return textMeasure(label?.isConnected ? getComputedStyle(label).font : '');
  }

  private updateHeadSort(): void {
    const sort = (this.model as GridModel).sort;
    this.head.querySelectorAll<HTMLElement>('[role=columnheader]').forEach((header, position) => {
      const direction = sort?.column === this.shown[position] ? sort.direction : undefined;
      if (direction) header.setAttribute('aria-sort', direction === 'asc' ? 'ascending' : 'descending');
      else header.removeAttribute('aria-sort');
      const glyph = header.querySelector('.codicon') as HTMLElement;
      glyph.className = `codicon codicon-${direction === 'asc' ? 'arrow-up' : direction === 'desc' ? 'arrow-down' : 'blank'}`;
    });
  }

  private renderFoot(): void {
    const model = this.model as GridModel;
    const row = el('div', {
      className: 'row total',
      attrs: { role: 'row', 'aria-rowindex': String(model.view.lineCount + 2) },
    });
    this.shown.forEach((i, position) => {
      const column = model.data.columns[i];
      const cell = el('div', { attrs: { role: position === 0 ? 'rowheader' : 'gridcell' } });
      if (position === 0) {
        cell.className = 'cell';
        cell.append(el('span', { className: 'value', text: model.totalLabel }));
      } else {
        const { total, totalUnknown, totalRows } = model.view;
        fillCell(cell, total[i] ?? null, column, model.ctx, {
          bar: false,
          empty: !totalled(column),
          partial: partialOf(totalUnknown[i], totalRows),
        });
        applyNote(cell, model.totalNotes?.[column.key], model.ctx.t);
      }
      row.append(cell);
    });
    this.foot.replaceChildren(row);
  }

  private createRow(): HTMLElement {
    const row = el('div', { className: 'row', attrs: { role: 'row' } });
    for (const i of this.shown) {
      row.append(el('div', { className: 'cell', attrs: { role: 'gridcell', 'data-col': String(i) } }));
    }
    return row;
  }

  private updateRow(row: HTMLElement, line: number): void {
    const { data, view, ctx, primary, expanded } = this.model as GridModel;
    const index = view.lineRow(line);
    const child = view.lineChild(line);
    const part = child < 0 ? undefined : data.children(index)[child];
    const cells: CellValue[] | undefined = part ? part.cells : data.row(index);
    const counts = part ?? data.counts(index);
    row.dataset.line = String(line);
    row.setAttribute('aria-rowindex', String(line + 2));
    row.classList.toggle('child', child >= 0);
    row.classList.toggle('odd', line % 2 === 1);
    row.classList.toggle('loading', cells === undefined);
    row.classList.toggle('active', line === this.active);
    if (line === this.active) row.id = ACTIVE_ID;
    else row.removeAttribute('id');
    const parentWithChildren = child < 0 && data.children(index).length > 0;
    const open = parentWithChildren && (expanded.has(data.key(index)) || view.partial.has(index));
    if (parentWithChildren) row.setAttribute('aria-expanded', String(open));
    else row.removeAttribute('aria-expanded');
    row.setAttribute('aria-level', child >= 0 ? '2' : '1');

    const cellEls = row.children;
    const notes = cells && data.notes?.(index, child);
    this.shown.forEach((i, position) => {
      const column = data.columns[i];
      const cell = cellEls[position] as HTMLElement;
      if (!cells) {
        cell.replaceChildren();
        cell.className = 'cell';
        cell.textContent = position === 0 ? (this.model as GridModel).loadingText : '';
        return;
      }
      // A grouped row has no single source (or deployment…) of its own: blank, not "no value in the data".
      fillCell(cell, cells[i], column, ctx, {
        bar: i === primary,
        empty: parentWithChildren && !isNumeric(column.format),
        partial: partialOf(counts?.unknown?.[i], counts?.rowCount),
      });
      applyNote(cell, notes?.[column.key], ctx.t);
      if (position === 0) {
        if (parentWithChildren) {
          const chevron = icon(open ? 'chevron-down' : 'chevron-right');
          chevron.classList.add('chevron');
          chevron.title = ctx.t(open ? 'Collapse' : 'Expand');
          cell.prepend(chevron);
        } else {
          cell.prepend(el('span', { className: child >= 0 ? 'indent child-indent' : 'indent' }));
        }
      }
    });
  }

  private setActive(line: number): void {
    const count = this.model?.view.lineCount ?? 0;
    if (count === 0) return;
    this.active = Math.max(0, Math.min(count - 1, line));
    this.list.reveal(this.active);
  }

  private syncActiveDescendant(): void {
    const present = this.active >= 0 && this.body.querySelector(`#${ACTIVE_ID}`);
    if (present) this.element.setAttribute('aria-activedescendant', ACTIVE_ID);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private activeRow(): { row: number; child: number; open: boolean; parent: boolean } | undefined {
    const model = this.model;
    if (!model || this.active < 0) return undefined;
    const row = model.view.lineRow(this.active);
    const child = model.view.lineChild(this.active);
    const parent = child < 0 && model.data.children(row).length > 0;
    return { row, child, parent, open: parent && model.expanded.has(model.data.key(row)) };
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.element || !this.model) return;
    const current = this.activeRow();
    switch (e.key) {
      case 'ArrowDown':
        this.setActive(this.active + 1);
        break;
      case 'ArrowUp':
        this.setActive(this.active - 1);
        break;
      case 'PageDown':
        this.setActive(this.active + this.list.pageSize());
        break;
      case 'PageUp':
        this.setActive(this.active - this.list.pageSize());
        break;
      case 'Home':
        this.setActive(0);
        break;
      case 'End':
        this.setActive(this.model.view.lineCount - 1);
        break;
      case 'ArrowRight':
        if (current?.parent && !current.open) this.events.onToggle(current.row);
        break;
      case 'ArrowLeft':
        if (current?.parent && current.open) this.events.onToggle(current.row);
        else if (current && current.child >= 0) {
          let line = this.active;
          while (line > 0 && this.model.view.lineChild(line) >= 0) line--;
          this.setActive(line);
        }
        break;
      case 'Enter':
      case ' ':
        if (current?.parent) this.events.onToggle(current.row);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('.body .row');
    if (!rowEl || !this.model) return;
    const line = Number(rowEl.dataset.line);
    this.active = line;
    this.element.focus({ preventScroll: true });
    const row = this.model.view.lineRow(line);
    const child = this.model.view.lineChild(line);
    if (target.closest('.chevron')) {
      this.events.onToggle(row);
      return;
    }
    const cell = target.closest<HTMLElement>('.cell.expandable');
    if (cell) {
      const column = Number(cell.dataset.col);
      const cells = child < 0 ? this.model.data.row(row) : this.model.data.children(row)[child].cells;
      const value = cells?.[column];
      if (value) this.events.onOpenMap(cell, value, this.model.data.columns[column]);
    }
    this.list.render();
  }
}
