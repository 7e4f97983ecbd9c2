/**
 * Splits CSV bytes into records, giving exactly the records csv-parse gives with the reader's options
 * (`relax_quotes`, `relax_column_count`, `ltrim`, `skip_empty_lines`, the record delimiters CRLF, LF and CR mixed,
 * a BOM at the start), with the byte offset just past each record and the line csv-parse reports for it. It works
 * on the bytes of UTF-8 and Latin-1, where every character that matters (`,` `"` CR LF space tab form feed) is one
 * ASCII byte, and decodes each field once from the chunk it lies in: csv-parse copies every byte into a field buffer
 * through several calls first, which made it two thirds of the whole load (issue 17). UTF-16 stays with csv-parse.
 *
 * csv-parse is the oracle: test/unit/csvTokenizer.test.ts compares the two on random input cut into random chunks.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, Parser, type Options } from 'csv-parse';
import { SPACED_QUOTES } from './rowShaper';

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;

/** The encodings a reader parses with; a BOM at the start may switch to another (as csv-parse does). */
export type ParseEncoding = 'utf8' | 'utf16le' | 'latin1';

/**
 * Receives each record as soon as its end is read, with the file offset just past its record delimiter (csv-parse's
 * `info.bytes`) and the line csv-parse's `info.lines` holds then (the record's last line). Returns false to stop.
 */
export type RecordHandler = (fields: string[], end: number, line: number) => boolean | void;

