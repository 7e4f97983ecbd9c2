/**
 * A fixed-row-height virtual list: the body is as tall as all rows would be, and only the rows in (and just
 * around) the viewport exist, recycled from a small pool and moved with transforms. Scrolling re-renders once per
 * animation frame, so the DOM stays the same size for ten rows or a million.
 *
 * Chromium caps an element's height at about 33.5 million px (1.4 million rows of 24 px). Past MAX_BODY_HEIGHT the
 * body stays that tall and the scroll position maps proportionally onto the rows' offset (`offset`), so the last
 * of five million rows is as reachable as the first.
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
/** Well below Chromium's limit, so rounding near it never matters. */
const MAX_BODY_HEIGHT = 10_000_000;

export class VirtualList {
  private count = 0;
  private readonly pool: HTMLElement[] = [];
  private frame = 0;
  /** The rows' pixel offset at the top of the viewport; equals scrollTop unless the body is scaled. */
  private offset = 0;
  /** The scrollTop that `reveal` set, whose scroll event must keep the exact offset it chose. */
  private revealedScrollTop: number | undefined;

  constructor(private readonly options: VirtualListOptions) {
    options.scroller.addEventListener(
      'scroll',
      () => {
        if (options.scroller.scrollTop !== this.revealedScrollTop)
          this.offset = this.offsetAt(options.scroller.scrollTop);
        this.revealedScrollTop = undefined;
        this.schedule();
      },
      { passive: true },
    );
    new ResizeObserver(() => this.schedule()).observe(options.scroller);
  }

  setCount(count: number): void {
    this.count = count;
    this.options.body.style.height = `${Math.min(this.rowsHeight(), MAX_BODY_HEIGHT)}px`;
    this.offset = this.offsetAt(this.options.scroller.scrollTop);
  }

  private rowsHeight(): number {
    return this.count * this.options.rowHeight;
  }

  /** Pixels of rows (beyond the viewport) per pixel of scrollbar: 1 unless the body is scaled. */
  private scale(): number {
    // The rows show between the sticky header and footer; the scrollbar's range is the body less that span.
    const span = this.options.scroller.clientHeight - this.options.chromeHeight();
    const scrollRange = Math.min(this.rowsHeight(), MAX_BODY_HEIGHT) - span;
    return scrollRange > 0 ? Math.max(1, (this.rowsHeight() - span) / scrollRange) : 1;
  }

  private offsetAt(scrollTop: number): number {
    return scrollTop * this.scale();
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
    const { offset } = this;
    const first = Math.max(0, Math.floor(offset / rowHeight) - OVERSCAN);
    const last = Math.min(this.count - 1, Math.ceil((offset + scroller.clientHeight) / rowHeight) + OVERSCAN);
    // Rows sit where the viewport is in the (possibly scaled) body, shifted by their offset from its top row.
    const shift = scroller.scrollTop - offset;
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
      row.style.transform = `translateY(${index * rowHeight + shift}px)`;
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
    let offset = this.offset;
    if (top < offset) offset = top;
    else if (top + rowHeight > offset + span) offset = top + rowHeight - span;
    if (offset !== this.offset) {
      this.offset = offset;
      scroller.scrollTop = offset / this.scale();
      this.revealedScrollTop = scroller.scrollTop;
    }
    this.render();
  }

  /** Rows visible at once, for Page Up / Page Down. */
  pageSize(): number {
    const span = this.options.scroller.clientHeight - this.options.chromeHeight();
    return Math.max(1, Math.floor(span / this.options.rowHeight) - 1);
  }
}
