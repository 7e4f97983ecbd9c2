/**
 * `langdock.compareWithPrevious` in the real VS Code on an export grouped by source: the compared table keeps
 * each model's parts under it, each with its own Δ against the same part before, and says which way every row
 * went in words (never colour alone).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LangdockUsageApi } from '../../src/extension';
import { daysAgo, extensionApi, keys, resetSandbox, shownTable, useKey } from './helpers';

describe('Compare with Previous Period, grouped by source (sandbox API)', function () {
  this.timeout(60_000);
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
    await resetSandbox();
  });

  it('keeps the parts of every model, each compared with the same part before, and names each change', async () => {
    const record = await vscode.commands.executeCommand<{ id: string } | undefined>('langdock.exportUsage', {
      type: 'models',
      groupBy: 'source',
      from: daysAgo(20),
      to: daysAgo(14),
      timezone: 'UTC',
      open: false,
    });
    assert.ok(record);
    const compared = await vscode.commands.executeCommand<{ csvPath: string }>(
      'langdock.compareWithPrevious',
      record.id,
    );
    const table = await shownTable(api, compared.csvPath, (t) =>
      t.totals.columns.some((c) => c.key === 'requests:delta'),
    );
    const keysShown = table.totals.columns.map((c) => c.key);
    const at = (cells: readonly (string | null)[], key: string) => cells[keysShown.indexOf(key)];
    const grouped = table.totals.rows.filter((r) => r.children && r.children.length > 1);
    assert.ok(grouped.length > 0, 'some model has parts by source');
    for (const row of grouped) {
      for (const part of row.children!) {
        assert.strictEqual(part.cells.length, keysShown.length);
        assert.match(String(at(part.cells, 'change')), /^(up|down|no change|new|vanished)$/);
      }
      // The parts' changes add up to the model's.
      const sum = row.children!.reduce((total, part) => total + Number(at(part.cells, 'requests:delta')), 0);
      assert.strictEqual(sum, Number(at(row.cells, 'requests:delta')), String(at(row.cells, 'name')));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
