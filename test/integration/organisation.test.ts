/**
 * `langdock.showOrganisation` in the real VS Code on a sandbox users export (issue 23): the exact return shape, its
 * figures against the CSV read independently (csv-parse, exact sums), the newest users export when no path is
 * given, one clear message for a wrong groupBy or a CSV that is not a users export, and the grouped table opening.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import type { ExportRecord } from '../../src/core/store/exportStore';
import type { LangdockUsageApi, TrendResult } from '../../src/extension';
import { sumCells } from '../../src/shared/decimal';
import type { OrganisationResult } from '../../src/shared/organisation';
import { daysAgo, extensionApi, exportModels, keys, noticesSince, useKey, withSettings } from './helpers';

const SEAT_PRICES = { standard: 25, Power_User: 60 };
const PRICE: Record<string, number> = { standard: 25, power_user: 60 };

function showOrganisation(args: unknown): Thenable<OrganisationResult | undefined> {
  return vscode.commands.executeCommand<OrganisationResult | undefined>('langdock.showOrganisation', args);
}

type Row = Record<string, string>;

/** The figures the contract names, computed from the CSV's rows alone. */
function expected(rows: readonly Row[]) {
  const known = rows.filter((r) => r.messages_total !== '');
  const inactive = known.filter((r) => r.license_type.trim() !== '' && Number(r.messages_total) === 0);
  const idle = inactive.reduce((sum, r) => sum + PRICE[r.license_type.trim().toLowerCase()], 0);
  return {
    users: rows.length,
    activeUsers: known.filter((r) => Number(r.messages_total) > 0).length,
    inactiveSeats: inactive.length,
    messages: sumCells(known.map((r) => r.messages_total)),
    costUsd: sumCells(rows.map((r) => r.total_cost_usd || null)),
    costPartial: rows.some((r) => r.total_cost_usd === ''),
    idleSeatCostPerMonthUsd: String(idle),
  };
}

