/**
 * What one tab shows, computed from its rows and the view state: the order of the top-level rows after filter and
 * sort, the lines on screen (rows plus the children of expanded ones), the grand total of what is shown, and the
 * largest primary value for the bars. Pure data: no DOM.
 */
import type { CellValue, TableColumn } from '../../shared/protocol';
import { extremeCell, parseDecimal, sumCells } from '../../shared/decimal';
import { derivedCell, derivedUnknown } from '../../shared/derived';
import { filterTerms, matchesTerms, searchableColumns, searchText } from './filter';
import { numericKey } from './format';
import { columnKeys, reverseRuns, sortByKeys, type SortDirection } from './sort';
import type { TabData } from './tabData';

export interface ViewOptions {
  sort?: { column: number; direction: SortDirection };
  filter: string;
  expanded: ReadonlySet<string>;
  /** The grand total when nothing is filtered out (the host's exact total), aligned with the columns. */
  fullTotal: CellValue[];
  /** How many of the file's `fullRows` rows each cell of `fullTotal` leaves out (absent: none). */
  fullUnknown?: readonly number[];
  fullRows: number;
  /** The column the bars show, or -1. */
  primary: number;
  /** When present, only these top-level rows can be shown (a warning sign's rows). */
  only?: ReadonlySet<number>;
}

export interface View {
  /** Top-level rows shown, in display order. Shared with the cache: never written to. */
  readonly order: Uint32Array;
  /**
   * The same rows in row order: one array for every sort of the same filter, so what depends only on which rows
   * are shown can be remembered with it (a re-sort changes nothing else). Never written to.
   */
  readonly selected: Uint32Array;
  /** Number of lines on screen (rows and shown children). */
  readonly lineCount: number;
  /** The top-level row of a line. */
  lineRow(line: number): number;
  /** The child of a line, or -1 for the row itself. */
  lineChild(line: number): number;
  /**
   * Rows shown only because some of their children match the filter → those children. Such rows are shown open,
   * with those children only, and the grand total counts the children instead of the row.
   */
  readonly partial: ReadonlyMap<number, readonly number[]>;
  readonly total: CellValue[];
  /** How many of the `totalRows` CSV rows behind the total each of its cells leaves out (a partial total). */
  readonly totalUnknown: readonly number[];
  readonly totalRows: number;
  /** The largest primary value among the shown rows (0 when none). */
  readonly barMax: number;
  readonly filtered: boolean;
}

/** Which rows a filter keeps, and what follows from that alone: the same whatever the sort. */
interface Selection {
  rows: Uint32Array;
  partial: Map<number, number[]>;
  filtered: boolean;
  total: CellValue[];
  totalUnknown: readonly number[];
  totalRows: number;
  barMax: number;
}

/** The options a selection depends on (not the sort, not the expanded rows). */
type SelectionKey = Pick<ViewOptions, 'filter' | 'only' | 'fullTotal' | 'fullUnknown' | 'fullRows' | 'primary'>;

const sameSelection = (a: SelectionKey, b: SelectionKey): boolean =>
  a.filter === b.filter &&
  a.only === b.only &&
  a.fullTotal === b.fullTotal &&
  a.fullUnknown === b.fullUnknown &&
  a.fullRows === b.fullRows &&
  a.primary === b.primary;

/**
 * Keys, search texts, sorted orders and the last filter's selection, built from the rows once and reused by every
 * sort and filter until rows change: a re-sort of a million rows is then a walk over a sorted order at most.
 */
export class ViewCache {
  private keys = new Map<number, Float64Array>();
  private texts: string[] | undefined;
  private childTexts = new Map<number, string[]>();
  /** Every row's index sorted by one column, by `column direction` (one column's only: 4 MB each at 1M rows). */
  private sorted = new Map<string, Uint32Array>();
  private selection: { key: SelectionKey; value: Selection } | undefined;
  private version = -1;

  constructor(
    private readonly data: TabData,
    private readonly collator: Intl.Collator,
  ) {}

  private fresh(): void {
    if (this.version === this.data.version) return;
    this.version = this.data.version;
    this.keys.clear();
    this.texts = undefined;
    this.childTexts.clear();
    this.sorted.clear();
    this.selection = undefined;
  }

  /** All rows sorted by a column; the other direction of a column sorted before is derived in one pass. */
  sortedOf(column: number, direction: SortDirection): Uint32Array {
    this.fresh();
    const id = `${column} ${direction}`;
    let sorted = this.sorted.get(id);
    if (!sorted) {
      for (const other of this.sorted.keys()) if (!other.startsWith(`${column} `)) this.sorted.delete(other);
      const keys = this.keysOf(column);
      const other = this.sorted.get(`${column} ${direction === 'asc' ? 'desc' : 'asc'}`);
      sorted = other ? reverseRuns(other, keys) : sortByKeys(identity(this.data.length), keys, direction);
      this.sorted.set(id, sorted);
    }
    return sorted;
  }

