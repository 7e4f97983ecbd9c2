/**
 * The tokenizer against its oracle, csv-parse with the same options: random CSVs from an alphabet biased to the
 * characters that decide (quotes, commas, CR, LF, spaces, tabs, form feeds, NULs, multi-byte UTF-8, BOMs), cut
 * into random chunks (inside multi-byte characters and inside CRLF too), must give the same records, the same byte
 * offset and line for each record, the same error and the same encoding. Seeded: a failure prints its seed, case
 * and input, and reruns alone with CSV_FUZZ_SEED=<seed> CSV_FUZZ_CASE=<case>.
 */
import * as assert from 'node:assert/strict';
import { Parser } from 'csv-parse';
import { CsvSyntaxError, PARSE_OPTIONS, type ParseEncoding, createRecordReader } from '../../src/core/csv/csvTokenizer';
import { Rng } from '../sandbox/random';

const SEED = Number(process.env.CSV_FUZZ_SEED ?? 20261202);
const CASES = 6000;

interface Outcome {
  records: { fields: string[]; end: number; line: number }[];
  error?: { code: string; lines: number };
  encoding: string;
}

/** csv-parse fed the same chunks, through the parser its stream uses, reading `info` as each record is pushed. */
function oracle(chunks: readonly Buffer[], encoding: ParseEncoding, bom: boolean): Outcome {
  const api = (
    new Parser({ ...PARSE_OPTIONS, encoding, bom }) as unknown as {
      api: {
        parse(b: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): unknown;
        info: { bytes: number; lines: number };
        options: { encoding: string };
      };
    }
  ).api;
  const out: Outcome = { records: [], encoding };
  const push = (fields: string[]) => out.records.push({ fields, end: api.info.bytes, line: api.info.lines });
  for (const chunk of [...chunks, undefined]) {
    const err = api.parse(chunk, chunk === undefined, push, () => undefined) as { code: string } | undefined;
    if (err) {
      out.error = { code: err.code, lines: api.info.lines };
      break;
    }
  }
  out.encoding = api.options.encoding;
  return out;
}

function ours(chunks: readonly Buffer[], encoding: ParseEncoding, bom: boolean): Outcome {
  const out: Outcome = { records: [], encoding };
  const reader = createRecordReader({ encoding, bom }, (fields, end, line) => {
    out.records.push({ fields, end, line });
  });
  try {
    for (const chunk of chunks) reader.write(chunk);
    reader.end();
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    out.error = { code: err.code, lines: err.lines };
  }
  out.encoding = reader.encoding;
  return out;
}

/** Weighted towards what changes a parse; whole tokens, so CRLF and `""` come often. */
const TOKENS: readonly (string | Buffer)[] = [
  '"',
  '"',
  '"',
  '""',
  ',',
  ',',
  ',',
  '\r',
  '\n',
  '\n',
  '\r\n',
  '\r\n',
  ' ',
  ' ',
  '\t',
  '\f',
  '\0',
  'a',
  'a',
  'bc',
  '12.5',
  'é',
  '€',
  '😀',
  '\uFEFF',
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]), // a cut-off multi-byte character
  Buffer.from([0x80]),
];

function randomCsv(rng: Rng): Buffer {
  const parts: Buffer[] = [];
  const start = rng.next();
  if (start < 0.15) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  else if (start < 0.18) parts.push(Buffer.from([0xff, 0xfe]));
  else if (start < 0.2) parts.push(Buffer.from([0xef, 0xbb]));
  const count = rng.next() < 0.1 ? rng.int(100, 400) : rng.int(0, 40);
  for (let i = 0; i < count; i++) {
    const token = rng.pick(TOKENS);
    parts.push(typeof token === 'string' ? Buffer.from(token, 'utf8') : token);
  }
  return Buffer.concat(parts);
}

/** Cuts anywhere: one piece, single bytes, or random sizes (splitting CRLF, `""` and multi-byte characters). */
function randomChunks(rng: Rng, bytes: Buffer): Buffer[] {
  const mode = rng.int(0, 3);
  if (mode === 0 || bytes.length === 0) return [bytes];
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = mode === 1 ? 1 : rng.int(1, mode === 2 ? 4 : 64);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  // An empty chunk now and then, as a stream may deliver one.
  if (rng.next() < 0.1) chunks.splice(rng.int(0, chunks.length), 0, Buffer.alloc(0));
  return chunks;
}

