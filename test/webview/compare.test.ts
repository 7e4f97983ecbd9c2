/**
 * A comparison with the previous period in real Chromium under the production CSP: the Δ and Δ% columns beside
 * each compared figure, each change with an arrow, a sign and words (never colour alone), the Change column in
 * words, and a grouped export's parts kept under their entity, each with its own change.
 */
import * as assert from 'node:assert/strict';
import { compareTables } from '../../src/core/table/compare';
import { parseCsv } from '../../src/core/table/csvTable';
import { compareLabels } from '../../src/core/table/tableView';
import { buildUsageTable } from '../../src/core/table/totals';
import { english } from '../../src/shared/template';
import { screenshot, startHarness, type Harness } from './harness';
import { bodyRows, columnTexts, inFileOrder } from './helpers';

const HEADER = 'period_start,period_end,org_id,name,provider,bring_your_keys,source,requests';

const grouped = async (period: string, rows: string[]) =>
  buildUsageTable(await parseCsv([HEADER, ...rows.map((r) => `${period},o,${r}`)].join('\n') + '\n'), {
    type: 'models',
    groupBy: 'source',
  });

describe('compare with the previous period (Chromium)', function () {
  this.timeout(60000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  it('shows each change with an arrow, a sign and words, and keeps the grouped parts with their own change', async () => {
    const now = await grouped('2026-11-01,2026-11-30', [
      'gpt-4.1,openai,true,WEB,150',
      'gpt-4.1,openai,true,API,30',
      'o3,openai,true,WEB,40',
      'mistral-large,mistral,true,WEB,7',
    ]);
    const before = await grouped('2026-10-01,2026-10-31', [
      'gpt-4.1,openai,true,WEB,100',
      'gpt-4.1,openai,true,SLACK,5',
      'o3,openai,true,WEB,60',
      'llama-3.3-70b,meta,true,WEB,12',
    ]);
    const wv = await harness.open({ width: 1280 });
    try {
      await wv.load(compareTables(now, before, compareLabels(english)));
      await inFileOrder(wv.page);
      const names = await columnTexts(wv.page, 'Name');
      const changes = await columnTexts(wv.page, 'Δ Requests');
      const words = await columnTexts(wv.page, 'Change');
      const byName = (name: string) => names.findIndex((n) => n.trim() === name);
      // gpt-4.1: 180 against 105; o3: 40 against 60; mistral-large new; llama vanished.
      assert.equal(changes[byName('gpt-4.1')], '▲ +75');
      assert.equal(changes[byName('o3')], '▼ -20');
      assert.equal(words[byName('gpt-4.1')], 'up');
      assert.equal(words[byName('o3')], 'down');
      assert.equal(words[byName('mistral-large')], 'new');
      assert.equal(words[byName('llama-3.3-70b')], 'vanished');
      const percent = await columnTexts(wv.page, 'Δ% Requests');
      assert.equal(percent[byName('o3')], '▼ -33.3%');
      // Words for screen readers and the tooltip.
      const cell = wv.page
        .locator('.body .row[aria-expanded]')
        .first()
        .locator('[role=gridcell]', { hasText: '▲ +75' });
      assert.equal(await cell.getAttribute('aria-label'), '▲ +75 (Up from the previous period)');
      assert.equal(await cell.getAttribute('title'), 'Up from the previous period: 75');

      // gpt-4.1's parts by source stay under it, each against the same part the month before.
      const gpt = wv.page.locator('.body .row[aria-expanded]', { hasText: 'gpt-4.1' });
      await gpt.locator('.chevron').click();
      await wv.page.locator('.body .row.child').first().waitFor();
      const parts = (await bodyRows(wv.page)).slice(byName('gpt-4.1') + 1, byName('gpt-4.1') + 4);
      const headers = (await wv.page.locator('.head [role=columnheader]').allTextContents()).map((h) => h.trim());
      const at = (row: string[], label: string) => row[headers.indexOf(label)];
      const bySource = new Map(parts.map((row) => [at(row, 'Source').trim(), row]));
      assert.deepEqual(
        ['WEB', 'API', 'SLACK'].map((s) => [at(bySource.get(s)!, 'Δ Requests'), at(bySource.get(s)!, 'Change')]),
        [
          ['▲ +50', 'up'],
          ['▲ +30', 'new'],
          ['▼ -5', 'vanished'],
        ],
      );
      await screenshot(wv.page, 'compare-dark');
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });
});
