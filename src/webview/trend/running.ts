/**
 * How the trend names its running period (on the axis, in the table's header and so in copies) and states its
 * forecast and the method behind it (tooltip and the note under the chart).
 */
import type { Forecast } from '../../shared/forecast';
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { ColumnFormat } from '../../shared/tableModel';
import type { TrendPeriodInfo } from '../../shared/trendProtocol';
import type { Translate } from '../common/strings';

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
