import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import { daysAgo, extensionApi, keys, resetSandbox, sandboxRequests, shownTable, useKey } from './helpers';
import { EXPORT_TYPE_FACTS } from '../../src/core/schema/exportTypes';
import { EXPORT_TYPES, type ExportType } from '../../src/shared/exportType';
import type { ExportRecord } from '../../src/core/store/exportStore';
import type { UsageTable } from '../../src/shared/tableModel';
import type { LangdockUsageApi } from '../../src/extension';

const range = { from: daysAgo(30), to: daysAgo(2), timezone: 'UTC' };
/** The headline count of each type, checked against an independent sum per entity. */
const METRIC: Record<ExportType, string> = {
  models: 'requests',
  users: 'messages_total',
  agents: 'messages',
  'api-keys': 'requests',
  projects: 'messages',
};

/** Per-entity sums computed from the CSV text with BigInt: independent of the extension's parser and totals. */
function independentSums(csv: string, type: ExportType): Map<string, bigint> {
  const rows: Record<string, string>[] = parse(csv, { columns: true, bom: true });
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    const key = EXPORT_TYPE_FACTS[type].entityKey.map((c) => row[c]).join('|');
    sums.set(key, (sums.get(key) ?? 0n) + BigInt(row[METRIC[type]] || '0'));
  }
  return sums;
}

function shownSums(table: UsageTable, type: ExportType): Map<string, bigint> {
  const col = (key: string) => table.totals.columns.findIndex((c) => c.key === key);
  const keyCols = EXPORT_TYPE_FACTS[type].entityKey.map(col);
  const metric = col(METRIC[type]);
  assert.ok(metric >= 0 && keyCols.every((c) => c >= 0), `totals show ${METRIC[type]} and the entity key`);
  return new Map(
    table.totals.rows.map((r) => [keyCols.map((c) => r.cells[c]).join('|'), BigInt(r.cells[metric] ?? '0')]),
  );
}

describe('Langdock: Export Usage… for every type, shown as per-entity totals', () => {
  let api: LangdockUsageApi;
  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(() => resetSandbox());
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  for (const type of EXPORT_TYPES) {
    for (const groupBy of [undefined, ...EXPORT_TYPE_FACTS[type].groupings.map((g) => g.value)]) {
      it(`${type}${groupBy ? ` grouped by ${groupBy}` : ''}: exported, opened, totals equal independent sums`, async () => {
        const record = await vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportUsage', {
          type,
          ...range,
          ...(groupBy ? { groupBy } : {}),
        });
        assert.ok(record, JSON.stringify(api.notices().at(-1)));
        assert.strictEqual(record.type, type);
        const sent = (await sandboxRequests())
          .filter((r) => r.server === 'api' && r.method === 'POST')
          .map((r) => r.range);
        assert.deepStrictEqual(sent, [
          {
            from: { date: `${range.from}T00:00:00.000Z`, timezone: 'UTC' },
            to: { date: `${range.to}T23:59:59.999Z`, timezone: 'UTC' },
          },
        ]);
        const csvPath = path.join(api.exportsFolder, `${record.id}.csv`);
        const table = await shownTable(api, csvPath);
        assert.strictEqual(table.exportType, type);
        assert.strictEqual(table.rowCount, record.recordCount);
        const expected = independentSums(await fs.readFile(csvPath, 'utf8'), type);
        assert.deepStrictEqual(shownSums(table, type), expected);
        if (groupBy)
          assert.ok(
            table.totals.rows.some((r) => (r.children?.length ?? 0) > 1),
            'grouped rows have parts',
          );
      });
    }
  }

  it('refuses a grouping the type does not have, naming the allowed ones', async () => {
    const record = await vscode.commands.executeCommand('langdock.exportUsage', {
      type: 'users',
      ...range,
      groupBy: 'source',
    });
    assert.strictEqual(record, undefined);
    assert.match(api.notices().at(-1)!.text, /Users exports can be grouped by model, not "source"/);
    await vscode.commands.executeCommand('langdock.exportUsage', { type: 'projects', ...range, groupBy: 'model' });
    assert.match(api.notices().at(-1)!.text, /Projects exports cannot be grouped/);
  });

  it('opens any CSV from the workspace with "Open in Langdock Usage Table"', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'fixtures', 'users.csv');
    await vscode.commands.executeCommand('langdock.openCsvInTable', uri);
    const table = await shownTable(api, uri.fsPath);
    assert.strictEqual(table.exportType, 'users');
    assert.deepStrictEqual(shownSums(table, 'users'), independentSums(await fs.readFile(uri.fsPath, 'utf8'), 'users'));
  });

  it('reloads the table when the CSV changes on disk', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'changing.csv');
    const header = 'period_start,period_end,org_id,name,provider,bring_your_keys,requests\n';
    await fs.writeFile(uri.fsPath, `${header}2026-10-01,2026-10-31,o,gpt-4.1,openai,false,5\n`);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'langdock.usageTable');
    assert.strictEqual((await shownTable(api, uri.fsPath)).totals.grandTotal.includes('5'), true);
    await fs.writeFile(
      uri.fsPath,
      `${header}2026-10-01,2026-10-31,o,gpt-4.1,openai,false,5\n2026-10-01,2026-10-31,o,o3,openai,false,7\n`,
    );
    for (let i = 0; i < 100; i++) {
      const table = await shownTable(api, uri.fsPath);
      if (table.rowCount === 2) {
        assert.ok(table.totals.grandTotal.includes('12'));
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('the table did not reload after the file changed');
  });

  it('opens one panel per export and reveals it again', async () => {
    const record = await vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportUsage', {
      type: 'projects',
      ...range,
    });
    assert.ok(record);
    await vscode.commands.executeCommand('langdock.openExport', record.id);
    await vscode.commands.executeCommand('langdock.openExport', record.id);
    const csvPath = path.join(api.exportsFolder, `${record.id}.csv`);
    assert.deepStrictEqual(
      api.openPanels().filter((p) => p === csvPath),
      [csvPath],
    );
  });
});
