/**
 * The rows behind each tab, behind one interface: the per-entity totals (all present, with children) and the raw
 * CSV rows (fetched from the host in pages, so a million-row file never has to cross in one message).
 */
import {
  ROWS_PAGE_SIZE,
  type CellNote,
  type CellValue,
  type TableColumn,
  type TotalsRow,
  type TotalsTable,
} from '../../shared/protocol';
import { OpenRequests } from '../../shared/openRequests';
import { RowBlock, type RowCounts } from '../../shared/rowBlock';

export type { RowCounts };

export interface TabData {
  readonly columns: readonly TableColumn[];
  /** Top-level rows (known so far, for paged data). */
  readonly length: number;
  /** A row's cells, or undefined while its page has not arrived. */
  row(index: number): CellValue[] | undefined;
  /** One cell (null while its page has not arrived): what a pass over every row reads, without making the row. */
  cell(index: number, column: number): CellValue;
  /** The parts of a grouped totals row (empty for raw rows). */
  children(index: number): readonly ({ key: string; cells: CellValue[] } & Partial<RowCounts>)[];
  /** A totals row's counts; undefined for a raw row (one CSV row, nothing left out). */
  counts(index: number): RowCounts | undefined;
  /** Whether any row has children (the grid is then a treegrid). */
  readonly grouped: boolean;
  /** Stable identity for the expanded state. */
  key(index: number): string;
  /** Whether every row is present (copying needs them all). */
  readonly complete: boolean;
  /**
   * Whether every row below `length` is present, so sorting and filtering can run: always for totals (their
   * `length` grows as pages arrive), only once complete for raw rows (fetched wherever the user scrolls).
   */
  readonly loaded: boolean;
  /** Bumped whenever rows arrive, so caches built from the rows know they are stale. */
  readonly version: number;
  /** Notes on a row's (or, with `child` ≥ 0, a part's) cells by column key: tooltips and marks. */
  notes?(index: number, child: number): Readonly<Record<string, CellNote>> | undefined;
}

/** A page of totals rows: as rows (a `load`'s, or a page posted as it is) or as they came packed (a RowBlock). */
interface TotalsPage {
  readonly length: number;
  readonly grouped: boolean;
  cell(row: number, column: number): CellValue;
  cells(row: number): CellValue[];
  key(row: number): string;
  counts(row: number): RowCounts;
  children(row: number): readonly TotalsRow[];
  notes(row: number, child: number): Readonly<Record<string, CellNote>> | undefined;
}

class RowsPage implements TotalsPage {
  readonly grouped: boolean;
  constructor(private readonly rows: readonly TotalsRow[]) {
    this.grouped = rows.some((r) => (r.children?.length ?? 0) > 0);
  }
  get length(): number {
    return this.rows.length;
  }
  cell(row: number, column: number): CellValue {
    return this.rows[row].cells[column] ?? null;
  }
  cells(row: number): CellValue[] {
    return this.rows[row].cells;
  }
  key(row: number): string {
    return this.rows[row].key;
  }
  counts(row: number): RowCounts {
    return this.rows[row];
  }
  children(row: number): readonly TotalsRow[] {
    return this.rows[row].children ?? [];
  }
  notes(row: number, child: number): Readonly<Record<string, CellNote>> | undefined {
    const at = this.rows[row];
    return child < 0 ? at.notes : at.children?.[child]?.notes;
  }
}

/** The per-entity totals: all there from the `load`, or a first page that later `totalsRows` pages extend. */
export class TotalsData implements TabData {
  readonly loaded = true;
  complete: boolean;
  version = 0;
  grouped = false;
  private readonly pages: TotalsPage[] = [];
  /** The first row of each page. */
  private readonly starts: number[] = [];
  private count = 0;
  /** The page of the last row asked for: a pass over the rows asks for one page's rows after another. */
  private recent = 0;

  constructor(
    private readonly table: TotalsTable,
    /** How many rows there are in all (more than the table holds while pages are still to come). */
    readonly expected = table.rows.length,
  ) {
    this.add(new RowsPage(table.rows));
    this.complete = this.count >= expected;
  }
  get columns(): readonly TableColumn[] {
    return this.table.columns;
  }
  get length(): number {
    return this.count;
  }
  row(index: number): CellValue[] {
    const p = this.pageOf(index);
    return this.pages[p].cells(index - this.starts[p]);
  }
  cell(index: number, column: number): CellValue {
    const p = this.pageOf(index);
    return this.pages[p].cell(index - this.starts[p], column);
  }
  children(index: number): readonly TotalsRow[] {
    const p = this.pageOf(index);
    return this.pages[p].children(index - this.starts[p]);
  }
  counts(index: number): RowCounts {
    const p = this.pageOf(index);
    return this.pages[p].counts(index - this.starts[p]);
  }
  key(index: number): string {
    const p = this.pageOf(index);
    return this.pages[p].key(index - this.starts[p]);
  }
  notes(index: number, child: number): Readonly<Record<string, CellNote>> | undefined {
    const p = this.pageOf(index);
    return this.pages[p].notes(index - this.starts[p], child);
  }

