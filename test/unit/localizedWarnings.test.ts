/**
 * The core's file warnings and read errors reach the German UI in German: the table worker reads the file with the
 * l10n bundle of the settings it is opened at (VS Code's, passed in), as it localizes the column labels; without a
 * bundle they stay English (the command line, the other tests).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { WorkerTable } from '../../src/core/table/workerTable';
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
