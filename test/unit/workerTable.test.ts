/** The table worker: the same table and rows as reading in-thread, errors by name and message, and a clean stop. */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import { readsInProcess, readTableInProcess, WorkerTable } from '../../src/core/table/workerTable';
import { fixture } from './fixtures';

// The compiled worker entry beside this test's compiled sources (the extension runs the bundled dist/ copy).
const WORKER = path.join(__dirname, '../../src/core/table/worker/tableWorker.js');
// The same for the reader a small file is read with in the host (dist/tableReader.js).
const READER = path.join(__dirname, '../../src/core/table/tableLoad.js');

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

  it('reads a small file in the host to the same table, rows and token sums as the worker', async () => {
    const name = fixture('models-byok-by-source.csv');
    const inWorker = await start().load(name, { type: 'models', groupBy: 'source' });
    const inHost = await readTableInProcess(READER, name, { type: 'models', groupBy: 'source' });
    assert.deepEqual(inHost.table, inWorker.table);
    assert.equal(inHost.rows.total, inWorker.rows.total);
    assert.deepEqual(await inHost.rows.page(0, 5), await inWorker.rows.page(0, 5));
    assert.ok(inHost.buckets && inWorker.buckets);
    assert.deepEqual(inHost.buckets.models(), inWorker.buckets.models());
    assert.deepEqual(inHost.buckets, inWorker.buckets, "the sums are revived into the host's own class");
  });

  it('reads in the host only files up to 16 KB that it can stat', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'langdock-in-process-'));
    try {
      const big = path.join(dir, 'big.csv');
      await writeFile(big, 'name,requests\n' + 'gpt-4o,1\n'.repeat(2000));
      assert.equal(readsInProcess(fixture('models-byok.csv')), true);
      assert.equal(readsInProcess(big), false);
      assert.equal(readsInProcess(path.join(dir, 'missing.csv')), false, 'the worker reports what is wrong');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops: pending and later requests fail, and the thread exits', async () => {
    const worker = start();
    const loading = worker.load(fixture('models-byok.csv'));
    worker.dispose();
    await assert.rejects(loading, /closed/);
    await assert.rejects(worker.page(0, 1), /closed/);
  });
});