  /** Takes the next page of rows; false when it does not follow on from the rows here (stale or foreign). */
  accept(start: number, rows: TotalsRow[] | RowBlock, last: boolean): boolean {
    if (this.complete || start !== this.count) return false;
    this.add(rows instanceof RowBlock ? rows : new RowsPage(rows));
    this.complete = last;
    this.version++;
    return true;
  }

  private add(page: TotalsPage): void {
    if (page.length === 0) return;
    this.starts.push(this.count);
    this.pages.push(page);
    this.count += page.length;
    this.grouped ||= page.grouped;
  }

  private pageOf(index: number): number {
    const recent = this.recent;
    const start = this.starts[recent];
    if (index >= start && index < start + this.pages[recent].length) return recent;
    let low = 0;
    let high = this.pages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return (this.recent = low);
  }
}

type RequestPage = (requestId: number, start: number, count: number) => void;

/** Most pages asked for at once: enough to hide the round trip, few enough that the host is never flooded. */
const MAX_IN_FLIGHT = 2;

export class PagedRows implements TabData {
  private readonly pages: (CellValue[][] | undefined)[] = [];
  /** The page index each request in flight asked for. */
  private inFlight = new OpenRequests<number>();
  private readonly wanted: number[] = [];
  private loadingAll = false;
  private total: number;
  private loadedPages = 0;
  version = 0;
  readonly grouped = false;

  constructor(
    readonly columns: readonly TableColumn[],
    rowCount: number,
    private readonly request: RequestPage,
  ) {
    this.total = rowCount;
  }

  get length(): number {
    return this.total;
  }

  /**
   * The same rows with more of the file read (a larger total, columns whose kinds may have changed): the full pages
   * stay, a short last page is asked for again.
   */
  continued(columns: readonly TableColumn[], total: number): PagedRows {
    const next = new PagedRows(columns, total, this.request);
    next.inFlight = this.inFlight.successor();
    this.pages.forEach((page, i) => {
      if (page?.length === ROWS_PAGE_SIZE) {
        next.pages[i] = page;
        next.loadedPages++;
      }
    });
    return next;
  }

  get pageCount(): number {
    return Math.ceil(this.total / ROWS_PAGE_SIZE);
  }

  get complete(): boolean {
    return this.loadedPages >= this.pageCount;
  }

  get loaded(): boolean {
    return this.complete;
  }

  /** Rows present, for progress text. */
  get loadedRows(): number {
    return this.complete ? this.total : this.loadedPages * ROWS_PAGE_SIZE;
  }

  row(index: number): CellValue[] | undefined {
    return this.pages[Math.floor(index / ROWS_PAGE_SIZE)]?.[index % ROWS_PAGE_SIZE];
  }

  cell(index: number, column: number): CellValue {
    return this.row(index)?.[column] ?? null;
  }

  children(): readonly { key: string; cells: CellValue[] }[] {
    return [];
  }

  counts(): undefined {
    return undefined;
  }

  key(index: number): string {
    return String(index);
  }

  /** Asks for the pages that hold rows first..last (visible rows first). */
  ensure(first: number, last: number): void {
    const from = Math.max(0, Math.floor(first / ROWS_PAGE_SIZE));
    const to = Math.min(this.pageCount - 1, Math.floor(last / ROWS_PAGE_SIZE));
    // Pages scrolled past are no longer wanted (unless every page is); visible pages jump the queue.
    if (!this.loadingAll) this.wanted.length = 0;
    for (let page = to; page >= from; page--) this.want(page, true);
    this.pump();
  }

  /** Asks for every missing page, in order, in the background. */
  loadAll(): void {
    this.loadingAll = true;
    for (let page = 0; page < this.pageCount; page++) this.want(page, false);
    this.pump();
  }

  /** Takes a `rows` answer; false when it answers no request of ours (stale or foreign). */
  accept(requestId: number, start: number, rows: CellValue[][], total: number): boolean {
    const page = this.inFlight.peek(requestId);
    if (page === undefined || start !== page * ROWS_PAGE_SIZE) return false;
    this.inFlight.finish(requestId);
    if (Number.isInteger(total) && total >= 0) this.total = total;
    if (!this.pages[page]) this.loadedPages++;
    this.pages[page] = rows;
    this.version++;
    this.pump();
    return true;
  }

  private want(page: number, urgent: boolean): void {
    if (this.pages[page] || this.inFlight.some((p) => p === page)) return;
    const at = this.wanted.indexOf(page);
    if (at >= 0) {
      if (!urgent) return;
      this.wanted.splice(at, 1);
    }
    if (urgent) this.wanted.unshift(page);
    else this.wanted.push(page);
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT && this.wanted.length > 0) {
      const page = this.wanted.shift() as number;
      if (this.pages[page]) continue;
      this.request(this.inFlight.start(page), page * ROWS_PAGE_SIZE, ROWS_PAGE_SIZE);
    }
  }
}
