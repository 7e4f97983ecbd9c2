/**
 * 100,000 totals rows: only the visible rows exist in the DOM, sorting is right, and scrolling to the end shows
 * the last rows. "All rows" over 100,000 raw rows fetches only the pages in view. Times are logged here but
 * judged by `npm run bench` (test/webview/webview.bench.ts), not asserted: a shared machine makes timed tests
 * flaky.
 */
import * as assert from 'node:assert/strict';
import type { CellValue } from '../../src/shared/protocol';
import { startHarness, type Harness, type WebviewPage } from './harness';
import { bodyRows, columnTexts } from './helpers';
import { modelsTable } from './tables';

const N = 100_000;
function domRows(wv: WebviewPage): Promise<number> {
  return wv.page.locator('.body .row').count();
}

describe('virtualized table', function () {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it(`paints ${N.toLocaleString('en')} rows with a bounded DOM, and re-sorts them`, async () => {
    const wv = await harness.open({ height: 700 });
    try {
      const paint = await wv.loadGenerated(N);
      const sortDesc = await wv.timeSort('Requests');
      const sortAsc = await wv.timeSort('Requests');
      const sortText = await wv.timeSort('Name');
      process.stdout.write(
        `      first paint ${paint.postToPaint.toFixed(0)} ms after post (${paint.arrivalToPaint.toFixed(0)} ms after arrival), ` +
          `re-sort by requests ${sortDesc.toFixed(0)} / ${sortAsc.toFixed(0)} ms, by name ${sortText.toFixed(0)} ms, DOM rows ${await domRows(wv)}\n`,
      );
      const page = wv.page;
      assert.equal(await page.locator('.grid').getAttribute('aria-rowcount'), String(N + 2));
      assert.ok((await domRows(wv)) < 60, 'only the visible rows (and a few around them) exist');
      // Sorted by name now, descending, with numeric collation (model-99999 before model-10000).
      assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 3), ['model-99999', 'model-99998', 'model-99997']);

      await page.locator('.grid').evaluate((g) => (g.scrollTop = g.scrollHeight));
      await page.waitForFunction(() => document.querySelector('.body .row[aria-rowindex="100001"]'));
      const last = await bodyRows(page);
      assert.equal(last[last.length - 1][0], 'model-0');
      assert.ok((await domRows(wv)) < 60);
      // Keyboard: End and Home jump across all rows and keep the active row in view.
      await page.locator('.grid').focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(
        () => document.querySelector('#grid-active-row')?.getAttribute('aria-rowindex') === '2',
      );
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('"All rows" of 100,000 rows asks only for the pages in view', async () => {
    const wv = await harness.open({ height: 700 });
    try {
      const rows: CellValue[][] = Array.from({ length: N }, (_, i) => [
        '2026-11-01',
        `model-${i}`,
        'openai',
        'false',
        String(i),
        null,
        '0.5',
        'WEB',
      ]);
      await wv.serveRows(rows);
      const table = modelsTable();
      table.rowCount = N;
      await wv.load(table);
      const page = wv.page;
      await page.getByRole('tab', { name: 'All rows' }).click();
      await page.waitForFunction(
        () => document.querySelector('.body .row') && !document.querySelector('.body .row.loading'),
      );
      await page.locator('.grid').evaluate((g) => (g.scrollTop = 50_500 * 24));
      await page.waitForFunction(() => {
        const row = document.querySelector('.body .row[aria-rowindex="50502"]');
        return row && !row.classList.contains('loading');
      });
      const starts = (await wv.posted())
        .filter((m) => m.type === 'requestRows')
        .map((m) => (m as { start: number }).start);
      assert.deepEqual(starts, [0, 50_000], 'the first page, then the page scrolled to');
      assert.ok((await domRows(wv)) < 60);
      assert.ok((await columnTexts(page, 'Name')).includes('model-50500'));
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it('"All rows" of 5,000,000 rows scrolls to the very last row (beyond the browser\'s element-height limit)', async () => {
    const total = 5_000_000;
    const wv = await harness.open({ height: 700 });
    try {
      await wv.serveRows({ total });
      const table = modelsTable();
      table.rowCount = total;
      await wv.load(table);
      const page = wv.page;
      await page.getByRole('tab', { name: 'All rows' }).click();
      await page.waitForFunction(
        () => document.querySelector('.body .row') && !document.querySelector('.body .row.loading'),
      );
      await page.locator('.grid').evaluate((g) => (g.scrollTop = g.scrollHeight));
      const last = `.body .row[aria-rowindex="${total + 1}"]`;
      await page.waitForFunction((selector) => {
        const row = document.querySelector(selector);
        return row && !row.classList.contains('loading');
      }, last);
      assert.ok((await columnTexts(page, 'Name')).includes(`model-${total - 1}`));
      // The last row is on screen, above the sticky total row, not merely in the DOM.
      const fits = await page.evaluate((selector) => {
        const grid = document.querySelector('.grid')!.getBoundingClientRect();
        const row = document.querySelector(selector)!.getBoundingClientRect();
        const footer = document.querySelector('.row.total')!.getBoundingClientRect();
        return row.top >= grid.top && row.bottom <= footer.top + 1;
      }, last);
      assert.ok(fits, 'the last row is visible');
      // Home goes back to the first row.
      await page.locator('.grid').focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(
        () => document.querySelector('#grid-active-row')?.getAttribute('aria-rowindex') === '2',
      );
      assert.ok((await columnTexts(page, 'Name')).includes('model-0'));
      assert.ok((await domRows(wv)) < 60);
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });
});
