/** The cost columns in a real Chromium: figures, their sources as tooltips, the marks and the notices' actions. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import { UsageBuckets } from '../../src/core/pricing/usageBuckets';
import { type CostSource, type WhatIfSwap, withCost } from '../../src/core/pricing/costColumns';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { formatNumber, makeNumberFormats } from '../../src/shared/numberFormat';
import type { CellValue, UsageTable } from '../../src/shared/tableModel';
import { waitFor } from '../support/waitFor';
import { REPO_ROOT, screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { figures, totalRow } from './helpers';

/** The pricing fixture through the real pipeline: totals, token buckets, list prices. */
async function pricedTable(swaps: WhatIfSwap[] = [], costSource: CostSource = 'auto'): Promise<UsageTable> {
  let buckets: UsageBuckets | undefined;
  const file = path.join(REPO_ROOT, 'test/fixtures/models-byok-pricing.csv');
  const { table } = await loadUsageTable(
    file,
    { type: 'models' },
    {
      observe: (headers) => {
        buckets = UsageBuckets.forHeader(headers);
        return buckets && ((row, key) => buckets?.add(row, key));
      },
    },
  );
  return withCost(table, buckets!, { book: createPriceBook(), userPrices: new Map(), costSource, swaps }).table;
}

/** A cell of the body by the row's first cell and the column's header label. */
async function cellTitle(wv: WebviewPage, rowName: string, label: string): Promise<{ text: string; title: string }> {
  return wv.page.evaluate(
    ({ rowName, label }) => {
      const labels = [...document.querySelectorAll('.head [role=columnheader]')].map((h) => h.textContent?.trim());
      const index = labels.indexOf(label);
      const row = [...document.querySelectorAll('.body .row')].find((r) =>
        r.querySelector('[role=gridcell]')?.textContent?.includes(rowName),
      );
      const cell = row?.querySelectorAll<HTMLElement>('[role=gridcell]')[index];
      return { text: cell?.textContent ?? '', title: cell?.title ?? '' };
    },
    { rowName, label },
  );
}

/** Brings the cost columns (right of the token columns) into view for the screenshot. */
async function scrollRight(wv: WebviewPage): Promise<void> {
  await wv.page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role=grid], [role=treegrid]');
    if (grid) grid.scrollLeft = grid.scrollWidth;
  });
  await wv.page.waitForTimeout(100);
}