/** The input is not CSV even with every relaxation: only a quote that never closes (`CSV_QUOTE_NOT_CLOSED`). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: string,
    /** csv-parse's line count when it stopped. */
    readonly lines: number,
  ) {
    super(`${code} at line ${lines}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Quotes in the middle of a cell: in an unquoted one (`a"b`), or a quoted one's closing quote with text after it
 * (`"a"b`). Read as text, as csv-parse reads them, and counted. (Spaces alone after the closing quote, `"a" `, are
 * the reader's repair, warned about on their own.)
 */
export interface StrayQuotes {
  count: number;
  /** The line of the first one (0 when there is none). */
  firstLine: number;
}

const NO_STRAY_QUOTES: StrayQuotes = { count: 0, firstLine: 0 };

export interface RecordReader {
  write(chunk: Buffer): void;
  /** Reads what is left; throws a CsvSyntaxError when a quote is still open. */
  end(): void;
  /** The encoding fields are decoded with, once the start of the input is read (a BOM may switch it). */
  readonly encoding: ParseEncoding;
  /** The handler asked to stop: the rest is not read. */
  readonly stopped: boolean;
  /** Stray quotes read so far. */
  readonly strayQuotes: StrayQuotes;
}

/**
 * The options every pass shares; each adds its encoding and how it treats a BOM. Every record ending is accepted
 * anywhere: a file appended to on another system mixes them, and csv-parse's own detection would keep only the
 * first it sees. (Used as they are for UTF-16, and what CsvTokenizer does for the rest.)
 * @internal exported for its unit test
 */
export const PARSE_OPTIONS: Options = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  // A quote after spaces opens a quoted field (` "B, b"` is one cell); spaces after it are removed by RowShaper.
  ltrim: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/**
 * A reader for a stream that starts at the file's first byte (`bom`: a BOM there is skipped and chooses the
 * encoding, as csv-parse's `bom` option does) or at a record boundary (`bom` false). UTF-16 LE goes to csv-parse.
 */
export function createRecordReader(
  options: { encoding: ParseEncoding; bom: boolean },
  onRecord: RecordHandler,
): RecordReader {
  return new SniffingReader(options.encoding, options.bom, onRecord);
}

/** Holds the first bytes until a BOM can be told (csv-parse waits for 3), then hands everything to the real reader. */
class SniffingReader implements RecordReader {
  private reader: RecordReader | undefined;
  private head: Buffer | undefined;

  constructor(
    private readonly initial: ParseEncoding,
    bom: boolean,
    private readonly onRecord: RecordHandler,
  ) {
    if (!bom) this.reader = this.choose(initial, 0);
  }

  get encoding(): ParseEncoding {
    return this.reader?.encoding ?? this.initial;
  }

  get stopped(): boolean {
    return this.reader?.stopped ?? false;
  }

  get strayQuotes(): StrayQuotes {
    return this.reader?.strayQuotes ?? NO_STRAY_QUOTES;
  }

  write(chunk: Buffer): void {
    if (this.reader) return this.reader.write(chunk);
    const bytes = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    if (bytes.length < 3) {
      this.head = Buffer.from(bytes);
      return;
    }
    this.head = undefined;
    this.start(bytes);
  }

  end(): void {
    if (!this.reader) {
      // Fewer than 3 bytes in all: csv-parse then looks for no BOM at all.
      const head = this.head ?? Buffer.alloc(0);
      this.head = undefined;
      this.reader = this.choose(this.initial, 0);
      if (head.length > 0) this.reader.write(head);
    }
    this.reader.end();
  }

  private start(bytes: Buffer): void {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.reader = this.choose('utf8', 3);
      this.reader.write(bytes.subarray(3));
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      // csv-parse skips the UTF-16 LE BOM itself and switches to UTF-16 LE.
      this.reader = new CsvParseReader(this.initial, true, this.onRecord);
      this.reader.write(bytes);
    } else {
      this.reader = this.choose(this.initial, 0);
      this.reader.write(bytes);
    }
  }

  private choose(encoding: ParseEncoding, skipped: number): RecordReader {
    return encoding === 'utf16le'
      ? new CsvParseReader(encoding, false, this.onRecord)
      : new CsvTokenizer(encoding, skipped, this.onRecord);
  }
}

/**
 * The part of csv-parse's Parser that parses, without its stream: records come back synchronously. `api` is not
 * csv-parse's documented interface, so package.json pins csv-parse to one exact version; the fuzz test checks a new one.
 */
interface CsvParseApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { bytes: number; lines: number };
  options: { encoding: ParseEncoding };
}

/**
 * csv-parse itself, for UTF-16. csv-parse does not say where it read a stray quote as text: the byte tokenizer counts
 * them over the same text as UTF-8 (every character that matters is one ASCII byte there, and lines count alike).
 */
class CsvParseReader implements RecordReader {
  private readonly api: CsvParseApi;
  stopped = false;
  private readonly quotes = new CsvTokenizer('utf8', 0, () => undefined);
  private readonly text = new StringDecoder('utf16le');
  /** A BOM csv-parse skips is still to be skipped here. */
  private bomAhead: boolean;
  private readonly push = (record: string[]) => {
    if (!this.stopped && this.onRecord(record, this.api.info.bytes, this.api.info.lines) === false) this.stopped = true;
  };

  constructor(
    encoding: ParseEncoding,
    bom: boolean,
    private readonly onRecord: RecordHandler,
  ) {
    this.api = (new Parser({ ...PARSE_OPTIONS, encoding, bom }) as unknown as { api: CsvParseApi }).api;
    this.bomAhead = bom;
  }

  get encoding(): ParseEncoding {
    return this.api.options.encoding;
  }

  get strayQuotes(): StrayQuotes {
    return this.quotes.strayQuotes;
  }

  write(chunk: Buffer): void {
    if (this.stopped) return;
    this.check(this.api.parse(chunk, false, this.push, () => undefined));
    this.countQuotes(this.text.write(chunk));
  }

  end(): void {
    if (this.stopped) return;
    this.check(this.api.parse(undefined, true, this.push, () => undefined));
    this.countQuotes(this.text.end());
    try {
      this.quotes.end();
    } catch {
      // csv-parse, which read the records, found every quote closed: a counter that disagrees keeps what it counted.
    }
  }

  private countQuotes(text: string): void {
    if (this.bomAhead && text.length > 0) {
      this.bomAhead = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) this.quotes.write(Buffer.from(text, 'utf8'));
  }

  private check(err: Error | undefined): void {
    if (err === undefined) return;
    if (err instanceof CsvError) throw new CsvSyntaxError(err.code, this.api.info.lines);
    throw err;
  }
}

/**
 * The byte-level state machine. Within a chunk a field is a range of it (`runStart` up to the scan position),
 * decoded once when it ends; doubled quotes in a quoted field are collapsed after decoding. Only a field cut by a
 * chunk's end, or a stray quote that csv-parse moves to the front of the field, is gathered in `spill` first.
 *
 * Line numbers follow csv-parse: every CR or LF it reads counts one line, except the LF of a CRLF that ends a
 * record (it skips it unread); a record's line is counted before its own delimiter.
 */
class CsvTokenizer implements RecordReader {
  /** File offset of the current chunk's first byte. */
  private base: number;
  /** Bytes of the last chunk that need the next one to be read: a quote or CR at its very end. */
  private carry = NO_BYTES;
  private quoting = false;
  /** The field had a quoted part (so an empty one is a field, and its line not blank). */
  private wasQuoting = false;
  /** The current range holds doubled quotes to collapse. */
  private escaped = false;
  /** The record being read, and how many of its fields are read. */
  private record: string[] = [];
  private fields = 0;
  /** The field so far when it does not fit one range: bytes from an earlier chunk, or after a moved quote. */
  private spill = Buffer.allocUnsafe(256);
  private spillLength = 0;
  /** CR and LF characters read so far: csv-parse's `info.lines` is one more. */
  private breaks = 0;
  /** Whether the last byte read is a CR or LF (csv-parse counts it only once the next byte is read). */
  private lastIsBreak = false;
  stopped = false;
  readonly strayQuotes: StrayQuotes = { count: 0, firstLine: 0 };
  /** The line of a closing quote that text followed (`"a"b`), until its field ends (0: none). */
  private quotedTail = 0;
  private readonly decode: (buf: Buffer, start: number, end: number) => string;
  /**
   * The chunk being read as one string, when its bytes are its characters (ASCII, or Latin-1); else ''. (Fields
   * keep one type each: a field that changes type makes the optimized scanning loop be compiled again.)
   */
  private text = '';

  constructor(
    readonly encoding: 'utf8' | 'latin1',
    skipped: number,
    private readonly onRecord: RecordHandler,
  ) {
    this.base = skipped;
    this.decode = encoding === 'utf8' ? decodeUtf8 : decodeLatin1;
  }

  write(chunk: Buffer): void {
    // In windows: the string a window is read into (`text`) then stays in the young generation, where it is
    // freed at almost no cost; a 1 MiB one is a large object, and 100 of them made 8 full collections of the
    // 100 MB benchmark file instead of 1.
    for (let at = 0; at < chunk.length && !this.stopped; at += WINDOW) this.read(chunk.subarray(at, at + WINDOW));
  }

  private read(window: Buffer): void {
    // `base` is already the offset of the carried bytes.
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, window]) : window;
    this.carry = NO_BYTES;
    this.lastIsBreak = isBreak(buf[buf.length - 1]);
    this.scan(buf, false);
  }

  end(): void {
    if (this.stopped) return;
    const buf = this.carry;
    this.carry = NO_BYTES;
    this.scan(buf, true);
    if (this.stopped) return;
    if (!this.quoting && (this.wasQuoting || this.fields > 0 || this.spillLength > 0)) {
      this.record[this.fields++] = this.takeSpill();
      this.emit(this.base, 1 + this.breaks);
    }
    if (this.quoting) throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', 1 + this.breaks - (this.lastIsBreak ? 1 : 0));
  }

  /** Reads `buf` through; at the end of a chunk (not `last`) keeps what the next chunk decides in `carry`/`spill`. */
  private scan(buf: Buffer, last: boolean): void {
    const len = buf.length;
    this.text = this.encoding === 'latin1' || isAscii(buf) ? (buf as Slicing).latin1Slice(0, len) : '';
    let pos = 0;
    let runStart = 0;
    // Where the field's text ends when a closing quote ended it (the quote is not part of it); else at `pos`.
    let quoteEnd = -1;
    for (;;) {
      if (!this.quoting) {
        // A field's start: a quote opens a quoted field, leading spaces, tabs and form feeds are dropped.
        if (pos === runStart && this.spillLength === 0) {
          while (pos < len) {
            const c = buf[pos];
            if (c !== SPACE && c !== TAB && c !== FORM_FEED) break;
            pos++;
          }
          runStart = pos;
          if (pos < len && buf[pos] === QUOTE) {
            this.quoting = true;
            runStart = ++pos;
            continue;
          }
        }
        // Unquoted text (a quote inside it is text, and counted) up to a delimiter.
        let c = 0;
        while (pos < len) {
          c = buf[pos];
          if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
          pos++;
        }
        if (pos === len) break;
        if (c === QUOTE) {
          this.strayQuote();
          pos++;
          continue;
        }
        const end = quoteEnd < 0 ? pos : quoteEnd;
        if (c === COMMA) {
          this.record[this.fields++] = this.field(buf, runStart, end);
          quoteEnd = -1;
          runStart = ++pos;
          continue;
        }
        let delimiter = 1;
        if (c === CR) {
          if (pos + 1 < len) {
            if (buf[pos + 1] === LF) delimiter = 2;
          } else if (!last) break; // CRLF or CR alone: the next chunk tells
        }
        const line = 1 + this.breaks++;
        if (this.wasQuoting || this.fields > 0 || end > runStart || this.spillLength > 0) {
          this.record[this.fields++] = this.field(buf, runStart, end);
          if (!this.emit(this.base + pos + delimiter, line)) return;
        }
        quoteEnd = -1;
        pos += delimiter;
        runStart = pos;
        continue;
      }
      // Quoted text up to the next quote; its line breaks count as lines.
      while (pos < len) {
        const c = buf[pos];
        if (c === QUOTE) break;
        if (c === LF || c === CR) this.breaks++;
        pos++;
      }
      if (pos === len) break;
      if (pos + 1 === len && !last) break; // a doubled quote or the closing one: the next chunk tells
      const next = pos + 1 < len ? buf[pos + 1] : -1;
      if (next === QUOTE) {
        this.escaped = true;
        pos += 2;
        continue;
      }
      this.quoting = false;
      this.wasQuoting = true;
      if (next === -1 || next === COMMA || next === LF || next === CR) {
        // The closing quote: the delimiter after it ends the field.
        quoteEnd = pos++;
      } else if (next === 0) {
        // csv-parse also closes a quote at a NUL byte, and reads the field on after it.
        this.toSpill(buf, runStart, pos);
        runStart = ++pos;
      } else {
        // A quote inside a quoted field that is not followed by a delimiter: csv-parse keeps the field as text
        // with a quote in front, and this quote in place. A stray quote, unless only spaces follow it.
        this.quotedTail = 1 + this.breaks;
        this.toSpill(buf, runStart, pos);
        this.prependQuote();
        runStart = pos++;
      }
    }
    // The chunk ended inside a field or before a byte that needs the next one.
    this.toSpill(buf, runStart, quoteEnd < 0 ? pos : quoteEnd);
    if (pos < len) this.carry = Buffer.from(buf.subarray(pos));
    this.base += pos;
  }

  /** The field that ends at `end`: the range from `start`, after whatever was spilled. */
  private field(buf: Buffer, start: number, end: number): string {
    this.wasQuoting = false;
    if (this.spillLength > 0) {
      this.toSpill(buf, start, end);
      return this.takeSpill();
    }
    if (start === end) return '';
    // A short field is copied out of the chunk's string in JavaScript, faster than a call into Buffer's decoder.
    // (A long one would be a slice that keeps the whole chunk's string alive as long as the cell lives.)
    const text =
      end - start < COPIED_SLICE && this.text.length > 0 ? this.text.slice(start, end) : this.decode(buf, start, end);
    if (!this.escaped) return text;
    this.escaped = false;
    return text.replaceAll('""', '"');
  }

  /** A quote in the middle of a field, on the line being read unless said. */
  private strayQuote(line = 1 + this.breaks): void {
    if (this.strayQuotes.count++ === 0) this.strayQuotes.firstLine = line;
  }

  /** Moves a range of the field into `spill`, collapsing its doubled quotes. */
  private toSpill(buf: Buffer, start: number, end: number): void {
    if (end <= start) {
      this.escaped = false;
      return;
    }
    const need = this.spillLength + end - start;
    if (need > this.spill.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.spill.length * 2));
      this.spill.copy(bigger, 0, 0, this.spillLength);
      this.spill = bigger;
    }
    if (!this.escaped) {
      this.spillLength += buf.copy(this.spill, this.spillLength, start, end);
      return;
    }
    for (let i = start; i < end; i++) {
      const c = buf[i];
      this.spill[this.spillLength++] = c;
      if (c === QUOTE) i++; // the second of a pair
    }
    this.escaped = false;
  }

  private prependQuote(): void {
    this.toSpill(QUOTE_BYTE, 0, 1);
    this.spill.copyWithin(1, 0, this.spillLength - 1);
    this.spill[0] = QUOTE;
  }

  private takeSpill(): string {
    this.wasQuoting = false;
    const text = this.spillLength === 0 ? '' : this.decode(this.spill, 0, this.spillLength);
    this.spillLength = 0;
    if (this.spill.length > SPILL_KEPT) this.spill = Buffer.allocUnsafe(256);
    // A field with text after its closing quote always ends here (the quote csv-parse moves went into the spill).
    if (this.quotedTail > 0) {
      if (!SPACED_QUOTES.test(text)) this.strayQuote(this.quotedTail);
      this.quotedTail = 0;
    }
    return text;
  }

  /** Hands the record on; false once the handler asked to stop. */
  private emit(end: number, line: number): boolean {
    const record = this.record;
    this.record = [];
    this.fields = 0;
    if (this.onRecord(record, end, line) === false) this.stopped = true;
    return !this.stopped;
  }
}

const QUOTE_BYTE = Buffer.from('"');
const NO_BYTES = Buffer.alloc(0);
/** Below V8's large-object size (128 KiB) for the window's string. */
const WINDOW = 64 * 1024;
/** V8 copies a substring shorter than this (SlicedString::kMinLength) and makes a view of a longer one. */
const COPIED_SLICE = 13;
/** A spill buffer grown past this by a huge field is let go once the field is read. */
const SPILL_KEPT = 1 << 16;

function isBreak(c: number | undefined): boolean {
  return c === CR || c === LF;
}

/** Buffer's own decoders, without `toString`'s argument checks and encoding lookup (a call per field). */
type Slicing = Buffer & {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
};
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  return (buf as Slicing).utf8Slice(start, end);
}
function decodeLatin1(buf: Buffer, start: number, end: number): string {
  return (buf as Slicing).latin1Slice(start, end);
}
