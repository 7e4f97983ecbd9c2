/**
 * Reads a CSV as a stream into a typed table: the header as given (BOM and leading spaces stripped), every row as a
 * compact array of cell texts aligned with the header (an empty cell is null), and the kind of each column detected
 * from its values. Records may end in CRLF, LF or CR, mixed in one file; the encoding is detected
 * (`csvEncoding.ts`). What the reader had to repair or guess (spaces outside quotes, a quote that seems open by
 * mistake, a fallback encoding) becomes a warning. Nothing holds the whole file as one string: the tokenizer
 * (`csvTokenizer.ts`, csv-parse's records exactly) consumes chunks, and each finished row is handed to a visitor, so callers can aggregate while the file streams in. The same pass can note where rows start
 * (`indexCsv`), so that any slice of them can be read again later (`readCsvRows`) instead of being kept.
 */
import { createReadStream } from 'node:fs';
import { Readable, addAbortSignal } from 'node:stream';
import type { CellValue } from '../../shared/tableModel';
import { DecimalScanner } from '../../shared/decimal';
import { parseBoolean } from '../../shared/boolean';
import {
  ByteDecoder,
  type CsvEncoding,
  type Decoding,
  WINDOWS_1252,
  fromLatin1,
  initialDecoding,
} from '../csv/csvEncoding';
import { columnName } from '../schema/exportTypes';
import { CsvSyntaxError, type RecordReader, createRecordReader } from '../csv/csvTokenizer';

/** What the values of a column look like. `empty`: no value at all; `text` absorbs everything else. */
export type ColumnKind = 'empty' | 'integer' | 'decimal' | 'boolean' | 'text';

/**
 * Receives the header, then every row in file order. Rows are owned by the receiver from then on. `header` is
 * called again when the file is read a second time from its start (it turned out not to be UTF-8 and is read as
 * Windows-1252): everything seen before is then void.
 */
export interface RowVisitor {
  /** `soFar` reads what the pass has seen up to any moment while it runs (see ReadSoFar). */
  header?(headers: readonly string[], soFar: ReadSoFar): void;
  row(cells: CellValue[]): void;
}

/**
 * The rows a pass has read up to now, for a table shown while a large file still loads: their shape (kinds and
 * count; the warnings come at the end) and the checkpoints to read any of them back.
 */
export interface ReadSoFar {
  shape(): CsvShape;
  checkpoints(): RowCheckpoints;
}

export interface CsvReadOptions {
  signal?: AbortSignal;
  /** The encoding to read with (VS Code's `files.encoding` for the file); a BOM still wins. Detected when absent. */
  encoding?: CsvEncoding;
}

/**
 * How the first pass read a file: the encoding the reader ended up with (a BOM switches it), the byte swap and the
 * Windows-1252 mapping. A later pass that starts at a row boundary reads with the same to see the same rows.
 */
type CsvDialect = Decoding;

/** Where a later pass can start reading rows: row `i * stride` begins at byte `offsets[i]` of the file. */
export interface RowCheckpoints {
  stride: number;
  /** `offsets[0]` is just past the header; empty when the file has no header. */
  offsets: number[];
  dialect: CsvDialect;
  /** The header's width, which every row is padded or cut to. */
  width: number;
}

export interface CsvShape {
  headers: string[];
  kinds: ColumnKind[];
  rowCount: number;
  /** Plain sentences about the file's shape (ragged rows, duplicate headers); never contain cell text. */
  warnings: string[];
}

export interface CsvTable extends CsvShape {
  rows: CellValue[][];
}

/**
 * The file is not a CSV even with every relaxation (a quote that never closes).
 * @internal exported for its unit test
 */
