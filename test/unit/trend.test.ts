import * as assert from 'node:assert/strict';
import { type PathLike, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExportStore, type ExportRecord } from '../../src/core/store/exportStore';
import type { TrendSpec } from '../../src/core/store/trendStore';
import { isReusable, planTrend, trendProblem } from '../../src/core/trend/trend';
import { trendMetrics, type LoadedPeriod } from '../../src/core/trend/trendData';
import { TrendStore } from '../../src/core/store/trendStore';
import { buildUsageTable } from '../../src/core/table/totals';
import { parseCsv } from '../../src/core/table/csvTable';
import { sumCells } from '../../src/shared/decimal';

const HOST = 'api.example';
const spec: TrendSpec = {
  type: 'models',
  granularity: 'month',
  range: { from: '2026-01-01', to: '2026-03-20', timezone: 'Europe/Berlin' },
};

function record(from: string, to: string, createdAt: string, extra: Partial<ExportRecord> = {}): ExportRecord {
  return {
    id: `models-${from}-${to}-${createdAt}`,
    type: 'models',
    range: { from, to, timezone: 'Europe/Berlin' },
    recordCount: 1,
    createdAt,
    host: HOST,
    fileSize: 1,
    ...extra,
  };
}

describe('trend planning and reuse', () => {
  const now = Date.parse('2026-03-20T12:00:00Z');

  it('reuses a saved export of a period only when it was made 48 h after the period ended', () => {
    const january = { from: '2026-01-01', to: '2026-01-31', timezone: 'Europe/Berlin' };
    // January ends at 2026-01-31T23:00Z in Berlin; final from 2026-02-02T23:00Z.
    assert.equal(
      isReusable(record('2026-01-01', '2026-01-31', '2026-02-02T23:00:01Z'), spec, HOST, january, now),
      true,
    );
    assert.equal(
      isReusable(record('2026-01-01', '2026-01-31', '2026-02-01T10:00:00Z'), spec, HOST, january, now),
      false,
    );
    const made = '2026-03-01T00:00:00Z';
    assert.equal(
      isReusable(record('2026-01-01', '2026-01-31', made, { host: 'other' }), spec, HOST, january, now),
      false,
    );
    assert.equal(
      isReusable(record('2026-01-01', '2026-01-31', made, { type: 'users' }), spec, HOST, january, now),
      false,
    );
    assert.equal(
      isReusable(record('2026-01-01', '2026-01-31', made, { groupBy: 'source' }), spec, HOST, january, now),
      false,
    );
    assert.equal(isReusable(record('2026-01-02', '2026-01-31', made), spec, HOST, january, now), false);
    const utc = record('2026-01-01', '2026-01-31', made);
    utc.range.timezone = 'UTC';
    assert.equal(isReusable(utc, spec, HOST, january, now), false);
  });

  it('plans every period, reusing the final ones and asking for the rest', () => {
    const saved = [
      record('2026-01-01', '2026-01-31', '2026-03-01T00:00:00Z'),
      record('2026-02-01', '2026-02-28', '2026-03-01T00:00:00Z'), // ended 24 h before: not final
      record('2026-03-01', '2026-03-20', '2026-03-20T11:00:00Z'), // the running month
    ];
    const plan = planTrend(spec, HOST, saved, now);
    assert.deepEqual(
      plan.map((p) => [p.period.from, p.period.to, p.reuse?.id]),
      [
        ['2026-01-01', '2026-01-31', saved[0].id],
        ['2026-02-01', '2026-02-28', undefined],
        ['2026-03-01', '2026-03-20', undefined],
      ],
    );
    const retry = planTrend(spec, HOST, saved, now, new Map([['2026-03-01', saved[2]]]));
    assert.equal(retry[2].reuse?.id, saved[2].id, 'a retry keeps what its trend has');
  });

  it('refuses bad ranges and too many periods before anything is sent', () => {
    const today = '2026-03-20';
    assert.ok(trendProblem({ ...spec, range: { ...spec.range, to: '2026-03-21' } }, today)?.message.includes('future'));
    assert.ok(
      trendProblem({ ...spec, range: { ...spec.range, from: '2025-03-19' } }, today)?.message.includes('12 months'),
    );
    assert.equal(
      trendProblem({ ...spec, granularity: 'day', range: { ...spec.range, from: '2026-01-01' } }, today),
      undefined,
    );
    assert.match(
      trendProblem({ ...spec, granularity: 'day', range: { ...spec.range, from: '2025-12-01' } }, today)!.message,
      /at most/,
    );
  });
});

