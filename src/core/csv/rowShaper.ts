/**
 * Aligns the records of a CSV with its header, the same way in every pass over the file (the first read and every
 * page read back later).
 */
import type { CellValue } from '../../shared/tableModel';
import { fromLatin1 } from './csvEncoding';
import type { KindTracker } from './columnKinds';

/**
 * Aligns records with the header the same way in every pass: the parser's own array becomes the row (no copy per
 * row), padded with null or cut to the header's width, empty cells null, repeated values pooled, spaces outside
 * quotes removed, Latin-1 read as Windows-1252. With `kinds`, it also detects the column kinds and counts ragged
 * rows and repaired cells.
 */
export class RowShaper {
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
 * all. (Its `trim` option would also fail a file on `"B" x`, which it now reads as text.) The tokenizer counts any
 * other text after a closing quote as a stray quote.
 */
export const SPACED_QUOTES = /^[ \t]*"((?:[^"]|"")*)"[ \t]*$/;

/** Past this many distinct values a column is not repetitive (ids, numbers), and pooling it would only cost. */
const POOL_LIMIT = 1024;

/**
 * Keeps repeated values (dates, the workspace id, provider, source, true/false) once, so a kept row points at the
 * shared text instead of holding its own copy: less memory, and less for the garbage collector to promote. A
 * column stops pooling once it shows more than POOL_LIMIT distinct values.
 */
class StringPool {
  private readonly pools: (Map<string, string> | undefined)[];
  /** Each column's last value: most repeated values repeat on the next row, and comparing costs less than hashing. */
  private readonly last: (string | undefined)[];

  constructor(width: number) {
    this.pools = Array.from({ length: width }, () => new Map<string, string>());
    this.last = new Array<string | undefined>(width);
  }

  intern(column: number, text: string): string {
    const pool = this.pools[column];
    if (pool === undefined) return text;
    const last = this.last[column];
    if (text === last) return last;
    let known = pool.get(text);
    if (known === undefined) {
      if (pool.size >= POOL_LIMIT) this.pools[column] = undefined;
      else pool.set(text, text);
      known = text;
    }
    this.last[column] = known;
    return known;
  }
}
