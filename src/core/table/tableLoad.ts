/**
 * Reading one CSV for the usage table: the table with its totals, the raw rows for All rows, and the token sums
 * cost is priced from. The table worker runs it (see heldTable.ts; so does the extension host itself for a small
 * file, where starting a worker would cost more than the whole read).
 */
import type { UsageTable } from '../../shared/tableModel';
import type { RowSource } from './rowSource';
import type { Localize } from '../../shared/template';
import { type LoadProgress, loadUsageTable } from './totals';
import type { TableHints } from './tablePlan';
import { UsageBuckets } from '../pricing/usageBuckets';

/**
 * `watch` hears of the progress of a large file (see LoadOptions.watch), with the token sums so far; `t` localizes
 * the file's warnings and a parse error (English when absent); `signal` stops the read.
 */
export async function readUsageTable(
  csvPath: string,
  hints: TableHints,
  watch?: (progress: LoadProgress, buckets: UsageBuckets | undefined) => void,
  t?: Localize,
  signal?: AbortSignal,
): Promise<{ table: UsageTable; rows: RowSource; buckets: UsageBuckets | undefined }> {
  let buckets: UsageBuckets | undefined;
  const { table, rows } = await loadUsageTable(csvPath, hints, {
    observe: (headers) => {
      buckets = UsageBuckets.forHeader(headers);
      return buckets && ((row, key) => buckets?.add(row, key));
    },
    ...(watch && { watch: (progress: LoadProgress) => watch(progress, buckets) }),
    ...(t && { t }),
    ...(signal && { signal }),
  });
  return { table, rows, buckets };
}
