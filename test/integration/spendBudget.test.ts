/**
 * The spend budget in the status bar against the sandbox API: which requests it makes (one models export of this
 * month, none while its data is fresh, none while another window holds the lock), what it shows ("$x of $y · z %",
 * "Budget: no cost data" without a key, without cost or on an error, never $0), and its warnings once a month.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LangdockUsageApi } from '../../src/extension';
import type { BudgetSnapshot } from '../../src/services/budget';
import type { Notice } from '../../src/services/notifier';
import { presetRange } from '../../src/core/dates/dateRange';
import {
  exportModels,
  extensionApi,
  keys,
  noticesSince,
  queueFaults,
  resetSandbox,
  sandboxRequests,
  storeRoot,
  useKey,
  withSettings,
} from './helpers';

const month = presetRange('thisMonth', 'Europe/Berlin');
const NO_COST = '$(credit-card) Budget: no cost data';

const refreshBudget = () => vscode.commands.executeCommand<BudgetSnapshot>('langdock.refreshBudget');

/** The export requests and downloads the sandbox saw since the last reset. */
async function traffic() {
  const all = await sandboxRequests();
  return {
    exports: all.filter((r) => r.server === 'api' && r.method === 'POST'),
    downloads: all.filter((r) => r.server === 'download'),
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The saved CSV's cost column summed in cents, independently of the extension's parser. */
async function csvCostCents(api: LangdockUsageApi, exportId: string): Promise<number> {
  const [header, ...lines] = (await fs.readFile(path.join(api.exportsFolder, `${exportId}.csv`), 'utf8'))
    .trim()
    .split(/\r?\n/);
  const at = header.split(',').indexOf('total_cost_usd');
  assert.ok(at >= 0, 'a BYOK models export has total_cost_usd');
  // The sandbox's model names hold no commas or quotes, so a plain split is exact here.
  return Math.round(lines.reduce((sum, line) => sum + Number(line.split(',')[at] || 0), 0) * 100);
}

describe('Spend budget in the status bar (sandbox API)', () => {
  let api: LangdockUsageApi;
  before(async () => {
    api = await extensionApi();
  });
  beforeEach(async () => {
    await resetSandbox();
    await useKey(keys.byok);
  });
  after(async () => {
    // Leave none of this month's models exports (the budget's and the "other window's") behind.
    for (const record of await api.listExports())
      if (record.type === 'models' && record.range.from === month.from && record.range.to === month.to)
        await vscode.commands.executeCommand('langdock.deleteExport', record.id, { confirm: false });
  });

  it('is off until langdock.monthlyBudgetUsd is set, and then makes no request', async () => {
    assert.strictEqual(api.budget().state, 'off');
    await refreshBudget();
    assert.strictEqual(api.budget().state, 'off');
    assert.deepStrictEqual((await traffic()).exports, []);
  });

  it("shows this month's cost against the budget from one models export; fresh data is not fetched again", async () => {
    await withSettings({ monthlyBudgetUsd: 1_000_000 }, async () => {
      const shown = await refreshBudget();
      assert.strictEqual(shown.state, 'cost', shown.tooltip);
      const { exports, downloads } = await traffic();
      assert.strictEqual(exports.length, 1, 'one export request');
      assert.strictEqual(exports[0].path, '/export/models');
      assert.deepStrictEqual(exports[0].range, {
        from: { date: `${month.from}T00:00:00.000Z`, timezone: 'Europe/Berlin' },
        to: { date: `${month.to}T23:59:59.999Z`, timezone: 'Europe/Berlin' },
      });
      assert.strictEqual(downloads.length, 1);

      const cents = await csvCostCents(api, shown.exportId!);
      const dollars = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: 0,
      }).format(cents / 100);
      assert.strictEqual(shown.text, `$(credit-card) ${dollars} of $1,000,000 · ${Math.floor(cents / 1_000_000)} %`);
      assert.match(shown.tooltip, /Langdock's estimated provider cost \(total_cost_usd\)/);
      assert.match(shown.tooltip, /Data of /);
      assert.match(shown.tooltip, /Forecast to \d{4}-\d{2}-\d{2}: \$[\d,]+ \(\d+ of \d+ days, linear\)/);

      // A click opens this month's table.
      await vscode.commands.executeCommand('langdock.openExport', shown.exportId);
      assert.ok(api.openPanels().some((p) => p.endsWith(`${shown.exportId}.csv`)));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // A changed budget shows at once, from the saved data: no second request within the refresh interval.
      await vscode.workspace.getConfiguration('langdock').update('monthlyBudgetUsd', 2_000_000, true);
      await until('the new budget shows', () => api.budget().text.includes('of $2,000,000'));
      assert.strictEqual((await traffic()).exports.length, 1);

      // Refresh Budget fetches now, and the budget keeps one export of its own.
      const again = await refreshBudget();
      assert.strictEqual((await traffic()).exports.length, 2);
      assert.notStrictEqual(again.exportId, shown.exportId);
      const ids = (await api.listExports()).map((r) => r.id);
      assert.ok(ids.includes(again.exportId!) && !ids.includes(shown.exportId!), ids.join(', '));
    });
  });

  it('says "Budget: no cost data", never $0, without a key, for a managed workspace and on an error', async () => {
    // A budget no cost reaches: this test's refreshes must not use up the month's warnings.
    await withSettings({ monthlyBudgetUsd: 1_000_000 }, async () => {
      await vscode.commands.executeCommand('langdock.clearApiKey');
      const noKey = await refreshBudget();
      assert.deepStrictEqual([noKey.state, noKey.text, noKey.tooltip], ['noCost', NO_COST, 'No API key is set.']);
      assert.deepStrictEqual((await traffic()).exports, [], 'no key, no request');

      await useKey(keys.managed);
      const managed = await refreshBudget();
      assert.deepStrictEqual([managed.state, managed.text], ['noCost', NO_COST]);
      assert.match(managed.tooltip, /Langdock reports cost for BYOK models only/);
      assert.strictEqual((await traffic()).exports.length, 1);

      await useKey(keys.byok);
      await queueFaults({ mode: 'unauthorized' });
      const failed = await refreshBudget();
      assert.deepStrictEqual([failed.state, failed.text], ['noCost', NO_COST]);
      assert.match(failed.tooltip, /^The last refresh failed: .*401/);
      for (const shown of [noKey, managed, failed]) assert.doesNotMatch(shown.text, /\$0/);
    });
  });

  it('never fetches while another window holds the lock, and shows what that window saves', async () => {
    await withSettings({ monthlyBudgetUsd: 1_000_000 }, async () => {
      await refreshBudget();
      await resetSandbox();
      const lock = path.join(storeRoot(api), 'budget.lock');
      await fs.writeFile(lock, JSON.stringify({ pid: 0, at: new Date().toISOString() }));
      try {
        const before = api.budget().exportId;
        const busy = await refreshBudget();
        assert.strictEqual(busy.exportId, before, 'the saved data stays on show');
        assert.deepStrictEqual((await traffic()).exports, [], 'no request while the lock is held');
        // The other window saves this month's models export: this one shows it, without a request of its own.
        const saved = await exportModels({ ...month });
        assert.ok(saved);
        await until('the other window’s export shows', () => api.budget().exportId === saved.id);
        assert.strictEqual((await traffic()).exports.length, 1, 'only the other window’s request');
      } finally {
        await fs.rm(lock, { force: true });
      }
    });
  });

  it('warns once a month at 80 % and once at 100 %', async () => {
    await withSettings({ monthlyBudgetUsd: 1_000_000 }, async () => {
      const cents = await csvCostCents(api, (await refreshBudget()).exportId!);
      assert.ok(cents > 0, 'the sandbox month has cost');
      const config = vscode.workspace.getConfiguration('langdock');
      const warnings = (before: readonly Notice[]) => noticesSince(api, before).filter((n) => n.severity === 'warning');

      let before = [...api.notices()];
      // A budget the cost is 90 % of.
      await config.update('monthlyBudgetUsd', Math.ceil(cents / 0.9) / 100, true);
      await until('90 % shows', () => / · (89|90) %$/.test(api.budget().text));
      await until('the 80 % warning', () => warnings(before).length === 1);
      assert.match(warnings(before)[0].text, /This month's Langdock cost \(\$[\d,]+\) is at (89|90) % of the budget/);
      assert.deepStrictEqual(warnings(before)[0].actions, ['Open Table']);

      before = [...api.notices()];
      await config.update('monthlyBudgetUsd', 1, true);
      await until('the 100 % warning', () => warnings(before).length === 1);
      assert.match(warnings(before)[0].text, /has reached the budget of \$1\./);

      before = [...api.notices()];
      await config.update('monthlyBudgetUsd', 2, true);
      await until('the new budget shows', () => api.budget().text.includes('of $2 '));
      await refreshBudget();
      assert.deepStrictEqual(warnings(before), [], 'each warning once a month');
    });
  });
});
