/**
 * The report worker (what Save Report… runs, off the extension host): given plain data, it writes the same file the
 * in-process report writes, in the display language of the bundle it is sent, pricing from the price list's script.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import { writeReport } from '../../src/core/report/reportJob';
import type { ReportWorkerData } from '../../src/core/report/reportWorker';
import { writeReportInWorker } from '../../src/core/report/reportWorkerClient';
import { fillTemplate } from '../../src/shared/template';
import { fixture, scratchFolder } from './fixtures';

const OUT_SRC = path.resolve(__dirname, '../../src');
const bundle = JSON.parse(readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.de.json'), 'utf8')) as Record<
  string,
  string
>;

describe('the report worker', function () {
  this.timeout(30000);
  const scratch = scratchFolder('langdock-report-worker-');

  it('writes in its thread what the in-process report writes, in German', async () => {
    const now = '2026-12-07T10:00:00.000Z';
    const request = {
      kind: 'table' as const,
      csvPath: fixture('models-byok.csv'),
      hints: { type: 'models' as const },
      facts: { type: 'models' as const, host: 'api.example.test' },
    };
    const data: ReportWorkerData = {
      request,
      format: 'md',
      outPath: await scratch.write('worker.md', ''),
      pricesScript: path.join(OUT_SRC, 'core/pricing/listPrices.js'),
      pricing: {
        userPrices: new Map([['gpt-4.1', { prices: { input: '1', output: '2' } }]]),
        costSource: 'calculate',
        problems: [],
      },
      bundle,
      locale: 'de',
      minGroupSize: 5,
      includeNames: false,
      generator: 'Langdock Usage for VS Code test',
      now,
    };
    const written = await writeReportInWorker(path.join(OUT_SRC, 'core/report/reportWorker.js'), data);
    assert.equal(written.path, data.outPath);
    const inProcess = await scratch.write('host.md', '');
    await writeReport(request, {
      format: 'md',
      outPath: inProcess,
      pricing: () => ({ book: createPriceBook(), ...data.pricing }),
      ctx: {
        t: (template, ...args) => fillTemplate(bundle[template] ?? template, args),
        locale: 'de',
        minGroupSize: 5,
        includeNames: false,
        generator: data.generator,
        now: new Date(now),
      },
    });
    const text = await readFile(written.path, 'utf8');
    assert.equal(text, await readFile(inProcess, 'utf8'));
    assert.equal(written.bytes, Buffer.byteLength(text));
    assert.match(text, /^# Nutzung nach Modell$/m);
    assert.match(text, /Ihr Preis aus den Einstellungen/, 'the user price is applied in the worker');
  });

  it('reports a failure as an error, not a hang', async () => {
    await assert.rejects(
      writeReportInWorker(path.join(OUT_SRC, 'core/report/reportWorker.js'), {
        request: { kind: 'table', csvPath: fixture('no-such.csv'), hints: {}, facts: { type: 'unknown' } },
        format: 'html',
        outPath: path.join(OUT_SRC, 'never.html'),
        pricesScript: path.join(OUT_SRC, 'core/pricing/listPrices.js'),
        pricing: { userPrices: new Map(), costSource: 'auto', problems: [] },
        bundle: undefined,
        locale: 'en',
        minGroupSize: 5,
        includeNames: false,
        generator: 'test',
        now: new Date().toISOString(),
      }),
      /no-such\.csv|ENOENT/,
    );
  });
});
