/**
 * The sandbox's usage over time: a range's export must equal the sum of its days' exports, exactly, or a trend
 * test comparing a month with its days proves nothing. Talks to a real sandbox over HTTP with Node's own fetch.
 */
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { EXPORT_TYPE_FACTS, groupingFor, knownColumnFact } from '../../src/core/schema/exportTypes';
import { extremeCell, sumCells } from '../../src/shared/decimal';
import { ExportType, GroupBy } from '../../src/shared/exportType';
import { daysBetween } from '../sandbox/dates';
import { Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';

const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
type Row = Record<string, string>;

describe('sandbox usage over time', function () {
  this.timeout(30000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ seed: 3 });
  });
  after(async () => {
    await sandbox.close();
  });

  async function exportRows(
    type: ExportType,
    from: string,
    to: string,
    opts: { groupBy?: GroupBy; timezone?: string; key?: string } = {},
  ): Promise<Row[]> {
    const timezone = opts.timezone ?? 'UTC';
    const res = await fetch(`${sandbox.apiUrl}/export/${type}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${opts.key ?? SANDBOX_KEYS.byok}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        from: { date: `${from}T00:00:00.000Z`, timezone },
        to: { date: `${to}T23:59:59.999Z`, timezone },
        ...(opts.groupBy ? { group_by: opts.groupBy } : {}),
      }),
    });
    if (res.status === 404) return [];
    const envelope = (await res.json()) as { data: { downloadUrl: string } };
    const csv = await (await fetch(envelope.data.downloadUrl)).text();
    return parse(csv, { columns: true, skip_empty_lines: true });
  }

  function keyOf(type: ExportType, row: Row, groupBy?: GroupBy): string {
    const columns = [...EXPORT_TYPE_FACTS[type].entityKey, ...(type === 'models' ? ['bring_your_keys'] : [])];
    if (groupBy) columns.push(groupingFor(type, groupBy)!.column);
    return columns.map((c) => row[c]).join('|');
  }

  const cases: Array<{ type: ExportType; groupBy?: GroupBy; key?: string; timezone?: string }> = [
    { type: 'models' },
    { type: 'models', groupBy: 'source' },
    { type: 'models', groupBy: 'deployment' },
    { type: 'models', key: SANDBOX_KEYS.managed },
    { type: 'users', timezone: 'Europe/Berlin' },
    { type: 'users', groupBy: 'model', key: SANDBOX_KEYS.managed },
    { type: 'agents' },
    { type: 'agents', groupBy: 'model' },
    { type: 'api-keys', groupBy: 'model' },
    { type: 'projects', timezone: 'America/New_York' },
  ];
  for (const c of cases) {
    const name = `${c.type}${c.groupBy ? ` by ${c.groupBy}` : ''}${c.key === SANDBOX_KEYS.managed ? ' (managed)' : ''}`;
    it(`${name}: the range is the sum of its days in every summed column, and their extremes in min/max`, async () => {
      const from = utcDay(9);
      const to = utcDay(1);
      const range = await exportRows(c.type, from, to, c);
      const days = await Promise.all(daysBetween(from, to).map((day) => exportRows(c.type, day, day, c)));
      assert.ok(range.length > 0);
      const byKey = (rows: Row[]) => new Map(rows.map((r) => [keyOf(c.type, r, c.groupBy), r]));
      const rangeByKey = byKey(range);
      assert.equal(rangeByKey.size, range.length, 'one row per entity × group');
      const dayMaps = days.map(byKey);
      const dayKeys = new Set(dayMaps.flatMap((m) => [...m.keys()]));
      assert.deepEqual([...rangeByKey.keys()].sort(), [...dayKeys].sort(), 'the same entities');
      let checked = 0;
      for (const column of Object.keys(range[0])) {
        const aggregate = knownColumnFact(column)?.aggregate;
        if (aggregate !== 'sum' && aggregate !== 'min' && aggregate !== 'max') continue;
        for (const [key, row] of rangeByKey) {
          const cells = dayMaps.map((m) => (m.get(key)?.[column] ? m.get(key)![column] : null));
          const expected: string | null = aggregate === 'sum' ? sumCells(cells) : extremeCell(cells, aggregate);
          assert.equal(row[column] === '' ? null : row[column], expected, `${key} ${column}`);
          checked++;
        }
      }
      assert.ok(checked >= range.length, `checked ${checked} cells`);
    });
  }

  it('costs stay exact decimals when summed (no float noise like 0.30000000000000004)', async () => {
    const rows = await exportRows('models', utcDay(40), utcDay(1));
    for (const r of rows) if (r.total_cost_usd) assert.match(r.total_cost_usd, /^\d+(\.\d{1,6})?$/);
  });

  it('has an entity that appears mid-life and one that stops', async () => {
    const names = async (from: number, to: number) =>
      new Set((await exportRows('projects', utcDay(from), utcDay(to))).map((r) => r.project_name));
    // The workspace is 180 days old: project 1 starts at day 120 (60 days ago), project 2 stops after day 90.
    const early = await names(100, 95);
    const late = await names(7, 1);
    assert.ok(!early.has('Website Relaunch') && late.has('Website Relaunch'), 'the newcomer');
    assert.ok(early.has('Due Diligence "Falcon"') && !late.has('Due Diligence "Falcon"'), 'the leaver');
  });

  it('has the organisation of a users export: departments (one empty, one quoted), unused seats, people who stop and start', async () => {
    const byUser = async (from: number, to: number) =>
      new Map((await exportRows('users', utcDay(from), utcDay(to))).map((r) => [r.user_id, r]));
    // The workspace is 180 days old: early is its days 10–30, late its last month.
    const [early, late] = await Promise.all([byUser(170, 150), byUser(30, 1)]);
    const departments = new Set([...late.values()].map((r) => r.department));
    assert.ok(departments.has('') && departments.has('R&D, "Labs" Europe'), [...departments].join(' | '));
    assert.ok(new Set([...late.values()].map((r) => r.license_type)).size >= 2);
    const messages = (row: Row | undefined) => (row ? Number(row.messages_total) : undefined);
    const ids = [...late.keys()];
    assert.ok(
      ids.some((id) => messages(early.get(id)) === 0 && messages(late.get(id)) === 0),
      'a seat never used',
    );
    assert.ok(
      ids.some((id) => messages(early.get(id))! > 0 && messages(late.get(id)) === 0),
      'a lapsed seat',
    );
    assert.ok(
      ids.some((id) => !early.has(id) && messages(late.get(id))! > 0 && late.get(id)!.joined_at > utcDay(60)),
      'someone who joined late and started',
    );
  });

  it('has quiet weekends and entities whose usage grows or shrinks over months', async () => {
    const requestsOn = async (daysAgo: number) =>
      (await exportRows('models', utcDay(daysAgo), utcDay(daysAgo))).reduce((t, r) => t + Number(r.requests), 0);
    const week = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(requestsOn));
    const weekend = week.filter((_, i) => [0, 6].includes(new Date(Date.now() - (i + 1) * DAY_MS).getUTCDay()));
    const weekdays = week.filter((_, i) => ![0, 6].includes(new Date(Date.now() - (i + 1) * DAY_MS).getUTCDay()));
    assert.ok(
      Math.max(...weekend) < Math.min(...weekdays) * 0.6,
      `weekend ${weekend.join()}, weekdays ${weekdays.join()}`,
    );
    const monthOf = async (from: number) =>
      new Map(
        (await exportRows('models', utcDay(from), utcDay(from - 27))).map((r) => [keyOf('models', r), +r.requests]),
      );
    const [first, last] = await Promise.all([monthOf(170), monthOf(28)]);
    const ratios = [...last].filter(([k]) => first.has(k)).map(([k, v]) => v / first.get(k)!);
    assert.ok(
      ratios.some((r) => r > 1.3),
      `some grow: ${ratios.join(', ')}`,
    );
    assert.ok(
      ratios.some((r) => r < 0.8),
      `some shrink: ${ratios.join(', ')}`,
    );
  });

  it('waits exportDelayMs before answering each export', async () => {
    const slow = await startSandbox({ exportDelayMs: 600 });
    try {
      const started = Date.now();
      const res = await fetch(`${slow.apiUrl}/export/projects`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SANDBOX_KEYS.byok}` },
        body: JSON.stringify({
          from: { date: `${utcDay(1)}T00:00:00.000Z`, timezone: 'UTC' },
          to: { date: `${utcDay(1)}T23:59:59.999Z`, timezone: 'UTC' },
        }),
      });
      assert.equal(res.status, 200);
      assert.ok(Date.now() - started >= 600);
    } finally {
      await slow.close();
    }
  });
});
