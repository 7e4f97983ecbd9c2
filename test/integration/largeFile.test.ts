/**
 * A large CSV in the real VS Code (issue 17): the panel shows the rows read so far while the worker still reads
 * the file, and the whole table replaces them; the host keeps relaying, never parsing.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { extensionApi, shownTable } from './helpers';
import { watchEventLoop } from './hostProbe';
import { generateLargeFile } from '../bench/largeFiles';
import { waitFor } from '../support/waitFor';

/** About 52 MB: long enough to read that the webview is up before the last megabyte is read, even a cold one. */
const ROWS = 900_000;

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
          const panel = (await api.shownTables({ withTables: false })).find((t) => t.csvPath === uri.fsPath);
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
      assert.ok(
        paintedAt && paintedAt < wholeAt,
        `the first rows were painted before the whole table was sent (painted ${paintedAt}, whole ${wholeAt})`,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await fs.rm(uri.fsPath, { force: true });
    }
  });

  it('never stalls the extension host for long while a 20 MB users export with tokens and cost opens', async () => {
    const api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = await generateLargeFile('users-byok', 20, folder);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const loop = watchEventLoop();
      await vscode.commands.executeCommand('langdock.openCsvInTable', vscode.Uri.file(file));
      const shown = await waitFor(
        () => api.shownTables({ withTables: false }).then((all) => all.find((t) => t.csvPath === file && t.usableAt)),
        { timeoutMs: 100_000, what: 'the whole 20 MB table in the webview', intervalMs: 100 },
      );
      const { stallMs } = loop.stop();
      // A generous guard against a large regression (seconds, as before issue 21), not a benchmark: npm run bench
      // measures the stalls against their 50 ms target.
      assert.ok(stallMs < 1000, `the host's event loop stalled ${stallMs.toFixed(0)} ms`);
      assert.ok(shown.progressShown.length >= 1, 'the rows read so far showed first');
      // What the webview was sent, kept where it was rendered: priced there (Langdock's cost on every user).
      const table = (await api.shownTables()).find((t) => t.csvPath === file)?.table;
      assert.ok(table);
      const cost = table.totals.columns.findIndex((c) => c.key === 'cost:usd');
      assert.ok(cost >= 0, 'the Cost column');
      assert.ok(table.totals.rows.length > 100_000, `${table.totals.rows.length} users`);
      const langdock = table.totals.columns.findIndex((c) => c.key === 'total_cost_usd');
      assert.equal(
        table.totals.grandTotal[cost],
        table.totals.grandTotal[langdock],
        "Cost is Langdock's total_cost_usd",
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await fs.rm(file, { force: true });
    }
  });
});
