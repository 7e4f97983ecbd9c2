/**
 * The rules behind the headline strip, the warning signs and the budget, on real totals from the fixtures and on
 * hand-made rows: exact figures, the run-rate's basis, the utilization scale, warnings once a month, the lock.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { budgetFigures, budgetPercent, budgetRecord, dueWarning, isFresh } from '../../src/core/pricing/budget';
import type { ExportRecord } from '../../src/core/store/exportStore';
import { tryLock } from '../../src/core/store/fileLock';
import { loadUsageTable } from '../../src/core/table/totals';
import { daysInclusive } from '../../src/shared/civilDate';
import { costColumn, headlineFigures, rankingColumn, runRate } from '../../src/shared/headline';
import type { CellValue, TableColumn } from '../../src/shared/tableModel';
import { warningSigns } from '../../src/shared/warningSigns';
import { fixture } from './fixtures';

const load = async (name: string) => (await loadUsageTable(fixture(name))).table;
const col = (key: string, format: TableColumn['format'] = 'integer', aggregate: TableColumn['aggregate'] = 'sum') =>
  ({ key, label: key, format, aggregate }) as TableColumn;

describe('headline figures', () => {
  it('reads cost, requests, tokens, the top model and its share from models-byok.csv', async () => {
    const table = await load('models-byok.csv');
    const { columns, rows, grandTotal } = table.totals;
    const top = rows.find((r) => r.cells[0] === 'claude-sonnet-4')!.cells;
    const figures = headlineFigures(columns, grandTotal, { count: rows.length, top, missingCost: 1 });
    assert.equal(figures.cost?.value, '33.4019');
    assert.equal(figures.cost?.source, 'langdock');
    assert.equal(figures.cost?.missing, 1);
    assert.equal(figures.count?.value, '7272');
    assert.equal(figures.inputTokens, '10781300');
    assert.equal(figures.outputTokens, '2772520');
    assert.equal(figures.entities, 7);
    assert.equal(figures.top?.name, 'claude-sonnet-4');
    assert.equal(figures.top?.value, '15.4527');
    assert.equal(figures.top?.share, '0.462629', '15.4527 / 33.4019, rounded half away from zero');
  });

  it('ranks by cost where there is one, else requests or messages; never by a column that is not summed', () => {
    assert.equal(rankingColumn([col('requests'), col('total_cost_usd', 'usd')])?.key, 'total_cost_usd');
    assert.equal(rankingColumn([col('messages_total'), col('sum_prompt_tokens')])?.key, 'messages_total');
    assert.equal(costColumn([col('total_cost_usd', 'usd', 'none')]), undefined);
    assert.equal(rankingColumn([col('name', 'text', 'none')]), undefined);
  });

  it('puts requests and cost before the token detail in the totals columns', async () => {
    const keys = (await load('models-byok.csv')).totals.columns.map((c) => c.key);
    assert.deepEqual(keys.slice(3, 6), ['requests', 'total_cost_usd', 'sum_prompt_tokens']);
    const users = (await load('users-by-model.csv')).totals.columns.map((c) => c.key);
    assert.ok(users.indexOf('messages_total') < users.indexOf('total_cost_usd'));
    assert.ok(users.indexOf('total_cost_usd') < users.indexOf('messages_chat'));
  });

  it('a user without a name is named by the next text cell; no rows, no top', () => {
    const columns = [col('name', 'text', 'none'), col('user_id', 'text', 'none'), col('messages_total')];
    const figures = headlineFigures(columns, [null, null, '10'], {
      count: 1,
      top: [null, 'u-5', '10'],
      missingCost: 0,
    });
    assert.equal(figures.top?.name, 'u-5');
    assert.equal(figures.top?.share, '1');
    const none = headlineFigures(columns, [null, null, null], { count: 0, missingCost: 0 });
    assert.deepEqual([none.top, none.entities, none.count?.value], [undefined, 0, null]);
  });
});

describe('run-rate', () => {
  it('projects a period that ends today linearly to the end of the month, with its basis', () => {
    assert.deepEqual(runRate('1240', { from: '2026-11-01', to: '2026-11-12' }, '2026-11-12'), {
      method: 'linear',
      toDate: '1240',
      rate: '103.333333',
      projected: '3100',
      daysLeft: '18',
      elapsedDays: 12,
      totalDays: 30,
      basis: 0,
      end: '2026-11-30',
    });
    // A leap February; quarter and year to date run to the end of the quarter and the year.
    assert.equal(runRate('29', { from: '2028-02-01', to: '2028-02-29' }, '2028-02-29')?.totalDays, 29);
    const quarter = runRate('10', { from: '2026-10-01', to: '2026-11-01' }, '2026-11-01');
    assert.deepEqual(
      [quarter?.projected, quarter?.elapsedDays, quarter?.totalDays, quarter?.end],
      ['28.75', 32, 92, '2026-12-31'],
    );
    assert.equal(runRate('10', { from: '2026-01-01', to: '2026-11-01' }, '2026-11-01')?.end, '2026-12-31');
    assert.equal(runRate('10', { from: '2026-01-01', to: '2026-05-01' }, '2026-05-01')?.end, '2026-12-31');
    assert.equal(runRate('10', { from: '2026-04-01', to: '2026-05-01' }, '2026-05-01')?.end, '2026-06-30');
  });

  it('makes no forecast for a finished period, a rolling window or a date that is not real', () => {
    assert.equal(runRate('100', { from: '2026-10-01', to: '2026-10-31' }, '2026-11-03'), undefined);
    assert.equal(runRate('100', { from: '2026-10-04', to: '2026-11-02' }, '2026-11-02'), undefined, 'last 30 days');
    assert.equal(runRate('100', { from: '2026-02-30', to: '2026-03-03' }, '2026-03-03'), undefined);
    assert.equal(daysInclusive('2026-10-20', '2026-11-02'), 14);
  });
});

describe('warning signs', () => {
  const users = [
    col('name', 'text', 'none'),
    col('license_type', 'text', 'none'),
    col('payg_limit_current', 'decimal', 'none'),
    col('payg_consumption_in_period', 'decimal'),
    col('payg_utilization_pct_current', 'decimal', 'none'),
    col('messages_total'),
  ];
  const rowsOf = (...rows: CellValue[][]) => rows;
  const ids = (signs: ReturnType<typeof warningSigns>) => signs.map((s) => `${s.id}:${s.rows.join(',')}`);

  it('finds inactive seats in users.csv (licensed, 0 messages), none without the columns', async () => {
    const table = await load('users.csv');
    const signs = warningSigns(
      'users',
      table.totals.columns,
      table.totals.rows.map((r) => r.cells),
    );
    assert.deepEqual(
      signs.map((s) => [s.id, s.rows.map((i) => table.totals.rows[i].cells[0])]),
      [['inactiveSeats', ['Zoë Nguyen']]],
    );
    const byModel = await load('users-by-model.csv');
    assert.deepEqual(
      warningSigns(
        'users',
        byModel.totals.columns,
        byModel.totals.rows.map((r) => r.cells),
      ),
      [],
      'no license_type column, no sign',
    );
  });

  it('reads utilization as a 0–1 ratio, as 0–100 when a value is above 1.5, and prefers consumption / limit', () => {
    // 0–1: 0.8 and 0.95 are near; 0.5 is not; an empty cell is unknown, not 0.
    const ratio = rowsOf(
      ['a', 'standard', null, null, '0.8', '1'],
      ['b', 'standard', null, null, '0.5', '1'],
      ['c', 'standard', null, null, '0.95', '1'],
      ['d', 'standard', null, null, null, '1'],
    );
    assert.deepEqual(ids(warningSigns('users', users, ratio)), ['nearLimit:0,2']);
    // 0–100: 85 is near, 40 and 1.2 (1.2 %) are not.
    const percent = rowsOf(
      ['a', 'standard', null, null, '85', '1'],
      ['b', 'standard', null, null, '40', '1'],
      ['c', 'standard', null, null, '1.2', '1'],
    );
    assert.deepEqual(ids(warningSigns('users', users, percent)), ['nearLimit:0']);
    // consumption / limit wins over a utilization cell that disagrees; a limit of 0 falls back to the cell.
    const both = rowsOf(
      ['a', 'standard', '50', '45', '0.1', '1'],
      ['b', 'standard', '0', '0', '0.9', '1'],
      ['c', 'standard', '100', '10', '0.9', '1'],
    );
    assert.deepEqual(ids(warningSigns('users', users, both)), ['nearLimit:0,1']);
  });

  it('finds models with tokens but no (or zero) cost, and agents and API keys with no use', async () => {
    const models = [col('name', 'text', 'none'), col('sum_prompt_tokens'), col('total_cost_usd', 'usd')];
    assert.deepEqual(
      ids(
        warningSigns(
          'models',
          models,
          rowsOf(['a', '100', '0.5'], ['b', '100', null], ['c', '0', '0'], ['d', '5', '0'], ['e', null, null]),
        ),
      ),
      ['unpricedModels:1,3'],
    );
    const keys = await load('api-keys.csv');
    assert.deepEqual(
      warningSigns(
        'api-keys',
        keys.totals.columns,
        keys.totals.rows.map((r) => r.cells),
      ).map((s) => s.rows.map((i) => keys.totals.rows[i].cells[0])),
      [['Zapier']],
    );
    const projects = await load('projects.csv');
    assert.deepEqual(
      warningSigns(
        'projects',
        projects.totals.columns,
        projects.totals.rows.map((r) => r.cells),
      ),
      [],
    );
  });
});

describe('budget rules', () => {
  const record = (over: Partial<ExportRecord>): ExportRecord => ({
    id: 'x',
    type: 'models',
    range: { from: '2026-12-01', to: '2026-12-02', timezone: 'Europe/Berlin' },
    recordCount: 1,
    createdAt: '2026-12-02T08:00:00.000Z',
    host: 'api.langdock.com',
    fileSize: 1,
    ...over,
  });

  it('takes the newest models export of exactly this month from this host', () => {
    const range = { from: '2026-12-01', to: '2026-12-02', timezone: 'Europe/Berlin' };
    const records = [
      record({ id: 'users', type: 'users' }),
      record({ id: 'other-host', host: 'langdock.example.com' }),
      record({ id: 'utc', range: { ...range, timezone: 'UTC' } }),
      record({ id: 'match', groupBy: 'source' }),
      record({ id: 'older' }),
    ];
    assert.equal(budgetRecord(records, range, 'api.langdock.com')?.id, 'match');
    assert.equal(budgetRecord(records, { ...range, to: '2026-12-03' }, 'api.langdock.com'), undefined);
    const created = Date.parse('2026-12-02T08:00:00.000Z');
    assert.equal(isFresh(record({}), 60 * 60_000, created + 59 * 60_000), true);
    assert.equal(isFresh(record({}), 60 * 60_000, created + 61 * 60_000), false);
  });

  it('is the cost of a BYOK export, and "no cost" (never $0) for a managed one', async () => {
    assert.deepEqual(budgetFigures(await load('models-byok.csv')), {
      kind: 'cost',
      cost: '33.4019',
      unpricedModels: 0,
    });
    assert.deepEqual(budgetFigures(await load('models-managed.csv')), { kind: 'noCost' });
    assert.deepEqual(budgetFigures(await load('odd-header-only.csv')), { kind: 'noCost' });
  });

  it('warns at 80 % and at 100 %, each once a month', () => {
    assert.equal(budgetPercent('1240', 2000), 62);
    assert.equal(budgetPercent('1599.99', 2000), 79, 'rounded down: 79.9995 % is not yet 80 %');
    assert.equal(dueWarning('1599.99', 2000, '2026-12', undefined), undefined);
    assert.equal(dueWarning('1600', 2000, '2026-12', undefined), 80);
    assert.equal(dueWarning('1700', 2000, '2026-12', { month: '2026-12', level: 80 }), undefined);
    assert.equal(dueWarning('2000', 2000, '2026-12', { month: '2026-12', level: 80 }), 100);
    assert.equal(dueWarning('2500', 2000, '2026-12', { month: '2026-12', level: 100 }), undefined);
    assert.equal(dueWarning('1700', 2000, '2027-01', { month: '2026-12', level: 100 }), 80, 'a new month');
    assert.equal(dueWarning('26.67', 33.33, '2026-12', undefined), 80, 'exact: 80.0180 %');
  });

  it('lets one holder have the lock at a time, and takes over a stale one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'langdock-lock-'));
    const file = path.join(dir, 'sub', 'budget.lock');
    try {
      const release = await tryLock(file, 60_000);
      assert.ok(release);
      assert.equal(await tryLock(file, 60_000), undefined, 'held');
      await release();
      const again = await tryLock(file, 60_000);
      assert.ok(again, 'free after release');
      const later = Date.now() + 120_000;
      assert.ok(await tryLock(file, 60_000, () => later), 'a lock older than staleMs is taken over');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
