/**
 * The trend view in real Chromium under the production CSP: the Chart.js bundle draws without a CSP violation,
 * the legend and the metric switch change what is drawn, pending and missing periods say so (never a zero bar),
 * the table below shows exactly the data's numbers, and every text is readable in the three themes.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { parseCsv } from '../../src/core/table/csvTable';
import { periodKey, splitPeriods } from '../../src/core/dates/periods';
import { buildUsageTable } from '../../src/core/table/totals';
import { trendMetrics, type LoadedPeriod } from '../../src/core/trend/trendData';
import type { HostToTrend, TrendView } from '../../src/shared/trendProtocol';
import { daysBetween } from '../sandbox/dates';
import { exportColumns, exportRows, toCsv } from '../sandbox/generate';
import { measureTextContrast } from '../support/contrast';
import { screenshot, startHarness, type Harness } from './harness';
import { bodyRows, totalRow } from './helpers';
import type { ThemeName } from './themes';

const WS = { seed: 1, orgId: 'ws_trend', byok: true, createdDay: '2025-12-01' };

/** Six months of sandbox usage by model; the fifth is still loading and the sixth failed. */
async function trendView(): Promise<TrendView> {
  const periods = splitPeriods({ from: '2026-01-01', to: '2026-06-30', timezone: 'UTC' }, 'month');
  const loaded: LoadedPeriod[] = await Promise.all(
    periods.map(async (p, i): Promise<LoadedPeriod> => {
      const base = { key: periodKey(p.from, 'month'), from: p.from, to: p.to };
      if (i === 4) return { info: { ...base, status: 'pending' } };
      if (i === 5) return { info: { ...base, status: 'missing', error: 'Server error 500' } };
      const rows = exportRows({
        type: 'models',
        ws: WS,
        periodStart: p.from,
        periodEnd: p.to,
        days: daysBetween(p.from, p.to),
        createdDay: '2025-12-01',
      });
      const csv = toCsv(exportColumns('models', true), rows);
      return { info: { ...base, status: 'done' }, table: buildUsageTable(await parseCsv(csv), { type: 'models' }) };
    }),
  );
  return {
    title: 'Model usage, monthly',
    granularity: 'month',
    subtitle: '2026-01-01 – 2026-06-30 · UTC · api.langdock.com',
    periods: loaded.map((p) => p.info),
    metrics: trendMetrics('models', loaded, { entity: 'Model', total: 'Total' }),
  };
}

async function post(page: Page, view: TrendView): Promise<void> {
  const message: HostToTrend = { type: 'trend', trendId: 'trend-1', view, locale: 'en-US', strings: {} };
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForSelector('.body .row');
}

const drawn = async (page: Page) =>
  JSON.parse((await page.getAttribute('.chart', 'data-drawn')) ?? '{}') as { metric: string; series: string[] };
const pixels = (page: Page) => page.evaluate(() => document.querySelector('canvas')!.toDataURL());

describe('trend view (Chromium)', function () {
  this.timeout(60000);
  let harness: Harness;
  let view: TrendView;

  before(async () => {
    harness = await startHarness();
    view = await trendView();
  });
  after(() => harness.close());

  it('draws the stacked chart under the strict CSP, with every period and a label for the ones without data', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      const state = await drawn(wv.page);
      assert.equal(state.metric, 'requests');
      assert.equal(state.series.length, 9, 'the top 8 and Other');
      assert.equal(state.series.at(-1), 'Other');
      const label = await wv.page.getAttribute('canvas', 'aria-label');
      assert.match(label ?? '', /Requests per period, stacked by Model/);
      const blank = await wv.page.evaluate(() => {
        const c = document.createElement('canvas');
        const real = document.querySelector('canvas')!;
        c.width = real.width;
        c.height = real.height;
        return c.toDataURL();
      });
      assert.notEqual(await pixels(wv.page), blank, 'something is drawn');
      const status = await wv.page.locator('[role=status]').first().textContent();
      assert.equal(status, '4 of 6 periods loaded');
      assert.match((await wv.page.locator('.warning.missing').textContent()) ?? '', /2026-06 \(Server error 500\)/);
      const headers = await wv.page.locator('.head [role=columnheader]').allTextContents();
      assert.deepEqual(
        headers.map((h) => h.trim()),
        ['Model', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05 (loading…)', '2026-06 (missing)', 'Total'],
      );
      await wv.page.getByRole('button', { name: 'Retry missing periods' }).click();
      assert.ok((await wv.posted()).some((m) => (m as { type: string }).type === 'retryMissing'));
      await wv.page.getByRole('button', { name: 'Save Report…' }).click();
      assert.ok((await wv.posted()).some((m) => (m as { type: string }).type === 'saveReport'));
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('toggles series from the legend and switches the metric, and what is drawn follows', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      const before = await pixels(wv.page);
      const first = (await drawn(wv.page)).series[0];
      const legendButton = wv.page.locator('.legend-item').first();
      await legendButton.click();
      assert.equal(await legendButton.getAttribute('aria-pressed'), 'false');
      assert.ok(!(await drawn(wv.page)).series.includes(first));
      assert.notEqual(await pixels(wv.page), before);
      await legendButton.press('Enter');
      assert.ok((await drawn(wv.page)).series.includes(first), 'the keyboard toggles it back');
      await wv.page.selectOption('select.metric', 'total_cost_usd');
      assert.equal((await drawn(wv.page)).metric, 'total_cost_usd');
      assert.match((await totalRow(wv.page))[1], /^\$/);
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('shows in the table exactly the numbers of the data, totals included', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      const requests = view.metrics.find((m) => m.key === 'requests')!;
      const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
      const shown = (cell: string | null) => (cell === null ? 'n/a' : int.format(cell as unknown as number));
      const rows = await bodyRows(wv.page);
      // The totals leave out the loading and the missing month, and say so.
      const partial = (cells: string[]) => [...cells.slice(0, -1), `partial${cells.at(-1)}`];
      const expected = requests.table.rows.map((r) => partial([r.cells[0] ?? '', ...r.cells.slice(1).map(shown)]));
      assert.ok(rows.length >= 10, `${rows.length} rows in view`);
      assert.deepEqual(rows, expected.slice(0, rows.length));
      const total = await totalRow(wv.page);
      assert.deepEqual(
        total.slice(1),
        partial(requests.table.grandTotal.slice(1).map((c) => (c === null ? 'n/a' : shown(c)))),
      );
      // Sorting by a period and filtering keep the numbers.
      await wv.page.locator('.head .sort', { hasText: '2026-03' }).click();
      const sorted = (await bodyRows(wv.page)).map((r) => Number(r[3].replace(/,/g, '')));
      assert.ok(sorted.length > 3);
      assert.deepEqual(
        sorted,
        [...sorted].sort((a, b) => b - a),
      );
      await wv.page.fill('.filter-input', 'gpt');
      assert.ok((await bodyRows(wv.page)).length < requests.table.rows.length);
    } finally {
      await wv.close();
    }
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`is readable in the ${theme} theme`, async () => {
      const wv = await harness.open({ view: 'trend', theme, height: 760 });
      try {
        await post(wv.page, view);
        await screenshot(wv.page, `trend-${theme}`);
        const contrast = await wv.page.evaluate(measureTextContrast, 'body');
        assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
