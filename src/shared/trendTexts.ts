/**
 * How a trend names its running period (on the axis, in the table's header and so in copies), states its forecast
 * and the method behind it, and lists its spikes in words with the rule that finds them: one set of texts for the
 * trend view and the trend reports.
 */
import type { Forecast } from './forecast';
import { formatNumber, type NumberFormats } from './numberFormat';
import type { WebviewString } from './protocol';
import { findSpikes, SPIKE_BASELINE, SPIKE_MADS, SPIKE_SHARE, spikeFloor, type Spike } from './spikes';
import type { ColumnFormat } from './tableModel';
import type { TrendMetric, TrendPeriodInfo, TrendView } from './trendProtocol';

/** The texts' translator: the webview's (the host's strings) or a report's (the same l10n bundle). */
type Translate = (key: WebviewString, ...args: string[]) => string;

type Running = NonNullable<TrendPeriodInfo['running']>;

/** "to date (7 of 31 days)", or "today so far" for a daily trend's today. */
export function runningText(running: Running, t: Translate, formats: NumberFormats): string {
  if (running.elapsedDays === 0) return t('today so far');
  return t(
    'to date ({0} of {1} days)',
    formats.integer(String(running.elapsedDays)),
    formats.integer(String(running.totalDays)),
  );
}

/** A period's name with its running mark, "2026-12 to date (7 of 31 days)": a table's header, a report's row. */
export function periodLabel(period: TrendPeriodInfo, t: Translate, formats: NumberFormats): string {
  return period.running ? `${period.key} ${runningText(period.running, t, formats)}` : period.key;
}

/** The forecast in words: its figure and band, then how it was made. */
export function forecastLines(
  forecast: Forecast,
  period: TrendPeriodInfo,
  t: Translate,
  formats: NumberFormats,
  format: ColumnFormat,
): string[] {
  const n = (value: number | string) => formats.integer(String(value));
  const money = (value: string) => formatNumber(value, format, formats);
  const days = formats.decimal(forecast.daysLeft);
  const figure =
    forecast.low !== undefined && forecast.high !== undefined
      ? t(
          'Forecast for {0}: {1} (range {2} – {3}); {4} so far',
          period.key,
          money(forecast.projected),
          money(forecast.low),
          money(forecast.high),
          money(forecast.toDate),
        )
      : t('Forecast for {0}: {1}; {2} so far', period.key, money(forecast.projected), money(forecast.toDate));
  const method =
    forecast.method === 'daily'
      ? t(
          'Method: the figure so far plus the median daily figure of the last {0} complete days ({1}) × {2} days left; the range uses the 10th and 90th percentile of those days.',
          n(forecast.basis),
          money(forecast.rate),
          days,
        )
      : forecast.basis > 0
        ? t(
            'Method: the figure so far ÷ {0} days × {1} days (linear: this trend has no daily figures); the range uses the 10th and 90th percentile of the daily average of the previous {2} complete periods.',
            n(forecast.elapsedDays),
            n(forecast.totalDays),
            n(forecast.basis),
          )
        : t(
            'Method: the figure so far ÷ {0} days × {1} days (linear: this trend has no daily figures); no range: there is no earlier complete period to measure it by.',
            n(forecast.elapsedDays),
            n(forecast.totalDays),
          );
  return [figure, method];
}

export interface TrendSpike {
  /** The entity's name, or null for the total. */
  entity: string | null;
  spike: Spike;
}

/** Spikes of every entity and of the total, for a summed metric (never a ratio or a count of people). */
export function trendSpikes(metric: TrendMetric, periods: readonly TrendPeriodInfo[]): TrendSpike[] {
  const { table } = metric;
  if (table.columns[1]?.aggregate !== 'sum') return [];
  const usable = periods.map((p) => p.status === 'done' && !p.running);
  const floor = spikeFloor(metric.key, metric.format);
  const of = (cells: readonly (string | null)[]) => findSpikes(cells.slice(1, 1 + periods.length), usable, floor);
  return [
    ...of(table.grandTotal).map((spike) => ({ entity: null, spike })),
    ...table.rows.flatMap((row) => of(row.cells).map((spike) => ({ entity: row.cells[0] ?? row.key, spike }))),
  ];
}

const SPANS: Record<TrendView['granularity'], WebviewString> = {
  day: 'the previous {0} days',
  week: 'the previous {0} weeks',
  month: 'the previous {0} months',
};

/**
 * The spikes in words, "gpt-4.1 on 2026-11-30: 3,204, 3.1× its median of 1,030 over the previous 8 days", under
 * their title and the rule that marks them ▲; undefined when there is none.
 */
export function spikeTexts(
  spikes: readonly TrendSpike[],
  metric: TrendMetric,
  view: Pick<TrendView, 'granularity' | 'periods'>,
  t: Translate,
  formats: NumberFormats,
): { title: string; rule: string; items: string[] } | undefined {
  if (spikes.length === 0) return undefined;
  const value = (text: string) => formatNumber(text, metric.format, formats);
  const items = spikes.map(({ entity, spike }) => {
    const name = entity ?? t('Total');
    const period = view.periods[spike.period]?.key ?? '';
    const span = t(SPANS[view.granularity], formats.integer(String(spike.baseline)));
    return spike.ratio === null
      ? t(
          '{0} on {1}: {2}, up from a median of {3} over {4}',
          name,
          period,
          value(spike.value),
          value(spike.median),
          span,
        )
      : t(
          '{0} on {1}: {2}, {3}× its median of {4} over {5}',
          name,
          period,
          value(spike.value),
          formats.decimal(spike.ratio),
          value(spike.median),
          span,
        );
  });
  return {
    title: t('Spikes in {0}', metric.label),
    rule: t(
      'Marked ▲: a period more than {0} median absolute deviations above the median of the previous {1} periods, and at least {2} and {3} above it. Missing and unfinished periods are never marked.',
      formats.decimal(SPIKE_MADS),
      formats.integer(String(SPIKE_BASELINE)),
      formats.percent(SPIKE_SHARE),
      value(spikeFloor(metric.key, metric.format)),
    ),
    items,
  };
}