  /** The selection for these options: the last one again while only the sort or the expanded rows change. */
  selectionOf(options: ViewOptions, select: () => Selection): Selection {
    this.fresh();
    if (this.selection && sameSelection(this.selection.key, options)) return this.selection.value;
    const value = select();
    this.selection = { key: { ...options }, value };
    return value;
  }

  keysOf(column: number): Float64Array {
    this.fresh();
    let keys = this.keys.get(column);
    if (!keys) {
      const data = this.data;
      keys = columnKeys(data.length, (i) => data.cell(i, column), data.columns[column].format, this.collator);
      this.keys.set(column, keys);
    }
    return keys;
  }

  textOf(row: number): string {
    this.fresh();
    if (!this.texts) {
      const searchable = searchableColumns(this.data.columns);
      this.texts = new Array(this.data.length);
      const data = this.data;
      for (let i = 0; i < data.length; i++) this.texts[i] = searchText((column) => data.cell(i, column), searchable);
    }
    return this.texts[row];
  }

  childTextsOf(row: number): string[] {
    this.fresh();
    let texts = this.childTexts.get(row);
    if (!texts) {
      const searchable = searchableColumns(this.data.columns);
      texts = this.data.children(row).map((c) => searchText((column) => c.cells[column] ?? null, searchable));
      this.childTexts.set(row, texts);
    }
    return texts;
  }
}

function identity(length: number): Uint32Array {
  const rows = new Uint32Array(length);
  for (let i = 0; i < length; i++) rows[i] = i;
  return rows;
}

/** The rows of `sorted` that are in `rows`, in sorted order. */
function pick(sorted: Uint32Array, rows: Uint32Array, length: number): Uint32Array {
  const member = new Uint8Array(length);
  for (const row of rows) member[row] = 1;
  const out = new Uint32Array(rows.length);
  let n = 0;
  for (const row of sorted) if (member[row]) out[n++] = row;
  return out;
}

export function computeView(data: TabData, cache: ViewCache, options: ViewOptions, collator: Intl.Collator): View {
  const selection = cache.selectionOf(options, () => select(data, cache, options));
  const { partial } = selection;
  const sort = data.loaded ? options.sort : undefined;
  let order = selection.rows;
  if (sort) {
    const sorted = cache.sortedOf(sort.column, sort.direction);
    order = selection.filtered ? pick(sorted, selection.rows, data.length) : sorted;
  }

  // Children of an open row follow it, sorted like the rows (they are few: parse on the fly).
  const childrenShown = (row: number): number[] => {
    const only = partial.get(row);
    const all = data.children(row);
    if (!only && (all.length === 0 || !options.expanded.has(data.key(row)))) return [];
    const shown = only ?? all.map((_, c) => c);
    if (sort) {
      const format = data.columns[sort.column].format;
      const keys = new Float64Array(all.length);
      for (const c of shown) keys[c] = numericKey(all[c].cells[sort.column], format);
      if (format === 'text' || format === 'date') {
        const texts = shown.map((c) => all[c].cells[sort.column]);
        const ranks = columnKeys(texts.length, (i) => texts[i], format, collator);
        shown.forEach((c, i) => (keys[c] = ranks[i]));
      }
      return Array.from(sortByKeys(Uint32Array.from(shown), keys, sort.direction));
    }
    return shown;
  };

  let lineRows: Uint32Array | undefined;
  let lineChildren: Int32Array | undefined;
  const anyOpen = partial.size > 0 || (options.expanded.size > 0 && data.grouped);
  if (anyOpen) {
    const rows: number[] = [];
    const kids: number[] = [];
    for (const row of order) {
      rows.push(row);
      kids.push(-1);
      for (const c of childrenShown(row)) {
        rows.push(row);
        kids.push(c);
      }
    }
    lineRows = Uint32Array.from(rows);
    lineChildren = Int32Array.from(kids);
  }

  return {
    order,
    selected: selection.rows,
    lineCount: lineRows ? lineRows.length : order.length,
    lineRow: lineRows ? (line) => lineRows[line] : (line) => order[line],
    lineChild: lineChildren ? (line) => lineChildren[line] : () => -1,
    partial,
    total: selection.total,
    totalUnknown: selection.totalUnknown,
    totalRows: selection.totalRows,
    barMax: selection.barMax,
    filtered: selection.filtered,
  };
}

