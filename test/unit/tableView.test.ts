/**
 * The view the table worker renders (issue 21): labels in the display language from VS Code's l10n bundle (the
 * worker has no `vscode`), the cost columns at the settings, and messages the webview unpacks to the same table.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleLocalize, pricedTable, renderView } from '../../src/core/table/tableView';
import { readUsageTable } from '../../src/core/table/tableLoad';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { type TotalsRow, unpack } from '../../src/shared/protocol';
import { RowBlock } from '../../src/shared/rowBlock';
import { english } from '../../src/shared/template';
import { GERMAN, viewSettings } from './viewSettings';
import { fixture } from './fixtures';

describe('the rendered view', () => {
  it('localizes like vscode.l10n.t: the bundle’s text with the same {0} arguments, English without a bundle', () => {
    const t = bundleLocalize({ 'Δ {0}': 'Δ {0} (de)', Cost: 'Kosten', Note: { message: 'Hinweis' } });
    assert.equal(t('Δ {0}', 'Anfragen'), 'Δ Anfragen (de)');
    assert.equal(t('Cost'), 'Kosten');
    assert.equal(t('Note'), 'Hinweis', 'an entry with a comment');
    assert.equal(t('Not translated {0}', 'x'), 'Not translated x');
    assert.equal(bundleLocalize(undefined)('Cost {0}', '1'), 'Cost 1');
  });

  it('renders a models export priced and in German, and the webview unpacks the very table it keeps', async () => {
    const { table, buckets } = await readUsageTable(fixture('models-byok-pricing.csv'), { type: 'models' });
    const { view, shown } = renderView(table, buckets, viewSettings(GERMAN), createPriceBook);
    assert.equal(view.messages.length, 1, 'one message: no pages for a small table');
    const load = await unpack(view.messages[0]);
    assert.ok(load?.type === 'load');
    assert.deepEqual(load.table, shown, 'what is kept for the tests is what was sent');
    const cost = load.table.totals.columns.find((c) => c.key === 'cost:usd');
    assert.equal(cost?.label, 'Kosten');
    assert.equal(load.table.totals.columns.find((c) => c.key === 'requests')?.label, GERMAN['Requests']);
    assert.equal(load.header.canWhatIf, true);
    assert.deepEqual(
      view.models.map((m) => m.model),
      buckets!.models().map((m) => m.model),
    );
  });

  it('names its what-if swaps in the load, for the webview to keep in the panel’s saved state', async () => {
    const { table, buckets } = await readUsageTable(fixture('models-byok-pricing.csv'), { type: 'models' });
    const swaps = [{ from: 'o3', to: { provider: 'openai', model: 'gpt-4.1' } }];
    const { view } = renderView(table, buckets, { ...viewSettings(undefined), swaps }, createPriceBook);
    const load = await unpack(view.messages[0]);
    assert.ok(load?.type === 'load');
    assert.deepEqual(load.swaps, swaps);
    const plain = await unpack(renderView(table, buckets, viewSettings(undefined), createPriceBook).view.messages[0]);
    assert.ok(plain?.type === 'load' && plain.swaps === undefined);
  });

  it('prices a big table’s pages as they are packed: they add up to the table priced at once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'langdock-view-'));
    try {
      // 12,000 people, every fifth with a second row (a merged group), every seventh without Langdock's cost.
      const header = 'user_id,name,model,sum_prompt_tokens,sum_completion_tokens,total_cost_usd';
      const rows = Array.from({ length: 12_000 }, (_, i) => {
        const cost = i % 7 === 0 ? '' : `${i % 13}.${String(i % 1000).padStart(6, '0')}`;
        const line = `u-${i},User ${i},gpt-4.1,${i * 31},${i * 7},${cost}`;
        return i % 5 === 0 ? `${line}\nu-${i},User ${i},o3,${i},${i % 11},0.000001` : line;
      });
      const csvPath = path.join(dir, 'users.csv');
      await writeFile(csvPath, [header, ...rows].join('\n'));
      const { table, buckets } = await readUsageTable(csvPath, { type: 'users' });
      const settings = viewSettings(undefined);
      const rendering = renderView(table, buckets, settings, createPriceBook, undefined, true);
      assert.equal(rendering.view.later, 1, 'a first page of 5,000 lines, then one of the rest');
      const load = await unpack(rendering.view.messages[0]);
      assert.ok(load?.type === 'load');
      const sent: TotalsRow[] = [...load.table.totals.rows];
      for (const data of rendering.rest) {
        const page = await unpack(data);
        assert.ok(page?.type === 'totalsRows');
        assert.ok(page.rows instanceof RowBlock, 'a page arrives by column');
        sent.push(...page.rows.rows());
      }
      const atOnce = pricedTable(table, buckets, settings, createPriceBook, english).table;
      assert.deepEqual(sent, atOnce.totals.rows);
      assert.deepEqual(load.table.totals.grandTotal, atOnce.totals.grandTotal);
      assert.deepEqual(load.table.totals.grandNotes, atOnce.totals.grandNotes);
      assert.deepEqual(rendering.shown.totals.rows, atOnce.totals.rows, 'what is kept is what was sent');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
