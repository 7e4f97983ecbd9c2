/**
 * Issue 25's trend in real Chromium under the production CSP: the running month marked "to date" on the axis, in
 * the table and in copies, with a hatched forecast bar, its band and its method; spikes marked and listed in words
 * with their rule, never on a missing or running period; per-entity totals over a missing period marked partial; 8
 * distinct series colours plus Other in every theme; a title that names the metric.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { periodKey, splitPeriods } from '../../src/core/dates/periods';
import { parseCsv } from '../../src/core/table/csvTable';
import { buildUsageTable } from '../../src/core/table/totals';
import { withForecasts } from '../../src/core/trend/runningPeriod';
import { trendMetrics, type LoadedPeriod } from '../../src/core/trend/trendData';
import type { HostToTrend, TrendView } from '../../src/shared/trendProtocol';
import { colourDistance, MIN_DISTANCE, type Rgb } from '../../src/webview/trend/palette';
import { daysBetween } from '../sandbox/dates';
import { exportColumns, exportRows, toCsv } from '../sandbox/generate';
import { GERMAN, screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { bodyRows } from './helpers';
import type { ThemeName } from './themes';

const WS = { seed: 3, orgId: 'ws_running', byok: true, createdDay: '2025-12-01' };
const TODAY = '2026-12-07';

/**
 * Ten months of sandbox usage by model to 2026-12-07: June is missing, December runs (7 of 31 days), and the top
 * model's November is raised far above its baseline (a spike), as is its December so far (never a spike: running).
 */
async function runningView(): Promise<{ view: TrendView; top: string }> {
  const periods = splitPeriods({ from: '2026-03-01', to: TODAY, timezone: 'UTC' }, 'month');
  const loaded: LoadedPeriod[] = await Promise.all(
    periods.map(async (p): Promise<LoadedPeriod> => {
      const base = { key: periodKey(p.from, 'month'), from: p.from, to: p.to };
      if (p.from === '2026-06-01') return { info: { ...base, status: 'missing', error: 'Server error 500' } };
      const rows = exportRows({
        type: 'models',
        ws: WS,
        periodStart: p.from,
        periodEnd: p.to,
        days: daysBetween(p.from, p.to),
        createdDay: '2025-12-01',
      });
      const csv = toCsv(exportColumns('models', true), rows);
      const running = p.to === TODAY ? { running: { elapsedDays: 7, totalDays: 31 } } : {};
      return {
        info: { ...base, status: 'done', ...running },
        table: buildUsageTable(await parseCsv(csv), { type: 'models' }),
      };
    }),
  );
  const metrics = trendMetrics('models', loaded, { entity: 'Model', total: 'Total' });
  const requests = metrics.find((m) => m.key === 'requests')!;
  const top = requests.table.rows[0];
  // November (index 8) and December so far (index 9) of the top model: far above anything before.
  for (const i of [8, 9]) {
    const raised = String(Number(top.cells[1 + i]) * 6);
    const added = Number(raised) - Number(top.cells[1 + i]);
    top.cells[1 + i] = raised;
    requests.table.grandTotal[1 + i] = String(Number(requests.table.grandTotal[1 + i]) + added);
  }
  const infos = loaded.map((p) => p.info);
  return {
    view: {
      title: 'Model usage, monthly',
      granularity: 'month',
      subtitle: `2026-03-01 – ${TODAY} · UTC · api.langdock.com`,
      periods: infos,
      metrics: withForecasts(metrics, infos, 'month', '0'),
    },
    top: top.cells[0]!,
  };
}

async function post(
  page: Page,
  view: TrendView,
  locale = 'en-US',
  strings: Record<string, string> = {},
): Promise<void> {
  const message: HostToTrend = { type: 'trend', trendId: 'trend-1', view, locale, strings };
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForSelector('.body .row');
}

interface Drawn {
  metric: string;
  series: string[];
  colours: string[];
  labels: string[][];
  forecast?: { period: number; projected: string; low?: string; high?: string; method: string; toDate: string };
  spikes: { series: string | null; period: number }[];
}

/** The text of the copy the page posted last. */
const copied = async (wv: WebviewPage) =>
  (await wv.posted()).filter((m) => m.type === 'copy').at(-1) as unknown as { text: string };

