/**
 * `langdock.showUsageTrend` in the real VS Code against the sandbox: the exact requests a trend sends (one per
 * period, its own from/to), that a second run asks only for what is not final yet, that a cancelled trend asks
 * only for what it lacks, and that a failing period leaves the others and is retried alone.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { isSettled, splitPeriods } from '../../src/core/dates/periods';
import type { TrendResult } from '../../src/extension';
import type { LangdockUsageApi } from '../../src/extension';
import {
  daysAgo,
  extensionApi,
  keys,
  noticesSince,
  queueFaults,
  resetSandbox,
  sandboxRequests,
  useKey,
} from './helpers';

type Granularity = 'day' | 'week' | 'month';

function trend(args: Record<string, unknown>): Thenable<TrendResult | undefined> {
  return vscode.commands.executeCommand<TrendResult | undefined>('langdock.showUsageTrend', {
    type: 'models',
    timezone: 'UTC',
    open: false,
    ...args,
  });
}

/** The from/to days of each export request the sandbox saw, in the order sent. */
async function sentPeriods(): Promise<string[][]> {
  return (await sandboxRequests())
    .filter((r) => r.server === 'api' && r.path.startsWith('/export/'))
    .map((r) => {
      const range = r.range as { from: { date: string }; to: { date: string } };
      return [range.from.date, range.to.date];
    });
}

const bodyOf = (from: string, to: string) => [`${from}T00:00:00.000Z`, `${to}T23:59:59.999Z`];
const sorted = (pairs: string[][]) => [...pairs].sort((a, b) => a[0].localeCompare(b[0]));

function expectedPeriods(from: string, to: string, granularity: Granularity) {
  return splitPeriods({ from, to, timezone: 'UTC' }, granularity);
}