function show(bytes: Buffer): string {
  return JSON.stringify(bytes.toString('latin1'));
}

describe('csvTokenizer: the same records as csv-parse', () => {
  it(`agrees with csv-parse on ${CASES} random CSVs in random chunks (records, offsets, lines, errors)`, function () {
    this.timeout(20_000);
    const only = process.env.CSV_FUZZ_CASE === undefined ? undefined : Number(process.env.CSV_FUZZ_CASE);
    const rng = new Rng(SEED);
    let errors = 0;
    let records = 0;
    for (let i = 0; i < CASES; i++) {
      const bytes = randomCsv(rng);
      const chunks = randomChunks(rng, bytes);
      const encoding: ParseEncoding = rng.next() < 0.8 ? 'utf8' : 'latin1';
      const bom = rng.next() < 0.7;
      if (only !== undefined && i !== only) continue;
      const expected = oracle(chunks, encoding, bom);
      const actual = ours(chunks, encoding, bom);
      assert.deepEqual(
        actual,
        expected,
        `seed ${SEED} case ${i} (${encoding}, bom ${bom}, ${chunks.length} chunks: ${chunks.length > 20 ? 'random' : chunks.map((c) => c.length).join('+')}): ${show(bytes)}`,
      );
      if (expected.error) errors++;
      records += expected.records.length;
    }
    // The corpus reaches every outcome: many records, and quotes that never close.
    assert.ok(records > CASES, `${records} records`);
    assert.ok(errors > CASES / 20, `${errors} errors`);
  });

  it('reads the cases that decide the line count and the offsets', () => {
    const cases: [string, string[][], number[], number[]][] = [
      // input, records, end offsets, lines
      ['a,b\r\nc,d\n\ne\rf', [['a', 'b'], ['c', 'd'], ['e'], ['f']], [5, 9, 12, 13], [1, 2, 4, 5]],
      ['"x\r\ny",z\n', [['x\r\ny', 'z']], [9], [3]],
      ['  "a ""b""" ,c\n', [['"a "b"" ', 'c']], [15], [1]],
      ['"a"\0b,"",\f x\n', [['a\0b', '', 'x']], [13], [1]],
      ['\uFEFFh\n \t\n"', [['h']], [5], [1]],
    ];
    for (const [input, rows, ends, lines] of cases) {
      const out = ours([Buffer.from(input)], 'utf8', true);
      assert.deepEqual(out, oracle([Buffer.from(input)], 'utf8', true), input);
      assert.deepEqual(
        out.records.map((r) => r.fields),
        rows,
        input,
      );
      assert.deepEqual(
        out.records.map((r) => r.end),
        ends,
        input,
      );
      assert.deepEqual(
        out.records.map((r) => r.line),
        lines,
        input,
      );
    }
  });

  it('agrees on large chunks, read in windows (fields, CRLF and quotes cut at window edges)', () => {
    const rng = new Rng(SEED + 1);
    const bytes = Buffer.concat(
      Array.from({ length: 40 }, () => randomCsv(rng)).flatMap((b) => [b, Buffer.from('\n')]),
    );
    const big = Buffer.concat(Array.from({ length: Math.ceil(300_000 / bytes.length) }, () => bytes));
    for (const size of [big.length, 65_535, 65_537, 200_000]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < big.length; at += size) chunks.push(big.subarray(at, at + size));
      assert.deepEqual(ours(chunks, 'utf8', true), oracle(chunks, 'utf8', true), `chunks of ${size}`);
    }
  });

  it('stops at once when the handler says so', () => {
    const seen: string[][] = [];
    const reader = createRecordReader({ encoding: 'utf8', bom: true }, (fields) => {
      seen.push(fields);
      return seen.length < 2;
    });
    reader.write(Buffer.from('a\nb\nc\nd'));
    reader.end();
    assert.deepEqual(seen, [['a'], ['b']]);
  });
});
