/**
 * A fixed-row-height virtual list: the body is as tall as all rows would be, and only the rows in (and just
 * around) the viewport exist, recycled from a small pool and moved with transforms. Scrolling re-renders once per
 * animation frame, so the DOM stays the same size for ten rows or a million.
 */

export interface VirtualListOptions {
  /** The scrolling element; `body` sits inside it after a sticky header of `headerHeight()`. */
  scroller: HTMLElement;
  body: HTMLElement;
  rowHeight: number;
  /** Height covered by sticky header and footer rows, which hide part of the viewport. */
  chromeHeight(): number;
  createRow(): HTMLElement;
  updateRow(row: HTMLElement, index: number): void;
  /** The rows now rendered (for fetching pages that are missing). */
  onRange?(first: number, last: number): void;
}

/** Rows rendered beyond each edge of the viewport, so a fast wheel does not show blank space for a frame. */
const OVERSCAN = 6;

export class VirtualList {
  private count = 0;
  private readonly pool: HTMLElement[] = [];
  private frame = 0;

  constructor(private readonly options: VirtualListOptions) {
    options.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(options.scroller);
  }

  setCount(count: number): void {
    this.count = count;
    this.options.body.style.height = `${count * this.options.rowHeight}px`;
  }

  /** Forgets the pooled rows (the columns changed, so their cells no longer fit). */
  clear(): void {
    for (const row of this.pool) row.remove();
    this.pool.length = 0;
  }

  /** Renders now (after data or view changes, so the next paint is already right). */
  render(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const { scroller, rowHeight, body } = this.options;
    const first = Math.max(0, Math.floor(scroller.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(
      this.count - 1,
      Math.ceil((scroller.scrollTop + scroller.clientHeight) / rowHeight) + OVERSCAN,
    );
    const needed = Math.max(0, last - first + 1);
    while (this.pool.length < needed) {
      const row = this.options.createRow();
      this.pool.push(row);
      body.append(row);
    }
    while (this.pool.length > needed) (this.pool.pop() as HTMLElement).remove();
    for (let k = 0; k < needed; k++) {
      const row = this.pool[k];
      const index = first + k;
      row.style.transform = `translateY(${index * rowHeight}px)`;
      this.options.updateRow(row, index);
    }
    if (needed > 0) this.options.onRange?.(first, last);
  }

  schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  /** Scrolls just enough that row `index` is fully visible between the sticky header and footer. */
  reveal(index: number): void {
    const { scroller, rowHeight } = this.options;
    const top = index * rowHeight;
    const span = scroller.clientHeight - this.options.chromeHeight();
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + rowHeight > scroller.scrollTop + span) scroller.scrollTop = top + rowHeight - span;
    this.render();
  }

  /** Rows visible at once, for Page Up / Page Down. */
  pageSize(): number {
    const span = this.options.scroller.clientHeight - this.options.chromeHeight();
    return Math.max(1, Math.floor(span / this.options.rowHeight) - 1);
  }
}
