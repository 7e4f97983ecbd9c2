/**
 * Spikes in a trend: a period whose figure is far above its recent baseline. The baseline is the median of the
 * previous 8 usable periods, and "far" is more than 3.5 median absolute deviations (MAD) above it, at least a
 * minimum absolute change (so a flat series does not flag a rise of one request) and at least 50 % above it (so a
 * steady trend, whose MAD is tiny, does not flag its growth). Median and MAD are robust: one
 * earlier spike does not hide the next. A missing, loading or unfinished period is never flagged and never part of
 * a baseline. Exact decimals throughout.
 */
import {
  compareDecimals,
  type Decimal,
  divideDecimals,
  ExactSum,
  formatDecimal,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
} from './decimal';
import { medianOf } from './forecast';
import type { CellValue, ColumnFormat } from './tableModel';

/** The rule, stated where the marks are explained. */
export const SPIKE_BASELINE = 8;
export const SPIKE_MADS = '3.5';
/** The rise must also be at least this share of the median (0.5: 50 % above it, 1.5× the median). */
export const SPIKE_SHARE = '0.5';
/** A baseline of fewer periods says too little. */
const MIN_BASELINE = 4;

/** The smallest rise that counts, by what the figure is: $1, 10,000 tokens, 50 of anything else. */
export function spikeFloor(key: string, format: ColumnFormat): string {
  if (format === 'usd') return '1';
  if (key.includes('tokens')) return '10000';
  return '50';
}

export interface Spike {
  /** The period's index. */
  period: number;
  value: string;
  /** The baseline's median and how many periods it spans. */
  median: string;
  baseline: number;
  /** value ÷ median to one decimal; null when the median is 0. */
  ratio: string | null;
}

function difference(a: Decimal, b: Decimal): Decimal {
  const sum = new ExactSum();
  sum.add(a);
  sum.add(negateDecimal(b));
  return sum.total();
}

/** The spikes of one series; `usable[i]` is false for a period that is missing, loading or still running. */
export function findSpikes(values: readonly CellValue[], usable: readonly boolean[], floor: string): Spike[] {
  const minimum = parseDecimal(floor)!;
  const mads = parseDecimal(SPIKE_MADS)!;
  const share = parseDecimal(SPIKE_SHARE)!;
  const spikes: Spike[] = [];
  const history: Decimal[] = [];
  values.forEach((cell, period) => {
    const value = usable[period] && cell !== null ? parseDecimal(cell) : undefined;
    if (!value) return;
    const baseline = history.slice(-SPIKE_BASELINE);
    history.push(value);
    if (baseline.length < MIN_BASELINE) return;
    const median = medianOf([...baseline].sort(compareDecimals));
    const m = parseDecimal(median)!;
    const deviations = baseline
      .map((x) => {
        const d = difference(x, m);
        return compareDecimals(d, parseDecimal('0')!) < 0 ? negateDecimal(d) : d;
      })
      .sort(compareDecimals);
    const mad = parseDecimal(medianOf(deviations))!;
    const rise = difference(value, m);
    // A steady trend has a tiny MAD: its growth is no spike unless it is also half the median or more.
    const relative = multiplyDecimals(m, share);
    if (
      compareDecimals(rise, minimum) < 0 ||
      compareDecimals(rise, relative) < 0 ||
      compareDecimals(rise, multiplyDecimals(mad, mads)) <= 0
    )
      return;
    spikes.push({
      period,
      value: formatDecimal(value),
      median,
      baseline: baseline.length,
      ratio: compareDecimals(m, parseDecimal('0')!) > 0 ? divideDecimals(value, m, 1) : null,
    });
  });
  return spikes;
}
