/**
 * Reads a CSV as a stream: the header as given (BOM and leading spaces stripped), then every row as a compact array
 * of cell texts aligned with the header (`rowShaper.ts`; an empty cell is null), the kind of each column detected
 * from its values (`columnKinds.ts`). Records may end in CRLF, LF or CR, mixed in one file; the encoding is detected
 * (`csvEncoding.ts`). What the reader had to repair or guess becomes a warning (`csvWarnings.ts`). Nothing holds the
 * whole file as one string: the tokenizer (`csvTokenizer.ts`, csv-parse's records exactly) consumes chunks, and each
 * finished row is handed to a visitor, so callers can aggregate while the file streams in. The same pass can note
 * where rows start (`indexCsv`), so that any slice of them can be read again later (`readCsvRows`) instead of being
 * kept.
 */
import { addAbortSignal, type Readable } from 'node:stream';
import type { CellValue } from '../../shared/tableModel';
import { ByteDecoder, type CsvEncoding, type Decoding, WINDOWS_1252, initialDecoding } from './csvEncoding';
import { CsvSyntaxError, type RecordReader, createRecordReader } from './csvTokenizer';
import { type ColumnKind, KindTracker } from './columnKinds';
import { RowShaper } from './rowShaper';
import { type WidestRecord, encodingWarning, quoteWarnings, shapeWarnings } from './csvWarnings';
import { english, type Localize } from '../../shared/template';

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
  /** Localizes the warnings and the parse error (the table worker's VS Code bundle); English when absent. */
  t?: Localize;
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
  const t = options.t ?? english;
  const first = await indexPass(open(), visitor, stride, initialDecoding(options.encoding), options.signal, t);
  if (!first.notUtf8) return first;
  // Only a guess is revised, never an encoding the settings name or a UTF-8 BOM declares.
  if (options.encoding === undefined && !first.utf8Bom && typeof source === 'function') {
    const again = await indexPass(open(), visitor, stride, WINDOWS_1252, options.signal, t);
    again.shape.warnings.unshift(encodingWarning(true, t));
    return again;
  }
  first.shape.warnings.unshift(encodingWarning(false, t));
  return first;
}

async function indexPass(
  source: Readable,
  visitor: RowVisitor,
  stride: number,
  decoding: Decoding,
  signal: AbortSignal | undefined,
  t: Localize,
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
  await pump(source, decoder, reader, signal, index, t);
  const header = headers ?? [];
  const shape: CsvShape = {
    headers: header,
    kinds: shaper?.kinds?.kinds ?? [],
    rowCount: shaper?.rowCount ?? 0,
    warnings: [...shapeWarnings(header, shaper, t), ...quoteWarnings(header, index.widest, reader.strayQuotes, t)],
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
  private widestRecord = { line: 0, span: 0 };

  constructor(private readonly stride: number) {}

  /** Record `records` ended: the next one starts at byte `end`; it ended on line `line`. */
  note(end: number, line: number): void {
    // Record r ends where row r begins.
    if (this.records++ % this.stride === 0) this.offsets.push(end);
    if (line - this.lastLine > this.widestRecord.span)
      this.widestRecord = { line: this.lastLine + 1, span: line - this.lastLine };
    this.lastLine = line;
  }

  /** The line where the record being read (unfinished when a quote never closes) starts. */
  get openLine(): number {
    return this.lastLine + 1;
  }

  /** The record that spans the most lines, for the warning about a quote open by mistake. */
  get widest(): WidestRecord {
    return { ...this.widestRecord, lines: this.lastLine, rows: Math.max(0, this.records - 1) };
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
  t: Localize = english,
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
      reject(toParseError(err, index, signal, t));
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

function toParseError(
  err: unknown,
  index: RecordIndex | undefined,
  signal: AbortSignal | undefined,
  t: Localize,
): Error {
  const cause: unknown = signal?.aborted ? (signal.reason ?? err) : err;
  if (cause instanceof CsvSyntaxError) {
    if (cause.code === 'CSV_QUOTE_NOT_CLOSED' && index) {
      const line = index.openLine;
      return new CsvParseError(
        t('The file is not valid CSV: a quote opened on line {0} never closes.', String(line)),
        line,
      );
    }
    return new CsvParseError(
      t('The file is not valid CSV ({0} near line {1}).', cause.code, String(cause.lines)),
      cause.lines,
    );
  }
  return cause instanceof Error ? cause : new Error(String(cause));
}