describe('cost columns webview', function () {
  let harness: Harness;
  let wv: WebviewPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await screenshot(wv.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    assert.deepEqual(await wv.problems(), []);
    await wv.close();
  });

  it('shows each cost with its source, "est." on computed figures, n/a for the unpriced, and the partial total', async () => {
    wv = await harness.open({ theme: 'dark', width: 1500, height: 420 });
    await wv.load(await pricedTable(), {
      header: { title: 'Model usage', fileName: 'models.csv', canRerun: false, canWhatIf: true },
    });
    const claude = await cellTitle(wv, 'claude-sonnet-4', 'Cost');
    assert.equal(claude.text, '$15.45');
    assert.match(claude.title, /^Langdock/);
    const gemini = await cellTitle(wv, 'gemini-2.5-flash', 'Cost');
    assert.equal(gemini.text, 'est.$0.69');
    assert.match(
      gemini.title,
      /^list price of google\/gemini-2\.5-flash on 2026-10-01: \$0\.30 input, \$2\.50 output, \$0\.03 cache read per 1M/,
    );
    const fineTune = await cellTitle(wv, 'gpt-4.1-ft-0', 'Cost');
    assert.equal(fineTune.text, 'n/a');
    assert.match(fineTune.title, /No price for gpt-4\.1-ft-0/);
    // One cost: Langdock's own column and the audit of it are not on screen under auto.
    const labels = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    assert.equal(labels.filter((l) => l === 'Langdock cost' || l === 'Computed − Langdock').length, 0);

    const costIndex = (await wv.page.locator('.head [role=columnheader]').allTextContents()).findIndex(
      (l) => l.trim() === 'Cost',
    );
    // Partial once: the partial-total mark (*) with the note's reason in the tooltip, not a second "partial" badge.
    assert.match((await totalRow(wv.page))[costIndex], /^est\.\$[\d.,]+\*$/);
    const totalTitle = await wv.page.locator('.foot .row > *').nth(costIndex).getAttribute('title');
    assert.match(totalTitle ?? '', /^partial: 1 model without a price/);

    // The headline's figures carry the same partial mark and reason as the totals they sum up.
    const strip = await figures(wv);
    assert.match(strip.Cost, /^\$[\d.,]+\* \| partial: 1 model without a price/);
    assert.equal(strip.Cost.split(' | ')[0], (await totalRow(wv.page))[costIndex].replace('est.', ''));
    assert.match(strip['Input tokens'], /^10,996,300\* \| 1 of 8 rows have no value$/);
    const notice = wv.page.locator('.notice');
    assert.match((await notice.textContent()) ?? '', /No price for 1 model: gpt-4\.1-ft-0/);
    await scrollRight(wv);
    await screenshot(wv.page, 'cost-columns');
    await notice.locator('button', { hasText: 'Set prices…' }).click();
    await wv.page.locator('.actions button', { hasText: 'What if…' }).click();
    const actions = (await wv.posted()).filter((m) => m.type === 'action');
    assert.deepEqual(actions, [
      { type: 'action', action: 'editModelPrices' },
      { type: 'action', action: 'whatIf' },
    ]);
  });

  it('derives cost per 1k requests from Cost, also where Langdock has no cost, and in a filter’s total', async () => {
    wv = await harness.open({ theme: 'dark', width: 1500, height: 420 });
    const table = await pricedTable();
    await wv.load(table);
    const { columns, rows } = table.totals;
    const at = (key: string) => columns.findIndex((c) => c.key === key);
    const gemini = rows.find((r) => r.cells[0] === 'gemini-2.5-flash')!;
    assert.equal(gemini.cells[at('total_cost_usd')], null, 'Langdock reports no cost for it');
    const per1k = (cost: CellValue, requests: CellValue) =>
      formatNumber(String((Number(cost) * 1000) / Number(requests)), 'usd', makeNumberFormats('en-US'));
    const expected = per1k(gemini.cells[at('cost:usd')], gemini.cells[at('requests')]);
    assert.equal((await cellTitle(wv, 'gemini-2.5-flash', 'Cost per 1k requests')).text, `est.${expected}`);
    // The total of a filter is recomputed from the Cost shown, as the host computes each row.
    await wv.page.locator('.filter-input').fill('gemini');
    const labels = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    const total = await waitFor(
      async () => {
        const cells = await totalRow(wv.page);
        return cells[0] === 'Total of 1 shown' && cells;
      },
      { what: 'the total of the filter' },
    );
    assert.equal(total[labels.indexOf('Cost per 1k requests')].replace('est.', ''), expected);
  });

  it('calculate: shows Langdock’s cost and the difference beside Cost, to the cent, exact in the tooltip', async () => {
    wv = await harness.open({ theme: 'dark', width: 1500, height: 420 });
    await wv.load(await pricedTable([], 'calculate'));
    const labels = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    const at = labels.indexOf('Cost');
    assert.deepEqual(labels.slice(at, at + 3), ['Cost', 'Langdock cost', 'Computed − Langdock']);
    const difference = await cellTitle(wv, 'claude-sonnet-4', 'Computed − Langdock');
    assert.equal(difference.text, '-$0.80');
    assert.match(difference.title, /-\$0\.801$/, 'the exact difference in the tooltip');
    const claude = await cellTitle(wv, 'claude-sonnet-4', 'Cost');
    assert.equal(claude.text, 'est.$14.65');
    assert.match(claude.title, /\$14\.6517$/);
  });

  it('labels a what-if as hypothetical, with the change in $ and %, and offers to clear it', async () => {
    wv = await harness.open({ theme: 'light', width: 1700, height: 420 });
    const swaps = [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1' } }];
    await wv.load(await pricedTable(swaps), { swaps });
    // In view: the what-if columns right after Cost, and the hypothetical cost in the headline beside the billed.
    const labels = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    const at = labels.indexOf('Cost');
    assert.deepEqual(labels.slice(at, at + 4), ['Cost', 'What if', 'Change', 'Change %']);
    const strip = await figures(wv);
    assert.deepEqual(Object.keys(strip).slice(0, 2), ['Cost', 'What if']);
    assert.match(strip['What if'], /^\$45\.60\* \| partial: \d+ parts? without a price · -\$6\.68, -12\.\d%$/);
    const whatIf = await cellTitle(wv, 'claude-sonnet-4', 'What if');
    assert.equal(whatIf.text, 'est.$8.77');
    assert.match(
      whatIf.title,
      /^Hypothetical: not what was billed\.\nclaude-sonnet-4 at the list price of openai\/gpt-4\.1/,
    );
    assert.equal((await cellTitle(wv, 'claude-sonnet-4', 'Change')).text, 'est.-$6.68');
    assert.equal((await cellTitle(wv, 'claude-sonnet-4', 'Change %')).text, '-43.2%');
    const notice = wv.page.locator('.notice.hypothetical');
    assert.match(
      (await notice.textContent()) ?? '',
      /What if \(hypothetical, not what was billed\): claude-sonnet-4 → openai\/gpt-4\.1/,
    );
    // The saved state names the swaps, and keeps them across a reload of the page, which hands them back to the
    // host in its `ready` (after a window reload, a panel's or an editor tab's host knows of none); clearing them
    // leaves none behind.
    const saved = () =>
      wv.page.evaluate(() => (JSON.parse(sessionStorage.getItem('vscode-state') ?? '{}') as { swaps?: unknown }).swaps);
    assert.deepEqual(await saved(), swaps);
    await wv.reload();
    assert.deepEqual(await saved(), swaps);
    assert.deepEqual(
      (await wv.posted()).filter((m) => m.type === 'ready'),
      [{ type: 'ready', swaps }],
    );
    await wv.load(await pricedTable(swaps), { swaps });
    await scrollRight(wv);
    await screenshot(wv.page, 'what-if');
    await notice.locator('button', { hasText: 'Clear what-if' }).click();
    assert.deepEqual(
      (await wv.posted()).filter((m) => m.type === 'action'),
      [{ type: 'action', action: 'clearWhatIf' }],
    );
  });
});
