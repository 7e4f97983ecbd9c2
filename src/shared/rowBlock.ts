/**
 * A page of totals rows read back from its wire form (see wireRows.ts) and held as it came: by column, a cell made
 * only when it is asked for. A 50 MB users export's 337,877 rows made whole in the webview were 337,877 objects,
 * as many arrays and millions of strings, and collecting them was most of what the pages cost it; held this way, a
 * page is its column texts and one number per cell.
 */
import type { CellNote, CellValue, TotalsRow } from './tableModel';
import { isCount, isObject } from './guards';

/** The characters that name places: printable ASCII that JSON writes as it is (one byte each, made and read natively). */
export const PLACES = Array.from({ length: 0x7f - 0x23 }, (_, i) => 0x23 + i).filter((code) => code !== 0x5c);
export const NO_VALUE = 0x21;
/** A character's place, by its code (-1: none). */
const PLACE_OF = new Int16Array(128).fill(-1);
PLACES.forEach((code, place) => (PLACE_OF[code] = place));

/** One column's cells, read one at a time. */
interface ColumnCells {
  cell(line: number): CellValue;
}

/** A column's texts joined by one character: where each ends, and which cells are empty (no value). */
class JoinedCells implements ColumnCells {
  constructor(
    private readonly text: string,
    private readonly ends: Uint32Array,
    private readonly nulls: Uint8Array | undefined,
  ) {}
  cell(line: number): CellValue {
    if (this.nulls?.[line]) return null;
    return this.text.slice(line === 0 ? 0 : this.ends[line - 1] + 1, this.ends[line]);
  }
}

/** A column of few values: each cell's place among them, one character each. */
class PlacedCells implements ColumnCells {
  constructor(
    private readonly values: readonly unknown[],
    private readonly places: string,
  ) {}
  cell(line: number): CellValue {
    const place = PLACE_OF[this.places.charCodeAt(line)] ?? -1;
    const value = place >= 0 ? this.values[place] : undefined;
    return typeof value === 'string' ? value : null;
  }
}

class ListedCells implements ColumnCells {
  constructor(private readonly cells: readonly unknown[]) {}
  cell(line: number): CellValue {
    const value = this.cells[line];
    return typeof value === 'string' ? value : null;
  }
}

/** Where each of `count` cells joined by `separator` ends; undefined when the text holds another number of cells. */
function cellEnds(text: string, separator: string, count: number): Uint32Array | undefined {
  const ends = new Uint32Array(count);
  let at = 0;
  for (let i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, i + 1)) {
    if (at === count - 1) return undefined;
    ends[at++] = i;
  }
  if (at !== count - 1) return undefined;
  ends[at] = text.length;
  return ends;
}

/** A column's cells from the wire; undefined when it does not hold `count` cells. */
function columnCells(column: unknown, count: number): ColumnCells | undefined {
  if (!isObject(column)) return undefined;
  if (typeof column.text === 'string' && typeof column.separator === 'string' && column.separator.length === 1) {
    if (count === 0) return new ListedCells([]);
    const ends = cellEnds(column.text, column.separator, count);
    if (!ends) return undefined;
    let nulls: Uint8Array | undefined;
    if (Array.isArray(column.nulls))
      for (const i of column.nulls as unknown[]) if (isCount(i) && i < count) (nulls ??= new Uint8Array(count))[i] = 1;
    return new JoinedCells(column.text, ends, nulls);
  }
  if (Array.isArray(column.cells) && column.cells.length === count) return new ListedCells(column.cells);
  if (Array.isArray(column.values) && typeof column.places === 'string' && column.places.length === count)
    return new PlacedCells(column.values, column.places);
  return undefined;
}

const isNote = (value: unknown): value is CellNote => isObject(value) && typeof value.text === 'string';

