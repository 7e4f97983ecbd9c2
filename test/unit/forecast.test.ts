/**
 * The forecast's one method (shared/forecast.ts) and the spike rule (shared/spikes.ts), in exact decimals, and the
 * running period of a trend (core/trend/runningPeriod.ts).
 */
import * as assert from 'node:assert/strict';
import { runningProgress, withForecasts } from '../../src/core/trend/runningPeriod';
import { forecastEnd } from '../../src/shared/forecast';
import { findSpikes, spikeFloor } from '../../src/shared/spikes';
import type { TrendMetric, TrendPeriodInfo } from '../../src/shared/trendProtocol';

describe('forecast', () => {
  it('with daily figures: so far + the median of the last 28 complete days × days left, band from the 10th–90th percentile', () => {
    // 30 days: the first two (outside the 28) are huge and must not count.
    const daily = ['9999', '9999', ...Array.from({ length: 28 }, (_, i) => String(100 + i))];
    const f = forecastEnd({ toDate: '700.50', elapsedDays: 7, totalDays: 31, daily })!;
    assert.equal(f.method, 'daily');
    assert.equal(f.basis, 28);
    assert.equal(f.rate, '113.5');
    assert.equal(f.projected, '3424.5');
    // Nearest rank: the 3rd (102) and the 26th (125) of 28.
    assert.equal(f.low, '3148.5');
    assert.equal(f.high, '3700.5');
  });

  it('without daily figures: linear, exactly so far × days ÷ days so far, with a band from earlier periods where known', () => {
    const alone = forecastEnd({ toDate: '0.10', elapsedDays: 3, totalDays: 30 })!;
    assert.deepEqual([alone.method, alone.projected, alone.low, alone.basis], ['linear', '1', undefined, 0]);
    const banded = forecastEnd({
      toDate: '700',
      elapsedDays: 7,
      totalDays: 31,
      earlierDailyAverages: ['80', '90', '120', '150'],
    })!;
    assert.equal(banded.projected, '3100');
    assert.equal(banded.low, String(700 + 80 * 24));
    // Never narrower than the pace so far (100/day): 150 is the 90th percentile here.
    assert.equal(banded.high, String(700 + 150 * 24));
    // The pace so far (a rounded rate) is above every earlier average: the band still reaches the exact projection.
    const fast = forecastEnd({ toDate: '1000', elapsedDays: 7, totalDays: 31, earlierDailyAverages: ['10', '20'] })!;
    assert.equal(fast.high, fast.projected);
    assert.equal(fast.projected, '4428.571429');
    assert.equal(forecastEnd({ toDate: 'n/a', elapsedDays: 7, totalDays: 31 }), undefined);
  });

  it('knows the running period of a trend and forecasts summed metrics only', () => {
    assert.deepEqual(runningProgress({ from: '2026-12-01', to: '2026-12-07' }, 'month', '2026-12-07'), {
      elapsedDays: 7,
      totalDays: 31,
    });
    assert.deepEqual(runningProgress({ from: '2026-11-30', to: '2026-12-02' }, 'week', '2026-12-02'), {
      elapsedDays: 3,
      totalDays: 7,
    });
    assert.equal(runningProgress({ from: '2026-11-01', to: '2026-11-30' }, 'month', '2026-12-07'), undefined);
    const periods: TrendPeriodInfo[] = [
      { key: '2026-10', from: '2026-10-01', to: '2026-10-31', status: 'done' },
      { key: '2026-11', from: '2026-11-01', to: '2026-11-30', status: 'done' },
      {
        key: '2026-12',
        from: '2026-12-01',
        to: '2026-12-07',
        status: 'done',
        running: { elapsedDays: 7, totalDays: 31 },
      },
    ];
    const metric = (aggregate: 'sum' | 'none'): TrendMetric => ({
      key: 'requests',
      label: 'Requests',
      format: 'integer',
      table: {
        entity: 'models',
        columns: [
          { key: 'entity', label: 'Model', format: 'text', aggregate: 'none' },
          ...periods.map((p) => ({ key: p.key, label: p.key, format: 'integer' as const, aggregate })),
          { key: 'total', label: 'Total', format: 'integer', aggregate },
        ],
        rows: [],
        grandTotal: [null, '3100', '3000', '700', '6800'],
      },
    });
    const [summed, people] = withForecasts([metric('sum'), metric('none')], periods, 'month', '0');
    assert.equal(summed.forecast?.projected, '3100');
    assert.equal(summed.forecast?.basis, 2);
    assert.equal(people.forecast, undefined, 'a count of people has no total to project');
  });
});

describe('spikes', () => {
  const usable = (n: number) => Array.from({ length: n }, () => true);

  it('flags a period more than 3.5 MADs above the median of the previous 8, and at least the floor above it', () => {
    const values = ['1000', '1030', '990', '1050', '1010', '1040', '1020', '1035', '3204'];
    const [spike] = findSpikes(values, usable(values.length), '50');
    assert.deepEqual(spike, { period: 8, value: '3204', median: '1025', baseline: 8, ratio: '3.1' });
    // A rise below the floor is no spike, however flat the baseline.
    assert.deepEqual(findSpikes(['5', '5', '5', '5', '30'], usable(5), '50'), []);
    assert.equal(findSpikes(['5', '5', '5', '5', '80'], usable(5), '50')[0]?.ratio, '16');
    assert.deepEqual(findSpikes(['0', '0', '0', '0', '80'], usable(5), '50')[0]?.ratio, null);
    // Steady growth has a tiny MAD: a rise of under 50 % of the median is no spike.
    assert.deepEqual(findSpikes(['3700', '3760', '4020', '4130', '4885'], usable(5), '50'), []);
  });

  it('never flags a missing or unfinished period, and leaves them out of baselines', () => {
    const values = ['100', '100', null, '100', '100', '100', '900'];
    const usableButLast = [true, true, false, true, true, true, false];
    assert.deepEqual(findSpikes(values, usableButLast, '50'), []);
    assert.equal(findSpikes(values, [...usableButLast.slice(0, -1), true], '50')[0]?.baseline, 5);
    assert.deepEqual(findSpikes(['100', '100', '100', '900'], usable(4), '50'), [], 'too short a baseline');
  });

  it('has a floor by what the figure is', () => {
    assert.deepEqual(
      [
        spikeFloor('total_cost_usd', 'usd'),
        spikeFloor('sum_prompt_tokens', 'integer'),
        spikeFloor('requests', 'integer'),
      ],
      ['1', '10000', '50'],
    );
  });
});
