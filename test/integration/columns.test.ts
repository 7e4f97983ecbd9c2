/**
 * The Columns… picker's choices in the real VS Code: one export type's choice holds for every table of that type
 * (panels open now and opened later), not for other types, and `{ reset: true }` goes back to the defaults.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, shownTable } from './helpers';
import type { UsageTable } from '../../src/shared/tableModel';
import type { LangdockUsageApi } from '../../src/extension';

const shown = (table: UsageTable) => table.totals.columns.filter((c) => !c.hidden).map((c) => c.key);

describe('Langdock: Columns… (chosen per export type)', () => {
  let api: LangdockUsageApi;
  const fixture = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'fixtures', name);
  const open = async (name: string, ready: (t: UsageTable) => boolean = () => true) => {
    await vscode.commands.executeCommand('langdock.openCsvInTable', fixture(name));
    return shownTable(api, fixture(name).fsPath, ready);
  };

  before(async () => {
    api = await extensionApi();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('langdock.chooseColumns', { reset: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows one cost by default, and a choice holds for every models table, now and opened later, not for users', async () => {
    const users = await open('users.csv');
    const usersBefore = shown(users);
    const pricing = await open('models-byok-pricing.csv');
    assert.deepEqual(shown(pricing), ['name', 'requests', 'cost:usd', 'sum_prompt_tokens', 'sum_completion_tokens']);
    assert.ok(
      pricing.totals.columns.some((c) => c.key === 'total_cost_usd' && c.hidden),
      'Langdock’s cost is hidden',
    );

    const result = await vscode.commands.executeCommand<{ exportType: string; shown: string[] }>(
      'langdock.chooseColumns',
      { show: ['total_cost_usd'], hide: ['sum_prompt_tokens'] },
    );
    const chosen = ['name', 'requests', 'cost:usd', 'total_cost_usd', 'sum_completion_tokens'];
    assert.deepEqual(result, { exportType: 'models', shown: chosen });
    await shownTable(api, fixture('models-byok-pricing.csv').fsPath, (t) => shown(t).join() === chosen.join());

    // Another models table opened afterwards shows the same columns; the users table kept its own.
    const other = await open('models-byok.csv');
    assert.ok(
      shown(other).includes('total_cost_usd') && !shown(other).includes('sum_prompt_tokens'),
      shown(other).join(),
    );
    const usersNow = (await api.shownTables()).find((t) => t.csvPath === fixture('users.csv').fsPath)?.table;
    assert.deepEqual(shown(usersNow!), usersBefore);

    // Closed and opened again: still remembered.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(shown(await open('models-byok-pricing.csv')), chosen);

    await vscode.commands.executeCommand('langdock.chooseColumns', { reset: true });
    await shownTable(api, fixture('models-byok-pricing.csv').fsPath, (t) => !shown(t).includes('total_cost_usd'));
  });
});
