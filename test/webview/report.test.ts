/**
 * The HTML report in a real Chromium, opened from disk as a person would open the saved file: no script element,
 * nothing blocked by its Content-Security-Policy (a listener counts violations), no request beyond the file itself,
 * the totals on screen equal the table's, hostile cells shown as text, and printed to PDF on A4 and Letter.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { buildReportModel, type ReportJob } from '../../src/core/report/reportJob';
import { renderReport } from '../../src/core/report/render';
import { formatNumber, makeNumberFormats } from '../../src/shared/numberFormat';
import type { ReportModel } from '../../src/core/report/model';
import { english, type Localize } from '../../src/shared/template';
import { german } from '../unit/viewSettings';
import { RUNNING_TREND_NOW, runningTrendReport } from '../support/runningTrend';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, screenshot } from './harness';

const fixture = (name: string) => path.join(REPO_ROOT, 'test', 'fixtures', name);
const book = createPriceBook();
const job: ReportJob = {
  format: 'html',
  outPath: '',
  pricing: () => ({ book, userPrices: new Map(), costSource: 'auto', problems: [] }),
  ctx: { t: english, locale: 'en-US', minGroupSize: 5, includeNames: false, generator: 'test', now: new Date() },
};

describe('the HTML report in Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let dir: string;

  before(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-report-html-'));
  });
  after(async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens a report of `csv` from disk; returns the page, what it asked for and what its CSP blocked. */
  async function open(csv: string) {
    const model = await buildReportModel(
      { kind: 'table', csvPath: fixture(csv), hints: {}, facts: { type: 'unknown' } },
      job,
    );
    return { model, ...(await openModel(model, csv)) };
  }

  /** Writes a report model's HTML to disk in `t`'s language and opens it as a saved file. */
  async function openModel(model: ReportModel, name: string, t: Localize = english, locale = 'en-US') {
    const html = String((await renderReport(model, 'html', { t, locale, includeNames: false })).content);
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, html);
    const page: Page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    return { page, file, requests, errors, violations };
  }

  for (const [language, t, locale, running] of [
    ['English', english, 'en-US', 'to date (7 of 31 days)'],
    ['German', german, 'de', 'bis heute (7 von 31 Tagen)'],
  ] as const)
    it(`draws a trend's running month hatched to its forecast, its range and ▲ over a spike (${language})`, async () => {
      const model = await runningTrendReport(dir, { ...job.ctx, t, locale, now: RUNNING_TREND_NOW });
      const { page, requests, errors, violations } = await openModel(model, `trend-${locale}`, t, locale);
      assert.deepEqual(violations, []);
      assert.equal(requests.length, 1);
      assert.deepEqual(errors, []);
      const chart = page.locator('section.chart svg');
      assert.equal(await chart.locator('text.running').textContent(), running);
      // The forecast stands on December's bars, and its range and the spike's mark are on screen.
      const box = async (selector: string) => (await chart.locator(selector).first().boundingBox())!;
      const forecast = await box('g.forecast');
      const bars = await chart
        .locator('rect[fill^="#"]')
        .evaluateAll((rects) =>
          rects.map((r) => (r as SVGGraphicsElement).getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y })),
        );
      // The forecast's box takes in its outline's width.
      const december = bars.filter((b) => Math.abs(b.x - forecast.x) < 2);
      assert.equal(december.length, 2, 'two series to date under the forecast');
      assert.ok(Math.min(...december.map((b) => b.y)) >= forecast.y + forecast.height - 2, 'the forecast on top');
      const label = await box('text.running');
      const svg = (await page.locator('section.chart > svg').boundingBox())!;
      assert.ok(label.x >= svg.x && label.x + label.width <= svg.x + svg.width, 'the running mark fits the chart');
      assert.ok(forecast.height > 20, `the rest of the month is a bar (${forecast.height}px)`);
      const range = await box('g.forecast-range');
      assert.ok(range.y < forecast.y && range.y + range.height > forecast.y, 'the range spans the projection');
      const spike = await box('text.spike');
      const november = bars.filter((b) => b.x < forecast.x - 5 && b.x > forecast.x - 120);
      assert.ok(spike.y + spike.height <= Math.min(...november.map((b) => b.y)) + 1, '▲ over November');
      assert.equal(await page.locator('section.explained').count(), 2, 'the forecast and the spikes in words');
      await screenshot(page, `report-trend-running-${locale}`);
      await page.close();
    });

  it('shows a models report with its totals, styled, with nothing blocked and no script', async () => {
    const { page, model, file, requests, errors, violations } = await open('models-byok.csv');
    assert.deepEqual(violations, [], 'the page’s own CSP blocks nothing of it');
    assert.deepEqual(requests, [pathToFileURL(file).href], 'no request beyond the file');
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('script').count(), 0);
    // The style element is applied (its hash is in the CSP): the figures are a grid.
    assert.equal(await page.locator('.figures').evaluate((e) => getComputedStyle(e).display), 'grid');
    const table = model.data.periods[0].table.totals;
    const formats = makeNumberFormats('en-US');
    const section = page.locator('section.table-section').first();
    const headers = await section.locator('th').allTextContents();
    const totalCells = await section.locator('tr.total td').allTextContents();
    for (const key of ['requests', 'cost:usd', 'sum_prompt_tokens']) {
      const i = table.columns.findIndex((c) => c.key === key);
      const column = table.columns[i];
      const shown = totalCells[headers.indexOf(column.label)];
      const partial = (table.grandUnknown?.[i] ?? 0) > 0 || table.grandNotes?.[key]?.partial;
      assert.equal(shown, formatNumber(table.grandTotal[i]!, column.format, formats) + (partial ? '*' : ''), key);
    }
    const costFigure = page.locator('.figures li').filter({ hasText: 'Cost' }).first().locator('.figure-value');
    assert.equal(await costFigure.textContent(), totalCells[headers.indexOf('Cost')]);
    await screenshot(page, 'report-models');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: false });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 10_000, `${format}: ${pdf.length} bytes`);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 3, `${format}: sections on their own pages (${pages})`);
      await writeFile(path.join(REPO_ROOT, '.test-work', 'webview', `report-models-${format}.pdf`), pdf);
    }
    await page.close();
  });

  it('shows hostile cells as text: no element made of them, nothing run or blocked', async () => {
    const { page, requests, errors, violations } = await open('odd-hostile.csv');
    assert.deepEqual(violations, []);
    assert.equal(requests.length, 1);
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('script, img, iframe, a, object, embed').count(), 0);
    const cells = await page.locator('section.table-section').first().locator('td').allTextContents();
    assert.ok(cells.includes(`<script>alert('x')</script>`), 'the script shows as its text');
    assert.ok(cells.includes('<img src=x onerror=alert(1)>'));
    const source = await readFile(path.join(dir, 'odd-hostile.csv.html'), 'utf8');
    assert.doesNotMatch(source, /<script/i);
    await page.close();
  });
});
