import * as assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { utimes, appendFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'csv-parse';
import { indexCsv } from '../../src/core/csv/csvReader';
import { parseCsv, readCsvFile } from '../../src/core/table/csvTable';
import { CsvFileChangedError, indexCsvFile, type RowSource } from '../../src/core/table/rowSource';
import { buildUsageTable, loadUsageTable } from '../../src/core/table/totals';
import { Rng } from '../sandbox/random';
import { FIXTURES_DIR, fixture, scratchFolder } from './fixtures';

async function index(file: string, stride?: number): Promise<RowSource> {
  return (await indexCsvFile(file, { row: () => undefined }, undefined, stride)).rows;
}

/**
 * Every page of `sizes` rows, at every start, equals the same slice of a full in-memory parse of the file's bytes
 * (and a page at or past the end is empty).
 */
async function assertPagesMatch(file: string, strides: readonly number[], sizes: readonly number[]): Promise<void> {
  const expected = (await parseCsv(readFileSync(file))).rows;
  for (const stride of strides) {
    const rows = await index(file, stride);
    const what = `${path.basename(file)}, stride ${stride}`;
    assert.equal(rows.total, expected.length, what);
    for (const size of sizes) {
      for (let start = 0; start < expected.length; start++) {
        assert.deepEqual(
          await rows.page(start, size),
          expected.slice(start, start + size),
          `${what}, rows ${start}+${size}`,
        );
      }
    }
    assert.deepEqual(await rows.page(expected.length, 10), [], what);
  }
}

/** A CSV cell as a careful writer quotes it. */
function quote(text: string): string {
  return /[",\r\n]/.test(text) || text.startsWith('\ufeff') ? `"${text.replace(/"/g, '""')}"` : text;
}

describe('RowSource (pages read back from the file)', () => {
  const { write } = scratchFolder('langdock-rows-');

  it('gives every page of every fixture exactly as a full parse does, at any checkpoint spacing', async () => {
    const files = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.csv'));
    assert.ok(files.length >= 20);
    for (const f of files) await assertPagesMatch(fixture(f), [1, 2, 3, 1000], [1, 2, 5, 1000]);
  });

  it('notes the offsets csv-parse itself reports for each record (its info option)', async () => {
    for (const f of ['odd-bom-crlf.csv', 'odd-quoted.csv', 'users.csv', 'odd-ragged.csv']) {
      const offsets: number[] = [];
      await new Promise((resolve, reject) => {
        const parser = parse({
          bom: true,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          info: true,
        });
        parser.on('data', ({ info }: { info: { bytes: number } }) => offsets.push(info.bytes));
        parser.on('end', resolve).on('error', reject);
        parser.end(readFileSync(fixture(f)));
      });
      const { checkpoints } = await indexCsv(createReadStream(fixture(f)), { row: () => undefined }, 1);
      assert.deepEqual(checkpoints.offsets, offsets, f);
    }
  });

  it('resumes right before quoted multi-line cells, in CRLF with a BOM, with blank lines and ragged rows', async () => {
    const lines = ['name,note,requests'];
    for (let i = 0; i < 60; i++) {
      // Every third row starts with a quoted cell holding line ends of both kinds; checkpoints of stride 3 land there.
      const name = i % 3 === 0 ? `"multi\r\nline\n${i}"` : `row ${i} é😀`;
      const tail = i % 5 === 0 ? '' : i % 7 === 0 ? ',x,1,extra' : `,"say ""hi"", ${i}",${i}`;
      lines.push(name + tail);
      if (i % 11 === 0) lines.push('');
    }
    const crlf = await write('crlf-bom.csv', '\ufeff' + lines.join('\r\n') + '\r\n');
    const lf = await write('lf.csv', lines.join('\n'));
    for (const file of [crlf, lf]) await assertPagesMatch(file, [1, 2, 3, 7, 1000], [1, 4, 60]);
    const rows = await index(crlf, 3);
    assert.deepEqual((await rows.page(3, 1))[0], ['multi\r\nline\n3', 'say "hi", 3', '3']);
  });

  it('ends records at CRLF, LF and CR mixed in one file, and reads a U+FEFF at a row start as data', async () => {
    const file = await write('mixed.csv', 'a,b\r\n1,x\ny,7\r\n\ufeff2,z\r3,w\r\n');
    await assertPagesMatch(file, [1, 2], [1, 3]);
    const rows = await index(file, 1);
    assert.deepEqual(await rows.page(0, 5), [
      ['1', 'x'],
      ['y', '7'],
      ['\ufeff2', 'z'],
      ['3', 'w'],
    ]);
  });

  it('reads a UTF-16LE file (BOM) the same way from every checkpoint', async () => {
    const text = 'name,requests\r\n"Zoë, the\r\nsecond",2\r\nb,3\r\nc,4\r\n';
    const file = await write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual((await readCsvFile(file)).rows[0], ['Zoë, the\r\nsecond', '2']);
    await assertPagesMatch(file, [1, 2], [1, 3]);
  });

  it('random CSVs (quotes, commas, line ends, blank lines, ragged rows, multi-byte text): pages equal a full parse', async () => {
    const rng = new Rng(11);
    const pieces = ['a', 'b c', 'é', '😀', ',', '"', '\n', '\r\n', '\r', ' ', '1', '0.5', '\ufeff', ''];
    for (let round = 0; round < 25; round++) {
      const width = rng.int(1, 5);
      const eol = rng.next() < 0.5 ? '\n' : '\r\n';
      const cell = () =>
        quote(Array.from({ length: rng.int(0, 4) }, () => pieces[rng.int(0, pieces.length - 1)]).join(''));
      const lines = [Array.from({ length: width }, (_, i) => `h${i}`).join(',')];
      for (let r = rng.int(0, 80); r > 0; r--) {
        if (rng.next() < 0.05) lines.push('');
        lines.push(Array.from({ length: Math.max(1, width + rng.int(-1, 1)) }, cell).join(','));
      }
      const bom = rng.next() < 0.3 ? '\ufeff' : '';
      const file = await write(`random-${round}.csv`, bom + lines.join(eol) + (rng.next() < 0.5 ? eol : ''));
      await assertPagesMatch(file, [1, rng.int(2, 9)], [rng.int(1, 10)]);
    }
  });

  it('rejects a page once the file changed since it was read (size, or only the modification time)', async () => {
    const file = await write('changing.csv', 'a,b\n1,2\n3,4\n');
    const grown = await index(file);
    await appendFile(file, '5,6\n');
    await assert.rejects(
      grown.page(0, 1),
      (err: unknown) => err instanceof CsvFileChangedError && err.kind === 'changed',
    );

    const touched = await index(file);
    const { mtime } = await stat(file);
    await utimes(file, mtime, new Date(mtime.getTime() + 5000));
    await assert.rejects(touched.page(0, 1), CsvFileChangedError);
  });

  it('answers pages past the end, of no rows or at a negative start with no rows', async () => {
    const rows = await index(fixture('users.csv'));
    assert.ok(rows.total > 0);
    assert.deepEqual(await rows.page(rows.total, 5), []);
    assert.deepEqual(await rows.page(0, 0), []);
    assert.deepEqual(await rows.page(-1, 5), []);
    assert.equal((await rows.page(rows.total - 1, 5)).length, 1);
  });

  it('rejects a page with the abort reason when the signal fires', async () => {
    const rows = await index(fixture('users.csv'));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(rows.page(0, 5, controller.signal), { name: 'AbortError' });
  });

  it('totals a file whose entity is only known from the column kinds in a second, paged pass', async () => {
    const lines = ['label,value,share'];
    for (let i = 0; i < 25_000; i++) lines.push(`item-${i % 997},${i},0.${i % 10}`);
    const file = await write('unknown-big.csv', lines.join('\n') + '\n');
    const loaded = await loadUsageTable(file);
    const parsed = await parseCsv(readFileSync(file));
    assert.deepEqual(loaded.table, buildUsageTable(parsed));
    assert.equal(loaded.rows.total, 25_000);
    assert.deepEqual(await loaded.rows.page(24_990, 20), parsed.rows.slice(24_990));
  });
});
