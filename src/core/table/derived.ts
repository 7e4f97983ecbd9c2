/**
 * Columns computed from the totals: share of requests (or messages), cost per 1k requests and cache hit share.
 * Each is a ratio of two aggregated cells (`shared/derived.ts` computes a cell, on both sides).
 */
import { primaryColumn } from '../../shared/derived';
import type { DerivedRatio, TableColumn } from '../../shared/tableModel';
import { LANGDOCK_COST_COLUMN } from '../pricing/usageBuckets';

const REQUESTS_COLUMN = 'requests';
const CACHED_COLUMNS = ['sum_cached_prompt_tokens', 'cached_prompt_tokens'];
const PROMPT_COLUMN = 'sum_prompt_tokens';

/** Whole phrases, so that the host can translate each (the primary count is requests or messages). */
const SHARE_OF_REQUESTS = { label: 'Share of requests', description: "This row's part of all requests in the file" };
const SHARE_OF_MESSAGES = { label: 'Share of messages', description: "This row's part of all messages in the file" };

const PER_1K_OF_LANGDOCK = { description: 'Cost (USD) × 1000 / requests' };
const PER_1K_OF_COST = { description: "Cost × 1000 / requests: the Cost column's figure, Langdock's or computed" };

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
  const count = primaryColumn(aggregated);
  if (count) {
    result.push({
      key: DERIVED_KEYS.share,
      ...(count.key === 'requests' ? SHARE_OF_REQUESTS : SHARE_OF_MESSAGES),
      format: 'percent',
      aggregate: 'sum',
      derived: ratio(count.key, count.key, 1, true),
    });
  }
  if (sums.has(LANGDOCK_COST_COLUMN) && sums.has(REQUESTS_COLUMN)) result.push(costPer1kColumn(LANGDOCK_COST_COLUMN));
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

/**
 * Cost per 1,000 requests of the cost column `cost`: Langdock's until the pricing adds the one Cost, then the Cost
 * shown (whatever its source), so that it is known wherever Cost is.
 */
export function costPer1kColumn(cost: string): TableColumn {
  return {
    key: DERIVED_KEYS.costPer1k,
    label: 'Cost per 1k requests',
    format: 'usd',
    aggregate: 'none',
    ...(cost === LANGDOCK_COST_COLUMN ? PER_1K_OF_LANGDOCK : PER_1K_OF_COST),
    derived: ratio(cost, REQUESTS_COLUMN, 1000, false),
  };
}

function ratio(numerator: string, denominator: string, per: number, ofGrandTotal: boolean): DerivedRatio {
  return { numerator, denominator, per, ofGrandTotal };
}
