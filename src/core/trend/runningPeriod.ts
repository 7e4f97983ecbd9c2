/**
 * The running period of a trend (the one that includes today, whose figures are to date) and the forecast of its
 * end for every summed metric, by the forecast's one method (shared/forecast.ts): a daily trend has daily figures,
 * a weekly or monthly one has the daily averages of its earlier periods for the band.
 */
import { daysInclusive, isoWeekday, lastDayOfMonth, shiftDays } from '../../shared/civilDate';
import { divideDecimals, parseDecimal } from '../../shared/decimal';
import { forecastEnd } from '../../shared/forecast';
import type { TrendMetric, TrendPeriodInfo } from '../../shared/trendProtocol';
import { type Granularity, midnightInstant } from '../dates/periods';

/** The last day of the whole period that starts at (or was clipped to start at) `from`. */
function naturalEnd(from: string, to: string, granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return from;
    case 'week':
      // Its Sunday: the week of `to`, which a clipped week shares with its start.
      return shiftDays(to, 6 - isoWeekday(to));
    case 'month':
      return lastDayOfMonth(Number(from.slice(0, 4)), Number(from.slice(5, 7)));
  }
}

/** Its days so far and in all when the period includes `today`; undefined for a finished one. */
export function runningProgress(
  period: { from: string; to: string },
  granularity: Granularity,
  today: string,
): TrendPeriodInfo['running'] {
  if (period.from > today || period.to < today) return undefined;
  if (granularity === 'day') return { elapsedDays: 0, totalDays: 1 };
  const elapsedDays = daysInclusive(period.from, today);
  const totalDays = daysInclusive(period.from, naturalEnd(period.from, period.to, granularity));
  return elapsedDays && totalDays ? { elapsedDays, totalDays } : undefined;
}

/** The part of `today` still to come on the zone's clock, in days to two places (a daily trend's days left). */
export function restOfToday(today: string, timezone: string, now: number): string {
  const end = midnightInstant(shiftDays(today, 1), timezone);
  const left = Math.min(1, Math.max(0, (end - now) / 86_400_000));
  return left.toFixed(2);
}

/** A usable period: loaded and finished. */
const complete = (p: TrendPeriodInfo) => p.status === 'done' && !p.running;

/**
 * The metrics with the forecast of the running period's total, for summed metrics. `daysLeft` is the daily
 * trend's rest of today.
 */
export function withForecasts(
  metrics: readonly TrendMetric[],
  periods: readonly TrendPeriodInfo[],
  granularity: Granularity,
  daysLeft: string,
): TrendMetric[] {
  const index = periods.findIndex((p) => p.status === 'done' && p.running);
  const running = periods[index]?.running;
  if (!running) return [...metrics];
  return metrics.map((metric) => {
    const totals = metric.table.grandTotal.slice(1, 1 + periods.length);
    const toDate = totals[index];
    // Only a summed figure has a total to project: never a ratio or a count of people.
    const summed = metric.table.columns[1 + index]?.aggregate === 'sum';
    if (!summed || toDate === null || toDate === undefined) return metric;
    const before = periods.slice(0, index).flatMap((p, i) => (complete(p) ? [{ p, value: totals[i] }] : []));
    const forecast =
      granularity === 'day'
        ? forecastEnd({ toDate, ...running, daysLeft, daily: before.map((b) => b.value) })
        : forecastEnd({
            toDate,
            ...running,
            earlierDailyAverages: before.flatMap(({ p, value }) => {
              const days = daysInclusive(p.from, p.to);
              const total = value === null ? undefined : parseDecimal(value);
              const average = total && days ? divideDecimals(total, parseDecimal(String(days))!, 6) : null;
              return average === null ? [] : [average];
            }),
          });
    return forecast ? { ...metric, forecast } : metric;
  });
}
