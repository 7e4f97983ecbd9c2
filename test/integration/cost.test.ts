import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { daysAgo, exportModels, extensionApi, keys, resetSandbox, shownTable, useKey } from './helpers';
import type { CellNote, UsageTable } from '../../src/shared/tableModel';
import type { LangdockUsageApi } from '../../src/extension';

const range = { from: daysAgo(30), to: daysAgo(2), timezone: 'UTC' };

const has = (key: string) => (t: UsageTable) => t.totals.columns.some((c) => c.key === key);

function costCells(table: UsageTable): { name: string; value: string | null; note: CellNote | undefined }[] {
  const index = table.totals.columns.findIndex((c) => c.key === 'cost:usd');
  assert.ok(index >= 0, 'the table has a Cost column');
  return table.totals.rows.map((r) => ({ name: r.cells[0] ?? '', value: r.cells[index], note: r.notes?.['cost:usd'] }));
}

/** A models export of the range, opened in its panel: its CSV's path. */
async function exportedCsv(): Promise<string> {
  const record = await exportModels({ ...range, open: true });
  assert.ok(record);
  const api = await extensionApi();
  return path.join(api.exportsFolder, `${record.id}.csv`);
}

describe('Langdock: cost at Langdock’s, list and your prices, and what if', () => {
  let api: LangdockUsageApi;
  const config = () => vscode.workspace.getConfiguration('langdock');
  before(async () => {
    api = await extensionApi();
  });
  beforeEach(() => resetSandbox());
  afterEach(async () => {
    await config().update('costSource', undefined, vscode.ConfigurationTarget.Global);
    await config().update('modelPrices', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a BYOK export shows Langdock’s cost and, on request, the computed cost, each with its source', async () => {
    await useKey(keys.byok);
    const csvPath = await exportedCsv();
    let table = await shownTable(api, csvPath, has('cost:usd'));
    const reported = costCells(table).filter((c) => c.note?.text === 'Langdock');
    assert.ok(reported.length > 0, 'auto shows Langdock’s figures where the export has them');
    assert.ok(has('cost:difference')(table), 'a difference column where both figures exist');

    await config().update('costSource', 'calculate', vscode.ConfigurationTarget.Global);
    // Re-priced at the new setting: no cell rests on Langdock's figure any more.
    table = await shownTable(api, csvPath, (t) => costCells(t).every((c) => !/^Langdock$/m.test(c.note?.text ?? '')));
    const computed = costCells(table).filter((c) => c.value !== null);
    assert.ok(computed.length > 0);
    for (const c of computed) {
      assert.strictEqual(c.note?.estimate, true, `${c.name} is marked as an estimate`);
      assert.match(c.note?.text ?? '', /list price of \w[\w-]*\/[\w.-]+ on \d{4}-\d{2}-\d{2}: \$/);
    }
    // A model the price list does not carry is n/a with the reason, and the one notice names it.
    const unpriced = costCells(table).filter((c) => c.value === null);
    const notice = table.notices?.find((n) => n.action === 'editModelPrices');
    for (const c of unpriced) {
      assert.match(c.note?.text ?? '', /No price for|No token counts/, c.name);
      if (c.note?.text.includes('No price for')) assert.ok(notice?.text.includes(c.name), notice?.text);
    }
  });

  it('your price beats the list price, and a what-if swap adds hypothetical columns until cleared', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'fixtures', 'models-byok-pricing.csv');
    await config().update('costSource', 'calculate', vscode.ConfigurationTarget.Global);
    await config().update(
      'modelPrices',
      { 'claude-sonnet-4': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 } },
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('langdock.openCsvInTable', uri);
    let table = await shownTable(api, uri.fsPath, has('cost:usd'));
    const claude = costCells(table).find((c) => c.name === 'claude-sonnet-4')!;
    assert.strictEqual(claude.value, '9.7678');
    assert.match(claude.note!.text, /^your price from settings/);
    assert.strictEqual(costCells(table).find((c) => c.name === 'o3')!.value, '16.8');

    await vscode.commands.executeCommand('langdock.whatIf', { from: 'o3', to: 'openai/gpt-4.1' });
    table = await shownTable(api, uri.fsPath, has('whatif:cost'));
    const at = (key: string) => table.totals.columns.findIndex((c) => c.key === key);
    const o3 = table.totals.rows.find((r) => r.cells[0] === 'o3')!;
    // 2 000 000 × $2 + 200 000 × $8 at gpt-4.1's prices, against 16.8 at o3's
    assert.strictEqual(o3.cells[at('whatif:cost')], '5.6');
    assert.strictEqual(o3.cells[at('whatif:change')], '-11.2');
    assert.ok(table.notices?.some((n) => n.action === 'clearWhatIf' && /hypothetical/.test(n.text)));

    await vscode.commands.executeCommand('langdock.whatIf', { clear: true });
    await shownTable(api, uri.fsPath, (t) => !has('whatif:cost')(t));
  });

  it('a managed export shows no computed cost: n/a with the reason, never $0', async () => {
    await useKey(keys.managed);
    const csvPath = await exportedCsv();
    const table = await shownTable(api, csvPath, has('cost:usd'));
    const cells = costCells(table);
    assert.ok(cells.length > 0 && cells.every((c) => c.value === null));
    assert.match(cells[0].note!.text, /no token counts/);
    assert.ok(!has('cost:difference')(table));
  });
});
