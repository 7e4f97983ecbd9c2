/**
 * The forecast of a running period's end: one method for the trend's forecast bar and the headline's and the
 * budget's month-end run-rate, in exact decimals.
 *
 * - With daily figures (complete days before the period, e.g. a daily trend): the median daily figure of the last
 *   28 complete days × the days left, added to the period's figure so far; the band is the 10th and 90th
 *   percentile of the same days × the days left. A median is robust to one odd day, which a mean is not.
 * - Without them (one export, or a weekly or monthly trend, which has no per-day figures): linear, the figure so
 *   far ÷ the days so far × the days left. Where complete earlier periods are known, the band is the 10th–90th
 *   percentile of their daily averages (never narrower than the rate so far); otherwise there is no band.
 */
import {
  compareDecimals,
  type Decimal,
  divideDecimals,
  ExactSum,
  formatDecimal,
  multiplyDecimals,
  parseDecimal,
} from './decimal';
import type { CellValue } from './tableModel';

/** How many complete days the daily method looks back. */
const FORECAST_DAYS = 28;
/** Fewer daily figures than this say too little: the linear method is used instead. */
const MIN_DAILY = 7;
/** How many complete earlier periods the linear method's band looks at. */
const BAND_PERIODS = 8;
/** Forecasts are exact to 6 places: finer than any display. */
const DECIMALS = 6;

export interface ForecastInput {
  /** The period's figure so far (decimal text). */
  toDate: string;
  /** Days of the period so far (today counts) and its days in all. */
  elapsedDays: number;
  totalDays: number;
  /** The days still to come as decimal text, when not `totalDays − elapsedDays` (the rest of today). */
  daysLeft?: string;
  /** Figures of the complete days before the period, oldest first; null for a day without one. */
  daily?: readonly CellValue[];
  /** Daily averages of complete earlier periods, oldest first (the linear method's band). */
  earlierDailyAverages?: readonly string[];
}

export interface Forecast {
  method: 'daily' | 'linear';
  toDate: string;
  /** The period's projected figure at its end. */
  projected: string;
  /** The band, when there is one. */
  low?: string;
  high?: string;
  /** The figure per day the projection adds for each day left. */
  rate: string;
  daysLeft: string;
  elapsedDays: number;
  totalDays: number;
  /** How many daily figures (daily) or earlier periods (linear band) the rate or band rests on. */
  basis: number;
}

const decimal = (text: string): Decimal => parseDecimal(text)!;

function sorted(values: readonly string[]): Decimal[] {
  return values.map(decimal).sort(compareDecimals);
}

/** The median of sorted values, exact (the mean of the two middle ones for an even count). */
export function medianOf(values: readonly Decimal[]): string {
  const mid = values.length >> 1;
  if (values.length % 2 === 1) return formatDecimal(values[mid]);
  const sum = new ExactSum();
  sum.add(values[mid - 1]);
  sum.add(values[mid]);
  return divideDecimals(sum.total(), decimal('2'), DECIMALS)!;
}

/** The nearest-rank percentile (`p` in 0..100) of sorted values: one of the values, never an interpolation. */
function percentile(values: readonly Decimal[], p: number): string {
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return formatDecimal(values[rank - 1]);
}

/** `toDate + rate × daysLeft`, exactly. */
function project(toDate: string, rate: string, daysLeft: string): string {
  const sum = new ExactSum();
  sum.add(decimal(toDate));
  sum.add(multiplyDecimals(decimal(rate), decimal(daysLeft)));
  return formatDecimal(sum.total());
}

const min = (a: string, b: string) => (compareDecimals(decimal(a), decimal(b)) <= 0 ? a : b);
const max = (a: string, b: string) => (compareDecimals(decimal(a), decimal(b)) >= 0 ? a : b);

/** The forecast of the period's end, or undefined when the figure so far or the days are not usable. */
export function forecastEnd(input: ForecastInput): Forecast | undefined {
  const { toDate, elapsedDays, totalDays } = input;
  if (!parseDecimal(toDate) || elapsedDays < 0 || totalDays < 1 || elapsedDays > totalDays) return undefined;
  const daysLeft = input.daysLeft ?? String(totalDays - elapsedDays);
  const base = { toDate, daysLeft, elapsedDays, totalDays };
  const daily = (input.daily ?? [])
    .slice(-FORECAST_DAYS)
    .filter((v): v is string => v !== null && parseDecimal(v) !== undefined);
  if (daily.length >= MIN_DAILY) {
    const values = sorted(daily);
    const rate = medianOf(values);
    return {
      ...base,
      method: 'daily',
      rate,
      projected: project(toDate, rate, daysLeft),
      low: project(toDate, percentile(values, 10), daysLeft),
      high: project(toDate, percentile(values, 90), daysLeft),
      basis: daily.length,
    };
  }
  if (elapsedDays < 1) return undefined;
  const rate = divideDecimals(decimal(toDate), decimal(String(elapsedDays)), DECIMALS)!;
  // Whole days: exactly so far × all days ÷ days so far, with no rounded rate in between.
  const projected =
    input.daysLeft === undefined
      ? divideDecimals(decimal(toDate), decimal(String(elapsedDays)), DECIMALS, totalDays)!
      : project(toDate, rate, daysLeft);
  const linear = { ...base, method: 'linear' as const, rate, projected };
  const earlier = (input.earlierDailyAverages ?? []).slice(-BAND_PERIODS);
  if (earlier.length < 2) return { ...linear, basis: 0 };
  const values = sorted(earlier);
  return {
    ...linear,
    // Never narrower than the projection itself (exact, where the rate is rounded).
    low: min(project(toDate, percentile(values, 10), daysLeft), projected),
    high: max(project(toDate, percentile(values, 90), daysLeft), projected),
    basis: earlier.length,
  };
}
