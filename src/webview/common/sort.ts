/**
 * Sorting by precomputed keys: each column's cells become one Float64Array once (numbers parsed once, text turned
 * into its collation rank once), and a sort only permutes a Uint32Array of row indices comparing doubles. That is
 * what keeps a re-sort of 100k rows far below a frame budget of strings.
 */
import type { CellValue, ColumnFormat } from '../../shared/protocol';
import { numericKey } from './format';

export type SortDirection = 'desc' | 'asc';

/** Header clicks cycle: descending (largest first), ascending, then back to the order the table opened in. */
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
  const texts = new Array<CellValue>(count);
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
 * The other direction of a stable sort, in one pass: runs of equal keys in reverse order, each run still in its
 * original order, and the rows without a value still last.
 */
export function reverseRuns(sorted: Uint32Array, keys: Float64Array): Uint32Array {
  const n = sorted.length;
  const out = new Uint32Array(n);
  let present = n;
  while (present > 0 && keys[sorted[present - 1]] !== keys[sorted[present - 1]]) present--;
  let w = 0;
  let end = present;
  while (end > 0) {
    const key = keys[sorted[end - 1]];
    let begin = end - 1;
    while (begin > 0 && keys[sorted[begin - 1]] === key) begin--;
    for (let i = begin; i < end; i++) out[w++] = sorted[i];
    end = begin;
  }
  for (let i = present; i < n; i++) out[w++] = sorted[i];
  return out;
}

/** Below this many rows a comparison sort is cheaper than the radix sort's 64K-entry histograms. */
const RADIX_MIN = 1024;

/**
 * Sorts row indices in place by their keys. Rows without a value go last in both directions (a missing cost is
 * not a small cost), and equal keys keep their original order (both sorts are stable).
 */
export function sortByKeys(indices: Uint32Array, keys: Float64Array, direction: SortDirection): Uint32Array {
  return indices.length < RADIX_MIN ? comparisonSort(indices, keys, direction) : radixSort(indices, keys, direction);
}

function comparisonSort(indices: Uint32Array, keys: Float64Array, direction: SortDirection): Uint32Array {
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

/**
 * A stable LSD radix sort on the keys' IEEE-754 bits (flipped so that unsigned order is numeric order, inverted
 * for descending), four passes of 16 bits: O(n), and no JS comparator called a couple of million times, which is
 * what a comparison sort of 100k rows spends its 100+ ms on.
 */
function radixSort(indices: Uint32Array, keys: Float64Array, direction: SortDirection): Uint32Array {
  const n = indices.length;
  let rows = new Uint32Array(n);
  const missing: number[] = [];
  let count = 0;
  for (let k = 0; k < n; k++) {
    const row = indices[k];
    if (keys[row] === keys[row]) rows[count++] = row;
    else missing.push(row);
  }
  rows = rows.subarray(0, count);
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const invert = direction === 'desc';
  for (let k = 0; k < count; k++) {
    bits[0] = keys[rows[k]] + 0; // -0 → 0
    let h = words[1];
    let l = words[0];
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    if (invert) {
      h = ~h;
      l = ~l;
    }
    hi[k] = h;
    lo[k] = l;
  }
  // Positions into rows/hi/lo, permuted pass by pass.
  let order = new Uint32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  let next = new Uint32Array(count);
  const buckets = new Uint32Array(65536);
  for (const [word, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    buckets.fill(0);
    for (let k = 0; k < count; k++) buckets[(word[k] >>> shift) & 0xffff]++;
    // A pass where every key has the same digit changes nothing (common in the high bits).
    if (buckets[(word[0] >>> shift) & 0xffff] === count) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = buckets[d];
      buckets[d] = sum;
      sum += c;
    }
    for (let k = 0; k < count; k++) {
      const position = order[k];
      next[buckets[(word[position] >>> shift) & 0xffff]++] = position;
    }
    [order, next] = [next, order];
  }
  for (let k = 0; k < count; k++) indices[k] = rows[order[k]];
  for (let k = 0; k < missing.length; k++) indices[count + k] = missing[k];
  return indices;
}