export class CsvParseError extends Error {
  readonly kind = 'parse';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

/** Larger reads than the 64 KiB default mean fewer chunks through the parser; measured in the core benchmark. */
export const READ_CHUNK = 1 << 20;

/**
 * Streams a CSV file into a table. Rejects with the signal's reason when aborted.
 * @internal exported for its unit test
 */
export function readCsvFile(filePath: string, options: CsvReadOptions = {}): Promise<CsvTable> {
  return collect(() => createReadStream(filePath, { highWaterMark: READ_CHUNK }), options);
}

/**
 * The same as `readCsvFile` for text already in memory (tests, small payloads).
 * @internal exported for its unit test
 */
export function parseCsv(input: string | Buffer, options: CsvReadOptions = {}): Promise<CsvTable> {
  return collect(() => Readable.from([input]), options);
}

async function collect(open: () => Readable, options: CsvReadOptions): Promise<CsvTable> {
  let rows: CellValue[][] = [];
  const { shape } = await indexCsv(
    open,
    { header: () => (rows = []), row: (cells) => rows.push(cells) },
    Infinity,
    options,
  );
  return { ...shape, rows };
}

/**
 * The streaming core: feeds `visitor` and resolves with the file's shape once the source ends. Ragged rows are
 * padded with null or cut to the header's width and counted in a warning; a blank line is skipped. A stream can
 * be read once only, so bytes that are not UTF-8 are only warned about here; the entry points that can open the
 * file again read it as Windows-1252.
 * @internal exported for its unit test
 */
export async function streamCsv(
  source: Readable,
  visitor: RowVisitor,
  options: CsvReadOptions = {},
): Promise<CsvShape> {
  return (await indexCsv(source, visitor, Infinity, options)).shape;
}

/**
 * `streamCsv` that also notes where every `stride`-th row starts, so that `readCsvRows` can later read any slice
 * of the rows without the rows being kept. `source` must be the whole file from its first byte; given as a
 * function that opens it, a file that is not UTF-8 is read again from the start as Windows-1252.
 */
export async function indexCsv(
  source: Readable | (() => Readable),
  visitor: RowVisitor,
  stride: number,
  options: CsvReadOptions = {},
): Promise<{ shape: CsvShape; checkpoints: RowCheckpoints }> {
  const open = typeof source === 'function' ? source : () => source;
  const first = await indexPass(open(), visitor, stride, initialDecoding(options.encoding), options.signal);
  if (!first.notUtf8) return first;
  // Only a guess is revised, never an encoding the settings name or a UTF-8 BOM declares.
  if (options.encoding === undefined && !first.utf8Bom && typeof source === 'function') {
    const again = await indexPass(open(), visitor, stride, WINDOWS_1252, options.signal);
    again.shape.warnings.unshift('The file is not valid UTF-8: it was read as Windows-1252.');
    return again;
  }
  first.shape.warnings.unshift('The file is not valid UTF-8: what cannot be read as UTF-8 shows as \ufffd.');
  return first;
}

async function indexPass(
  source: Readable,
  visitor: RowVisitor,
  stride: number,
  decoding: Decoding,
  signal: AbortSignal | undefined,
): Promise<{ shape: CsvShape; checkpoints: RowCheckpoints; notUtf8: boolean; utf8Bom: boolean }> {
  const decoder = new ByteDecoder({ swap: decoding.swap, checkUtf8: decoding.parseAs === 'utf8', sniff: true });
  const index = new RecordIndex(stride);
  let headers: string[] | undefined;
  let shaper: RowShaper | undefined;
  const soFar: ReadSoFar = {
    shape: () => ({
      headers: headers ?? [],
      kinds: shaper?.kinds?.kinds ?? [],
      rowCount: shaper?.rowCount ?? 0,
      warnings: [],
    }),
    checkpoints: () => ({ stride, offsets: index.offsets, dialect: dialect(), width: headers?.length ?? 0 }),
  };
  const reader = createRecordReader({ encoding: decoding.parseAs, bom: true }, (record, end, line) => {
    index.note(end, line);
    if (shaper) {
      visitor.row(shaper.shape(record));
    } else {
      shaper = new RowShaper(record.length, latin1(), new KindTracker(record.length));
      headers = shaper.header(record);
      visitor.header?.(headers, soFar);
    }
  });
  // Known once the BOM is read: the reader switches to UTF-16 LE at an LE BOM (a BE file's, once swapped).
  const latin1 = () => decoding.windows1252 && reader.encoding === 'latin1';
  const dialect = (): CsvDialect => ({ parseAs: reader.encoding, swap: decoder.swapped, windows1252: latin1() });
  await pump(source, decoder, reader, signal, index);
  const header = headers ?? [];
  const shape: CsvShape = {
    headers: header,
    kinds: shaper?.kinds?.kinds ?? [],
    rowCount: shaper?.rowCount ?? 0,
    warnings: [...shapeWarnings(header, shaper), ...index.quoteWarnings(header)],
  };
  const checkpoints = soFar.checkpoints();
  return { shape, checkpoints, notUtf8: decoder.notUtf8, utf8Bom: decoder.utf8Bom };
}

/**
 * Reads rows from a source that starts at a row boundary of a file `indexCsv` has read (a checkpoint), shaped
 * exactly as that first pass shaped them. `visit` returns false to stop reading early.
 */
export function readCsvRows(
  source: Readable,
  checkpoints: Pick<RowCheckpoints, 'dialect' | 'width'>,
  visit: (cells: CellValue[]) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const { dialect, width } = checkpoints;
  // No BOM handling here: a U+FEFF at a row's start is cell text, as it was in the first pass.
  const decoder = new ByteDecoder({ swap: dialect.swap, checkUtf8: false, sniff: false });
  const shaper = new RowShaper(width, dialect.windows1252);
  const reader = createRecordReader({ encoding: dialect.parseAs, bom: false }, (record) => visit(shaper.shape(record)));
  return pump(source, decoder, reader, signal);
}

/** A record spanning at least this many lines, and half the file, is taken for a quote opened by mistake. */
const RUNAWAY_LINES = 10;

/**
 * What the first pass notes about records as they end: the byte offset at which every `stride`-th row starts, and
 * the lines each record spans (the reader gives the line each record ends on, counted as csv-parse counts).
 */
class RecordIndex {
  readonly offsets: number[] = [];
  /** Records read so far; the header is record 0, so row r is record r + 1. */
  private records = 0;
  /** The line the last record ended on, and the record that spans the most lines (where it starts). */
  private lastLine = 0;
  private widest = { line: 0, span: 0 };

