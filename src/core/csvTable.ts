/**
 * Reads a CSV as a stream into a typed table: the header exactly as given (BOM stripped), every row as a compact
 * array of cell texts aligned with the header (an empty cell is null), and the kind of each column detected from
 * its values. Nothing holds the whole file as one string: csv-parse consumes chunks, and each finished row is
 * handed to a visitor, so callers can aggregate while the file streams in.
 */
import { createReadStream } from 'node:fs';
import { Readable, addAbortSignal } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { CellValue } from './tableModel';
import { DecimalScanner } from './decimal';

/** What the values of a column look like. `empty`: no value at all; `text` absorbs everything else. */
export type ColumnKind = 'empty' | 'integer' | 'decimal' | 'boolean' | 'text';

/** Receives the header once, then every row in file order. Rows are owned by the receiver from then on. */
export interface RowVisitor {
  header?(headers: readonly string[]): void;
  row(cells: CellValue[]): void;
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
  constructor(message: string, readonly line?: number) {
    super(message);
    this.name = 'CsvParseError';
  }
}

/** Larger reads than the 64 KiB default mean fewer chunks through the parser; measured in the core benchmark. */
const READ_CHUNK = 1 << 20;

/** Streams a CSV file into a table. Rejects with the signal's reason when aborted. */
export function readCsvFile(filePath: string, signal?: AbortSignal): Promise<CsvTable> {
  return collect(fileSource(filePath), signal);
}

/** The same as `readCsvFile` for text already in memory (tests, small payloads). */
export function parseCsv(input: string | Buffer, signal?: AbortSignal): Promise<CsvTable> {
  return collect(Readable.from([input]), signal);
}

/** Streams a CSV file through `visitor` without keeping anything itself. */
export function streamCsvFile(filePath: string, visitor: RowVisitor, signal?: AbortSignal): Promise<CsvShape> {
  return streamCsv(fileSource(filePath), visitor, signal);
}

function fileSource(filePath: string): Readable {
  return createReadStream(filePath, { highWaterMark: READ_CHUNK });
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
export function streamCsv(source: Readable, visitor: RowVisitor, signal?: AbortSignal): Promise<CsvShape> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  if (signal) addAbortSignal(signal, source);
  let headers: string[] | undefined;
  let kinds: KindTracker | undefined;
  let pool: StringPool | undefined;
  let rowCount = 0;
  let short = 0;
  let long = 0;

  parser.on('data', (record: string[]) => {
    if (!headers) {
      headers = record;
      kinds = new KindTracker(record.length);
      pool = new StringPool(record.length);
      visitor.header?.(headers);
      return;
    }
    const width = headers.length;
    if (record.length !== width) {
      if (record.length < width) short++;
      else long++;
      record.length = width; // pads with holes (read as undefined) or drops the extra cells
    }
    // The parser's own array becomes the row: no copy per row, empty cells (and padding holes) become null.
    const cells = record as CellValue[];
    for (let i = 0; i < width; i++) {
      const text = record[i];
      if (text === '' || text === undefined) {
        cells[i] = null;
      } else {
        kinds!.see(i, text);
        cells[i] = pool!.intern(i, text);
      }
    }
    rowCount++;
    visitor.row(cells);
  });

  return new Promise<CsvShape>((resolve, reject) => {
    const fail = (err: unknown) => {
      source.destroy();
      parser.destroy();
      reject(toParseError(err, signal));
    };
    source.on('error', fail);
    parser.on('error', fail);
    parser.on('end', () => {
      const header = headers ?? [];
      resolve({
        headers: header,
        kinds: kinds?.kinds ?? [],
        rowCount,
        warnings: shapeWarnings(header, short, long),
      });
    });
    source.pipe(parser);
  });
}

function toParseError(err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (err instanceof CsvError) {
    const line = (err as CsvError & { lines?: number }).lines;
    return new CsvParseError(`The file is not valid CSV (${err.code}${line ? ` near line ${line}` : ''}).`, line);
  }
  return err;
}

function shapeWarnings(headers: readonly string[], short: number, long: number): string[] {
  const warnings: string[] = [];
  if (headers.length === 0) warnings.push('The file is empty: it has no header row.');
  if (short > 0) warnings.push(`${plural(short, 'row')} had fewer cells than the header; the missing cells are shown as empty.`);
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
  return isBooleanText(text) ? 'boolean' : 'text';
}

/** `true`/`false` in any case: how JavaScript, Python and SQL exports write booleans. */
export function isBooleanText(text: string): boolean {
  const lower = text.length === 4 || text.length === 5 ? text.toLowerCase() : '';
  return lower === 'true' || lower === 'false';
}

function mergeKinds(a: ColumnKind, b: Exclude<ColumnKind, 'empty'>): ColumnKind {
  if (a === 'empty' || a === b) return b;
  if ((a === 'integer' && b === 'decimal') || (a === 'decimal' && b === 'integer')) return 'decimal';
  return 'text';
}
