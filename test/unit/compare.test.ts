import * as assert from 'node:assert/strict';
import { compareTables, difference, relativeChange } from '../../src/core/table/compare';
import { parseCsv } from '../../src/core/table/csvTable';
import { buildUsageTable } from '../../src/core/table/totals';

const LABELS = {
  change: 'Change',
  isNew: 'new',
  vanished: 'vanished',
  up: 'up',
  down: 'down',
  unchanged: 'no change',
  delta: (l: string) => `Δ ${l}`,
  deltaPercent: (l: string) => `Δ% ${l}`,
};

const table = async (rows: string[]) =>
  buildUsageTable(
    await parseCsv(['name,provider,bring_your_keys,requests,total_cost_usd', ...rows].join('\n') + '\n'),
    { type: 'models' },
  );

describe('compare with the previous period', () => {
  it('subtracts and divides exactly', () => {
    assert.equal(difference('0.3', '0.1'), '0.2');
    assert.equal(difference('9007199254740993', '1'), '9007199254740992');
    assert.equal(difference('1', '1.000001'), '-0.000001');
    assert.equal(difference(null, '1'), null);
    assert.equal(relativeChange('150', '100'), '0.5');
    assert.equal(relativeChange('1', '3'), '-0.666667');
    assert.equal(relativeChange('5', '0'), null, 'no base, no percentage');
    assert.equal(relativeChange('5', null), null);
  });

  it('adds Δ and Δ% beside each compared column, marks new and vanished entities, and an exact total Δ', async () => {
    const now = await table(['gpt,openai,true,150,0.3', 'new-model,x,true,7,0.07']);
    const before = await table(['gpt,openai,true,100,0.1', 'old-model,y,true,40,0.4']);
    const result = compareTables(now, before, LABELS);
    const keys = result.totals.columns.map((c) => c.key);
    for (const k of ['requests', 'total_cost_usd'])
      assert.deepEqual(keys.slice(keys.indexOf(k), keys.indexOf(k) + 3), [k, `${k}:delta`, `${k}:deltaPercent`]);
    assert.equal(keys.at(-1), 'change');
    const at = (row: readonly (string | null)[], key: string) => row[keys.indexOf(key)];
    const byName = new Map(result.totals.rows.map((r) => [r.cells[keys.indexOf('name')], r.cells]));
    const gpt = byName.get('gpt')!;
    assert.deepEqual(
      ['requests', 'requests:delta', 'requests:deltaPercent', 'total_cost_usd:delta', 'change'].map((k) => at(gpt, k)),
      ['150', '50', '0.5', '0.2', 'up'],
    );
    const fresh = byName.get('new-model')!;
    assert.deepEqual(
      ['requests:delta', 'requests:deltaPercent', 'change'].map((k) => at(fresh, k)),
      ['7', null, 'new'],
    );
    const gone = byName.get('old-model')!;
    assert.deepEqual(
      ['requests', 'requests:delta', 'requests:deltaPercent', 'total_cost_usd:delta', 'change'].map((k) => at(gone, k)),
      ['0', '-40', '-1', '-0.4', 'vanished'],
    );
    const total = result.totals.grandTotal;
    assert.deepEqual(
      ['requests', 'requests:delta', 'total_cost_usd', 'total_cost_usd:delta'].map((k) => at(total, k)),
      ['157', '17', '0.37', '-0.13'],
    );
  });

  it("keeps a grouped export's parts under their entity, each compared with the same part before", async () => {
    const grouped = async (rows: string[]) =>
      buildUsageTable(await parseCsv(['name,provider,bring_your_keys,source,requests', ...rows].join('\n') + '\n'), {
        type: 'models',
        groupBy: 'source',
      });
    const now = await grouped(['gpt,openai,true,WEB,150', 'gpt,openai,true,API,30', 'o3,openai,true,WEB,10']);
    const before = await grouped(['gpt,openai,true,WEB,100', 'gpt,openai,true,SLACK,5', 'o3,openai,true,WEB,10']);
    const result = compareTables(now, before, LABELS);
    const keys = result.totals.columns.map((c) => c.key);
    const at = (cells: readonly (string | null)[], key: string) => cells[keys.indexOf(key)];
    const gpt = result.totals.rows.find((r) => r.cells[keys.indexOf('name')] === 'gpt')!;
    assert.ok(gpt.children, 'the parts are kept');
    const parts = new Map(gpt.children.map((c) => [at(c.cells, 'source'), c.cells]));
    assert.deepEqual(
      ['WEB', 'API', 'SLACK'].map((source) =>
        ['requests', 'requests:delta', 'change'].map((k) => at(parts.get(source)!, k)),
      ),
      [
        ['150', '50', 'up'],
        ['30', '30', 'new'],
        ['0', '-5', 'vanished'],
      ],
    );
    assert.deepEqual(
      ['requests:delta', 'change'].map((k) => at(gpt.cells, k)),
      ['75', 'up'],
    );
    const o3 = result.totals.rows.find((r) => r.cells[keys.indexOf('name')] === 'o3')!;
    assert.equal(at(o3.cells, 'change'), 'no change');
    for (const row of [gpt, ...gpt.children]) assert.equal(row.cells.length, keys.length);
  });

  it('keeps the partial counts of the totals aligned with their columns', async () => {
    const now = await table(['gpt,openai,true,150,0.3', 'o3,openai,true,,0.1']);
    const before = await table(['gpt,openai,true,100,0.1']);
    const result = compareTables(now, before, LABELS);
    const keys = result.totals.columns.map((c) => c.key);
    const unknown = result.totals.grandUnknown!;
    assert.equal(unknown.length, keys.length);
    assert.deepEqual(
      ['requests', 'requests:delta', 'total_cost_usd', 'total_cost_usd:delta', 'change'].map(
        (k) => unknown[keys.indexOf(k)],
      ),
      [1, 1, 0, 0, 0],
    );
  });
});
