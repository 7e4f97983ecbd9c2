import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { mappedModelNames, priceListId } from '../../src/core/pricing/modelMap';
import { parseModelPrices } from '../../src/core/pricing/userPrices';
import { costOf } from '../../src/core/pricing/bucketCost';
import { formatDecimal } from '../../src/shared/decimal';
import { UsageBuckets } from '../../src/core/pricing/usageBuckets';
import { COST_KEYS } from '../../src/shared/costKeys';
import {
  type CostOptions,
  type CostResult,
  costFrame,
  readSwaps,
  withCost,
  withoutTokens,
} from '../../src/core/pricing/costColumns';
import type { CellNote, UsageTable } from '../../src/shared/tableModel';
import { fixture } from './fixtures';
import { cell, rowOf } from './totalsCells';

const book = createPriceBook();

/** A fixture's totals and the token sums cost is priced from (none: the export has no token counts). */
async function loaded(name: string, hints = {}): Promise<{ table: UsageTable; buckets?: UsageBuckets }> {
  let buckets: UsageBuckets | undefined;
  const { table } = await loadUsageTable(path.isAbsolute(name) ? name : fixture(name), hints, {
    observe: (headers) => {
      buckets = UsageBuckets.forHeader(headers);
      return buckets && ((row, key) => buckets!.add(row, key));
    },
  });
  return { table, buckets };
}

const costOptions = (options: Partial<CostOptions>): CostOptions => ({
  book,
  userPrices: new Map(),
  costSource: 'auto',
  swaps: [],
  ...options,
});

async function priced(name: string, options: Partial<CostOptions> = {}, hints = {}): Promise<CostResult> {
  const { table, buckets } = await loaded(name, hints);
  if (!buckets) return { table: withoutTokens(table), unpriced: [] };
  return withCost(table, buckets, costOptions(options));
}

function note(table: UsageTable, name: string, key: string): CellNote | undefined {
  return name === 'total' ? table.totals.grandNotes?.[key] : rowOf(table, name).notes?.[key];
}

