/**
 * `langdock.saveReport` in the real VS Code against the sandbox: `{ csvPath, format, path }` writes each format of
 * a saved export and returns `{ path }`, with the export's own numbers; a saved export whose previous period is
 * saved reports the change; a trend (`{ trendId }`) is reported with its chart; a bad format is one message.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import type { LangdockUsageApi, TrendResult } from '../../src/extension';
import { sumCells } from '../../src/shared/decimal';
import { daysAgo, exportModels, extensionApi, keys, noticesSince, useKey } from './helpers';

const FORMATS = ['html', 'md', 'xlsx', 'focus', 'csv'] as const;

function saveReport(args: Record<string, unknown>): Thenable<{ path: string } | undefined> {
  return vscode.commands.executeCommand<{ path: string } | undefined>('langdock.saveReport', args);
}

describe('Langdock: Save Report… (sandbox API)', function () {
  this.timeout(120_000);
  let api: LangdockUsageApi;
  let dir: string;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'reports');
    await fs.mkdir(dir, { recursive: true });
  });

  it('writes every format of a saved export and returns { path }', async () => {
    const record = await exportModels({ from: daysAgo(9), to: daysAgo(3), timezone: 'UTC' });
    assert.ok(record);
    const csvPath = path.join(api.exportsFolder, `${record.id}.csv`);
    const rows = parse<Record<string, string>>(await fs.readFile(csvPath), { columns: true });
    const exportCost = sumCells(rows.map((r) => r.total_cost_usd || null));
    for (const format of FORMATS) {
      const target = path.join(dir, `models.${format}`);
      const result = await saveReport({ csvPath, format, path: target });
      assert.deepStrictEqual(result, { path: target }, format);
      const content = await fs.readFile(target);
      switch (format) {
        case 'html': {
          const html = content.toString();
          assert.match(html, /<h1>Model usage<\/h1>/);
          assert.ok(html.includes(record.host), 'the workspace host is named');
          assert.match(html, new RegExp(`${record.range.from} – ${record.range.to}`));
          assert.doesNotMatch(html, /<script/i);
          break;
        }
        case 'md':
          assert.match(content.toString(), /^\| Name \| Provider \|/m);
          // One Cost, as the table shows by default (langdock.costSource auto): Langdock's column one click away.
          assert.match(content.toString(), /\| Requests \| Cost \|/);
          assert.doesNotMatch(content.toString(), /Langdock cost|Computed − Langdock/);
          break;
        case 'xlsx':
          assert.strictEqual(content.subarray(0, 2).toString(), 'PK', 'a zip container');
          break;
        case 'focus': {
          const focus = parse<Record<string, string>>(content, { columns: true });
          assert.ok(focus.length > 0);
          assert.strictEqual(sumCells(focus.map((r) => r.BilledCost)), exportCost, 'costs sum to the export’s');
          break;
        }
        case 'csv':
          assert.match(content.toString(), /^period_start,period_end,name,provider/);
          break;
      }
    }
  });

  it('reports the change against the previous period when it is saved, and a trend with its chart', async () => {
    const record = await exportModels({ from: daysAgo(20), to: daysAgo(18), timezone: 'UTC' });
    assert.ok(record);
    const compared = await vscode.commands.executeCommand<{ previousCsvPath: string } | undefined>(
      'langdock.compareWithPrevious',
      record.id,
    );
    assert.ok(compared);
    const md = path.join(dir, 'compared.md');
    await saveReport({ csvPath: path.join(api.exportsFolder, `${record.id}.csv`), format: 'md', path: md });
    const text = await fs.readFile(md, 'utf8');
    assert.match(text, new RegExp(`\\*\\*Compared with:\\*\\* ${daysAgo(23)} – ${daysAgo(21)}`));
    assert.match(text, /vs the previous period/);

    const trend = await vscode.commands.executeCommand<TrendResult | undefined>('langdock.showUsageTrend', {
      type: 'models',
      granularity: 'day',
      from: daysAgo(6),
      to: daysAgo(0),
      timezone: 'UTC',
      open: false,
    });
    assert.ok(trend);
    const html = path.join(dir, 'trend.html');
    assert.deepStrictEqual(await saveReport({ trendId: trend.trendId, format: 'html', path: html }), { path: html });
    const page = await fs.readFile(html, 'utf8');
    assert.match(page, /<svg viewBox=/);
    assert.match(page, /Model usage · Daily/);
    for (const day of [6, 5, 4, 0]) assert.ok(page.includes(daysAgo(day)), `period ${daysAgo(day)}`);
    // Today runs: named as the trend view names it, under its bar and in the per-period table.
    assert.match(page, /<text class="running"[^>]*>today so far<\/text>/);
    assert.ok(page.includes(`<td>${daysAgo(0)} today so far</td>`));
    // Its saved days would be reused by a later trend of the same kind (the trend tests count what is requested).
    assert.strictEqual(
      await vscode.commands.executeCommand('langdock.deleteTrend', trend.trendId, { confirm: false }),
      true,
    );
  });

  it('says what is wrong with a bad argument and writes nothing', async () => {
    const before = [...api.notices()];
    const target = path.join(dir, 'bad.pdf');
    assert.strictEqual(await saveReport({ csvPath: 'x.csv', format: 'pdf', path: target }), undefined);
    assert.strictEqual(await saveReport({ trendId: 'no-such-trend', format: 'md', path: target }), undefined);
    const said = noticesSince(api, before).map((n) => n.text);
    assert.ok(said.some((t) => /Unknown report format "pdf"/.test(t)));
    assert.ok(said.some((t) => /That trend no longer exists/.test(t)));
    await assert.rejects(fs.stat(target));
  });
});
