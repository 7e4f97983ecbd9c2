/**
 * A large file shown while it is read (issue 17): the tables of the rows read so far come one after another, each
 * brought up to date in place (the grid, the filter box and its focus stay), with a progress line that says the
 * totals cover the rows read so far, until the whole table replaces them. Real core, real bundle, real Chromium.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import type { CellValue, UsageTable } from '../../src/shared/protocol';
import { UsageBuckets } from '../../src/core/pricing/usageBuckets';
import { withCost } from '../../src/core/pricing/costColumns';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { REPO_ROOT, screenshot, startHarness, type Harness } from './harness';
import type { Page } from 'playwright-core';
import { columnTexts, totalRow } from './helpers';
import { measureTextContrast } from '../support/contrast';
import type { ThemeName } from './themes';

const ROWS = 30_000;

/** Row i: model-(i mod 12) with i+1 requests. */
function csv(): string {
  const lines = ['name,provider,source,requests,total_cost_usd\n'];
  for (let i = 0; i < ROWS; i++) lines.push(`model-${i % 12},openai,${i % 2 ? 'chat' : 'api'},${i + 1},0.5\n`);
  return lines.join('');
}

/** Waits until the first body row's Requests cell reads `text` (a row shows "Loading…" until its page is in). */
async function firstRequestsCell(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await columnTexts(page, 'Requests'))[0] === text) return;
    await page.waitForTimeout(50);
  }
  assert.equal((await columnTexts(page, 'Requests'))[0], text);
}