describe('pricing', () => {
  describe('the price list', () => {
    it('resolves every mapped Langdock model to a list price with input and output', () => {
      for (const name of mappedModelNames()) {
        const id = priceListId(name, null)!;
        const price = book.priceAt(id.provider, id.model, '2026-10-01');
        assert.ok(price, `${name} → ${id.provider}/${id.model} has no price`);
      }
    });

    it('maps by exact name and provider only: fine-tunes and other providers stay unpriced', () => {
      assert.deepEqual(priceListId('claude-sonnet-4', 'anthropic'), {
        provider: 'anthropic',
        model: 'claude-sonnet-4-0',
      });
      assert.equal(priceListId('gpt-4.1-ft-0', 'openai'), undefined);
      assert.equal(priceListId('gpt-4.1', 'azure'), undefined);
      assert.equal(priceListId('llama-3.3-70b', 'meta'), undefined);
      assert.equal(priceListId('constructor', null), undefined);
    });

    it('gives the prices in force on a date: o3 before and after its 2025-06-10 change', () => {
      assert.deepEqual(book.priceAt('openai', 'o3', '2025-06-09')?.prices, {
        input: '10',
        output: '40',
        cacheRead: '0.5',
      });
      assert.deepEqual(book.priceAt('openai', 'o3', '2025-06-10')?.prices, {
        input: '2',
        output: '8',
        cacheRead: '0.5',
      });
    });

    it('knows the version of its data (in step with package.json)', () => {
      const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const installed = JSON.parse(
        readFileSync(path.resolve(__dirname, '../../../node_modules/@pydantic/genai-prices/package.json'), 'utf8'),
      ) as { version: string };
      assert.ok(pkg.dependencies['@pydantic/genai-prices'].includes(installed.version));
      assert.equal(book.version, `@pydantic/genai-prices ${installed.version}`);
    });

    it('lists what-if targets with token prices only', () => {
      const models = book.models();
      assert.ok(models.some((m) => m.provider === 'anthropic' && m.model === 'claude-sonnet-4-0'));
      assert.ok(!models.some((m) => m.model.startsWith('mistral-ocr')));
      // Chat models only: a what-if prices a chat model's tokens.
      const notChat = ['text-embedding-3-small', 'gpt-4o-mini-tts', 'gpt-image-1', 'gpt-realtime', 'whisper-1'];
      for (const id of [...notChat, 'gemini-embedding-001', 'mistral-embed', 'embed-v4.0', 'moderation'])
        assert.ok(!models.some((m) => m.model === id), id);
      for (const id of ['gpt-4.1', 'o3', 'claude-sonnet-4-0', 'gemini-2.5-flash', 'mistral-small-24b-instruct-2501'])
        assert.ok(
          models.some((m) => m.model === id),
          id,
        );
    });
  });

  describe('computed cost (hand-computed figures)', () => {
    it('prices five models of four providers with cache read and write', async () => {
      const { table } = await priced('models-byok-pricing.csv', { costSource: 'calculate' });
      // 1 750 000 × $2 + 1 210 000 × $0.50 + 86 000 × $2 (no cache-write price: input rate) + 812 400 × $8, per 1M
      assert.equal(cell(table, 'gpt-4.1', COST_KEYS.cost), '10.7762');
      // 2 138 300 × $3 + 300 000 × $0.30 + 12 000 × $3.75 + 540 120 × $15
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.cost), '14.6517');
      // 600 000 × $0.30 + 400 000 × $0.03 + 200 000 × $2.50
      assert.equal(cell(table, 'gemini-2.5-flash', COST_KEYS.cost), '0.692');
      // mistral-medium-latest after its 2026-06-16 change: 2 000 000 × $1.50 + 500 000 × $7.50
      assert.equal(cell(table, 'mistral-medium', COST_KEYS.cost), '6.75');
      // o3: June at $10/$40, July at $2/$8: 14 + 2.8
      assert.equal(cell(table, 'o3', COST_KEYS.cost), '16.8');
      const o3 = rowOf(table, 'o3');
      assert.equal(o3.notes?.[COST_KEYS.cost]?.estimate, true);
      assert.match(o3.notes[COST_KEYS.cost].text, /list price of openai\/o3 on 2025-06-01: \$10 input, \$40 output/);
      assert.match(o3.notes[COST_KEYS.cost].text, /list price of openai\/o3 on 2025-07-01: \$2 input, \$8 output/);
    });

    it('says which cache-write rate an Anthropic estimate used', async () => {
      const { table } = await priced('models-byok-pricing.csv', { costSource: 'calculate' });
      const text = note(table, 'claude-sonnet-4', COST_KEYS.cost)!.text;
      assert.match(
        text,
        /list price of anthropic\/claude-sonnet-4-0 on 2026-10-01: \$3 input, \$15 output, \$0\.30 cache read, \$3\.75 cache write per 1M/,
      );
      assert.match(text, /5-minute rate \(\$3\.75\)/);
    });

    it('keeps an unmapped model n/a and marks the total partial, naming it in one notice', async () => {
      const { table, unpriced } = await priced('models-byok-pricing.csv', { costSource: 'calculate' });
      assert.equal(cell(table, 'gpt-4.1-ft-0', COST_KEYS.cost), null);
      assert.match(note(table, 'gpt-4.1-ft-0', COST_KEYS.cost)!.text, /No price for gpt-4\.1-ft-0/);
      assert.deepEqual(unpriced, ['gpt-4.1-ft-0']);
      // 10.7762 + 14.6517 + 0.692 + 6.75 + 16.8
      assert.equal(cell(table, 'total', COST_KEYS.cost), '49.6699');
      const total = note(table, 'total', COST_KEYS.cost)!;
      assert.equal(total.partial, true);
      assert.match(total.text, /^partial: 1 model without a price/);
      const notices = table.notices ?? [];
      assert.equal(notices.length, 1);
      assert.equal(notices[0].action, 'editModelPrices');
      assert.match(notices[0].text, /gpt-4\.1-ft-0/);
    });

    it('lets your price beat the list price, from its start date on', async () => {
      const { prices, problems } = parseModelPrices({
        'claude-sonnet-4': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
        o3: { input: 1, output: 4, from: '2025-07-01' },
        broken: { input: 'x' },
      });
      assert.equal(problems.length, 1);
      const { table } = await priced('models-byok-pricing.csv', { costSource: 'calculate', userPrices: prices });
      // 2 138 300 × $2 + 300 000 × $0.20 + 12 000 × $2.50 + 540 120 × $10
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.cost), '9.7678');
      assert.match(note(table, 'claude-sonnet-4', COST_KEYS.cost)!.text, /^your price from settings/);
      // June at the list price (14), July at yours: 1 000 000 × $1 + 100 000 × $4
      assert.equal(cell(table, 'o3', COST_KEYS.cost), '15.4');
    });

    it('auto: Langdock where reported, else computed; the difference column where both exist', async () => {
      const { table } = await priced('models-byok-pricing.csv');
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.cost), '15.4527');
      assert.deepEqual(note(table, 'claude-sonnet-4', COST_KEYS.cost), { text: 'Langdock' });
      assert.equal(cell(table, 'gemini-2.5-flash', COST_KEYS.cost), '0.692');
      assert.equal(note(table, 'gemini-2.5-flash', COST_KEYS.cost)?.estimate, true);
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.difference), '-0.801');
      // gpt-4.1: the BYOK part is Langdock's; the managed part has no tokens and no cost
      assert.equal(cell(table, 'gpt-4.1', COST_KEYS.cost), '12.5912');
      assert.equal(note(table, 'gpt-4.1', COST_KEYS.cost)?.partial, true);
      assert.equal(cell(table, 'gpt-4.1', COST_KEYS.difference), '-1.815');
      assert.equal(cell(table, 'gemini-2.5-flash', COST_KEYS.difference), null);
    });

    it("auto: one cost in view; Langdock's column and the difference are hidden, one click away", async () => {
      const { table } = await priced('models-byok-pricing.csv');
      const keys = table.totals.columns.map((c) => c.key);
      const at = keys.indexOf(COST_KEYS.cost);
      assert.deepEqual(keys.slice(at, at + 3), [COST_KEYS.cost, 'total_cost_usd', COST_KEYS.difference]);
      const shown = table.totals.columns
        .filter((c) => !c.hidden && c.format === 'usd' && !c.derived)
        .map((c) => c.label);
      assert.deepEqual(shown, ['Cost']);
      assert.equal(table.totals.columns[at + 1].label, 'Langdock cost');
    });

    it("calculate: Langdock's column and the difference beside Cost, a difference under a cent read as rounding", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ld-cost-'));
      const file = path.join(dir, 'models.csv');
      // claude-sonnet-4 at $3 input and $15 output per 1M: 1,000 + 1,000 tokens cost exactly $0.018.
      writeFileSync(
        file,
        'period_start,period_end,name,provider,bring_your_keys,requests,sum_prompt_tokens,sum_completion_tokens,no_cache_tokens,total_cost_usd\n' +
          '2026-10-01,2026-10-31,claude-sonnet-4,anthropic,true,3,1000,1000,1000,0.018004\n',
      );
      const { table } = await priced(file, { costSource: 'calculate' });
      const visible = table.totals.columns
        .filter((c) => !c.hidden && c.format === 'usd' && !c.derived)
        .map((c) => c.label);
      assert.deepEqual(visible, ['Cost', 'Langdock cost', 'Computed − Langdock']);
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.cost), '0.018');
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.difference), '-0.000004');
      const rounding = note(table, 'claude-sonnet-4', COST_KEYS.difference);
      assert.equal(rounding?.rounding, true);
      assert.match(rounding.text, /rounding of Langdock's cost, which the export gives to six decimals/);
      // A difference of a cent or more is a mismatch, never called rounding.
      const { table: byok } = await priced('models-byok-pricing.csv', { costSource: 'calculate' });
      assert.equal(note(byok, 'claude-sonnet-4', COST_KEYS.difference), undefined);
    });

    it("keeps each cell's count of rows without a value beside its own column, the cost's own included", async () => {
      const { table: plain } = await loadUsageTable(fixture('models-byok-pricing.csv'), {});
      const { table } = await priced('models-byok-pricing.csv');
      const unknownOf = (t: UsageTable, key: string) =>
        rowOf(t, 'gpt-4.1').unknown?.[t.totals.columns.findIndex((c) => c.key === key)];
      // gpt-4.1's managed part has no tokens: 1 of its 2 rows is left out of its token sums and of its cost.
      for (const key of ['sum_prompt_tokens', 'sum_completion_tokens', 'total_cost_usd', 'requests'])
        assert.equal(unknownOf(table, key), unknownOf(plain, key), key);
      assert.equal(unknownOf(table, 'sum_prompt_tokens'), 1);
      assert.equal(unknownOf(table, COST_KEYS.cost), 1);
      const grand = (t: UsageTable, key: string) =>
        t.totals.grandUnknown?.[t.totals.columns.findIndex((c) => c.key === key)];
      assert.equal(grand(table, 'sum_prompt_tokens'), grand(plain, 'sum_prompt_tokens'));
      assert.ok((grand(table, COST_KEYS.cost) ?? 0) > 0, 'the partial cost total counts the rows it leaves out');
    });

    it('langdock: only Langdock figures, no computed cost and no difference column', async () => {
      const { table } = await priced('models-byok-pricing.csv', { costSource: 'langdock' });
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.cost), '15.4527');
      assert.equal(cell(table, 'gemini-2.5-flash', COST_KEYS.cost), null);
      assert.ok(!table.totals.columns.some((c) => c.key === COST_KEYS.difference));
      assert.equal(cell(table, 'total', COST_KEYS.cost), '28.0439');
    });

    it('prices a grouped export per part and adds the parts exactly', async () => {
      const { table } = await priced('users-by-model.csv', { costSource: 'calculate' });
      const anna = table.totals.rows.find((r) => r.cells.includes('Anna Müller'))!;
      const index = table.totals.columns.findIndex((c) => c.key === COST_KEYS.cost);
      // gpt-4.1: 610 000 × $2 + 150 000 × $8 = 2.42; claude-sonnet-4: 220 000 × $3 + 61 000 × $15 = 1.575
      assert.equal(anna.cells[index], '3.995');
      assert.equal(anna.children?.length, 2);
    });

    it('gives a managed export no computed cost: n/a, with the reason, never $0', async () => {
      const { table } = await priced('models-managed.csv');
      const index = table.totals.columns.findIndex((c) => c.key === COST_KEYS.cost);
      assert.ok(index >= 0);
      assert.ok(table.totals.rows.every((r) => r.cells[index] === null));
      assert.equal(table.totals.grandTotal[index], null);
      assert.match(table.totals.rows[0].notes![COST_KEYS.cost].text, /no token counts/);
    });
  });

  describe('the token sums of a group', () => {
    const headers = [
      'model',
      'provider',
      'period_start',
      'sum_prompt_tokens',
      'sum_completion_tokens',
      'total_cost_usd',
    ];
    /** Every bucket of a group as plain figures (each sum as "count: total"): what pricing reads of it. */
    const figures = (buckets: UsageBuckets, group: string) =>
      [...buckets.of(group)].map((b) => [
        b.model,
        b.period,
        b.rows,
        ...[b.tokens.prompt!, b.tokens.completion!, b.langdock!].map(
          (sum) => `${sum.count}: ${formatDecimal(sum.total())}`,
        ),
      ]);

    it('keeps a one-row group as its texts and sums them when asked, as a group of several rows is summed', () => {
      const buckets = UsageBuckets.forHeader(headers)!;
      buckets.add(['o3', 'openai', '2026-10-01', '1000', null, '0.000001'], 'one');
      buckets.add(['o3', 'openai', '2026-10-01', '1000', '5', '1.5'], 'two');
      buckets.add(['o3', 'openai', '2026-10-01T00:00:00Z', '999999999999999999', '7', 'n/a'], 'two');
      buckets.add(['o3', 'openai', '2026-10-01', '1', '1', '1'], 'mixed');
      buckets.add(['gpt-4o', 'openai', '2026-10-01', '2', '2', '2'], 'mixed');
      buckets.add(['mistral-large', 'mistral', '2026-10-01', '4', '3', null], 'solo');
      assert.equal([...buckets.of('one')][0].key, 'o3\u001fopenai\u001f2026-10-01');
      assert.deepEqual(figures(buckets, 'one'), [['o3', '2026-10-01', 1, '1: 1000', '0: 0', '1: 0.000001']]);
      // The second row of the same model and day goes into the first row's bucket, which now has its sums.
      assert.deepEqual(figures(buckets, 'two'), [['o3', '2026-10-01', 2, '2: 1000000000000000999', '2: 12', '1: 1.5']]);
      assert.deepEqual(figures(buckets, 'mixed'), [
        ['o3', '2026-10-01', 1, '1: 1', '1: 1', '1: 1'],
        ['gpt-4o', '2026-10-01', 1, '1: 2', '1: 2', '1: 2'],
      ]);
      assert.deepEqual(figures(buckets, 'solo'), [['mistral-large', '2026-10-01', 1, '1: 4', '1: 3', '0: 0']]);
      // The models with token counts: o3 from its second group (the first has no completion count), and one-row groups'.
      assert.deepEqual(buckets.models(), [
        { model: 'o3', provider: 'openai' },
        { model: 'gpt-4o', provider: 'openai' },
        { model: 'mistral-large', provider: 'mistral' },
      ]);
      // As the table worker sends them to the host: a structured clone, revived.
      const revived = UsageBuckets.revive(structuredClone(buckets));
      for (const group of ['one', 'two', 'mixed', 'solo'])
        assert.deepEqual(figures(revived, group), figures(buckets, group));
      // A walk gives each group's buckets as `of` does: in the order they came, out of it, and for no group.
      const walked = (walk: (key: string) => Iterable<unknown>, group: string) =>
        figures({ of: walk } as unknown as UsageBuckets, group);
      for (const order of [
        ['one', 'two', 'mixed', 'solo'],
        ['solo', 'mixed', 'two', 'one', 'none', 'one'],
        ['one', 'mixed', 'two', 'solo', 'none'],
      ]) {
        const walk = buckets.walker();
        for (const group of order) assert.deepEqual(walked(walk, group), figures(buckets, group), order.join());
      }
    });
  });

  describe('rows priced when asked for', () => {
    const swaps = [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1' } }];
    const cases: [string, string, Partial<CostOptions>][] = [
      ['models by deployment', 'models-byok-by-deployment.csv', {}],
      [
        'models by deployment, computed, with a what-if',
        'models-byok-by-deployment.csv',
        { costSource: 'calculate', swaps },
      ],
      ['models with an unpriced part and a what-if', 'models-byok-pricing.csv', { swaps }],
      ['models at Langdock’s cost', 'models-byok-pricing.csv', { costSource: 'langdock' }],
      ['users by model, computed', 'users-by-model.csv', { costSource: 'calculate' }],
      [
        'models at your prices',
        'models-byok.csv',
        { userPrices: parseModelPrices({ 'gpt-4.1': { input: 1, output: 3 } }).prices },
      ],
    ];
    for (const [label, name, options] of cases) {
      it(`${label}: the table withCost gives, in whatever order the rows are asked for`, async () => {
        const { table, buckets } = await loaded(name);
        const whole = withCost(table, buckets!, costOptions(options));
        const lazy = costFrame(table, buckets!, costOptions(options));
        // The last row first: a row's figures and notes do not depend on the rows priced before it.
        const rows = lazy.rows.map((_, i) => lazy.rows.length - 1 - i).map((i) => lazy.rowOf(lazy.rows[i]));
        rows.reverse();
        assert.deepEqual({ ...lazy.frame, totals: { ...lazy.frame.totals, rows } }, whole.table);
        assert.deepEqual(lazy.unpriced, whole.unpriced);
      });
    }

    it('a table of some rows: its grand total still prices every group', async () => {
      const { table, buckets } = await loaded('users-by-model.csv');
      const some = { ...table, totals: { ...table.totals, rows: table.totals.rows.slice(0, 1) } };
      const whole = withCost(some, buckets!, costOptions({ someRows: true }));
      const lazy = costFrame(some, buckets!, costOptions({ someRows: true }));
      assert.deepEqual(lazy.frame.totals.grandTotal, whole.table.totals.grandTotal);
      assert.deepEqual(lazy.frame.totals.grandNotes, whole.table.totals.grandNotes);
      assert.deepEqual(lazy.rows.map(lazy.rowOf), whole.table.totals.rows);
      const all = withCost(table, buckets!, costOptions({}));
      assert.deepEqual(lazy.frame.totals.grandTotal, all.table.totals.grandTotal);
    });

    it('the cases above hold grouped rows, parts without a price and a what-if', async () => {
      const deployments = await priced('models-byok-by-deployment.csv');
      assert.ok(deployments.table.totals.rows.some((row) => (row.children?.length ?? 0) > 1));
      const users = await priced('users-by-model.csv', { costSource: 'calculate' });
      assert.ok(users.table.totals.rows.some((row) => (row.children?.length ?? 0) > 1));
      const pricing = await priced('models-byok-pricing.csv', { swaps });
      assert.ok(pricing.table.totals.rows.some((row) => row.notes?.[COST_KEYS.whatIf]));
      assert.equal(pricing.table.totals.grandNotes?.[COST_KEYS.cost]?.partial, true);
      assert.deepEqual(pricing.unpriced, ['gpt-4.1-ft-0']);
    });
  });

  describe('the formula without no_cache_tokens', () => {
    const bucketOf = (cells: Record<string, string | null>[]) => {
      const headers = ['name', 'provider', 'period_start', ...Object.keys(cells[0])];
      const buckets = UsageBuckets.forHeader(headers)!;
      for (const c of cells) buckets.add(['o3', 'openai', '2026-10-01', ...Object.values(c)], 'k');
      return [...buckets.of('k')][0];
    };
    const prices = { input: '2', output: '8', cacheRead: '0.5', cacheWrite: '2.5' };

    it('derives the uncached input as prompt − cache read − cache write', () => {
      const bucket = bucketOf([
        {
          sum_prompt_tokens: '1000000',
          sum_cached_prompt_tokens: '200000',
          sum_cache_creation_tokens: '100000',
          sum_completion_tokens: '10000',
        },
      ]);
      // 700 000 × $2 + 200 000 × $0.50 + 100 000 × $2.50 + 10 000 × $8
      const cost = costOf(bucket, prices);
      assert.ok(cost.ok);
      assert.equal(formatDecimal(cost.value), '1.83');
    });

    it('is n/a with the reason when cache tokens exceed input, or a row lacks its counts', () => {
      const over = bucketOf([
        { sum_prompt_tokens: '100', sum_cached_prompt_tokens: '200', sum_completion_tokens: '10' },
      ]);
      assert.deepEqual(costOf(over, prices), {
        ok: false,
        reason: 'Cache tokens exceed input tokens: the uncached input cannot be derived.',
      });
      const gap = bucketOf([
        { sum_prompt_tokens: '100', sum_completion_tokens: '10' },
        { sum_prompt_tokens: '100', sum_completion_tokens: null },
      ]);
      assert.deepEqual(costOf(gap, prices), { ok: false, reason: 'Some rows lack token counts.' });
    });
  });

  describe('what if', () => {
    it('reads the swaps a reloaded panel saved: well-formed ones only, the last per model', () => {
      const swap = (from: unknown, provider: unknown, model: unknown) => ({ from, to: { provider, model } });
      assert.deepEqual(
        readSwaps([
          swap('o3', 'openai', 'gpt-4.1'),
          swap('o3', 'openai', 'gpt-4.1-mini'),
          swap('', 'openai', 'gpt-4.1'),
          swap('claude-sonnet-4', 42, 'x'),
          'o3',
          null,
        ]),
        [swap('o3', 'openai', 'gpt-4.1-mini')],
      );
      assert.deepEqual(readSwaps({ from: 'o3' }), []);
    });

    it('prices a model’s tokens at a target’s list prices, with the change in $ and %', async () => {
      const { table } = await priced('models-byok-pricing.csv', {
        swaps: [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1' } }],
      });
      // 2 138 300 × $2 + 300 000 × $0.50 + 12 000 × $2 (input rate) + 540 120 × $8
      const keys = table.totals.columns.map((c) => c.key);
      const at = keys.indexOf(COST_KEYS.cost);
      // The what-if columns sit next to Cost, before Langdock's own column.
      assert.deepEqual(keys.slice(at, at + 5), [
        COST_KEYS.cost,
        COST_KEYS.whatIf,
        COST_KEYS.change,
        COST_KEYS.changeShare,
        'total_cost_usd',
      ]);
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.whatIf), '8.77156');
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.change), '-6.68114');
      assert.equal(cell(table, 'claude-sonnet-4', COST_KEYS.changeShare), '-0.432361');
      // Other models are unchanged; the total changes by the swap alone.
      assert.equal(cell(table, 'gemini-2.5-flash', COST_KEYS.change), '0');
      assert.equal(cell(table, 'total', COST_KEYS.change), '-6.68114');
      // 12.5912 + 8.77116 + 0.692 + 6.75 + 16.8 (the unpriced fine-tune is left out, and the total says so)
      assert.equal(cell(table, 'total', COST_KEYS.whatIf), '45.60476');
      assert.equal(note(table, 'total', COST_KEYS.whatIf)?.partial, true);
      assert.match(note(table, 'claude-sonnet-4', COST_KEYS.whatIf)!.text, /^Hypothetical/);
      const notice = table.notices?.find((n) => n.action === 'clearWhatIf');
      assert.match(notice!.text, /claude-sonnet-4 → openai\/gpt-4\.1/);
    });
  });
});
