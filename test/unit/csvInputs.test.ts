/**
 * The inputs real tools write, each built here byte by byte, through the real entry points: every one is read
 * right, or the table carries a warning that says what was left out or guessed. The rule the README states is
 * checked on each (`accountingProblems`).
 */
import * as assert from 'node:assert/strict';
import { parseCsv, readCsvFile } from '../../src/core/table/csvTable';
import { indexCsvFile } from '../../src/core/table/rowSource';
import { DERIVED_KEYS } from '../../src/core/table/derived';
import { buildUsageTable, loadUsageTable } from '../../src/core/table/totals';
import type { TableHints } from '../../src/core/table/tablePlan';
import type { UsageTable } from '../../src/shared/tableModel';
import { accountingProblems } from './accounting';
import { scratchFolder } from './fixtures';
import { cell } from './totalsCells';

/** How many rows the grand total of column `key` leaves out (0 when complete). */
function grandUnknown(table: UsageTable, key: string): number {
  const index = table.totals.columns.findIndex((c) => c.key === key);
  return table.totals.grandUnknown?.[index] ?? 0;
}

describe('CSV inputs real tools write: read right, or warned about', () => {
  const { write } = scratchFolder('langdock-inputs-');
  /** The file through the host's entry point, its rows read back, and the in-memory path: all must agree. */
  async function load(name: string, content: string | Buffer, hints: TableHints = {}) {
    const file = await write(name, content);
    const { table, rows } = await loadUsageTable(file, hints);
    const encoding = hints.encoding ? { encoding: hints.encoding } : {};
    const parsed = await readCsvFile(file, encoding);
    assert.deepEqual(await rows.page(0, rows.total), parsed.rows, `${name}: rows read back`);
    assert.deepEqual(buildUsageTable(await parseCsv(Buffer.from(content), encoding), hints), table, name);
    assert.deepEqual(accountingProblems(parsed.rows, table), [], `${name}: every cell counted or reported`);
    return { table, parsed, file };
  }

  const MODELS = [
    'name,provider,bring_your_keys,requests,total_cost_usd',
    'gpt-4o,OpenAI,false,100,1.50',
    'gpt-4o,OpenAI,false,200,2.50',
    'claude,Anthropic,true,300,3.00',
    'mistral,Mistral,false,400,4.00',
  ];

  describe('line endings', () => {
    for (const [what, header, rows] of [
      ['CRLF header, LF rows', '\r\n', '\n'],
      ['LF header, CRLF rows', '\n', '\r\n'],
      ['CR only', '\r', '\r'],
    ] as const) {
      it(`reads ${what} (a file appended to on another system) as a clean file`, async () => {
        const content = MODELS[0] + header + MODELS.slice(1).join(rows) + rows;
        const { table, parsed } = await load(`endings-${what}.csv`, content);
        assert.equal(parsed.rowCount, 4);
        assert.deepEqual(table.warnings, []);
        assert.deepEqual(
          table.totals.rows.map((r) => r.cells[0]),
          ['gpt-4o', 'claude', 'mistral'],
        );
        assert.equal(cell(table, 'total', 'requests'), '1000');
        assert.equal(cell(table, 'total', 'total_cost_usd'), '11');
        assert.equal(table.columns[4].format, 'usd');
        assert.ok(parsed.rows.every((r) => !r.some((c) => c?.includes('\r'))));
      });
    }
  });

  describe('encodings', () => {
    const text = 'name,requests\r\nMüller,1\r\nCafé,2\r\n"Zoë, the\r\nsecond",3\r\n';
    const expected = [
      ['Müller', '1'],
      ['Café', '2'],
      ['Zoë, the\r\nsecond', '3'],
    ];

    it('reads UTF-16 BE with a BOM, from the start and from every checkpoint', async () => {
      const be = Buffer.from('\ufeff' + text, 'utf16le').swap16();
      const file = await write('be.csv', be);
      const t = await readCsvFile(file);
      assert.deepEqual(t.headers, ['name', 'requests']);
      assert.deepEqual(t.rows, expected);
      assert.deepEqual(t.warnings, []);
      for (const stride of [1, 2]) {
        const { rows } = await indexCsvFile(file, { row: () => undefined }, {}, stride);
        for (let start = 0; start < 3; start++)
          assert.deepEqual(await rows.page(start, 2), expected.slice(start, start + 2));
      }
      // One byte at a time: the byte pairs are swapped across chunk boundaries.
      assert.deepEqual((await parseCsv(be)).rows, expected);
    });

    it('keeps UTF-8 with and without BOM and UTF-16 LE with BOM as they were', async () => {
      for (const bytes of [Buffer.from(text), Buffer.from('\ufeff' + text), Buffer.from('\ufeff' + text, 'utf16le')]) {
        const t = await parseCsv(bytes);
        assert.deepEqual(t.rows, expected);
        assert.deepEqual(t.warnings, []);
      }
    });

    it('reads a file that is not UTF-8 as Windows-1252 with a note, pages included', async () => {
      // What Excel on a German Windows writes: ü, é and € as single bytes.
      const cp1252 = Buffer.from('name,requests\r\nM\xfcller,1\r\nCaf\xe9,2\r\n\x80 \x93quoted\x94,3\r\n', 'latin1');
      const file = await write('cp1252.csv', cp1252);
      const t = await readCsvFile(file);
      const rows = [
        ['Müller', '1'],
        ['Café', '2'],
        ['€ “quoted”', '3'],
      ];
      assert.deepEqual(t.rows, rows);
      assert.deepEqual(t.warnings, ['The file is not valid UTF-8: it was read as Windows-1252.']);
      const { table, rows: source } = await loadUsageTable(file);
      assert.deepEqual(table.warnings, t.warnings);
      assert.deepEqual(await source.page(1, 2), rows.slice(1));
      const { rows: strided } = await indexCsvFile(file, { row: () => undefined }, {}, 1);
      assert.deepEqual(await strided.page(2, 1), rows.slice(2));
      assert.deepEqual((await parseCsv(cp1252)).rows, rows);
    });

    it('detects bytes that are not UTF-8 far into a large file', async () => {
      const filler = 'x,1\n'.repeat(400_000); // more than one 1 MiB read
      const file = await write(
        'late.csv',
        Buffer.concat([Buffer.from('a,b\n' + filler), Buffer.from('K\xf6ln,2\n', 'latin1')]),
      );
      const t = await readCsvFile(file);
      assert.equal(t.rows[t.rowCount - 1][0], 'Köln');
      assert.equal(t.warnings[0], 'The file is not valid UTF-8: it was read as Windows-1252.');
    });

    it('follows the encoding set for the file (files.encoding), and a BOM over it', async () => {
      const cp1252 = Buffer.from('name,requests\nM\xfcller,1\n', 'latin1');
      const told = await parseCsv(cp1252, { encoding: 'windows1252' });
      assert.deepEqual(told.rows, [['Müller', '1']]);
      assert.deepEqual(told.warnings, []);
      const utf8 = await parseCsv(cp1252, { encoding: 'utf8' });
      assert.deepEqual(utf8.rows, [['M\ufffdller', '1']]);
      assert.match(utf8.warnings[0], /not valid UTF-8/);
      const le = await parseCsv(Buffer.from('a,b\n1,2\n', 'utf16le'), { encoding: 'utf16le' });
      assert.deepEqual(le.rows, [['1', '2']]);
      const bom = await parseCsv(Buffer.from('\ufeffa,b\nü,2\n'), { encoding: 'windows1252' });
      assert.deepEqual(bom.rows, [['ü', '2']]);
      const { table } = await load('told.csv', cp1252, { encoding: 'windows1252' });
      assert.equal(table.totals.rows[0].cells[0], 'Müller');
    });
  });

  describe('quoting', () => {
    it('removes spaces outside quotes (the cell is B) and says so', async () => {
      const t = await parseCsv('a,b,c\nA,"B" ,C\nA, "B, b",C\n');
      assert.deepEqual(t.rows, [
        ['A', 'B', 'C'],
        ['A', 'B, b', 'C'],
      ]);
      assert.deepEqual(t.warnings, [
        // csv-parse reads ` "B, b"` as a quoted field itself; the spaces after `"B"` are the reader's repair.
        '1 cell had spaces after its closing quote (as in "B" ,); the spaces and quotes were removed.',
      ]);
      const numbers = await parseCsv('name,requests\nx, "12" \n');
      assert.deepEqual(numbers.rows, [['x', '12']]);
    });

    it('reads a quote in the middle of an unquoted cell (a"b) as text, and names its line in a warning', async () => {
      const t = await parseCsv('name,requests\nclaude,1\nmodel a"b,2\n12" screen,3\n');
      assert.deepEqual(t.rows, [
        ['claude', '1'],
        ['model a"b', '2'],
        ['12" screen', '3'],
      ]);
      assert.deepEqual(t.warnings, [
        '2 quotes are in the middle of a cell (as in a"b or "a"b), the first on line 3; they were read as part of the text.',
      ]);
      const one = await load('stray-middle.csv', 'name,requests\r\na"b,1\r\nc,2\r\n');
      assert.deepEqual(one.table.warnings, [
        'Line 2 has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.',
      ]);
      assert.equal(one.parsed.rowCount, 2);
    });

    it('reads text after a quoted cell\'s closing quote ("a"b) as today, and names its line in a warning', async () => {
      const content = 'name,requests\nclaude,1\n"model a"b,2\n"x" ,3\n';
      const { table, parsed } = await load('stray-closing.csv', content);
      assert.deepEqual(parsed.rows, [
        ['claude', '1'],
        ['"model a"b', '2'],
        ['x', '3'],
      ]);
      // Spaces alone after a closing quote are the reader's repair, said on their own: not a stray quote.
      assert.deepEqual(table.warnings, [
        '1 cell had spaces after its closing quote (as in "B" ,); the spaces and quotes were removed.',
        'Line 3 has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.',
      ]);
      // Across lines: the quoted cell's line break counts, so the warning names the line of the quote itself.
      const many = await parseCsv('name,requests\n"two\nlines"x,1\nok,2\na"b,3\n');
      assert.deepEqual(many.rows[0], ['"two\nlines"x', '1']);
      assert.deepEqual(many.warnings, [
        '2 quotes are in the middle of a cell (as in a"b or "a"b), the first on line 3; they were read as part of the text.',
      ]);
    });

    it('warns of stray quotes in a UTF-16 file too, naming the line', async () => {
      for (const [encoding, bytes] of [
        ['LE', (text: string) => Buffer.from('\ufeff' + text, 'utf16le')],
        ['BE', (text: string) => Buffer.from('\ufeff' + text, 'utf16le').swap16()],
      ] as const) {
        const unquoted = await load(
          `stray-utf16${encoding}.csv`,
          bytes('name,requests\r\nclaude,1\r\nmodel a"b,2\r\n'),
        );
        assert.deepEqual(unquoted.parsed.rows[1], ['model a"b', '2'], encoding);
        assert.deepEqual(
          unquoted.table.warnings,
          ['Line 3 has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.'],
          encoding,
        );
        // (csv-parse, which reads UTF-16, moves a one-byte quote in front of such a cell: its text is garbled, so
        // the warning naming the line is what keeps it from passing unseen.)
        const closing = await load(`stray-closing-utf16${encoding}.csv`, bytes('name,requests\nx,1\n"ä"b,2\n"ö" ,3\n'));
        assert.deepEqual(closing.table.warnings, [
          'Line 3 has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.',
        ]);
      }
    });

    it('warns when a stray quote swallows the line break after the header, pointing at the line', async () => {
      const { table, parsed } = await load('stray-header.csv', 'name,"requests\ngpt,1\nclaude,2\nx,"3"\n');
      assert.equal(parsed.rowCount, 0);
      assert.match(table.warnings[0], /column 2\) holds a line break: a quote on line 1 may be open by mistake/);
    });

    it('warns when one open quote makes the row count far below the line count', async () => {
      const lines = ['name,requests', 'a,1', 'b,"2'];
      for (let i = 0; i < 20; i++) lines.push(`m${i},${i}`);
      lines.push('z,"9"');
      const { table, parsed } = await load('stray-row.csv', lines.join('\n') + '\n');
      assert.equal(parsed.rowCount, 2);
      assert.ok(
        table.warnings.includes(
          'The row starting on line 3 spans 22 lines (the file has 24 lines but 2 rows): a quote there may be open by mistake.',
        ),
        table.warnings.join('\n'),
      );
    });

    it('names the line where a quote that never closes opened', async () => {
      await assert.rejects(parseCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n'), {
        name: 'CsvParseError',
        message: 'The file is not valid CSV: a quote opened on line 3 never closes.',
        line: 3,
      });
    });
  });

  it('reads booleans as one rule: true/false in any case, 1/0 and yes/no make one BYOK part each', async () => {
    const content = [
      'name,provider,bring_your_keys,requests',
      'gpt-4o,OpenAI,TRUE,1',
      'gpt-4o,OpenAI,true,2',
      'gpt-4o,OpenAI,1,3',
      'gpt-4o,OpenAI,yes,4',
      'gpt-4o,OpenAI,False,10',
      'gpt-4o,OpenAI,0,20',
      'gpt-4o,OpenAI,no,30',
    ].join('\n');
    const { table } = await load('booleans.csv', content);
    assert.equal(table.totals.rows.length, 1);
    const parts = table.totals.rows[0].children ?? [];
    const byok = table.totals.columns.findIndex((c) => c.key === 'bring_your_keys');
    const requests = table.totals.columns.findIndex((c) => c.key === 'requests');
    assert.deepEqual(
      parts.map((p) => [p.cells[byok], p.cells[requests]]),
      [
        ['true', '10'],
        ['false', '60'],
      ],
    );
  });

  describe('numbers', () => {
    it('keeps an undocumented numeric column with a few text cells in the totals and warns about them', async () => {
      const content = 'name,requests,reasoning_tokens\na,1,100\nb,2,n/a\nc,3,300\nd,4,-\ne,5,5\nf,6,\n';
      const { table } = await load('mixed-numbers.csv', content);
      assert.equal(cell(table, 'total', 'reasoning_tokens'), '405');
      assert.equal(grandUnknown(table, 'reasoning_tokens'), 3, '2 text cells and 1 empty one');
      assert.deepEqual(table.warnings, [
        '2 cells of column 3 (Reasoning tokens) are not numbers; they were left out of the totals.',
      ]);
    });

    it('names a column in a warning by a label of at most 40 characters, whatever the header', async () => {
      const long = 'tokens'.repeat(50);
      const { table } = await load('long-name.csv', `name,${long}\na,1\nb,2\nc,x\n`);
      assert.equal(table.warnings.length, 1);
      assert.match(table.warnings[0], /^1 cell of column 2 \(Tokenstokens\S{27}…\) is not a number;/);
    });

    it('leaves numbers with thousands separators out, saying so, in documented and undocumented columns', async () => {
      const content = 'name,requests,reasoning_tokens\na,"1,234",10\nb,5,"2,000"\nc,6,"3,000"\n';
      const { table } = await load('thousands.csv', content);
      assert.equal(cell(table, 'total', 'requests'), '11');
      assert.equal(grandUnknown(table, 'requests'), 1);
      assert.equal(cell(table, 'total', 'reasoning_tokens'), '10');
      assert.deepEqual(table.warnings, [
        '1 cell of column 2 (Requests) is not a number (it uses thousands separators, such as 1,234, which may also mean 1.234); it was left out of the totals.',
        '2 cells of column 3 (Reasoning tokens) are not numbers (they use thousands separators, such as 1,234, which may also mean 1.234); they were left out of the totals.',
      ]);
    });
  });

  it('recognises header names whatever their case and surrounding spaces, keeping the file as it is', async () => {
    const content = [
      'Name, Requests ,PROVIDER,Total_Cost_USD',
      'gpt-4o,10,OpenAI,1',
      'gpt-4o,30,OpenAI,2',
      'claude,5,Anthropic,3',
    ];
    const { table, parsed } = await load('header-case.csv', content.join('\n'));
    assert.equal(table.exportType, 'models');
    assert.deepEqual(parsed.headers, ['Name', 'Requests ', 'PROVIDER', 'Total_Cost_USD']);
    assert.deepEqual(
      table.columns.map((c) => [c.key, c.label]),
      [
        ['name', 'Name'],
        ['requests', 'Requests'],
        ['provider', 'Provider'],
        ['total_cost_usd', 'Cost (USD)'],
      ],
    );
    assert.equal(table.totals.rows.length, 2);
    assert.equal(cell(table, 'gpt-4o', 'requests'), '40');
    assert.equal(cell(table, 'gpt-4o', DERIVED_KEYS.costPer1k), '75');
  });

  it('reads the first of duplicate headers as the documented column, totals both and names them', async () => {
    const content = ['name,requests,total_cost_usd,requests', 'a,10,1,1000', 'b,30,3,3000'].join('\n');
    const { table } = await load('duplicates.csv', content);
    assert.deepEqual(
      table.columns.map((c) => [c.key, c.label]),
      [
        ['name', 'Name'],
        ['requests', 'Requests'],
        ['total_cost_usd', 'Cost (USD)'],
        ['requests#4', 'Requests (column 4)'],
      ],
    );
    assert.equal(cell(table, 'total', 'requests'), '40');
    assert.equal(cell(table, 'total', 'requests#4'), '4000');
    // Cost per 1k requests reads the first `requests`: 4 × 1000 / 40.
    assert.equal(cell(table, 'total', DERIVED_KEYS.costPer1k), '100');
    assert.deepEqual(table.warnings, [
      '1 column name appears more than once in the header: "requests" (columns 2, 4). Both are kept; the first is the one derived columns read.',
    ]);
  });

  it('marks a total that leaves out empty cells as partial, on the entity, its parts and the grand total', async () => {
    const content = [
      'name,provider,source,requests,total_cost_usd',
      'gpt-4o,OpenAI,chat,1000,',
      'gpt-4o,OpenAI,chat,2000,2',
      'gpt-4o,OpenAI,api,2000,3',
      'claude,Anthropic,chat,,',
      'claude,Anthropic,api,,',
    ].join('\n');
    const { table } = await load('partial.csv', content);
    const cost = table.totals.columns.findIndex((c) => c.key === 'total_cost_usd');
    const per1k = table.totals.columns.findIndex((c) => c.key === DERIVED_KEYS.costPer1k);
    const gpt = table.totals.rows[0];
    assert.equal(gpt.cells[cost], '5');
    assert.equal(gpt.unknown?.[cost], 1, '1 of 3 rows has no cost');
    assert.equal(gpt.unknown?.[per1k], 1, 'the ratio of a partial total is partial');
    assert.deepEqual(
      gpt.children?.map((c) => c.unknown?.[cost] ?? 0),
      [1, 0],
    );
    const claude = table.totals.rows[1];
    assert.equal(claude.cells[cost], null, 'no value at all is n/a, not a partial 0');
    assert.equal(claude.unknown, undefined);
    assert.equal(table.totals.grandTotal[cost], '5');
    assert.equal(table.totals.grandUnknown?.[cost], 3, '3 of 5 rows have no cost');
    assert.equal(grandUnknown(table, 'requests'), 2);
  });
});