  constructor(private readonly stride: number) {}

  /** Record `records` ended: the next one starts at byte `end`; it ended on line `line`. */
  note(end: number, line: number): void {
    // Record r ends where row r begins.
    if (this.records++ % this.stride === 0) this.offsets.push(end);
    if (line - this.lastLine > this.widest.span) this.widest = { line: this.lastLine + 1, span: line - this.lastLine };
    this.lastLine = line;
  }

  /** The line where the record being read (unfinished when a quote never closes) starts. */
  get openLine(): number {
    return this.lastLine + 1;
  }

  /**
   * A quote opened by mistake (a stray `"` at a cell's start) runs on until the next quote, joining lines into one
   * cell: a header name holding a line break, or one row spanning much of the file.
   */
  quoteWarnings(headers: readonly string[]): string[] {
    const warnings: string[] = [];
    const broken = headers.flatMap((h, i) => (/[\r\n]/.test(h) ? [i + 1] : []));
    if (broken.length > 0) {
      warnings.push(
        `The header's ${plural(broken.length, 'column name')} (column ${broken.join(', ')}) ` +
          `${broken.length === 1 ? 'holds' : 'hold'} a line break: a quote on line 1 may be open by mistake, joining the next lines into the header.`,
      );
    }
    const { line, span } = this.widest;
    const lines = this.lastLine;
    if (line > 1 && span >= RUNAWAY_LINES && span * 2 >= lines) {
      warnings.push(
        `The row starting on line ${line} spans ${span} lines (the file has ${lines} lines but ` +
          `${plural(Math.max(0, this.records - 1), 'row')}): a quote there may be open by mistake.`,
      );
    }
    return warnings;
  }
}

/**
 * Feeds `source` through `decoder` into `reader` (whose handler returns false to stop early), and settles when the
 * source is read, stopped, fails or is aborted (with the signal's reason).
 */
function pump(
  source: Readable,
  decoder: ByteDecoder,
  reader: RecordReader,
  signal?: AbortSignal,
  index?: RecordIndex,
): Promise<void> {
  if (signal) addAbortSignal(signal, source);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const stop = () => {
      source.destroy();
      decoder.destroy();
    };
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err === undefined) return resolve();
      stop();
      reject(toParseError(err, index, signal));
    };
    const step = (read: () => void, last: boolean) => {
      if (settled) return;
      try {
        read();
      } catch (err) {
        return settle(err);
      }
      if (last) settle();
      else if (reader.stopped) {
        settle();
        stop();
      }
    };
    decoder.on('data', (chunk: Buffer) => step(() => reader.write(chunk), false));
    decoder.on('end', () => step(() => reader.end(), true));
    source.on('error', settle);
    decoder.on('error', settle);
    source.pipe(decoder);
  });
}

