/**
 * A CSV of more entities than one message carries (issue 17), opened in the real VS Code: the host posts the
 * totals in pages, and the webview reports that every one of them arrived.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { TOTALS_PAGE_LINES } from '../../src/shared/totalsPages';
import { extensionApi, extensionLogText, shownTable } from './helpers';

const USERS = 12_000;
const HEADER =
  'period_start,period_end,org_id,user_id,name,email,role,joined_at,department,license_type,messages_total,' +
  'messages_total_rank,messages_chat,messages_chat_rank,messages_assistants,messages_assistants_rank,' +
  'assistants_messaged,assistants_to_messages,messages_projects,messages_projects_rank,projects_messaged,' +
  'projects_to_messages,model_to_messages_total,action_messages,action_messaged,action_to_messages';

function usersCsv(): string {
  const lines = [HEADER];
  for (let i = 1; i <= USERS; i++) {
    const messages = (i * 37) % 1000;
    lines.push(
      `2026-10-01,2026-10-31,org-1,u-${i},User ${i},user${i}@example.com,member,2025-01-07,Engineering,standard,` +
        `${messages},${i},${messages},${i},0,${i},0,{},0,${i},0,{},"{""gpt-4.1"":${messages}}",0,0,{}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('big totals tables', function () {
  it(`shows all ${USERS.toLocaleString('en')} users of a CSV, their totals sent in pages`, async () => {
    assert.ok(USERS > TOTALS_PAGE_LINES, 'more users than one page');
    const api = await extensionApi();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'big-users.csv');
    await fs.writeFile(uri.fsPath, usersCsv());
    await vscode.commands.executeCommand('langdock.openCsvInTable', uri);
    const table = await shownTable(api, uri.fsPath);
    assert.strictEqual(table.exportType, 'users');
    assert.strictEqual(table.totals.rows.length, USERS);
    assert.strictEqual(new Set(table.totals.rows.map((r) => r.key)).size, USERS);
    const messages = table.totals.columns.findIndex((c) => c.key === 'messages_total');
    let sum = 0;
    for (let i = 1; i <= USERS; i++) sum += (i * 37) % 1000;
    assert.strictEqual(table.totals.grandTotal[messages], String(sum));
    // The webview's own word: the last page is in and shown, every row of it.
    const log = await extensionLogText(api, /All \d+ totals rows of big-users\.csv are in the table/, 30_000);
    assert.match(log, new RegExp(`All ${USERS} totals rows of big-users\\.csv are in the table`));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
