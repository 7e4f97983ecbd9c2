/**
 * Reading one CSV for the usage table: the table with its totals, the raw rows for All rows, and the token sums
 * cost is priced from. The table worker runs it; so does the extension host itself for a small file, from a
 * bundle of its own (`dist/tableReader.js`, loaded on demand like the price list), where starting a worker would
 * cost more than the whole read (see `IN_PROCESS_MAX_BYTES` in workerTable.ts).
 */
import type { UsageTable } from '../../shared/tableModel';
import type { RowSource } from './rowSource';
import { type LoadProgress, loadUsageTable, type TableHints } from './totals';
import { UsageBuckets } from '../pricing/usageBuckets';

/** `watch` hears of the progress of a large file (see LoadOptions.watch). */
export async function readUsageTable(
  csvPath: string,
  hints: TableHints,
  watch?: (progress: LoadProgress) => void,
): Promise<{ table: UsageTable; rows: RowSource; buckets: UsageBuckets | undefined }> {
  let buckets: UsageBuckets | undefined;
  const { table, rows } = await loadUsageTable(csvPath, hints, {
    observe: (headers) => {
      buckets = UsageBuckets.forHeader(headers);
      return buckets && ((row, key) => buckets?.add(row, key));
    },
    ...(watch && { watch }),
  });
  return { table, rows, buckets };
}