function toParseError(err: unknown, index: RecordIndex | undefined, signal?: AbortSignal): Error {
  const cause: unknown = signal?.aborted ? (signal.reason ?? err) : err;
  if (cause instanceof CsvSyntaxError) {
    if (cause.code === 'CSV_QUOTE_NOT_CLOSED' && index) {
      const line = index.openLine;
      return new CsvParseError(`The file is not valid CSV: a quote opened on line ${line} never closes.`, line);
    }
    return new CsvParseError(`The file is not valid CSV (${cause.code} near line ${cause.lines}).`, cause.lines);
  }
  return cause instanceof Error ? cause : new Error(String(cause));
}

/** A header name is quoted in a warning up to this length. */
const NAME_SHOWN = 40;

function shapeWarnings(headers: readonly string[], shaper: RowShaper | undefined): string[] {
  const warnings: string[] = [];
  const short = shaper?.short ?? 0;
  const long = shaper?.long ?? 0;
  const spaced = shaper?.spaced ?? 0;
  if (headers.length === 0) warnings.push('The file is empty: it has no header row.');
  if (short > 0)
    warnings.push(`${plural(short, 'row')} had fewer cells than the header; the missing cells are shown as empty.`);
  if (long > 0) warnings.push(`${plural(long, 'row')} had more cells than the header; the extra cells were left out.`);
  if (spaced > 0)
    warnings.push(
      `${plural(spaced, 'cell')} had spaces after ${spaced === 1 ? 'its' : 'their'} closing quote (as in "B" ,); ` +
        'the spaces and quotes were removed.',
    );
  const columns = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const name = columnName(h);
    const list = columns.get(name);
    if (list) list.push(i + 1);
    else columns.set(name, [i + 1]);
  });
  const duplicates = [...columns].filter(([, at]) => at.length > 1);
  if (duplicates.length > 0) {
    const named = duplicates.map(([name, at]) => `"${clipName(name)}" (columns ${at.join(', ')})`).join(', ');
    warnings.push(
      `${plural(duplicates.length, 'column name')} ${duplicates.length === 1 ? 'appears' : 'appear'} more than once ` +
        `in the header: ${named}. Both are kept; the first is the one derived columns read.`,
    );
  }
  return warnings;
}

