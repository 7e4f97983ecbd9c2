import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExportStore } from '../../src/core/store/exportStore';

const range = { from: '2026-11-01', to: '2026-11-24', timezone: 'UTC' };
const details = { type: 'models' as const, range, recordCount: 2, host: '127.0.0.1' };

async function download(store: ExportStore, content = 'name,requests\ngpt,1\n') {
  const pending = await store.begin('models', range);
  await fs.writeFile(pending.tempCsv, content);
  return pending;
}

describe('ExportStore', () => {
  let root: string;
  let logs: string[];
  let store: ExportStore;
  /** The store's clock: stepped, so that exports made one after another have distinct times. */
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2026-11-24T10:00:00Z');
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'langdock-store-'));
    logs = [];
    store = new ExportStore(
      root,
      (m) => logs.push(m),
      () => new Date(clock),
    );
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('commits a download atomically and lists it with its metadata', async () => {
    let changes = 0;
    store.onDidChange(() => changes++);
    const record = await store.commit(await download(store), details, 50);
    assert.strictEqual(record.fileSize, 20);
    assert.strictEqual(await fs.readFile(store.csvPath(record.id), 'utf8'), 'name,requests\ngpt,1\n');
    assert.deepStrictEqual(await store.list(), [record]);
    assert.strictEqual(changes, 1);
    assert.deepStrictEqual(await fs.readdir(path.join(root, 'tmp')), []);
  });

  it('lists newest first and prunes beyond the limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await store.commit(await download(store), details, 3)).id);
      clock += 1000;
    }
    const listed = (await store.list()).map((r) => r.id);
    assert.deepStrictEqual(listed, ids.slice(1).reverse());
    assert.ok(!(await fs.readdir(store.folder)).some((n) => n.startsWith(ids[0])));
  });

  it('abandons a download without a trace', async () => {
    const pending = await download(store);
    await store.abandon(pending);
    assert.deepStrictEqual(await fs.readdir(path.join(root, 'tmp')), []);
    assert.deepStrictEqual(await store.list(), []);
  });

  it('skips a damaged record with a log line and cleans leftovers of a crash, never another window’s files in flight', async () => {
    const good = await store.commit(await download(store), details, 50);
    await fs.writeFile(path.join(store.folder, 'models-broken.json'), '{"id": "models-broken", "type": ');
    await fs.writeFile(path.join(store.folder, 'models-broken.csv'), 'x');
    await fs.writeFile(path.join(store.folder, 'orphan.csv'), 'half');
    await fs.writeFile(path.join(store.folder, `${good.id}.json.ab12.tmp`), '{');
    const crashed = await download(store);
    // A crash's leftovers are old; another window's download in flight and its CSV being committed are not.
    const hourAgo = new Date(Date.now() - 61 * 60 * 1000);
    for (const file of ['orphan.csv', `${good.id}.json.ab12.tmp`].map((n) => path.join(store.folder, n)))
      await fs.utimes(file, hourAgo, hourAgo);
    await fs.utimes(crashed.tempCsv, hourAgo, hourAgo);
    const inFlight = await download(store);
    await fs.writeFile(path.join(store.folder, 'committing.csv'), 'being renamed into place');
    assert.deepStrictEqual(
      (await store.list()).map((r) => r.id),
      [good.id],
    );
    assert.ok(logs.some((l) => l.includes('models-broken.json')));
    await store.cleanLeftovers();
    const names = (await fs.readdir(store.folder)).sort();
    assert.deepStrictEqual(
      names,
      [`${good.id}.csv`, `${good.id}.json`, 'committing.csv', 'models-broken.csv', 'models-broken.json'].sort(),
    );
    assert.deepStrictEqual(await fs.readdir(path.join(root, 'tmp')), [path.basename(inFlight.tempCsv)]);
  });

  it('deletes an export and keeps the others', async () => {
    const a = await store.commit(await download(store), details, 50);
    const b = await store.commit(await download(store), details, 50);
    await store.delete(a.id);
    assert.deepStrictEqual(
      (await store.list()).map((r) => r.id),
      [b.id],
    );
  });

  it('leaves nothing behind and keeps earlier exports when the disk fails half-way', async () => {
    const earlier = await store.commit(await download(store), details, 50);
    const pending = await download(store);
    await fs.chmod(store.folder, 0o500);
    try {
      if (process.getuid?.() === 0) {
        // root ignores permissions: simulate the failure with a missing temp file instead.
        await fs.rm(pending.tempCsv);
      }
      await assert.rejects(store.commit(pending, details, 50));
    } finally {
      await fs.chmod(store.folder, 0o700);
    }
    assert.deepStrictEqual(
      (await store.list()).map((r) => r.id),
      [earlier.id],
    );
    assert.deepStrictEqual((await fs.readdir(store.folder)).sort(), [`${earlier.id}.csv`, `${earlier.id}.json`]);
  });
});