/** The rows the filter (and a warning sign) keep, in row order, with their grand total and largest bar. */
function select(data: TabData, cache: ViewCache, options: ViewOptions): Selection {
  const terms = filterTerms(options.filter);
  const { only } = options;
  const filtering = (terms.length > 0 || only !== undefined) && data.loaded;
  const partial = new Map<number, number[]>();

  let order: Uint32Array;
  if (filtering) {
    const kept = new Uint32Array(data.length);
    let n = 0;
    for (let i = 0; i < data.length; i++) {
      if (only && !only.has(i)) continue;
      if (terms.length === 0 || matchesTerms(cache.textOf(i), terms)) {
        kept[n++] = i;
        continue;
      }
      const children = cache.childTextsOf(i);
      if (children.length === 0) continue;
      const matching: number[] = [];
      children.forEach((text, c) => {
        if (matchesTerms(text, terms)) matching.push(c);
      });
      if (matching.length > 0) {
        kept[n++] = i;
        partial.set(i, matching);
      }
    }
    order = kept.slice(0, n);
  } else order = identity(data.length);

  const {
    total,
    unknown: totalUnknown,
    rows: totalRows,
  } = filtering
    ? totalOf(data, order, partial, options.fullTotal)
    : { total: options.fullTotal, unknown: options.fullUnknown ?? [], rows: options.fullRows };

  let barMax = 0;
  if (options.primary >= 0) {
    const format = data.columns[options.primary].format;
    const keys = data.loaded ? cache.keysOf(options.primary) : undefined;
    for (const row of order) {
      const v = keys ? keys[row] : numericKey(data.cell(row, options.primary), format);
      if (v > barMax) barMax = v;
    }
  }
  return { rows: order, partial, filtered: filtering, total, totalUnknown, totalRows, barMax };
}

/**
 * The grand total of what is shown: a row that matched counts whole; a row shown for some of its children counts
 * those children only. Sums are exact; means cannot be recombined without weights, so they are left empty. Each
 * cell also counts the CSV rows it leaves out: a row's own unknown rows, or all of its rows where it has no number.
 */
function totalOf(
  data: TabData,
  order: Uint32Array,
  partial: ReadonlyMap<number, number[]>,
  fullTotal: readonly CellValue[],
): { total: CellValue[]; unknown: number[]; rows: number } {
  // One walk of what counts: each whole row, or the shown children of a partial one (`child` ≥ 0). A reused
  // cursor, read cell by cell: a row made whole (or an object) per line and column would copy every shown row.
  const contributing = function* (): Generator<{ row: number; child: number }> {
    const line = { row: 0, child: -1 };
    for (const row of order) {
      line.row = row;
      const only = partial.get(row);
      if (!only) {
        line.child = -1;
        yield line;
      } else
        for (const c of only) {
          line.child = c;
          yield line;
        }
    }
  };
  const cellAt = ({ row, child }: { row: number; child: number }, column: number): CellValue =>
    child < 0 ? data.cell(row, column) : (data.children(row)[child].cells[column] ?? null);
  const cellsOf = function* (column: number): Generator<CellValue> {
    for (const line of contributing()) yield cellAt(line, column);
  };
  const columns = data.columns;
  const total = columns.map((column: TableColumn, i): CellValue => {
    if (column.derived) return null;
    switch (column.aggregate) {
      case 'sum':
        return sumCells(cellsOf(i));
      case 'min':
      case 'max':
        return extremeCell(cellsOf(i), column.aggregate);
      default:
        return null;
    }
  });
  const unknown = columns.map(() => 0);
  let rows = 0;
  for (const line of contributing()) {
    const { rowCount = 1, unknown: leftOut } =
      (line.child < 0 ? data.counts(line.row) : data.children(line.row)[line.child]) ?? {};
    rows += rowCount;
    for (let i = 0; i < columns.length; i++) {
      const value = cellAt(line, i);
      const missing = value === null || parseDecimal(value) === undefined;
      unknown[i] += missing ? rowCount : (leftOut?.[i] ?? 0);
    }
  }
  // Ratios are recomputed from the new sums (a share stays a share of the whole file), never added up.
  const indexOf = new Map(columns.map((c, i) => [c.key, i]));
  columns.forEach((column, i) => {
    const ratio = column.derived;
    if (!ratio) return;
    total[i] = derivedCell(ratio, total, fullTotal, indexOf);
    unknown[i] = derivedUnknown(ratio, total[i], (key) => unknown[indexOf.get(key) ?? -1] ?? 0);
  });
  columns.forEach((_, i) => {
    if (total[i] === null) unknown[i] = 0;
  });
  return { total, unknown, rows };
}