describe('Langdock: Show Usage Trend (sandbox API)', function () {
  this.timeout(120_000);
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(() => resetSandbox());

  it('a 12-month trend sends one request per calendar month, then only the months that are not final', async () => {
    const today = daysAgo(0);
    const from = `${daysAgo(0).slice(0, 8)}01`;
    const first = new Date(`${from}T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 11);
    const start = first.toISOString().slice(0, 10);
    const periods = expectedPeriods(start, today, 'month');
    assert.strictEqual(periods.length, 12);

    const monthly = async () => (await api.treeLabels()).filter((l) => l.startsWith('Model usage, monthly')).length;
    const entriesBefore = await monthly();
    const result = await trend({ granularity: 'month', from: start, to: today });
    assert.ok(result, JSON.stringify(api.notices().at(-1)));
    assert.strictEqual(await monthly(), entriesBefore + 1, 'one entry in Recent Exports');
    assert.deepStrictEqual(
      sorted(await sentPeriods()),
      periods.map((p) => bodyOf(p.from, p.to)),
    );
    assert.deepStrictEqual(
      result.periods.map((p) => [p.from, p.to]),
      periods.map((p) => [p.from, p.to]),
    );
    assert.strictEqual(result.missing, 0);
    for (const p of result.periods) assert.ok(p.csvPath && (await fs.stat(p.csvPath)).isFile(), p.from);

    await resetSandbox();
    const again = await trend({ granularity: 'month', from: start, to: today });
    const unsettled = periods.filter((p) => !isSettled(p, Date.now()));
    assert.ok(unsettled.length >= 1 && unsettled.length <= 2, 'the current month, and the last one for 48 h');
    assert.deepStrictEqual(
      sorted(await sentPeriods()),
      unsettled.map((p) => bodyOf(p.from, p.to)),
    );
    assert.strictEqual(again?.trendId, result.trendId, 'the same trend entry, updated');
    // The settled months are the very same files.
    assert.deepStrictEqual(
      again.periods.slice(0, 12 - unsettled.length).map((p) => p.csvPath),
      result.periods.slice(0, 12 - unsettled.length).map((p) => p.csvPath),
    );
    assert.strictEqual(await monthly(), entriesBefore + 1, 'still one entry after running it again');

    // Re-opening it from Recent Exports reads the saved periods only.
    await resetSandbox();
    assert.strictEqual(await vscode.commands.executeCommand('langdock.openTrend', result.trendId), true);
    const deadline = Date.now() + 10_000;
    let shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    while (!shown && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    }
    assert.deepStrictEqual(
      shown?.periods.map((p) => p.status),
      periods.map(() => 'done'),
    );
    assert.deepStrictEqual(await sentPeriods(), []);

    // Deleting the trend deletes its periods (no other trend or listed export uses them).
    assert.strictEqual(
      await vscode.commands.executeCommand('langdock.deleteTrend', result.trendId, { confirm: false }),
      true,
    );
    for (const p of again.periods) await assert.rejects(fs.stat(p.csvPath!), p.from);
    assert.ok(!(await api.listTrends()).some((t) => t.id === result.trendId));
  });

  it('a 30-day trend sends one request per day with that day as from and to', async () => {
    const from = daysAgo(29);
    const to = daysAgo(0);
    const result = await trend({ granularity: 'day', from, to });
    assert.ok(result);
    const days = expectedPeriods(from, to, 'day');
    assert.strictEqual(days.length, 30);
    assert.deepStrictEqual(
      sorted(await sentPeriods()),
      days.map((d) => bodyOf(d.from, d.from)),
    );
    // At most two in flight: never more than two export requests without an answer at once is hard to see from
    // outside; the sandbox records them in arrival order, which is time order within each pair.
    assert.strictEqual(result.periods.length, 30);
  });

  it('cancel half-way keeps what was saved; running it again asks only for the missing periods', async () => {
    const from = daysAgo(20);
    const to = daysAgo(11);
    await queueFaults({ mode: 'slow', delayMs: 400, times: 'forever' });
    // Grouped by source, so that the 30-day trend's saved days are not reused here.
    const running = trend({ granularity: 'day', from, to, groupBy: 'source' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const saved = (await api.listTrends()).find((t) => t.range.from === from)?.periods.filter((p) => p.exportId);
      if ((saved?.length ?? 0) >= 4 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    api.cancelTrends();
    const cancelled = await running;
    assert.ok(cancelled);
    const missing = cancelled.periods.filter((p) => !p.csvPath);
    assert.ok(missing.length >= 2 && missing.length <= 6, `${missing.length} missing after the cancel`);
    await resetSandbox();
    const rerun = await trend({ granularity: 'day', from, to, groupBy: 'source' });
    assert.deepStrictEqual(
      sorted(await sentPeriods()),
      missing.map((p) => bodyOf(p.from, p.to)),
    );
    assert.strictEqual(rerun?.missing, 0);
  });

  it('a period failing with 500 leaves the others shown; Retry Missing Periods asks for that one only', async () => {
    const from = daysAgo(30);
    const to = daysAgo(26);
    const failing = daysAgo(28);
    await queueFaults({ mode: 'server-error', times: 'forever', from: failing });
    const result = await trend({ granularity: 'day', from, to, groupBy: 'deployment', open: true });
    assert.ok(result);
    assert.deepStrictEqual(
      result.periods.filter((p) => !p.csvPath).map((p) => p.from),
      [failing],
    );
    assert.match(result.periods.find((p) => p.from === failing)?.error ?? '', /500|server/i);
    const notice = api.notices().at(-1);
    assert.ok(notice?.actions.includes('Retry Missing Periods'), JSON.stringify(notice));
    // The view shows four periods and marks the fifth as missing, never as zero.
    const deadline = Date.now() + 10_000;
    let shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    while ((!shown || shown.periods.some((p) => p.status === 'pending')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    }
    assert.ok(shown);
    assert.deepStrictEqual(
      shown.periods.map((p) => p.status),
      result.periods.map((p) => (p.from === failing ? 'missing' : 'done')),
    );
    const requests = shown.metrics.find((m) => m.key === 'requests')!;
    const failingColumn = 1 + result.periods.findIndex((p) => p.from === failing);
    assert.strictEqual(requests.table.grandTotal[failingColumn], null);
    assert.ok(requests.table.rows.every((r) => r.cells[failingColumn] === null));

    await resetSandbox();
    const retried = await vscode.commands.executeCommand<TrendResult>('langdock.retryMissingPeriods', result.trendId);
    assert.deepStrictEqual(await sentPeriods(), [bodyOf(failing, failing)]);
    assert.strictEqual(retried.missing, 0);
  });

  it('refuses bad arguments with one message and sends nothing', async () => {
    const before = [...api.notices()];
    assert.strictEqual(await trend({ granularity: 'year', from: daysAgo(10), to: daysAgo(1) }), undefined);
    assert.strictEqual(await trend({ granularity: 'day', from: daysAgo(1), to: daysAgo(-1) }), undefined);
    assert.strictEqual(await trend({ granularity: 'month', from: daysAgo(400), to: daysAgo(1) }), undefined);
    assert.strictEqual(await trend({ granularity: 'day', from: daysAgo(200), to: daysAgo(1) }), undefined);
    const notices = noticesSince(api, before);
    assert.strictEqual(notices.length, 4);
    assert.match(notices[0].text, /granularity/);
    assert.match(notices[1].text, /future/);
    assert.match(notices[2].text, /12 months/);
    assert.match(notices[3].text, /at most/);
    assert.deepStrictEqual(await sentPeriods(), []);
  });
});

describe('Langdock: Compare with Previous Period (sandbox API)', function () {
  this.timeout(60_000);
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(() => resetSandbox());

  it('exports the previous week once, then reuses it; the table gains exact Δ columns', async () => {
    // An ISO week (Monday to Sunday) three weeks back.
    const monday = new Date(Date.now() - 21 * 86_400_000);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const from = monday.toISOString().slice(0, 10);
    const to = new Date(monday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
    const record = await vscode.commands.executeCommand<{ id: string } | undefined>('langdock.exportUsage', {
      type: 'agents',
      from,
      to,
      timezone: 'UTC',
      open: false,
    });
    assert.ok(record);
    await resetSandbox();
    const compared = await vscode.commands.executeCommand<{ csvPath: string; previousCsvPath: string }>(
      'langdock.compareWithPrevious',
      record.id,
    );
    const previousFrom = new Date(monday.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const previousTo = new Date(monday.getTime() - 86_400_000).toISOString().slice(0, 10);
    assert.deepStrictEqual(await sentPeriods(), [bodyOf(previousFrom, previousTo)]);
    const deadline = Date.now() + 10_000;
    let table;
    while (!table && Date.now() < deadline) {
      table = (await api.shownTables()).find(
        (t) => t.csvPath === compared.csvPath && t.table?.totals.columns.some((c) => c.key === 'messages:delta'),
      )?.table;
      if (!table) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(table, 'the comparison is shown');
    const keysShown = table.totals.columns.map((c) => c.key);
    assert.ok(keysShown.includes('messages:deltaPercent') && keysShown.at(-1) === 'change');

    await resetSandbox();
    const again = await vscode.commands.executeCommand<{ previousCsvPath: string }>(
      'langdock.compareWithPrevious',
      record.id,
    );
    assert.deepStrictEqual(await sentPeriods(), [], 'the saved previous week is reused');
    assert.strictEqual(again.previousCsvPath, compared.previousCsvPath);
  });
});
