/**
 * The core's file warnings and read errors reach the German UI in German: the table worker reads the file with the
 * l10n bundle of the settings it is opened at (VS Code's, passed in), as it localizes the column labels; without a
 * bundle they stay English (the command line, the other tests).
 */
import * as assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { LangdockApiError, LangdockClient } from '../../src/core/api/api';
import type { ProxySettings } from '../../src/core/api/proxy';
import { WorkerTable } from '../../src/core/table/workerTable';
import { bundleLocalize } from '../../src/core/table/tableView';
import { english, localize, reasonOf } from '../../src/shared/template';
import type { ViewSettings } from '../../src/core/table/tableView';
import { GERMAN, viewSettings } from './viewSettings';
import { fixture, scratchFolder } from './fixtures';

const WORKER = path.join(__dirname, '../../src/core/table/worker/tableWorker.js');
const PRICES = path.join(__dirname, '../../src/core/pricing/listPrices.js');
describe('the core’s warnings and read errors in the display language', () => {
  const files = scratchFolder('langdock-l10n-');
  const workers: WorkerTable[] = [];
  const open = async (csvPath: string, l10n: ViewSettings['l10n']) => {
    const worker = new WorkerTable(WORKER);
    workers.push(worker);
    await worker.open({ csvPath, hints: { type: 'models' }, pricesScript: PRICES }, viewSettings(l10n));
    return (await worker.shown())!;
  };
  afterEach(() => workers.splice(0).forEach((w) => w.dispose()));

  it('shows a ragged file’s warnings in German, counted with the German templates', async () => {
    const shown = await open(fixture('odd-ragged.csv'), GERMAN);
    assert.deepEqual(shown.warnings, [
      '2 Zeilen hatten weniger Zellen als die Kopfzeile; die fehlenden Zellen werden leer angezeigt.',
      '1 Zeile hatte mehr Zellen als die Kopfzeile; die überzähligen Zellen wurden ausgelassen.',
    ]);
  });

  it('writes a loaded table’s warnings (a trend’s period, the organisation) in the worker’s language too', async () => {
    const worker = new WorkerTable(WORKER, GERMAN);
    workers.push(worker);
    const { table } = await worker.load(fixture('odd-ragged.csv'), { type: 'models' });
    assert.equal(
      table.warnings[0],
      '2 Zeilen hatten weniger Zellen als die Kopfzeile; die fehlenden Zellen werden leer angezeigt.',
    );
  });

  it('names a column with cells that are not numbers by its German label', async () => {
    const csv = await files.write(
      'not-numbers.csv',
      'period_start,period_end,name,provider,requests\n' +
        '2026-10-01,2026-10-31,gpt-4.1,openai,100\n' +
        '2026-10-01,2026-10-31,o3,openai,1,234\n' +
        '2026-10-01,2026-10-31,o3,openai,many\n' +
        '2026-10-01,2026-10-31,o3,openai,7\n',
    );
    const german = await open(csv, GERMAN);
    const requests = GERMAN['Requests'];
    assert.ok(requests && requests !== 'Requests');
    assert.ok(
      german.warnings.includes(
        `1 Zelle der Spalte 5 (${requests}) ist keine Zahl; sie wurde bei den Summen ausgelassen.`,
      ),
      german.warnings.join('\n'),
    );
    const english = await open(csv, undefined);
    assert.ok(
      english.warnings.includes('1 cell of column 5 (Requests) is not a number; it was left out of the totals.'),
      english.warnings.join('\n'),
    );
  });

  it('says in German that the file changed on disk when a page of its rows is read back', async () => {
    const csv = await files.write('changing.csv', 'name,requests\ngpt-4.1,1\no3,2\n');
    const worker = new WorkerTable(WORKER);
    workers.push(worker);
    await worker.open({ csvPath: csv, hints: { type: 'models' }, pricesScript: PRICES }, viewSettings(GERMAN));
    await appendFile(csv, 'o4,3\n');
    await assert.rejects(worker.page(0, 1), (error: Error) => {
      const reason = reasonOf(error);
      assert.ok(reason, 'the reason crosses from the worker');
      assert.equal(localize(reason, english), error.message);
      assert.equal(
        localize(reason, bundleLocalize(GERMAN)),
        GERMAN['The file changed on disk since it was read; reopen it to see the new rows.'],
      );
      return true;
    });
  });

  it('says in German why a file is not a CSV', async () => {
    const csv = await files.write('open-quote.csv', 'name,requests\ngpt-4.1,1\n"o3,2\n');
    await assert.rejects(open(csv, GERMAN), (error: Error) => {
      assert.equal(
        error.message,
        'Die Datei ist keine gültige CSV: Ein in Zeile 3 geöffnetes Anführungszeichen wird nie geschlossen.',
      );
      return true;
    });
  });
});

describe('an API error’s reason in the display language', () => {
  const RANGE = {
    from: { date: '2026-10-01T00:00:00.000Z', timezone: 'UTC' },
    to: { date: '2026-10-07T23:59:59.999Z', timezone: 'UTC' },
  };
  const failure = (baseUrl: string, proxy: ProxySettings = {}) =>
    new LangdockClient({ baseUrl, apiKey: () => 'test-key-1234', network: { proxy }, sleep: () => Promise.resolve() })
      .requestExport('models', RANGE)
      .then(
        () => assert.fail('the request cannot succeed'),
        (error: unknown) => {
          assert.ok(error instanceof LangdockApiError);
          assert.equal(localize(error.reason, english), error.message, 'the message is the English reason');
          return localize(error.reason, bundleLocalize(GERMAN));
        },
      );

  it('says in German that a connection was refused, naming the host and the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    assert.equal(await failure(`http://127.0.0.1:${port}`), `Verbindung abgelehnt (127.0.0.1:${port}, ECONNREFUSED)`);
  });

  it('names an unreachable proxy in German, the proxy’s description inside the reason too', async () => {
    assert.equal(
      await failure('http://127.0.0.2:1', { env: { HTTP_PROXY: 'http://127.0.0.1:9' } }),
      'Verbindung abgelehnt (Proxy 127.0.0.1:9 aus HTTP_PROXY, ECONNREFUSED)',
    );
  });
});