describe('TrendStore', () => {
  let root: string;
  let exports: ExportStore;
  let trends: TrendStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'langdock-trends-'));
    exports = new ExportStore(root);
    trends = new TrendStore(root, exports);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  async function save(from: string, hidden: boolean, limit = 50): Promise<ExportRecord> {
    const range = { from, to: from, timezone: 'UTC' };
    const pending = await exports.begin('models', range);
    await fs.writeFile(pending.tempCsv, 'name,requests\na,1\n');
    return exports.commit(
      pending,
      { type: 'models', range, recordCount: 1, host: HOST, ...(hidden ? { hidden } : {}) },
      limit,
    );
  }

  it('keeps every period of a record saved again while its last save is still being written', async () => {
    const trend = trends.create({ ...spec, granularity: 'day' }, HOST);
    trend.periods.push({ from: '2026-01-01', to: '2026-01-01', exportId: 'a' });
    // The first save's rename comes late, as a slow disk may make it: the second save must not finish before it.
    const rename = fs.rename;
    let delayed = false;
    const renameLate = async (from: PathLike, to: PathLike) => {
      if (!delayed && String(to).endsWith(`${trend.id}.json`)) {
        delayed = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return rename(from, to);
    };
    fs.rename = renameLate;
    try {
      const first = trends.save(trend);
      await new Promise((resolve) => setTimeout(resolve, 20));
      trend.periods.push({ from: '2026-01-02', to: '2026-01-02', exportId: 'b' });
      await Promise.all([first, trends.save(trend)]);
    } finally {
      fs.rename = rename;
    }
    assert.ok(delayed, 'the first rename was held back');
    assert.deepEqual(
      (await trends.get(trend.id))?.periods.map((p) => p.exportId),
      ['a', 'b'],
    );
  });

  it('keeps the periods a saved trend needs when the recent list is pruned, and frees them with the trend', async () => {
    const shared = await save('2026-01-01', false);
    const period = await save('2026-01-02', true);
    const other = await save('2026-01-03', true);
    const trend = {
      ...trends.create({ ...spec, granularity: 'day' }, HOST),
      periods: [
        { from: '2026-01-01', to: '2026-01-01', exportId: shared.id },
        { from: '2026-01-02', to: '2026-01-02', exportId: period.id },
      ],
    };
    await trends.save(trend);
    // Two newer exports push the limit of 1: the shared one leaves the list but stays on disk for the trend.
    await save('2026-01-04', false, 1);
    const ids = async () => (await exports.list()).map((r) => [r.range.from, Boolean(r.hidden)]);
    assert.deepEqual(await ids(), [
      ['2026-01-04', false],
      ['2026-01-03', true],
      ['2026-01-02', true],
      ['2026-01-01', true],
    ]);
    assert.equal((await trends.get(trend.id))?.periods.length, 2);
    await trends.delete(trend.id, 1);
    assert.deepEqual(await ids(), [['2026-01-04', false]], 'the hidden periods nothing needs are gone');
    void other;
  });

  it('finds the saved trend of the same spec and host, and skips damaged records', async () => {
    const trend = trends.create(spec, HOST);
    await trends.save(trend);
    assert.equal((await trends.find(spec, HOST))?.id, trend.id);
    assert.equal(await trends.find(spec, 'other'), undefined);
    assert.equal(await trends.find({ ...spec, groupBy: 'source' }, HOST), undefined);
    await fs.writeFile(path.join(root, 'trends', 'broken.json'), '{"id":"broken"}');
    assert.deepEqual(
      (await trends.list()).map((t) => t.id),
      [trend.id],
    );
  });
});

describe('trend metrics', () => {
  const csv = (rows: string[]) => ['name,provider,bring_your_keys,requests,total_cost_usd', ...rows].join('\n') + '\n';
  const table = async (text: string) => buildUsageTable(await parseCsv(text), { type: 'models' });
  const info = (from: string, status: 'done' | 'pending' | 'missing') => ({
    key: from.slice(0, 7),
    from,
    to: from,
    status,
  });

  it('puts entities × periods with exact totals; absent is 0, pending and missing are n/a', async () => {
    const periods: LoadedPeriod[] = [
      {
        info: info('2026-01-01', 'done'),
        table: await table(csv(['gpt,openai,true,10,0.1', 'opus,anthropic,true,5,0.2'])),
      },
      { info: info('2026-02-01', 'done'), table: await table(csv(['gpt,openai,true,7,0.000001', 'new,x,true,3,0.3'])) },
      { info: info('2026-03-01', 'pending') },
      { info: { ...info('2026-04-01', 'missing'), error: 'HTTP 500' } },
    ];
    const [requests, cost] = trendMetrics('models', periods, { entity: 'Model', total: 'Total' });
    assert.equal(requests.key, 'requests');
    assert.equal(cost.key, 'total_cost_usd');
    const rows = Object.fromEntries(requests.table.rows.map((r) => [r.cells[0], r.cells.slice(1)]));
    assert.deepEqual(rows, {
      gpt: ['10', '7', null, null, '17'],
      opus: ['5', '0', null, null, '5'],
      new: ['0', '3', null, null, '3'],
    });
    assert.deepEqual(
      requests.table.rows.map((r) => r.cells[0]),
      ['gpt', 'opus', 'new'],
      'largest first',
    );
    assert.deepEqual(requests.table.grandTotal, [null, '15', '10', null, null, '25']);
    assert.deepEqual(cost.table.grandTotal, [null, '0.3', '0.300001', null, null, '0.600001']);
    // Each period's total equals an independent sum of its column.
    for (const metric of [requests, cost])
      for (let p = 1; p <= 2; p++)
        assert.equal(metric.table.grandTotal[p], sumCells(metric.table.rows.map((r) => r.cells[p])));
  });
});
