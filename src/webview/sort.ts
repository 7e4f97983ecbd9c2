/**
 * Sorting by precomputed keys: each column's cells become one Float64Array once (numbers parsed once, text turned
 * into its collation rank once), and a sort only permutes a Uint32Array of row indices comparing doubles. That is
 * what keeps a re-sort of 100k rows far below a frame budget of strings.
 */
import type { CellValue, ColumnFormat } from '../protocol';
import { numericKey } from './format';

export type SortDirection = 'desc' | 'asc';

/** Header clicks cycle: descending (largest first), ascending, then back to the original order. */
export function nextDirection(current: SortDirection | undefined): SortDirection | undefined {
  return current === undefined ? 'desc' : current === 'desc' ? 'asc' : undefined;
}

function sortsAsText(format: ColumnFormat): boolean {
  return format === 'text' || format === 'date';
}

/** The key of every row for one column: a number, a text's rank among the column's texts, or NaN for no value. */
export function columnKeys(
  count: number,
  cell: (row: number) => CellValue,
  format: ColumnFormat,
  collator: Intl.Collator,
): Float64Array {
  const keys = new Float64Array(count);
  if (!sortsAsText(format)) {
    for (let i = 0; i < count; i++) keys[i] = numericKey(cell(i), format);
    return keys;
  }
  const texts: CellValue[] = new Array(count);
  const distinct = new Set<string>();
  for (let i = 0; i < count; i++) {
    const v = cell(i);
    texts[i] = v;
    if (v !== null) distinct.add(v);
  }
  const ranked = [...distinct].sort(collator.compare);
  const rank = new Map<string, number>();
  ranked.forEach((text, i) => rank.set(text, i));
  for (let i = 0; i < count; i++) {
    const v = texts[i];
    keys[i] = v === null ? NaN : (rank.get(v) as number);
  }
  return keys;
}

/**
 * Sorts row indices in place by their keys. Rows without a value go last in both directions (a missing cost is
 * not a small cost), and equal keys keep their original order.
 */
export function sortByKeys(indices: Uint32Array, keys: Float64Array, direction: SortDirection): Uint32Array {
  const sign = direction === 'asc' ? 1 : -1;
  return indices.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    const xMissing = x !== x;
    const yMissing = y !== y;
    if (xMissing || yMissing) return xMissing === yMissing ? a - b : xMissing ? 1 : -1;
    return x === y ? a - b : x < y ? -sign : sign;
  });
}
