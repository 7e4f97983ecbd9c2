/**
 * A large CSV in the real VS Code (issue 17): the panel shows the rows read so far while the worker still reads
 * the file, and the whole table replaces them; the host keeps relaying, never parsing.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { extensionApi, shownTable } from './helpers';
import { waitFor } from '../support/waitFor';

/** About 30 MB: long enough to read that the webview is up before the last row. */
const ROWS = 300_000;

function bigCsv(): string {
  const lines = ['name,provider,source,requests,sum_prompt_tokens,sum_completion_tokens,total_cost_usd\n'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `model-${i % 300},provider-${i % 7},${i % 3 ? 'chat' : 'api'},${i + 1},${(i + 1) * 997},${i * 13},0.${i % 1000}\n`,
    );
  }
  return lines.join('');
}

describe('a large CSV in VS Code', function () {
  this.timeout(120_000);

  it('shows the rows read so far while the file is read, then the whole table', async () => {
    const api = await extensionApi();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'large-models.csv');
    await fs.writeFile(uri.fsPath, bigCsv());
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('langdock.openCsvInTable', uri);
      const table = await shownTable(api, uri.fsPath);
      assert.strictEqual(table.rowCount, ROWS);
      // 1 + … + ROWS requests, exact.
      const requests = table.totals.columns.findIndex((c) => c.key === 'requests');
      assert.strictEqual(table.totals.grandTotal[requests], String((ROWS * (ROWS + 1)) / 2));
      const shown = await waitFor(
        async () => {
          const panel = (await api.shownTables()).find((t) => t.csvPath === uri.fsPath);
          return panel?.wholeAt !== undefined && { ...panel, wholeAt: panel.wholeAt };
        },
        { what: 'the whole table sent', intervalMs: 20 },
      );
      const { progressShown, paintedAt, wholeAt } = shown;
      assert.ok(progressShown.length >= 1, 'tables of the rows read so far were sent');
      assert.ok(
        progressShown.every((f, i) => f > 0 && f < 1 && (i === 0 || f >= progressShown[i - 1])),
        progressShown.join(', '),
      );
      assert.ok(paintedAt && paintedAt < wholeAt, 'the first rows were painted before the whole table was sent');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await fs.rm(uri.fsPath, { force: true });
    }
  });
});