describe('a large file shown while it is read', function () {
  let harness: Harness;
  let dir: string;
  const partials: UsageTable[] = [];
  let whole: UsageTable;
  let rows: CellValue[][];
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-loading-'));
    const file = path.join(dir, 'big.csv');
    await writeFile(file, csv());
    const loaded = await loadUsageTable(
      file,
      {},
      {
        watch: (progress) => {
          if (progress.rowsRead === 6144 || progress.rowsRead === 12288) partials.push(progress.soFar(5000)!.table);
        },
      },
    );
    whole = loaded.table;
    rows = await loaded.rows.page(0, ROWS);
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('updates in place while reading, then shows the whole table', async () => {
    const wv = await harness.open({ theme: 'dark', width: 1100, height: 520 });
    try {
      const page = wv.page;
      await wv.serveRows(rows);
      await wv.load(partials[0], { progress: 0.2, csvPath: '/tmp/big.csv' });
      const progress = page.locator('.load-progress');
      assert.equal(await progress.isVisible(), true);
      assert.equal(await page.locator('.load-text').textContent(), 'Reading… 20% · 6,144 rows so far');
      assert.equal(await page.locator('progress.load-bar').getAttribute('aria-label'), 'Reading the file');
      assert.match((await progress.textContent()) ?? '', /cover the rows read so far/);
      assert.ok((await page.locator('.meta').textContent())?.includes('6,144 records'));
      // The running grand total: 1 + … + 6144 requests.
      assert.deepEqual((await totalRow(page)).slice(0, 4), ['Total', '', '', '18,877,440']);
      assert.equal(await page.locator('.chip.sign').count(), 0, 'no warning signs from part of the file');

      // All rows while reading: the rows read so far, paged in; the next table keeps the pages it had.
      await page.getByRole('tab', { name: 'All rows' }).click();
      await firstRequestsCell(page, '1');
      const requested = async () => (await wv.posted()).filter((m) => m.type === 'requestRows').length;
      const before = await requested();
      await wv.load(partials[1], { progress: 0.3, csvPath: '/tmp/big.csv' });
      assert.equal((await columnTexts(page, 'Requests'))[0], '1');
      assert.equal(await requested(), before, 'the full first page is kept, not asked for again');
      await page.getByRole('tab', { name: /totals/ }).click();

      // The user types into the filter while the file loads: the next table keeps the box, its text and focus.
      await page.evaluate(() => document.querySelector('.grid')?.setAttribute('data-kept', 'yes'));
      await page.locator('.filter-input').fill('model-1');
      await wv.load(partials[1], { progress: 0.4, csvPath: '/tmp/big.csv' });
      assert.equal(await page.locator('.load-text').textContent(), 'Reading… 40% · 12,288 rows so far');
      assert.equal(await page.locator('.grid[data-kept=yes]').count(), 1, 'the same grid');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'filter-input');
      assert.equal(await page.locator('.filter-input').inputValue(), 'model-1');
      assert.deepEqual((await columnTexts(page, 'Name')).sort(), ['model-1', 'model-10', 'model-11']);

      // A copy is of the whole table: it waits for the end, and says so.
      await page.getByRole('button', { name: 'Copy as TSV' }).click();
      assert.equal(await page.locator('.status').textContent(), 'Copying once the whole file is read…');
      const copies = async () => (await wv.posted()).filter((m) => m.type === 'copy');
      assert.equal((await copies()).length, 0);

      await wv.load(whole, { csvPath: '/tmp/big.csv' });
      // Of the whole file, filtered to model-1, model-10 and model-11: rows i ≡ 1, 10, 11 (mod 12) with i+1 requests.
      await wv.page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'copy'),
      );
      const [copy] = await copies();
      const lines = copy.type === 'copy' ? copy.text.trim().split('\r\n') : [];
      let expected = 0;
      for (let i = 0; i < ROWS; i++) if ([1, 10, 11].includes(i % 12)) expected += i + 1;
      assert.equal(lines.length, 5, lines.join('\n'));
      assert.match(lines[4], new RegExp(`^Total\t\t\t${expected}\t`));
      assert.equal(await progress.isVisible(), false);
      assert.ok((await page.locator('.meta').textContent())?.includes('30,000 records'));
      await page.locator('.filter-input').fill('');
      assert.deepEqual((await totalRow(page)).slice(0, 4), ['Total', '', '', '450,015,000']);
      assert.equal(await page.locator('.grid[data-kept=yes]').count(), 1);

      // All rows: the first rows come from the host's pages.
      await page.getByRole('tab', { name: 'All rows' }).click();
      await firstRequestsCell(page, '1');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  it("ranks the rows read so far by Langdock's cost, and the whole table by the cost computed from tokens", async () => {
    // The rows read so far come unpriced (Langdock's cost column as the file has it); the whole table priced.
    let buckets: UsageBuckets | undefined;
    const file = path.join(REPO_ROOT, 'test/fixtures/models-byok-pricing.csv');
    const { table: unpriced } = await loadUsageTable(
      file,
      { type: 'models' },
      {
        observe: (headers) => {
          buckets = UsageBuckets.forHeader(headers);
          return buckets && ((row, key) => buckets?.add(row, key));
        },
      },
    );
    const priced = withCost(unpriced, buckets!, {
      book: createPriceBook(),
      userPrices: new Map(),
      costSource: 'auto',
      swaps: [],
    }).table;
    const wv = await harness.open({ theme: 'dark', width: 1100, height: 420 });
    try {
      const sorted = () => wv.page.locator('.head [aria-sort=descending] .label').allTextContents();
      await wv.load(unpriced, { progress: 0.5, csvPath: '/tmp/priced.csv' });
      assert.deepEqual(await sorted(), ['Cost (USD)']);
      await wv.load(priced, { csvPath: '/tmp/priced.csv' });
      assert.deepEqual(await sorted(), ['Cost']);
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`shows its progress readably in ${theme}`, async () => {
      const wv = await harness.open({ theme, width: 1100, height: 420 });
      try {
        await wv.serveRows(rows);
        await wv.load(partials[0], { progress: 0.35 });
        await wv.page.evaluate(() => document.fonts.ready);
        await screenshot(wv.page, `loading-${theme}`);
        const contrast = await wv.page.evaluate(measureTextContrast, '.load-progress');
        assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