/** Notes named by their place in `noteList`; a name that points at no note is dropped. */
function noteMap(names: unknown, noteList: readonly unknown[]): Record<string, CellNote> | undefined {
  if (!isObject(names)) return undefined;
  const out: Record<string, CellNote> = {};
  for (const key of Object.keys(names)) {
    const note = isCount(names[key]) ? noteList[names[key]] : undefined;
    if (isNote(note)) out[key] = note;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** How many CSV rows a totals row merges, and how many of them each of its cells leaves out (see TotalsRow). */
export interface RowCounts {
  readonly rowCount: number;
  readonly unknown?: readonly number[];
}

const NO_ROWS: readonly TotalsRow[] = [];

/**
 * A page's rows, each followed by its parts (lines), by column. Rows are counted without their parts: `cell(3, 0)`
 * is the fourth row's first cell, wherever parts put its line. Untrusted input: a page that cannot be read back is
 * none (`fromWire` gives undefined); a note or value that names no entry is dropped (a cell then has no value).
 */
export class RowBlock {
  /** Parts' rows, made when first asked for. */
  private readonly made = new Map<number, readonly TotalsRow[]>();

  private constructor(
    private readonly columns: readonly ColumnCells[],
    private readonly keys: ColumnCells,
    private readonly rowCounts: Record<string, unknown>,
    private readonly unknowns: Record<string, unknown>,
    private readonly named: Record<string, unknown>,
    private readonly noteList: readonly unknown[],
    private readonly common: Readonly<Record<string, CellNote>> | undefined,
    /** The line of each row, when some rows have parts (else row and line are one). */
    private readonly lines: Uint32Array | undefined,
    private readonly parts: Record<string, unknown>,
    private readonly lineCount: number,
  ) {}

  static fromWire(wire: unknown): RowBlock | undefined {
    if (!isObject(wire) || !isCount(wire.count) || !Array.isArray(wire.columns)) return undefined;
    const count = wire.count;
    const columns: ColumnCells[] = [];
    for (const column of wire.columns as unknown[]) {
      const same = isObject(column) && isCount(column.same) && column.same < columns.length ? column.same : undefined;
      const cells = same === undefined ? columnCells(column, count) : columns[same];
      if (!cells) return undefined;
      columns.push(cells);
    }
    const keys =
      isObject(wire.keys) && isCount(wire.keys.cell) ? columns[wire.keys.cell] : columnCells(wire.keys, count);
    if (!keys) return undefined;
    const sparse = (field: unknown): Record<string, unknown> => (isObject(field) ? field : {});
    const parts = sparse(wire.parts);
    const noteList = Array.isArray(wire.noteList) ? (wire.noteList as unknown[]) : [];
    return new RowBlock(
      columns,
      keys,
      sparse(wire.counts),
      sparse(wire.unknown),
      sparse(wire.notes),
      noteList,
      // One object for the rows that share the common notes, as the table had one note object for them.
      noteMap(wire.commonNotes, noteList),
      rowLines(parts, count),
      parts,
      count,
    );
  }

  /** Whether some rows have parts. */
  get grouped(): boolean {
    return this.lines !== undefined;
  }

  /** Rows, not counting their parts. */
  get length(): number {
    return this.lines ? this.lines.length : this.lineCount;
  }

  private lineOf(row: number): number {
    return this.lines ? this.lines[row] : row;
  }

  cell(row: number, column: number): CellValue {
    return this.columns[column]?.cell(this.lineOf(row)) ?? null;
  }

  /** A row's cells, made anew on each call. */
  cells(row: number): CellValue[] {
    return this.lineCells(this.lineOf(row));
  }

  key(row: number): string {
    return this.keys.cell(this.lineOf(row)) ?? '';
  }

  counts(row: number): RowCounts {
    return this.lineCounts(this.lineOf(row));
  }

  /** Notes on a row's cells (`child` < 0) or on one of its parts'. */
  notes(row: number, child = -1): Readonly<Record<string, CellNote>> | undefined {
    return child < 0 ? this.lineNotes(this.lineOf(row)) : this.children(row)[child]?.notes;
  }

  /** A row's parts as rows (made once). */
  children(row: number): readonly TotalsRow[] {
    if (!this.lines) return NO_ROWS;
    const line = this.lines[row];
    const n = Math.min(partsAt(this.parts, line), this.lineCount - line - 1);
    if (n <= 0) return NO_ROWS;
    let made = this.made.get(line);
    if (!made) {
      made = Array.from({ length: n }, (_, i) => this.lineRow(line + 1 + i));
      this.made.set(line, made);
    }
    return made;
  }

  /** Every row made whole, parts included (a message the page holds as objects: a `load`, an `organisation`). */
  rows(): TotalsRow[] {
    return Array.from({ length: this.length }, (_, row) => {
      const made = this.lineRow(this.lineOf(row));
      const children = this.children(row);
      if (children.length > 0) made.children = children.slice();
      return made;
    });
  }

  private lineCells(line: number): CellValue[] {
    const cells = new Array<CellValue>(this.columns.length);
    for (let c = 0; c < this.columns.length; c++) cells[c] = this.columns[c].cell(line);
    return cells;
  }

  private lineCounts(line: number): { rowCount: number; unknown?: number[] } {
    const rowCount = this.rowCounts[line];
    const unknown = this.unknowns[line];
    return {
      rowCount: isCount(rowCount) ? rowCount : 1,
      ...(Array.isArray(unknown) ? { unknown: unknown as number[] } : {}),
    };
  }

  private lineNotes(line: number): Readonly<Record<string, CellNote>> | undefined {
    return line in this.named ? noteMap(this.named[line], this.noteList) : this.common;
  }

  private lineRow(line: number): TotalsRow {
    const row: TotalsRow = { key: this.keys.cell(line) ?? '', cells: this.lineCells(line), ...this.lineCounts(line) };
    const notes = this.lineNotes(line);
    if (notes) row.notes = notes;
    return row;
  }
}

/** How many parts follow a line (0 for a part itself, or a wrong count). */
function partsAt(parts: Record<string, unknown>, line: number): number {
  const n = parts[line];
  return isCount(n) ? n : 0;
}

/** The line of each row when some rows have parts (which follow their row); undefined when none has. */
function rowLines(parts: Record<string, unknown>, count: number): Uint32Array | undefined {
  if (!Object.keys(parts).some((line) => partsAt(parts, Number(line)) > 0)) return undefined;
  const lines: number[] = [];
  for (let line = 0; line < count; line += 1 + partsAt(parts, line)) lines.push(line);
  return Uint32Array.from(lines);
}
