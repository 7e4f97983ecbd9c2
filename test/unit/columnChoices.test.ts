/** Which totals columns a table shows: the default that fits, the user's choices per export type over it. */
import * as assert from 'node:assert/strict';
import { readUsageTable } from '../../src/core/table/tableLoad';
import { pricedTable } from '../../src/core/table/tableView';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import type { WhatIfSwap } from '../../src/core/pricing/costColumns';
import { readColumnChoices, withColumnChoices } from '../../src/core/table/columnChoices';
import type { UsageTable } from '../../src/shared/tableModel';
import { english } from '../../src/shared/template';
import { fixture } from './fixtures';

async function priced(
  name: string,
  costSource: 'auto' | 'calculate' = 'auto',
  swaps: WhatIfSwap[] = [],
): Promise<UsageTable> {
  const { table, buckets } = await readUsageTable(fixture(name), {});
  const settings = { userPrices: new Map(), problems: [], costSource, swaps };
  return pricedTable(table, buckets, settings, createPriceBook, english).table;
}

const shown = (table: UsageTable) => table.totals.columns.filter((c) => !c.hidden).map((c) => c.key);

describe('column choices', () => {
  it('shows by default the entity and its parts, the count, one cost and input and output tokens', async () => {
    assert.deepEqual(shown(withColumnChoices(await priced('models-byok-by-source.csv'), {})), [
      'name',
      'source',
      'requests',
      'cost:usd',
      'sum_prompt_tokens',
      'sum_completion_tokens',
    ]);
    assert.deepEqual(shown(withColumnChoices(await priced('users.csv'), {})), ['name', 'messages_total']);
    assert.deepEqual(shown(withColumnChoices(await priced('projects.csv'), {})), ['project_name', 'messages']);
  });

  it('shows Langdock’s cost and the difference under calculate, beside Cost', async () => {
    const keys = shown(withColumnChoices(await priced('models-byok-pricing.csv', 'calculate'), {}));
    const at = keys.indexOf('cost:usd');
    assert.deepEqual(keys.slice(at, at + 3), ['cost:usd', 'total_cost_usd', 'cost:difference']);
  });

  it('gives the token columns’ place to a what-if’s beside Cost while a swap is in force; the user’s choice wins', async () => {
    const swaps = [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1-mini' } }];
    const whatIf = ['cost:usd', 'whatif:cost', 'whatif:change', 'whatif:change_share'];
    assert.deepEqual(shown(withColumnChoices(await priced('models-byok.csv', 'auto', swaps), {})), [
      'name',
      'requests',
      ...whatIf,
    ]);
    // Beside a part's column the change in percent is one click away.
    assert.deepEqual(shown(withColumnChoices(await priced('models-byok-by-source.csv', 'auto', swaps), {})), [
      'name',
      'source',
      'requests',
      ...whatIf.slice(0, 3),
    ]);
    const chosen = withColumnChoices(await priced('models-byok-by-source.csv', 'auto', swaps), {
      models: { sum_completion_tokens: true, 'whatif:change_share': true },
    });
    assert.deepEqual(shown(chosen), ['name', 'source', 'requests', ...whatIf, 'sum_completion_tokens']);
  });

  it('lets the user’s choice for the export type win, never hides the first column, and ignores other types', async () => {
    const table = await priced('models-byok.csv');
    const chosen = withColumnChoices(table, {
      models: { total_cost_usd: true, sum_prompt_tokens: false, name: false },
      users: { provider: true },
    });
    assert.deepEqual(shown(chosen), ['name', 'requests', 'cost:usd', 'total_cost_usd', 'sum_completion_tokens']);
  });

  it('shows every column of a CSV of no known type', async () => {
    const { table } = await readUsageTable(fixture('unknown.csv'), {});
    assert.ok(withColumnChoices(table, { models: {} }).totals.columns.every((c) => !c.hidden));
  });

  it('reads the remembered choices as data from another version: only booleans by column key', () => {
    assert.deepEqual(readColumnChoices({ models: { a: true, b: 'yes', c: false }, users: 3 }), {
      models: { a: true, c: false },
    });
    assert.deepEqual(readColumnChoices(undefined), {});
  });
});
