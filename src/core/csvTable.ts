/**
 * Reads a CSV as a stream into a typed table: the header exactly as given (BOM stripped), every row as a compact
 * array of cell texts aligned with the header (an empty cell is null), and the kind of each column detected from
 * its values. Nothing holds the whole file as one string: csv-parse consumes chunks, and each finished row is
 * handed to a visitor, so callers can aggregate while the file streams in. The same pass can note where rows start
 * (`indexCsv`), so that any slice of them can be read again later (`readCsvRows`) instead of being kept.
 */
import { createReadStream } from 'node:fs';
import { Readable, addAbortSignal } from 'node:stream';
import { CsvError, Parser, type Options } from 'csv-parse';
import type { CellValue } from '../shared/tableModel';
import { DecimalScanner } from '../shared/decimal';
import { parseBoolean } from '../shared/boolean';

/** What the values of a column look like. `empty`: no value at all; `text` absorbs everything else. */
export type ColumnKind = 'empty' | 'integer' | 'decimal' | 'boolean' | 'text';

/** Receives the header once, then every row in file order. Rows are owned by the receiver from then on. */
export interface RowVisitor {
  header?(headers: readonly string[]): void;
  row(cells: CellValue[]): void;
}

/**
 * How csv-parse read a file: the encoding (a UTF-16 BOM switches it) and the record delimiter it discovered (it
 * keeps the first one it sees, so a lone `\n` in a `\r\n` file is cell text). A later pass that starts at a row
 * boundary must parse with the same two to see the same rows.
 */
interface CsvDialect {
  encoding: BufferEncoding;
  /** Empty when the header had no line end: the file has no rows then. */
  recordDelimiter: Buffer[];
}

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

/** The file is not a CSV csv-parse can read (e.g. a quote that never closes). */
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

/** Streams a CSV file into a table. Rejects with the signal's reason when aborted. */
export function readCsvFile(filePath: string, signal?: AbortSignal): Promise<CsvTable> {
  return collect(createReadStream(filePath, { highWaterMark: READ_CHUNK }), signal);
}

/** The same as `readCsvFile` for text already in memory (tests, small payloads). */
export function parseCsv(input: string | Buffer, signal?: AbortSignal): Promise<CsvTable> {
  return collect(Readable.from([input]), signal);
}

async function collect(source: Readable, signal?: AbortSignal): Promise<CsvTable> {
  const rows: CellValue[][] = [];
  const shape = await streamCsv(source, { row: (cells) => rows.push(cells) }, signal);
  return { ...shape, rows };
}

/**
 * The streaming core: feeds `visitor` and resolves with the file's shape once the source ends. Ragged rows are
 * padded with null or cut to the header's width and counted in a warning; a blank line is skipped.
 */
export async function streamCsv(source: Readable, visitor: RowVisitor, signal?: AbortSignal): Promise<CsvShape> {
  return (await indexCsv(source, visitor, Infinity, signal)).shape;
}

/**
 * `streamCsv` that also notes where every `stride`-th row starts, so that `readCsvRows` can later read any slice
 * of the rows without the rows being kept. `source` must be the whole file from its first byte.
 */
export async function indexCsv(
  source: Readable,
  visitor: RowVisitor,
  stride: number,
  signal?: AbortSignal,
): Promise<{ shape: CsvShape; checkpoints: RowCheckpoints }> {
  const parser = new CheckpointParser(stride, { ...PARSE_OPTIONS, bom: true });
  let headers: string[] | undefined;
  let shaper: RowShaper | undefined;
  await pump(
    source,
    parser,
    (record) => {
      if (shaper) {
        visitor.row(shaper.shape(record));
      } else {
        headers = record;
        shaper = new RowShaper(record.length, new KindTracker(record.length));
        visitor.header?.(headers);
      }
    },
    signal,
  );
  const header = headers ?? [];
  const shape: CsvShape = {
    headers: header,
    kinds: shaper?.kinds?.kinds ?? [],
    rowCount: shaper?.rowCount ?? 0,
    warnings: shapeWarnings(header, shaper?.short ?? 0, shaper?.long ?? 0),
  };
  const { encoding, record_delimiter } = parser.options;
  const dialect = { encoding: encoding ?? 'utf8', recordDelimiter: record_delimiter };
  return { shape, checkpoints: { stride, offsets: parser.offsets, dialect, width: header.length } };
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
  const parser = new Parser({
    ...PARSE_OPTIONS,
    bom: false,
    encoding: dialect.encoding,
    record_delimiter: dialect.recordDelimiter,
  });
  const shaper = new RowShaper(width);
  return pump(source, parser, (record) => visit(shaper.shape(record)), signal);
}

/** The options of every pass; each pass adds how it treats a BOM. */
const PARSE_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: true } as const;