describe('Langdock: Show Organisation (sandbox API)', function () {
  this.timeout(120_000);
  let api: LangdockUsageApi;
  let record: ExportRecord;
  let csvPath: string;
  let rows: Row[];

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
    const found = await vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportUsage', {
      type: 'users',
      from: daysAgo(60),
      to: daysAgo(1),
      timezone: 'UTC',
      open: false,
    });
    assert.ok(found, JSON.stringify(api.notices().at(-1)));
    record = found;
    csvPath = path.join(api.exportsFolder, `${record.id}.csv`);
    rows = parse<Row>(await fs.readFile(csvPath), { columns: true });
  });

  it('returns the exact shape, each group and the total equal to the CSV read independently', async () => {
    const result = await withSettings({ seatPrices: SEAT_PRICES }, async () =>
      showOrganisation({ csvPath, groupBy: 'department', open: false }),
    );
    assert.ok(result, JSON.stringify(api.notices().at(-1)));
    assert.deepStrictEqual(Object.keys(result), ['groupBy', 'groups', 'total']);
    assert.strictEqual(result.groupBy, 'department');
    const figureKeys = [
      'users',
      'activeUsers',
      'inactiveSeats',
      'messages',
      'costUsd',
      'costPartial',
      'idleSeatCostPerMonthUsd',
    ];
    assert.deepStrictEqual(Object.keys(result.total), figureKeys);
    for (const group of result.groups) assert.deepStrictEqual(Object.keys(group), ['name', ...figureKeys]);

    const departments = [...new Set(rows.map((r) => r.department.trim() || null))];
    assert.ok(departments.includes(null), 'the sandbox has people without a department');
    assert.deepStrictEqual(
      result.groups.map((g) => g.name).sort(),
      departments.sort(),
      'one group per department, the empty one named null',
    );
    for (const group of result.groups) {
      const { name, ...figures } = group;
      assert.deepStrictEqual(figures, expected(rows.filter((r) => (r.department.trim() || null) === name)), `${name}`);
    }
    assert.deepStrictEqual(result.total, expected(rows));
    assert.ok(result.total.inactiveSeats > 0, 'the sandbox has unused seats');
  });

  it('without seat prices the idle seat cost is null, never 0; without csvPath the newest users export is used', async () => {
    const result = await withSettings({ seatPrices: undefined }, async () =>
      showOrganisation({ groupBy: 'license_type', open: false }),
    );
    assert.ok(result);
    assert.strictEqual(result.total.idleSeatCostPerMonthUsd, null);
    assert.ok(result.groups.every((g) => g.idleSeatCostPerMonthUsd === null));
    assert.strictEqual(result.total.users, rows.length, 'the export made above, the newest users export');
  });

  it('answers a wrong groupBy and a CSV that is not a users export with one message and nothing else', async () => {
    const before = [...api.notices()];
    assert.strictEqual(await showOrganisation({ csvPath, groupBy: 'team' }), undefined);
    const models = await exportModels({ from: daysAgo(3), to: daysAgo(1), timezone: 'UTC' });
    assert.ok(models);
    const modelsCsv = path.join(api.exportsFolder, `${models.id}.csv`);
    assert.strictEqual(await showOrganisation({ csvPath: modelsCsv, groupBy: 'role' }), undefined);
    const told = noticesSince(api, before).filter((n) => n.severity === 'error');
    assert.strictEqual(told.length, 2, JSON.stringify(told));
    assert.match(told[0].text, /groupBy.*department, company_name, license_type, role.*team/);
    assert.match(told[1].text, /is not a users export/);
  });

  it('opens the table grouped when open is not false', async () => {
    const result = await showOrganisation({ csvPath, groupBy: 'role' });
    assert.ok(result);
    assert.ok(api.openPanels().includes(csvPath));
  });

  it('a 3-month users trend gives active users per department, counted in each month, and the seat status', async () => {
    const start = new Date(`${daysAgo(0).slice(0, 8)}01T00:00:00Z`);
    start.setUTCMonth(start.getUTCMonth() - 2);
    const result = await vscode.commands.executeCommand<TrendResult | undefined>('langdock.showUsageTrend', {
      type: 'users',
      granularity: 'month',
      from: start.toISOString().slice(0, 10),
      to: daysAgo(1),
      timezone: 'UTC',
      open: true,
    });
    assert.ok(result, JSON.stringify(api.notices().at(-1)));
    assert.strictEqual(result.periods.length, 3);
    const deadline = Date.now() + 20_000;
    let shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    while ((!shown || shown.periods.some((p) => p.status !== 'done')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = api.shownTrends().find((t) => t.trendId === result.trendId)?.view;
    }
    assert.ok(shown);
    assert.deepStrictEqual(
      shown.metrics.slice(0, 3).map((m) => m.key),
      ['adoption:active_users', 'adoption:active_share', 'adoption:messages_per_active_user'],
    );
    const active = shown.metrics[0].table;
    // Each month's own export, read independently: the people with messages, per department.
    for (const [i, period] of result.periods.entries()) {
      const monthRows = parse<Row>(await fs.readFile(period.csvPath!), { columns: true });
      const perDepartment = new Map<string, number>();
      for (const r of monthRows)
        if (Number(r.messages_total) > 0)
          perDepartment.set(
            r.department || '(no department)',
            (perDepartment.get(r.department || '(no department)') ?? 0) + 1,
          );
      for (const row of active.rows)
        assert.strictEqual(
          row.cells[1 + i],
          String(perDepartment.get(row.cells[0]!) ?? 0),
          `${row.cells[0]} in ${period.from}`,
        );
      assert.strictEqual(active.grandTotal[1 + i], String([...perDepartment.values()].reduce((a, b) => a + b, 0)));
    }
    assert.strictEqual(active.grandTotal.at(-1), null, 'active people are never added up across months');
    const seats = shown.seats;
    assert.ok(seats, 'the seat status of the range');
    const status = seats.table.rows.flatMap((r) => r.children ?? []).map((p) => p.key.split(':')[0]);
    assert.ok(status.includes('active') && status.includes('never'), status.join());
  });
});
