/**
 * The view the table worker renders (issue 21): labels in the display language from VS Code's l10n bundle (the
 * worker has no `vscode`), the cost columns at the settings, and messages the webview unpacks to the same table.
 */
import * as assert from 'node:assert/strict';
import { bundleLocalize, renderView } from '../../src/core/table/tableView';
import { readUsageTable } from '../../src/core/table/tableLoad';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { unpack } from '../../src/shared/protocol';
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
});
