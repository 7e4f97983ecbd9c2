/**
 * A totals table of more entities than one message carries (issue 17), posted as the host posts it: the `load`
 * with the first page of totals rows, then the other pages. The first page paints at once with the exact grand
 * total and says that totals are still loading; sort, filter and copy work on (or wait for) what is in; the last
 * page brings every row, in the right order, without losing the view.
 */
import * as assert from 'node:assert/strict';
import type { TotalsRow, WebviewToHost } from '../../src/shared/protocol';
import { pageTotals, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES } from '../../src/shared/totalsPages';
import { screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { columnTexts, sortButton, totalRow } from './helpers';
import { BIG_COLUMNS, generateTable, modelsTable } from './tables';

const N = 60_000;
const table = generateTable(N, BIG_COLUMNS);
const rows = table.totals.rows;
const at = (key: string) => BIG_COLUMNS.findIndex((c) => c.key === key);
const [NAME, REQUESTS, COST] = [at('name'), at('requests'), at('total_cost_usd')];

/** Row indices sorted by a numeric column, as the webview sorts (stable, no value last). */
function sortedBy(column: number, direction: 'asc' | 'desc', indices: number[]): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (i: number) => (rows[i].cells[column] === null ? NaN : Number(rows[i].cells[column]));
  return [...indices].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (Number.isNaN(x) || Number.isNaN(y))
      return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
    return x === y ? a - b : (x - y) * sign;
  });
}
const range = (n: number) => [...Array(n).keys()];
const nameOf = (i: number) => rows[i].cells[NAME];

function status(wv: WebviewPage): Promise<string | null> {
  return wv.page.locator('.toolbar .status').textContent();
}

async function figure(wv: WebviewPage, kind: string): Promise<string> {
  return (await wv.page.locator(`.figure-${kind} .figure-value`).textContent()) ?? '';
}