/**
 * csv-parse's stream, noting the byte offset at which every `stride`-th row starts. csv-parse sets `info.bytes`
 * just past a record's delimiter and then pushes the record, so reading it in `push` is exact however 'data'
 * events are buffered. (Its `info: true` option gives the same for every record, but allocates an info object
 * per record: measured ~60 % more parse time.)
 */
class CheckpointParser extends Parser {
  readonly offsets: number[] = [];
  /** Records pushed so far; the header is record 0, so row r is record r + 1. */
  private pushed = 0;

  constructor(
    private readonly stride: number,
    options: Options,
  ) {
    super(options);
  }

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    // Record r ends where row r begins.
    if (record !== null && this.pushed++ % this.stride === 0) this.offsets.push(this.info.bytes);
    return super.push(record, encoding);
  }
}

/**
 * Pipes `source` through `parser`, handing each record to `onRecord` (which returns false to stop early), and
 * settles when the source is parsed, stopped, fails or is aborted (with the signal's reason).
 */
function pump(
  source: Readable,
  parser: Parser,
  onRecord: (record: string[]) => boolean | void,
  signal?: AbortSignal,
): Promise<void> {
  if (signal) addAbortSignal(signal, source);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err === undefined) return resolve();
      source.destroy();
      parser.destroy();
      reject(toParseError(err, signal));
    };
    parser.on('data', (record: string[]) => {
      if (settled || onRecord(record) !== false) return;
      settle();
      source.destroy();
      parser.destroy();
    });
    source.on('error', settle);
    parser.on('error', settle);
    parser.on('end', () => settle());
    source.pipe(parser);
  });
}

function toParseError(err: unknown, signal?: AbortSignal): Error {
  const cause: unknown = signal?.aborted ? (signal.reason ?? err) : err;
  if (cause instanceof CsvError) {
    const line = (cause as CsvError & { lines?: number }).lines;
    return new CsvParseError(`The file is not valid CSV (${cause.code}${line ? ` near line ${line}` : ''}).`, line);
  }
  return cause instanceof Error ? cause : new Error(String(cause));
}

function shapeWarnings(headers: readonly string[], short: number, long: number): string[] {
  const warnings: string[] = [];
  if (headers.length === 0) warnings.push('The file is empty: it has no header row.');
  if (short > 0)
    warnings.push(`${plural(short, 'row')} had fewer cells than the header; the missing cells are shown as empty.`);
  if (long > 0) warnings.push(`${plural(long, 'row')} had more cells than the header; the extra cells were left out.`);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const h of headers) (seen.has(h) ? duplicates : seen).add(h);
  if (duplicates.size > 0) {
    const verb = duplicates.size === 1 ? 'appears' : 'appear';
    warnings.push(`${plural(duplicates.size, 'column name')} ${verb} more than once in the header.`);
  }
  return warnings;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Aligns records with the header the same way in every pass: the parser's own array becomes the row (no copy per
 * row), padded with null or cut to the header's width, empty cells null, repeated values pooled. With `kinds`, it
 * also detects the column kinds and counts ragged rows.
 */
class RowShaper {
  rowCount = 0;
  short = 0;
  long = 0;
  private readonly pool: StringPool;

  constructor(
    private readonly width: number,
    readonly kinds?: KindTracker,
  ) {
    this.pool = new StringPool(width);
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
      const text = record[i];
      if (text === '' || text === undefined) {
        cells[i] = null;
      } else {
        kinds?.see(i, text);
        cells[i] = pool.intern(i, text);
      }
    }
    this.rowCount++;
    return cells;
  }
}

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
 * Detects column kinds from values, one cell at a time. Once a column is `text`, nothing can change it, so most
 * text cells cost one comparison.
 */
class KindTracker {
  readonly kinds: ColumnKind[];
  private readonly scanner = new DecimalScanner();

  constructor(width: number) {
    this.kinds = new Array<ColumnKind>(width).fill('empty');
  }

  see(column: number, text: string): void {
    const current = this.kinds[column];
    if (current !== 'text') this.kinds[column] = mergeKinds(current, kindOf(text, this.scanner));
  }
}

/** The kind of one non-empty cell. Pass a scanner in loops to parse without allocating. */
export function kindOf(text: string, scanner = new DecimalScanner()): Exclude<ColumnKind, 'empty'> {
  if (scanner.scan(text)) return scanner.integral ? 'integer' : 'decimal';
  return parseBoolean(text) === undefined ? 'text' : 'boolean';
}

function mergeKinds(a: ColumnKind, b: Exclude<ColumnKind, 'empty'>): ColumnKind {
  if (a === 'empty' || a === b) return b;
  if ((a === 'integer' && b === 'decimal') || (a === 'decimal' && b === 'integer')) return 'decimal';
  return 'text';
}
