/**
 * What a trend is and how it is planned: one export per period, reusing a saved export of a period whose numbers
 * are final. A period's numbers are taken as final 48 hours after it ended on its zone's clock, so a saved export
 * counts only when it was made after that: an export taken while the period was still running is never reused.
 */
import { type DateRange, rangeProblem } from '../dates/dateRange';
import type { Problem } from '../../shared/template';
import type { ExportRecord } from '../store/exportStore';
import type { TrendSpec } from '../store/trendStore';
import { isSettled, MAX_PERIODS, periodCount, splitPeriods } from '../dates/periods';

export interface PlannedPeriod {
  period: DateRange;
  /** A saved export of exactly this period to use instead of asking the API. */
  reuse?: ExportRecord;
}

/** Why a trend cannot be run, checked before any request: the range rules of an export, and the number of periods. */
export function trendProblem(spec: TrendSpec, today: string): Problem | undefined {
  const problem = rangeProblem(spec.range, today);
  if (problem) return problem;
  const count = periodCount(spec.range, spec.granularity);
  if (count > MAX_PERIODS)
    return {
      message: 'That is {0} periods; a trend has at most {1}. Choose a shorter range or a coarser granularity.',
      args: [String(count), String(MAX_PERIODS)],
    };
  return undefined;
}

/** Whether `record` is a final export of `period` for this trend, from the same API host. */
export function isReusable(
  record: ExportRecord,
  spec: TrendSpec,
  host: string,
  period: DateRange,
  now: number,
): boolean {
  const sameExport =
    record.host === host &&
    record.type === spec.type &&
    record.groupBy === spec.groupBy &&
    record.range.timezone === period.timezone &&
    record.range.from === period.from &&
    record.range.to === period.to;
  if (!sameExport) return false;
  return isSettled(period, now) && isSettled(period, Date.parse(record.createdAt));
}

/**
 * The trend's periods in time order, each with the saved export to reuse if there is one (the newest). `keep`
 * names exports to use whatever their age, by period start: a retry keeps what its trend already has.
 */
export function planTrend(
  spec: TrendSpec,
  host: string,
  saved: readonly ExportRecord[],
  now: number,
  keep: ReadonlyMap<string, ExportRecord> = new Map(),
): PlannedPeriod[] {
  const newestFirst = [...saved].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return splitPeriods(spec.range, spec.granularity).map((period) => {
    const reuse = keep.get(period.from) ?? newestFirst.find((r) => isReusable(r, spec, host, period, now));
    return reuse ? { period, reuse } : { period };
  });
}