/** A name from the file, short enough for a warning. */
export function clipName(name: string): string {
  return name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN - 1)}…` : name;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Aligns records with the header the same way in every pass: the parser's own array becomes the row (no copy per
 * row), padded with null or cut to the header's width, empty cells null, repeated values pooled, spaces outside
 * quotes removed, Latin-1 read as Windows-1252. With `kinds`, it also detects the column kinds and counts ragged
 * rows and repaired cells.
 */
class RowShaper {
  rowCount = 0;
  short = 0;
  long = 0;
  /** Cells whose quotes had spaces outside them. */
  spaced = 0;
  private readonly pool: StringPool;

  constructor(
    private readonly width: number,
    private readonly windows1252: boolean,
    readonly kinds?: KindTracker,
  ) {
    this.pool = new StringPool(width);
  }

  /** The header record, read like a row's cells (but never null: an empty name is ''). */
  header(record: string[]): string[] {
    return record.map((text) => this.text(text));
  }

  shape(record: string[]): CellValue[] {
    const { width, kinds, pool } = this;
    if (record.length !== width) {
      if (record.length < width) this.short++;
      else this.long++;
      record.length = width; // pads with holes (read as undefined) or drops the extra cells
    }
    const cells = record as CellValue[];
    for (let i = 0; i < width; i++) {
      const raw = record[i];
      if (raw === '' || raw === undefined) {
        cells[i] = null;
      } else {
        const text = this.text(raw);
        kinds?.see(i, text);
        cells[i] = pool.intern(i, text);
      }
    }
    this.rowCount++;
    return cells;
  }

  private text(raw: string): string {
    let text = this.windows1252 ? fromLatin1(raw) : raw;
    // Cheap test first: only a cell with a space or tab at an end can be ` "B"` or `"B" `.
    if (isBlank(text.charCodeAt(0)) || isBlank(text.charCodeAt(text.length - 1))) {
      const quoted = SPACED_QUOTES.exec(text);
      if (quoted) {
        text = quoted[1].replace(/""/g, '"');
        this.spaced++;
      }
    }
    return text;
  }
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * A quoted field with spaces outside its quotes, which csv-parse (with `relax_quotes`) keeps whole, quotes and
 * all. (Its `trim` option would also fail a file on `"B" x`, which it now reads as text.)
 */
const SPACED_QUOTES = /^[ \t]*"((?:[^"]|"")*)"[ \t]*$/;

/** Past this many distinct values a column is not repetitive (ids, numbers), and pooling it would only cost. */
const POOL_LIMIT = 1024;

/**
 * Keeps repeated values (dates, the workspace id, provider, source, true/false) once, so a kept row points at the
 * shared text instead of holding its own copy: less memory, and less for the garbage collector to promote. A
 * column stops pooling once it shows more than POOL_LIMIT distinct values.
 */
class StringPool {
  private readonly pools: (Map<string, string> | undefined)[];

  constructor(width: number) {
    this.pools = Array.from({ length: width }, () => new Map<string, string>());
  }

  intern(column: number, text: string): string {
    const pool = this.pools[column];
    if (pool === undefined) return text;
    const known = pool.get(text);
    if (known !== undefined) return known;
    if (pool.size >= POOL_LIMIT) this.pools[column] = undefined;
    else pool.set(text, text);
    return text;
  }
}

/**
 * Detects column kinds by counting what the cells look like. A column is numeric when most of its cells are
 * numbers (or numbers with thousands separators, which the totals report rather than guess): the rest are then
 * the cells a warning names, instead of the whole column silently dropping out of the totals. A column of
 * `true`/`false`, `yes`/`no` and `1`/`0` is boolean.
 */
class KindTracker {
  private readonly scanner = new DecimalScanner();
  /** Per column: plain numbers, of which fractional, of which `1`/`0`; grouped numbers; boolean words; other text. */
  private readonly numbers: Uint32Array;
  private readonly fractional: Uint32Array;
  private readonly bits: Uint32Array;
  private readonly grouped: Uint32Array;
  private readonly words: Uint32Array;
  private readonly texts: Uint32Array;

  constructor(private readonly width: number) {
    this.numbers = new Uint32Array(width);
    this.fractional = new Uint32Array(width);
    this.bits = new Uint32Array(width);
    this.grouped = new Uint32Array(width);
    this.words = new Uint32Array(width);
    this.texts = new Uint32Array(width);
  }

  see(column: number, text: string): void {
    if (this.scanner.scan(text)) {
      this.numbers[column]++;
      if (!this.scanner.integral) this.fractional[column]++;
      else if (text === '1' || text === '0') this.bits[column]++;
    } else if (isGroupedNumber(text)) this.grouped[column]++;
    else if (parseBoolean(text) !== undefined) this.words[column]++;
    else this.texts[column]++;
  }

  get kinds(): ColumnKind[] {
    return Array.from({ length: this.width }, (_, i) => {
      const numbers = this.numbers[i] + this.grouped[i];
      const others = this.words[i] + this.texts[i];
      if (numbers + others === 0) return 'empty';
      if (this.words[i] > 0 && this.texts[i] === 0 && this.grouped[i] === 0 && this.numbers[i] === this.bits[i])
        return 'boolean';
      if (numbers > others) return this.fractional[i] > 0 ? 'decimal' : 'integer';
      return 'text';
    });
  }
}

/** A number written with thousands separators (`1,234`, `-12,345.5`): never summed, as `1,234` may mean 1.234. */
export function isGroupedNumber(text: string): boolean {
  // Most text fails on its first character; the pattern runs only on what could match.
  const first = text.charCodeAt(0);
  const digitOrSign = (first >= 48 && first <= 57) || first === 43 || first === 45;
  return digitOrSign && text.length >= 5 && GROUPED_NUMBER.test(text);
}
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * The kind of one non-empty cell, as it counts towards its column's kind.
 * @internal exported for its unit test
 */
export function kindOf(text: string): Exclude<ColumnKind, 'empty'> {
  const tracker = new KindTracker(1);
  tracker.see(0, text);
  return tracker.kinds[0] as Exclude<ColumnKind, 'empty'>;
}
