/** The trend's spikes listed under the chart, with the rule that finds them (the texts: shared/trendTexts.ts). */
import type { NumberFormats } from '../../shared/numberFormat';
import type { TrendMetric, TrendView } from '../../shared/trendProtocol';
import { spikeTexts, type TrendSpike } from '../../shared/trendTexts';
import { el } from '../common/dom';
import type { Translate } from '../common/strings';

/** The list under the chart, or nothing when there is no spike. */
export function spikeSection(
  spikes: readonly TrendSpike[],
  metric: TrendMetric,
  view: TrendView,
  t: Translate,
  formats: NumberFormats,
): HTMLElement[] {
  const texts = spikeTexts(spikes, metric, view, t, formats);
  if (!texts) return [];
  return [
    el('h2', { className: 'notes-title', text: texts.title }),
    el('p', { className: 'notes-rule', text: texts.rule }),
    el(
      'ul',
      { className: 'spike-list' },
      texts.items.map((text) => el('li', { text })),
    ),
  ];
}
