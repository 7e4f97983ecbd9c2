/**
 * Columns computed from the totals: share of requests (or messages), cost per 1k requests and cache hit share.
 * Each is a ratio of two aggregated cells, computed exactly and rounded half away from zero to RATIO_DECIMALS
 * places (a share of 0.123456 is 12.3456 %, a cost per 1k requests is to a millionth of a dollar).
 */
import { divideDecimals, parseDecimal } from './decimal';
import type { CellValue, DerivedRatio, TableColumn } from './tableModel';

export const RATIO_DECIMALS = 6;

/** The column a share is taken of: the first of these that the table sums. */
const COUNT_COLUMNS = ['requests', 'messages_total', 'messages'];
const COST_COLUMN = 'requests';
const CACHED_COLUMNS = ['sum_cached_prompt_tokens', 'cached_prompt_tokens'];
const PROMPT_COLUMN = 'sum_prompt_tokens';

/** Derived keys carry a prefix that Langdock's snake_case headers never have. */
export const DERIVED_KEYS = {
  share: 'derived:share',
  costPer1k: 'derived:cost_per_1k_requests',
  cacheHitShare: 'derived:cache_hit_share',
} as const;

/** The derived columns the aggregated columns allow (each still needs a value in the grand total to be shown). */
export function derivedColumns(aggregated: readonly TableColumn[]): TableColumn[] {
  const sums = new Map(aggregated.filter((c) => c.aggregate === 'sum').map((c) => [c.key, c]));
  const result: TableColumn[] = [];
  const count = COUNT_COLUMNS.map((k) => sums.get(k)).find((c) => c !== undefined);
  if (count) {
    result.push({
      key: DERIVED_KEYS.share,
      label: `Share of ${count.label.toLowerCase()}`,
      format: 'percent',
      aggregate: 'sum',
      description: `This row's part of all ${count.label.toLowerCase()} in the file`,
      derived: ratio(count.key, count.key, 1, true),
    });
  }
  if (sums.has('total_cost_usd') && sums.has(COST_COLUMN)) {
    result.push({
      key: DERIVED_KEYS.costPer1k,
      label: 'Cost per 1k requests',
      format: 'usd',
      aggregate: 'none',
      description: 'Cost (USD) × 1000 / requests',
      derived: ratio('total_cost_usd', COST_COLUMN, 1000, false),
    });
  }
  const cached = CACHED_COLUMNS.find((k) => sums.has(k));
  if (cached && sums.has(PROMPT_COLUMN)) {
    result.push({
      key: DERIVED_KEYS.cacheHitShare,
      label: 'Cache hit share',
      format: 'percent',
      aggregate: 'none',
      description: 'Cache-read input tokens / input tokens (BYOK only)',
      derived: ratio(cached, PROMPT_COLUMN, 1, false),
    });
  }
  return result;
}

function ratio(numerator: string, denominator: string, per: number, ofGrandTotal: boolean): DerivedRatio {
  return { numerator, denominator, per, ofGrandTotal };
}

/**
 * One derived cell. `cellOf(row, key)` reads an aggregated cell by column key; n/a in, or a zero denominator, gives
 * n/a out.
 */
export function derivedCell(
  derived: DerivedRatio,
  row: readonly CellValue[],
  grandTotal: readonly CellValue[],
  indexOf: ReadonlyMap<string, number>,
): CellValue {
  const numerator = cellNumber(row, indexOf.get(derived.numerator));
  const denominator = cellNumber(derived.ofGrandTotal ? grandTotal : row, indexOf.get(derived.denominator));
  if (!numerator || !denominator) return null;
  return divideDecimals(numerator, denominator, RATIO_DECIMALS, derived.per);
}

function cellNumber(row: readonly CellValue[], index: number | undefined) {
  const text = index === undefined ? null : row[index];
  return text === null || text === undefined ? undefined : parseDecimal(text);
}
