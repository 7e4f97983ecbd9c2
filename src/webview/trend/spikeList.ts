/**
 * The trend's spikes, per entity and in total (shared/spikes.ts), listed in words under the chart with the rule
 * that finds them: "gpt-4.1 on 2026-11-30: 3,204, 3.1× its median of 1,030 over the previous 8 days".
 */
import type { WebviewString } from '../../shared/protocol';
import { findSpikes, SPIKE_BASELINE, SPIKE_MADS, SPIKE_SHARE, spikeFloor, type Spike } from '../../shared/spikes';
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { TrendMetric, TrendPeriodInfo, TrendView } from '../../shared/trendProtocol';
import { el } from '../common/dom';
import type { Translate } from '../common/strings';

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

/** The list under the chart, or nothing when there is no spike. */
export function spikeSection(
  spikes: readonly TrendSpike[],
  metric: TrendMetric,
  view: TrendView,
  t: Translate,
  formats: NumberFormats,
): HTMLElement[] {
  if (spikes.length === 0) return [];
  const value = (text: string) => formatNumber(text, metric.format, formats);
  const items = spikes.map(({ entity, spike }) => {
    const name = entity ?? t('Total');
    const period = view.periods[spike.period]?.key ?? '';
    const span = t(SPANS[view.granularity], formats.integer(String(spike.baseline)));
    const text =
      spike.ratio === null
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
    return el('li', { text });
  });
  return [
    el('h2', { className: 'notes-title', text: t('Spikes in {0}', metric.label) }),
    el('p', {
      className: 'notes-rule',
      text: t(
        'Marked ▲: a period more than {0} median absolute deviations above the median of the previous {1} periods, and at least {2} and {3} above it. Missing and unfinished periods are never marked.',
        formats.decimal(SPIKE_MADS),
        formats.integer(String(SPIKE_BASELINE)),
        formats.percent(SPIKE_SHARE),
        value(spikeFloor(metric.key, metric.format)),
      ),
    }),
    el('ul', { className: 'spike-list' }, items),
  ];
}