const drawn = async (page: Page) => JSON.parse((await page.getAttribute('.chart', 'data-drawn')) ?? '{}') as Drawn;

const rgb = (css: string): Rgb => {
  const match = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  assert.ok(match, `an rgb() colour: ${css}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

describe('trend: running period, forecast, spikes, colours (Chromium)', function () {
  this.timeout(60000);
  let harness: Harness;
  let view: TrendView;
  let top: string;

  before(async () => {
    harness = await startHarness();
    ({ view, top } = await runningView());
  });
  after(() => harness.close());

  it('marks the running month "to date" on the axis, in the table and in copies, and titles the metric', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      assert.equal(await wv.page.locator('h1.title').textContent(), 'Requests by model, monthly');
      const state = await drawn(wv.page);
      assert.deepEqual(state.labels.at(-1), ['2026-12', 'to date (7 of 31 days)']);
      assert.deepEqual(state.labels[3], ['2026-06', 'missing']);
      assert.deepEqual(state.labels[2], ['2026-05'], 'a finished month is not marked');
      const headers = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((h) => h.trim());
      assert.ok(headers.includes('2026-12 to date (7 of 31 days)'), headers.join(' | '));
      await wv.page.getByRole('button', { name: 'Copy as TSV' }).click();
      const copy = await copied(wv);
      assert.match(copy.text.split('\r\n')[0], /\t2026-12 to date \(7 of 31 days\)\t/);
      await wv.page.selectOption('select.metric', 'sum_prompt_tokens');
      assert.equal(await wv.page.locator('h1.title').textContent(), 'Input tokens by model, monthly');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('draws the forecast as a hatched bar with its band, and states the method in the tooltip and under the chart', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      const state = await drawn(wv.page);
      const requests = view.metrics.find((m) => m.key === 'requests')!;
      const forecast = requests.forecast!;
      assert.equal(state.forecast?.period, 9);
      assert.equal(state.forecast?.method, 'linear');
      assert.equal(state.forecast?.toDate, requests.table.grandTotal[10]);
      // Linear over whole days: so far × 31 ÷ 7, exactly; the band brackets it.
      const expected = Math.round((Number(forecast.toDate) * 31) / 7);
      assert.ok(Math.abs(Number(state.forecast?.projected) - expected) <= 1, `${state.forecast?.projected}`);
      assert.ok(
        Number(forecast.low) <= Number(forecast.projected) && Number(forecast.projected) <= Number(forecast.high),
      );
      const legend = await wv.page.locator('.legend').textContent();
      assert.match(legend ?? '', /Forecast.*Forecast range/);
      const notes = (await wv.page.locator('.trend-notes .forecast-note').allTextContents()).join('\n');
      assert.match(notes, /^Forecast for 2026-12: [\d,]+ \(range [\d,]+ – [\d,]+\); [\d,]+ so far/);
      assert.match(notes, /÷ 7 days × 31 days \(linear: this trend has no daily figures\)/);
      assert.match(notes, /daily average of the previous 8 complete periods/);
      // Hovering the forecast bar shows the same method in the tooltip.
      const at = JSON.parse((await wv.page.getAttribute('.chart', 'data-forecast-at')) ?? '{}') as {
        x: number;
        y: number;
      };
      await wv.page.locator('canvas').hover({ position: at });
      await wv.page.waitForFunction(() =>
        document.querySelector<HTMLElement>('.chart')?.dataset.tooltip?.includes('Forecast:'),
      );
      const tooltip = (await wv.page.getAttribute('.chart', 'data-tooltip')) ?? '';
      assert.match(tooltip, /Forecast: [\d,]+ \(range [\d,]+ – [\d,]+\)/);
      assert.match(tooltip, /Method: the figure so far ÷ 7 days × 31 days/);
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('marks and lists spikes with their rule, never on a missing or running period, and marks totals over a missing one partial', async () => {
    const wv = await harness.open({ view: 'trend' });
    try {
      await post(wv.page, view);
      const state = await drawn(wv.page);
      assert.ok(
        state.spikes.some((s) => s.series === top && s.period === 8),
        JSON.stringify(state.spikes),
      );
      assert.ok(!state.spikes.some((s) => s.period === 9 || s.period === 3), 'none on December or June');
      const items = await wv.page.locator('.spike-list li').allTextContents();
      const line = items.find((i) => i.startsWith(`${top} on 2026-11:`));
      assert.match(
        line ?? items.join('\n'),
        /^.+ on 2026-11: [\d,]+, [\d.]+× its median of [\d,]+ over the previous 7 months$/,
      );
      assert.match(
        (await wv.page.locator('.notes-rule').textContent()) ?? '',
        /more than 3\.5 median absolute deviations above the median of the previous 8 periods, and at least 50% and 50 above it\. Missing and unfinished periods are never marked\./,
      );
      assert.match((await wv.page.locator('.notes-title').textContent()) ?? '', /Spikes in Requests/);
      // Every entity's total and the grand total leave June out, and say so.
      const rows = await bodyRows(wv.page);
      assert.ok(
        rows.every((r) => /^partial/.test(r.at(-1)!)),
        rows.map((r) => r.at(-1)).join(', '),
      );
      const firstTotal = wv.page.locator('.body .row').first().locator('[role=gridcell]').last();
      assert.match((await firstTotal.getAttribute('title')) ?? '', /Leaves out periods without a value \(1\): 2026-06/);
      const grand = wv.page.locator('.row.total [role=gridcell]').last();
      assert.match((await grand.textContent()) ?? '', /^partial/);
      // And so does a copy.
      await wv.page.getByRole('button', { name: 'Copy as Markdown' }).click();
      const copy = await copied(wv);
      const lines = copy.text.trim().split('\n');
      assert.ok(
        lines.slice(2).every((line) => /[\d,]+\\\* \|$/.test(line)),
        lines.slice(2, 4).join('\n'),
      );
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('speaks German: the title, the running month, the forecast and the spikes', async () => {
    const strings = GERMAN;
    const wv = await harness.open({ view: 'trend', height: 900, width: 1280 });
    try {
      // As the panel does, the metrics' names in the display language.
      const german = { ...view, metrics: view.metrics.map((m) => ({ ...m, label: strings[m.label] ?? m.label })) };
      await post(wv.page, german, 'de-DE', strings);
      assert.equal(await wv.page.locator('h1.title').textContent(), 'Anfragen nach Modell, monatlich');
      assert.deepEqual((await drawn(wv.page)).labels.at(-1), ['2026-12', 'bis heute (7 von 31 Tagen)']);
      const notes = (await wv.page.locator('.trend-notes .forecast-note').allTextContents()).join('\n');
      assert.match(notes, /^Prognose für 2026-12: [\d.]+ \(Spanne [\d.]+ – [\d.]+\); bisher [\d.]+\nMethode: /);
      const items = await wv.page.locator('.spike-list li').allTextContents();
      assert.ok(
        items.some((i) =>
          new RegExp(
            `^${top} am 2026-11: [\\d.]+, das [\\d,]+-Fache des Medians von [\\d.]+ über die 7 vorherigen Monate$`,
          ).test(i),
        ),
        items.join('\n'),
      );
      await screenshot(wv.page, 'trend-running-german');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`gives 8 series and Other colours a reader tells apart in the ${theme} theme`, async () => {
      const wv = await harness.open({ view: 'trend', theme, height: 900, width: 1280 });
      try {
        await post(wv.page, view);
        const { colours, series } = await drawn(wv.page);
        assert.equal(colours.length, 9, `8 series and Other: ${series.join(', ')}`);
        // Each apart from the others and from the background the bars stand on.
        const background = await wv.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const values = [...colours.map(rgb), rgb(background)];
        series.push('the background');
        colours.push(background);
        for (let a = 0; a < values.length; a++)
          for (let b = a + 1; b < values.length; b++) {
            const distance = colourDistance(values[a], values[b]);
            assert.ok(
              distance >= MIN_DISTANCE,
              `${series[a]} (${colours[a]}) and ${series[b]} (${colours[b]}): ΔE ${distance.toFixed(1)}`,
            );
          }
        await screenshot(wv.page, `trend-running-${theme}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
