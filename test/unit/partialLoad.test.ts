/**
 * Tables of the rows read so far, while a large file loads (issue 17): exact running totals of exactly the rows
 * read, the entity cap, pages readable during the load, and the worker sending them at its pace.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type PartialTable, loadUsageTable } from '../../src/core/table/totals';
import { type PartialLoad, type PartialViewMessage, WorkerTable } from '../../src/core/table/workerTable';
import type { ViewSettings } from '../../src/core/table/tableView';
import { sumCells } from '../../src/shared/decimal';
import { ROWS_PAGE_SIZE, unpack } from '../../src/shared/protocol';
import type { CellValue, UsageTable } from '../../src/shared/tableModel';
import { scratchFolder } from './fixtures';

const WORKER = path.join(__dirname, '../../src/core/table/worker/tableWorker.js');
const PRICES = path.join(__dirname, '../../src/core/pricing/listPrices.js');
const HEADER = 'name,provider,bring_your_keys,requests,sum_prompt_tokens,sum_completion_tokens,total_cost_usd\n';

/** `rows` model rows over `models` models; row i has i+1 requests, so any prefix's sum is known exactly. */
function modelsCsv(rows: number, models: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++)
    lines.push(`model-${i % models},openai,true,${i + 1},${(i + 1) * 1000},${i + 1},0.00${i % 10}1\n`);
  return lines.join('');
}

const requestsTotal = (table: UsageTable): CellValue =>
  table.totals.grandTotal[table.totals.columns.findIndex((c) => c.key === 'requests')];
/** 1 + 2 + … + n */
const triangle = (n: number) => String((n * (n + 1)) / 2);

describe('tables of the rows read so far', () => {
  const { write } = scratchFolder('langdock-partial-');

  it('counts exactly the rows read, caps the entities listed, and reads their pages during the load', async () => {
    const file = await write('models-60k.csv', modelsCsv(60_000, 40));
    const partials: PartialTable[] = [];
    const pages: Promise<CellValue[][]>[] = [];
    const whole = await loadUsageTable(
      file,
      {},
      {
        watch: (progress) => {
          if (partials.length >= 5 && progress.rowsRead % 20_480 !== 0) return;
          const partial = progress.soFar(3);
          assert.ok(partial);
          assert.ok(progress.bytesRead > 0 && progress.bytesRead <= progress.size);
          partials.push(partial);
          pages.push(partial.rows.page(partial.rows.total - 2, 2));
        },
      },
    );
    assert.ok(partials.length >= 5, `${partials.length} partial tables`);
    let before = 0;
    for (const { table, rows } of partials) {
      assert.ok(table.rowCount > before && table.rowCount < 60_000);
      before = table.rowCount;
      assert.equal(rows.total, table.rowCount);
      assert.equal(requestsTotal(table), triangle(table.rowCount), `grand total after ${table.rowCount} rows`);
      assert.deepEqual(
        table.totals.rows.map((r) => r.cells[0]),
        ['model-0', 'model-1', 'model-2'],
      );
    }
    const read = await Promise.all(pages);
    for (const [i, page] of read.entries()) {
      const n = partials[i].table.rowCount;
      assert.deepEqual(page, await whole.rows.page(n - 2, 2), `the last two rows of ${n}`);
    }
    assert.equal(whole.table.totals.rows.length, 40);
    assert.equal(requestsTotal(whole.table), triangle(60_000));
  });

  it('comes from the worker while the file loads, and pages answer in between', async () => {
    const file = await write('models-400k.csv', modelsCsv(400_000, 400));
    const worker = new WorkerTable(WORKER);
    try {
      const partials: PartialLoad[] = [];
      const pages: Promise<CellValue[][]>[] = [];
      const whole = await worker.load(file, {}, (partial) => {
        partials.push(partial);
        if (partials.length === 1) pages.push(partial.rows.page(0, ROWS_PAGE_SIZE));
      });
      assert.ok(partials.length >= 1, 'at least one partial table');
      const [first] = partials;
      assert.ok(first.table.totals.rows.length <= 1000);
      let fraction = 0;
      for (const p of partials) {
        assert.ok(p.fraction >= fraction && p.fraction < 1, `fraction ${p.fraction}`);
        fraction = p.fraction;
        assert.equal(requestsTotal(p.table), triangle(p.table.rowCount));
      }
      const [page] = await Promise.all(pages);
      // A full first page, or what was read by the first partial's deadline.
      const shown = Math.min(first.table.rowCount, ROWS_PAGE_SIZE);
      // (More, when a later partial table came before the page was read.)
      assert.ok(page.length >= shown, `${page.length} rows in the page`);
      assert.deepEqual(page.slice(0, shown), await whole.rows.page(0, shown));
      assert.equal(whole.table.rowCount, 400_000);
      assert.equal(requestsTotal(whole.table), triangle(400_000));
    } finally {
      worker.dispose();
    }
  });

  it('renders the rows read so far priced in the worker: the cost of every row read, not only of those listed', async () => {
    // 3,000 models: the partial views list 1,000; their grand total's cost still covers every row read.
    const file = await write('models-cost.csv', modelsCsv(300_000, 3000));
    const settings: ViewSettings = {
      header: { title: 'Model usage', fileName: 'models-cost.csv', canRerun: false },
      locale: 'en',
      strings: {},
      csvPath: file,
      l10n: undefined,
      userPrices: new Map(),
      problems: [],
      costSource: 'auto',
      swaps: [],
      columnChoices: {},
    };
    const worker = new WorkerTable(WORKER);
    try {
      const partials: PartialViewMessage[] = [];
      const whole = await worker.open({ csvPath: file, hints: {}, pricesScript: PRICES }, settings, (p) =>
        partials.push(p),
      );
      assert.ok(partials.length >= 1, 'at least one view of the rows read so far');
      for (const [i, partial] of partials.entries()) {
        const load = await unpack(partial.view.messages[0]);
        assert.ok(load?.type === 'load' && load.progress === partial.fraction);
        const { columns, grandTotal, rows } = load.table.totals;
        const cost = columns.findIndex((c) => c.key === 'cost:usd');
        const langdock = columns.findIndex((c) => c.key === 'total_cost_usd');
        assert.ok(cost >= 0, 'the rows read so far carry the Cost column');
        assert.equal(grandTotal[cost], grandTotal[langdock], "Langdock's cost of every row read");
        if (load.table.rowCount > 3000) {
          assert.equal(
            rows.length,
            i === 0 ? 100 : 1000,
            'the first entities only (fewer on the way to the first paint)',
          );
          assert.notEqual(sumCells(rows.map((r) => r.cells[cost])), grandTotal[cost], 'more than the rows listed');
        }
        assert.equal(load.header.canWhatIf, false, 'a what-if waits for the whole table');
      }
      const load = await unpack(whole.messages[0]);
      assert.ok(load?.type === 'load' && load.progress === undefined && load.header.canWhatIf);
    } finally {
      worker.dispose();
    }
  });
});
