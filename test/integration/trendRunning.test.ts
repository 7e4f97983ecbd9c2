/**
 * The running period of a trend in the real VS Code against the sandbox: the trend panel's view marks the period
 * that includes today with its days so far and in all, and sends the forecast of its total by the one forecast
 * method: linear with a band from the earlier months in a monthly trend, the median of the last 28 complete days
 * in a daily one. Each trend is deleted after, so no other test reuses its saved periods.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { daysInclusive, lastDayOfMonth } from '../../src/shared/civilDate';
import type { LangdockUsageApi, TrendResult } from '../../src/extension';
import type { TrendView } from '../../src/shared/trendProtocol';
import { daysAgo, extensionApi, keys, resetSandbox, useKey } from './helpers';
import { waitFor } from '../support/waitFor';

describe('a trend with a running period (sandbox API)', function () {
  this.timeout(120_000);
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(() => resetSandbox());

  /** Runs a trend in a panel and returns the view it shows once every period is in; deletes the trend after. */
  async function shownTrend(granularity: 'day' | 'month', from: string, check: (view: TrendView) => void) {
    const result = await vscode.commands.executeCommand<TrendResult | undefined>('langdock.showUsageTrend', {
      type: 'models',
      timezone: 'UTC',
      granularity,
      from,
      to: daysAgo(0),
    });
    assert.ok(result, JSON.stringify(api.notices().at(-1)));
    try {
      const view = await waitFor(
        () => {
          const shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
          return shown?.periods.every((p) => p.status === 'done') ? shown : undefined;
        },
        { what: 'the trend view with every period in' },
      );
      check(view);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('langdock.deleteTrend', result.trendId, { confirm: false });
    }
  }

  it('a monthly trend marks this month to date and forecasts its total linearly, with a band from earlier months', async () => {
    const today = daysAgo(0);
    const first = new Date(`${today.slice(0, 8)}01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 5);
    await shownTrend('month', first.toISOString().slice(0, 10), (view) => {
      assert.strictEqual(view.granularity, 'month');
      const running = view.periods.filter((p) => p.running);
      assert.strictEqual(running.length, 1, 'only this month runs');
      const [y, m] = today.split('-').map(Number);
      assert.deepStrictEqual(running[0].running, {
        elapsedDays: Number(today.slice(8)),
        totalDays: daysInclusive(`${today.slice(0, 8)}01`, lastDayOfMonth(y, m)),
      });
      assert.strictEqual(view.periods.at(-1), running[0]);
      const requests = view.metrics.find((metric) => metric.key === 'requests')!;
      const forecast = requests.forecast!;
      assert.strictEqual(forecast.method, 'linear');
      assert.strictEqual(forecast.toDate, requests.table.grandTotal.at(-2));
      assert.strictEqual(forecast.basis, 5, 'the band comes from the five finished months');
      assert.ok(Number(forecast.low) <= Number(forecast.projected));
      assert.ok(Number(forecast.projected) <= Number(forecast.high));
      assert.ok(Number(forecast.projected) >= Number(forecast.toDate));
    });
  });

  it('a daily trend forecasts today from the median of the last 28 complete days', async () => {
    await shownTrend('day', daysAgo(29), (view) => {
      const today = view.periods.at(-1)!;
      assert.deepStrictEqual(today.running, { elapsedDays: 0, totalDays: 1 });
      assert.ok(!view.periods.slice(0, -1).some((p) => p.running));
      const forecast = view.metrics.find((metric) => metric.key === 'requests')!.forecast!;
      assert.strictEqual(forecast.method, 'daily');
      assert.strictEqual(forecast.basis, 28);
      assert.ok(Number(forecast.daysLeft) >= 0 && Number(forecast.daysLeft) <= 1);
      assert.ok(
        Number(forecast.low) <= Number(forecast.projected) && Number(forecast.projected) <= Number(forecast.high),
      );
    });
  });
});
