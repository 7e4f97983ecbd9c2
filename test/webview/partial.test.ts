/**
 * A CSV with empty cells, a number written with a thousands separator, a stray quote and mixed line endings, read
 * by the real core (`loadUsageTable`) and shown in the real webview: partial totals carry a mark and say in their
 * tooltip how many rows they leave out, the warnings are on screen, and the marks follow a filter. Screenshots in
 * three themes.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import type { UsageTable, WebviewToHost } from '../../src/shared/protocol';
import { screenshot, startHarness, type Harness } from './harness';
import { columnTexts, totalRow } from './helpers';
import { measureTextContrast } from '../support/contrast';
import type { ThemeName } from './themes';

const CSV =
  'name,provider,source,requests,total_cost_usd\r\n' +
  [
    'gpt-4o,OpenAI,chat,1000,',
    'gpt-4o,OpenAI,chat,2000,2',
    'gpt-4o,OpenAI,api,2000,3',
    'claude,Anthropic,chat,"1,500",',
    // A stray quote in an unquoted cell (an inch mark, a typo): read as text, with a warning naming its line.
    'claude,Anthropic,api 12" beta,500,',
  ].join('\n') +
  '\n';

describe('partial totals and warnings on screen', function () {
  let harness: Harness;
  let dir: string;
  let table: UsageTable;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-partial-'));
    const file = path.join(dir, 'partial.csv');
    await writeFile(file, CSV);
    table = (await loadUsageTable(file)).table;
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('marks partial totals with a tooltip, shows n/a unmarked, and lists the warnings', async () => {
    const wv = await harness.open({ theme: 'dark', width: 1100, height: 360 });
    try {
      await wv.load(table);
      const page = wv.page;
      assert.deepEqual(await page.locator('.warning').allTextContents(), [
        'Line 6 has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.',
        '1 cell of column 4 (Requests) is not a number (it uses thousands separators, such as 1,234, which may also mean 1.234); it was left out of the totals.',
      ]);
      assert.deepEqual(await columnTexts(page, 'Cost (USD)'), ['$5.00*', 'n/a']);
      assert.deepEqual(await columnTexts(page, 'Requests'), ['5,000', '500*']);
      // Cost and cost per 1k requests (from that cost).
      const gpt = page.locator('.body .row').first();
      assert.equal(await gpt.locator('.cell.partial').count(), 2);
      const gptCost = gpt.locator('.cell').nth(4);
      assert.equal(await gptCost.getAttribute('title'), '1 of 3 rows have no value', '$5.00 is exact: the note alone');
      assert.equal(await gptCost.getAttribute('aria-label'), '$5.00 (1 of 3 rows have no value)');
      const naCost = page.locator('.body .row').nth(1).locator('.cell').nth(4);
      assert.equal(await naCost.getAttribute('title'), 'No value in the data', 'n/a is not a partial 0');

      const total = await totalRow(page);
      assert.deepEqual(total.slice(0, 5), ['Total', '', '', '5,500*', '$5.00*']);
      const totalCost = page.locator('.foot .cell').nth(4);
      assert.equal(await totalCost.getAttribute('title'), '3 of 5 rows have no value');

      // A Markdown copy keeps the mark (escaped); TSV keeps exact numbers for spreadsheets.
      await page.getByRole('button', { name: 'Copy as Markdown' }).click();
      await page.getByRole('button', { name: 'Copy as TSV' }).click();
      const copies = (await wv.posted()).filter(
        (m): m is Extract<WebviewToHost, { type: 'copy' }> => m.type === 'copy',
      );
      const markdown = copies[0].text.split('\n');
      assert.match(markdown[2], /^\| gpt-4o \| OpenAI \| n\/a \| 5,000 \| \$5\.00\\\* \|/);
      assert.match(markdown[4], /^\| Total \| {2}\| {2}\| 5,500\\\* \| \$5\.00\\\* \|/);
      assert.match(copies[1].text.split('\r\n')[1], /^gpt-4o\tOpenAI\t\t5000\t5\t/);

      // The mark follows what is shown: gpt-4o alone leaves out 1 of its 3 rows.
      await page.locator('.filter-input').fill('gpt');
      assert.deepEqual((await totalRow(page)).slice(3, 5), ['5,000', '$5.00*']);
      assert.equal(await totalCost.getAttribute('title'), '1 of 3 rows have no value', '$5.00 is exact: only the note');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`is readable in ${theme}`, async () => {
      const wv = await harness.open({ theme, width: 1100, height: 360 });
      try {
        await wv.load(table);
        const page = wv.page;
        await page.locator('.body .row').first().locator('.chevron').click();
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `partial-${theme}`);
        const contrast = await page.evaluate(measureTextContrast, 'body');
        assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
