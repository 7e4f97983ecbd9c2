/** The table worker: the same table and rows as reading in-thread, errors by name and message, and a clean stop. */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import { InProcessTable, readsInProcess, readTableOnce, WorkerTable } from '../../src/core/table/workerTable';
import { GERMAN, german } from './viewSettings';
import { localizeGroupedView } from '../../src/core/org/groupedView';
import type { ViewSettings } from '../../src/core/table/tableView';
import { unpack } from '../../src/shared/protocol';
import { fixture } from './fixtures';

// The compiled worker entry beside this test's compiled sources (the extension runs the bundled dist/ copy).
const WORKER = path.join(__dirname, '../../src/core/table/worker/tableWorker.js');
// The same for the reader a small file is read with in the host (dist/tableReader.js), and the price list.
const READER = path.join(__dirname, '../../src/core/table/heldTable.js');
const PRICES = path.join(__dirname, '../../src/core/pricing/listPrices.js');

const SETTINGS: ViewSettings = {
  header: { title: 'Model usage', fileName: 'x.csv', canRerun: false },
  locale: 'en',
  strings: {},
  csvPath: 'x.csv',
  l10n: undefined,
  userPrices: new Map(),
  problems: [],
  costSource: 'calculate',
  swaps: [],
  columnChoices: {},
};

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

  it('reads a table once (the budget’s) with the file’s warnings and read errors in the display language', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'langdock-once-'));
    try {
      const stray = path.join(dir, 'stray.csv');
      await writeFile(stray, 'name,requests\ngpt-4.1,1\nmodel a"b,2\n');
      const table = await readTableOnce(WORKER, stray, { type: 'models' }, GERMAN);
      assert.deepEqual(table.warnings, [
        'Zeile 3 hat ein Anführungszeichen mitten in einer Zelle (wie in a"b oder "a"b); es wurde als Teil des Textes gelesen.',
      ]);
      const open = path.join(dir, 'open.csv');
      await writeFile(open, 'name,requests\ngpt-4.1,"1\n');
      await assert.rejects(readTableOnce(WORKER, open, {}, GERMAN), (error: Error) =>
        /^Die Datei ist keine gültige CSV: Ein in Zeile 2 geöffnetes Anführungszeichen/.test(error.message),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a small file in the host to the same view, rows and what-if models as the worker', async () => {
    const name = fixture('models-byok-by-source.csv');
    const request = { csvPath: name, hints: { type: 'models', groupBy: 'source' }, pricesScript: PRICES } as const;
    const inWorker = start();
    const inHost = new InProcessTable(READER);
    const fromWorker = await inWorker.open(request, SETTINGS);
    const fromHost = await inHost.open(request, SETTINGS);
    assert.deepEqual(fromHost.messages, fromWorker.messages, 'the same bytes for the webview');
    const load = await unpack(fromWorker.messages[0]);
    assert.ok(load?.type === 'load');
    assert.ok(load.header.canWhatIf, 'token counts: a what-if is possible');
    assert.ok(
      load.table.totals.columns.some((c) => c.key === 'cost:usd'),
      'priced where it was read',
    );
    assert.deepEqual(await inHost.shown(), await inWorker.shown(), 'each keeps the table it rendered');
    assert.equal(inHost.total, inWorker.total);
    assert.deepEqual(await inHost.page(0, 5), await inWorker.page(0, 5));
    assert.ok(fromHost.models.length > 0);
    assert.deepEqual(fromHost.models, fromWorker.models);
    assert.deepEqual(fromHost.unpriced, fromWorker.unpriced);
  });

  it('sends a big view’s pages as they are packed: the same bytes as the host’s, and a newer view ends them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'langdock-pages-'));
    try {
      const csvPath = path.join(dir, 'users.csv');
      const users = Array.from({ length: 46_000 }, (_, i) => `u-${i},User ${i},user${i}@example.com,${i % 300}`);
      await writeFile(csvPath, ['user_id,name,email,messages_total', ...users].join('\n'));
      const request = { csvPath, hints: { type: 'users' }, pricesScript: PRICES } as const;
      const whole = await new InProcessTable(READER).open(request, SETTINGS);
      assert.equal(whole.messages.length, 4, 'a load and three pages');
      const worker = start();
      const view = await worker.open(request, SETTINGS);
      assert.equal(view.later, 3);
      assert.deepEqual(view.messages, whole.messages.slice(0, 1), 'the load comes at once');
      const later: Uint8Array[] = [];
      for await (const page of view.rest!) later.push(page);
      assert.deepEqual(later, whole.messages.slice(1), 'then each page, in order');
      // A repricing renders again while the first view's pages are packed: they end, the new view has its own.
      const [first, second] = await Promise.all([worker.render(SETTINGS), worker.render(SETTINGS)]);
      const taken = async (v: typeof first) => {
        let n = 0;
        for await (const page of v.rest!) n += page.length > 0 ? 1 : 0;
        return n;
      };
      assert.ok((await taken(first)) < 3, 'the replaced view’s pages stop');
      assert.equal(await taken(second), 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends a users table’s people grouped as a packed message, in the display language', async () => {
    const request = { csvPath: fixture('users.csv'), hints: { type: 'users' }, pricesScript: PRICES } as const;
    const worker = start();
    await worker.open(request, SETTINGS);
    const data = await worker.organisedView({ groupBy: 'department' }, true, GERMAN);
    const message = await unpack(data);
    assert.ok(message?.type === 'organisation' && message.chosen === true);
    const inHost = new InProcessTable(READER);
    await inHost.open(request, SETTINGS);
    const { view } = await inHost.organise({ groupBy: 'department' });
    assert.deepEqual(message.view, localizeGroupedView(view, german), 'the same grouping, its labels in German');
    assert.ok(
      message.view.table!.columns.some((c) => c.label !== GERMAN[c.label] && Object.values(GERMAN).includes(c.label)),
      'German labels',
    );
  });

  it('renders the held table again at new settings without reading the file', async () => {
    const name = fixture('models-byok-by-source.csv');
    const worker = start();
    const first = await worker.open({ csvPath: name, hints: { type: 'models' }, pricesScript: PRICES }, SETTINGS);
    const model = first.models[0].model;
    const swapped = await worker.render({
      ...SETTINGS,
      swaps: [{ from: model, to: { provider: 'openai', model: 'gpt-4o-mini' } }],
    });
    const load = await unpack(swapped.messages[0]);
    assert.ok(load?.type === 'load');
    assert.ok(
      load.table.totals.columns.some((c) => c.key === 'whatif:cost'),
      'the what-if columns',
    );
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

  it('closes: a read under way stops, and the worker frees its memory and ends itself (exit code 0, not ended)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'langdock-close-'));
    try {
      const file = path.join(dir, 'users.csv');
      const rows = Array.from({ length: 200_000 }, (_, i) => `u-${i},User ${i},${i % 300}`);
      await writeFile(file, ['user_id,name,messages_total', ...rows].join('\n'));
      const worker = start();
      let reading!: () => void;
      const started = new Promise<void>((resolve) => (reading = resolve));
      const loading = worker.load(file, { type: 'users' }, () => reading());
      await started;
      worker.dispose();
      await assert.rejects(loading, /closed/);
      assert.equal(await worker.ended, 0);
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
