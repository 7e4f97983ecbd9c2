/** The table worker: the same table and rows as reading in-thread, errors by name and message, and a clean stop. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/totals';
import { WorkerTable } from '../../src/core/workerTable';
import { fixture } from './fixtures';

// The compiled worker entry beside this test's compiled sources (the extension runs the bundled dist/ copy).
const WORKER = path.join(__dirname, '../../src/core/tableWorker.js');

describe('table worker', () => {
  const workers: WorkerTable[] = [];
  const start = () => {
    const worker = new WorkerTable(WORKER);
    workers.push(worker);
    return worker;
  };
  afterEach(() => workers.splice(0).forEach((w) => w.dispose()));

  for (const name of ['models-byok-by-source.csv', 'users.csv', 'odd-bom-crlf.csv']) {
    it(`reads ${name} to the same table and rows as the host would`, async () => {
      const expected = await loadUsageTable(fixture(name), {});
      const { table, rows } = await start().load(fixture(name), {});
      assert.deepEqual(table, expected.table);
      assert.equal(rows.total, expected.rows.total);
      assert.deepEqual(await rows.page(1, 3), await expected.rows.page(1, 3));
    });
  }

  it('passes the type hint and reports a missing file by its message', async () => {
    const { table } = await start().load(fixture('users.csv'), { type: 'users' });
    assert.equal(table.exportType, 'users');
    await assert.rejects(start().load(fixture('no-such.csv')), (error: Error) => /ENOENT/.test(error.message));
  });

  it('stops: pending and later requests fail, and the thread exits', async () => {
    const worker = start();
    const loading = worker.load(fixture('models-byok.csv'));
    worker.dispose();
    await assert.rejects(loading, /closed/);
    await assert.rejects(worker.page(0, 1), /closed/);
  });
});
