/**
 * What one tab shows, computed from its rows and the view state: the order of the top-level rows after filter and
 * sort, the lines on screen (rows plus the children of expanded ones), the grand total of what is shown, and the
 * largest primary value for the bars. Pure data: no DOM.
 */
import type { CellValue, TableColumn } from '../shared/protocol';
import { extremeCell, parseDecimal, sumCells } from '../shared/decimal';
import { derivedCell } from '../shared/derived';
import { filterTerms, matchesTerms, searchableColumns, searchText } from './filter';
import { numericKey } from './format';
import { columnKeys, sortByKeys, type SortDirection } from './sort';
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
  /** Top-level rows shown, in display order. */
  readonly order: Uint32Array;
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

/** Keys and search texts built from the rows once and reused by every sort and filter until rows change. */
export class ViewCache {
  private keys = new Map<number, Float64Array>();
  private texts: string[] | undefined;
  private childTexts = new Map<number, string[]>();
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
  }

  keysOf(column: number): Float64Array {
    this.fresh();
    let keys = this.keys.get(column);
    if (!keys) {
      const data = this.data;
      keys = columnKeys(data.length, (i) => data.row(i)?.[column] ?? null, data.columns[column].format, this.collator);
      this.keys.set(column, keys);
    }
    return keys;
  }

  textOf(row: number): string {
    this.fresh();
    if (!this.texts) {
      const searchable = searchableColumns(this.data.columns);
      this.texts = new Array(this.data.length);
      for (let i = 0; i < this.data.length; i++) this.texts[i] = searchText(this.data.row(i) ?? [], searchable);
    }
    return this.texts[row];
  }

  childTextsOf(row: number): string[] {
    this.fresh();
    let texts = this.childTexts.get(row);
    if (!texts) {
      const searchable = searchableColumns(this.data.columns);
      texts = this.data.children(row).map((c) => searchText(c.cells, searchable));
      this.childTexts.set(row, texts);
    }
    return texts;
  }
}

export function computeView(data: TabData, cache: ViewCache, options: ViewOptions, collator: Intl.Collator): View {
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
  } else {
    order = new Uint32Array(data.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
  }

  const sort = data.loaded ? options.sort : undefined;
  if (sort) sortByKeys(order, cache.keysOf(sort.column), sort.direction);

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
      const v = keys ? keys[row] : numericKey(data.row(row)?.[options.primary] ?? null, format);
      if (v > barMax) barMax = v;
    }
  }

  return {
    order,
    lineCount: lineRows ? lineRows.length : order.length,
    lineRow: lineRows ? (line) => lineRows[line] : (line) => order[line],
    lineChild: lineChildren ? (line) => lineChildren[line] : () => -1,
    partial,
    total,
    totalUnknown,
    totalRows,
    barMax,
    filtered: filtering,
  };
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
  const contributing = function* (): Generator<{
    cells: readonly CellValue[];
    rowCount?: number;
    unknown?: readonly number[];
  }> {
    for (const row of order) {
      const only = partial.get(row);
      if (only) {
        const children = data.children(row);
        for (const c of only) yield children[c];
      } else yield { cells: data.row(row) ?? [], ...data.counts(row) };
    }
  };
  const cellsOf = function* (column: number): Generator<CellValue> {
    for (const row of contributing()) yield row.cells[column] ?? null;
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
  for (const row of contributing()) {
    const rowCount = row.rowCount ?? 1;
    rows += rowCount;
    row.cells.forEach((cell, i) => {
      const missing = cell === null || parseDecimal(cell) === undefined;
      unknown[i] += missing ? rowCount : (row.unknown?.[i] ?? 0);
    });
  }
  // Ratios are recomputed from the new sums (a share stays a share of the whole file), never added up.
  const indexOf = new Map(columns.map((c, i) => [c.key, i]));
  columns.forEach((column, i) => {
    const ratio = column.derived;
    if (!ratio) return;
    total[i] = derivedCell(ratio, total, fullTotal, indexOf);
    const part = (key: string) => unknown[indexOf.get(key) ?? -1] ?? 0;
    unknown[i] = Math.max(part(ratio.numerator), ratio.ofGrandTotal ? 0 : part(ratio.denominator));
  });
  columns.forEach((_, i) => {
    if (total[i] === null) unknown[i] = 0;
  });
  return { total, unknown, rows };
}