describe('totals in pages (Chromium)', function () {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it(`paints the first page of ${N.toLocaleString('en')} entities with the exact total, then all of them`, async () => {
    const wv = await harness.open({ height: 700 });
    try {
      const { pages } = await wv.loadGenerated(N, { holdPages: true });
      assert.equal(pages, 1 + Math.ceil((N - TOTALS_PAGE_LINES) / TOTALS_REST_PAGE_LINES));
      const page = wv.page;
      const grid = page.locator('.grid');
      assert.equal(await grid.getAttribute('aria-rowcount'), String(TOTALS_PAGE_LINES + 2));
      assert.equal(await status(wv), `Loading totals… 5,000 of ${N.toLocaleString('en')}`);
      // The grand total is the host's exact one from the first paint, and stays it.
      const requests = Number(table.totals.grandTotal[REQUESTS]).toLocaleString('en-US');
      const firstTotal = await totalRow(page);
      assert.equal(firstTotal[0], 'Total');
      assert.equal(firstTotal[REQUESTS], requests);
      // Known from the start: how many entities there are. Not yet: the top one, and the warning signs.
      assert.equal(await figure(wv, 'entities'), N.toLocaleString('en'));
      assert.equal(await figure(wv, 'top'), 'Loading…');
      assert.equal(await page.locator('.headline .chip.sign').count(), 0);
      // Opened sorted by cost, among the rows in so far.
      const firstPage = sortedBy(COST, 'desc', range(TOTALS_PAGE_LINES));
      assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 3), firstPage.slice(0, 3).map(nameOf));
      await screenshot(page, 'paging-first-page');

      // Scrolled a little and focused on the grid while the rest arrives.
      await grid.evaluate((g) => (g.scrollTop = 240));
      await grid.focus();
      const activeName = () => page.locator('#grid-active-row [role=gridcell]').first().textContent();
      const focused = await activeName();
      assert.ok(focused);
      await wv.postHeldPages();
      assert.equal(await status(wv), '');
      assert.deepEqual(
        (await wv.posted()).filter((m) => m.type === 'totalsLoaded'),
        [{ type: 'totalsLoaded', rows: N }],
        'the webview tells the host that every row is in',
      );
      assert.equal(await grid.getAttribute('aria-rowcount'), String(N + 2));
      assert.equal(await grid.evaluate((g) => g.scrollTop), 240, 'the scroll position stays');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'grid', 'the focus stays');
      // The keyboard is still on the same model, wherever the complete sort put it (Up and Down bring it back).
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowDown');
      assert.equal(await activeName(), focused);
      assert.deepEqual(await totalRow(page), firstTotal);
      const all = sortedBy(COST, 'desc', range(N));
      assert.equal(await figure(wv, 'top'), nameOf(all[0]));
      const unpriced = rows.filter((r) => r.cells[COST] === null && r.cells[at('sum_prompt_tokens')] !== '0').length;
      assert.deepEqual(await page.locator('.headline .chip.sign').allTextContents(), [
        `Models without token prices: ${unpriced.toLocaleString('en')}`,
      ]);
      await grid.evaluate((g) => (g.scrollTop = 0));
      await page.waitForFunction(() => document.querySelector('.body .row[aria-rowindex="2"]'));
      assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 3), all.slice(0, 3).map(nameOf));
      await screenshot(page, 'paging-complete');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('filters, sorts and copies while pages arrive: partial figures say so, the copy waits for every row', async () => {
    const wv = await harness.open({ height: 700 });
    try {
      await wv.loadGenerated(N, { holdPages: true });
      const page = wv.page;
      await page.locator('.filter-input').fill('model-4999');
      await sortButton(page, 'Requests').click();
      // Of model-4999 and model-49990…49999, only the first is in yet.
      assert.deepEqual(await columnTexts(page, 'Name'), ['model-4999']);
      assert.equal((await totalRow(page))[0], 'Total of 1 shown so far');
      assert.match(
        (await page.locator('.figures-note').textContent()) ?? '',
        /^Figures add up the 1 rows shown so far$/,
      );
      assert.equal(await status(wv), `Loading totals… 5,000 of ${N.toLocaleString('en')}`);
      await page.getByRole('button', { name: 'Copy as TSV' }).click();
      const copies = async () =>
        (await wv.posted()).filter((m): m is Extract<WebviewToHost, { type: 'copy' }> => m.type === 'copy');
      assert.equal((await copies()).length, 0, 'a copy of part of the rows would look whole');
      await screenshot(page, 'paging-filtered-loading');

      await wv.postHeldPages();
      const matching = range(N).filter((i) => String(nameOf(i)).includes('model-4999'));
      const expected = sortedBy(REQUESTS, 'desc', matching).map(nameOf);
      assert.equal(expected.length, 11);
      assert.deepEqual(await columnTexts(page, 'Name'), expected);
      assert.equal((await totalRow(page))[0], 'Total of 11 shown');
      assert.equal(await page.locator('.filter-input').inputValue(), 'model-4999');
      assert.equal(await status(wv), `11 of ${N.toLocaleString('en')} rows`);
      const [copy] = await copies();
      const lines = copy.text.split('\r\n').filter(Boolean);
      assert.equal(lines.length, 1 + 11 + 1, 'header, every matching row, total');
      assert.deepEqual(
        lines.slice(1, -1).map((l) => l.split('\t')[0]),
        expected,
      );
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('keeps an expanded group open when the pages of a grouped table complete it', async () => {
    const wv = await harness.open({ height: 700 });
    try {
      // 6,000 models with two sources each: 18,000 lines, so four pages (the first holds 1,666 models).
      const table = modelsTable();
      const part = (m: number, source: string, requests: number): TotalsRow => ({
        key: `m${m}\u001e${source}`,
        rowCount: 1,
        cells: [`m-${m}`, 'openai', source, 'false', String(requests), null, null, null, null],
      });
      table.totals.rows = Array.from({ length: 6000 }, (_, m) => ({
        key: `m${m}`,
        rowCount: 2,
        cells: [`m-${m}`, 'openai', null, 'false', String(m + 3), null, null, null, null],
        children: [part(m, 'WEB', m + 1), part(m, 'API', 2)],
      }));
      const paged = pageTotals(table, TOTALS_PAGE_LINES);
      assert.equal(paged.pages.length, 3);
      await wv.post({
        type: 'load',
        header: { title: 'Model usage', fileName: 'models.csv', canRerun: false },
        locale: 'en-US',
        strings: {},
        table: paged.table,
        totalsRowCount: paged.totalsRowCount,
      });
      const page = wv.page;
      await sortButton(page, 'Requests').click(); // descending by requests, among the rows in so far
      const first = page.locator('.body .row').first();
      assert.equal((await columnTexts(page, 'Name'))[0], 'm-1665');
      await first.locator('.chevron').click();
      assert.equal(await first.getAttribute('aria-expanded'), 'true');
      // Packed, as the host forwards them: the parts come back from the pages' columns.
      for (const p of paged.pages) await wv.postPacked({ type: 'totalsRows', ...p });
      await page.waitForFunction(() => document.querySelector('.toolbar .status')?.textContent === '');
      // The largest model is now the last one; the one opened before is still open, wherever it is.
      assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 1), ['m-5999']);
      await page.locator('.filter-input').fill('m-1665');
      assert.deepEqual(await columnTexts(page, 'Source'), ['', 'WEB', 'API']);
      assert.equal(await page.locator('.body .row').first().getAttribute('aria-expanded'), 'true');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });
});
