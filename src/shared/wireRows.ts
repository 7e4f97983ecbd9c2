/**
 * How totals rows travel in a packed message (gzip'd JSON from the table worker to the webview, see `pack` and
 * `unpack`): by column, not by row. Parsing the JSON is most of what a big table costs the webview (2.6 of 5.8 s for
 * a 50 MB users export's 337,877 users, profiled in code-server), and what costs is the number of strings, arrays and
 * objects it makes. So each column travels as one text with the lengths of its cells, or, when it holds a few values
 * (a role, a department, a day), as those values once and a number per cell; a key that repeats a cell (a user's id)
 * is not sent again; counts of 1, the notes most rows share and absent parts are left out. The webview cuts the
 * texts back into cells, and holds each repeated value and note once.
 */
import type { CellNote, CellValue, TotalsRow } from './tableModel';

/** A column's texts run together, each cell its length (-1: no value). */
interface WireText {
  text: string;
  lengths: number[];
}

/** A column of few values: each value once, each cell its place among them (null: no value). */
interface WireValues {
  values: string[];
  places: (number | null)[];
}

type NamedNotes = Record<string, number>;

/**
 * The rows (each followed by its parts) as columns. Sparse fields name rows by their place in that order: a count
 * other than 1, cells left out, notes other than `commonNotes` (`{}`: none), and how many parts follow a row.
 */
interface WireRows {
  count: number;
  keys: WireText | { cell: number };
  columns: (WireText | WireValues)[];
  counts: Record<number, number>;
  unknown: Record<number, number[]>;
  notes: Record<number, NamedNotes>;
  commonNotes?: NamedNotes;
  /** The notes named, by their place in this list. */
  noteList: CellNote[];
  parts: Record<number, number>;
}

/** The rows of a `load` (its table's totals) or a `totalsRows` message. */
interface WithRows {
  type?: unknown;
  rows?: unknown;
  table?: { totals?: { rows?: unknown } };
}

/** Columns are judged by their first rows: a column with at most this many values among them sends them once. */
const SAMPLE_ROWS = 1000;
const FEW_VALUES = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNote = (value: unknown): value is CellNote => isObject(value) && typeof value.text === 'string';
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function rowsOf(message: WithRows): unknown {
  return message.type === 'load'
    ? message.table?.totals?.rows
    : message.type === 'totalsRows'
      ? message.rows
      : undefined;
}

/** The message with its rows replaced (a copy: the message itself is left as it is). */
function withRows<M>(message: M, rows: unknown): M {
  const m = message as WithRows;
  return (
    m.type === 'load' ? { ...m, table: { ...m.table, totals: { ...m.table!.totals, rows } } } : { ...m, rows }
  ) as M;
}

/** Rows and their parts in wire order: each row, then its parts. */
function flatten(rows: readonly TotalsRow[]): TotalsRow[] {
  const flat: TotalsRow[] = [];
  for (const row of rows) {
    flat.push(row);
    if (row.children) for (const child of row.children) flat.push(child);
  }
  return flat;
}

function fewValues(flat: readonly TotalsRow[], column: number): boolean {
  const seen = new Set<CellValue>();
  for (let i = 0; i < flat.length && i < SAMPLE_ROWS; i++) {
    seen.add(flat[i].cells[column]);
    if (seen.size > FEW_VALUES) return false;
  }
  // A handful of rows gains nothing from a list of values.
  return flat.length >= FEW_VALUES * 2;
}

function textColumn(cells: readonly CellValue[]): WireText {
  const lengths = new Array<number>(cells.length);
  const texts: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    lengths[i] = cell === null || cell === undefined ? -1 : cell.length;
    if (cell) texts.push(cell);
  }
  return { text: texts.join(''), lengths };
}

function valuesColumn(cells: readonly CellValue[]): WireValues {
  const values: string[] = [];
  const known = new Map<string, number>();
  const places = cells.map((cell) => {
    if (cell === null || cell === undefined) return null;
    let place = known.get(cell);
    if (place === undefined) {
      place = values.push(cell) - 1;
      known.set(cell, place);
    }
    return place;
  });
  return { values, places };
}

/** The column every key repeats, if one does. */
function keyCell(flat: readonly TotalsRow[]): number | undefined {
  const first = flat[0];
  if (!first) return undefined;
  const column = first.cells.indexOf(first.key);
  return column >= 0 && flat.every((row) => row.cells[column] === row.key) ? column : undefined;
}

/** The notes most rows (among the first) carry, when most carry the same ones. */
function commonNotes(named: readonly NamedNotes[]): NamedNotes | undefined {
  const counts = new Map<string, { notes: NamedNotes; count: number }>();
  let best: { notes: NamedNotes; count: number } | undefined;
  const sample = named.slice(0, SAMPLE_ROWS);
  for (const notes of sample) {
    const key = JSON.stringify(notes);
    const entry = counts.get(key) ?? { notes, count: 0 };
    counts.set(key, entry);
    entry.count++;
    if (entry.count > (best?.count ?? 0)) best = entry;
  }
  return best && Object.keys(best.notes).length > 0 && best.count * 2 > sample.length ? best.notes : undefined;
}

const sameNotes = (a: NamedNotes, b: NamedNotes): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

function toWireRows(rows: readonly TotalsRow[]): WireRows {
  const flat = flatten(rows);
  const width = flat[0]?.cells.length ?? 0;
  const columns: (WireText | WireValues)[] = [];
  for (let c = 0; c < width; c++) {
    const cells = flat.map((row) => row.cells[c]);
    columns.push(fewValues(flat, c) ? valuesColumn(cells) : textColumn(cells));
  }
  const noteList: CellNote[] = [];
  const places = new Map<CellNote, number>();
  const named = flat.map((row) => {
    const out: NamedNotes = {};
    for (const key of Object.keys(row.notes ?? {})) {
      const note = row.notes![key];
      let place = places.get(note);
      if (place === undefined) {
        place = noteList.push(note) - 1;
        places.set(note, place);
      }
      out[key] = place;
    }
    return out;
  });
  const common = commonNotes(named);
  const wire: WireRows = {
    count: flat.length,
    keys: { text: '', lengths: [] },
    columns,
    counts: {},
    unknown: {},
    notes: {},
    ...(common ? { commonNotes: common } : {}),
    noteList,
    parts: {},
  };
  const cell = keyCell(flat);
  wire.keys = cell === undefined ? textColumn(flat.map((row) => row.key)) : { cell };
  flat.forEach((row, i) => {
    if (row.rowCount !== 1) wire.counts[i] = row.rowCount;
    if (row.unknown) wire.unknown[i] = row.unknown;
    const notes = named[i];
    if (common ? !sameNotes(notes, common) : Object.keys(notes).length > 0) wire.notes[i] = notes;
  });
  let at = 0;
  for (const row of rows) {
    if (row.children) wire.parts[at] = row.children.length;
    at += 1 + (row.children?.length ?? 0);
  }
  return wire;
}

/** The message as it is packed: a copy whose rows are in their wire form (the message itself is left as it is). */
export function toWire<M extends object>(message: M): M {
  const rows = rowsOf(message);
  return Array.isArray(rows) ? withRows(message, toWireRows(rows as TotalsRow[])) : message;
}

/** One column's cells back from the wire; undefined when it does not hold `count` cells. */
function cellsOf(column: unknown, count: number): CellValue[] | undefined {
  if (!isObject(column)) return undefined;
  if (typeof column.text === 'string' && Array.isArray(column.lengths) && column.lengths.length === count) {
    const { text } = column;
    const lengths = column.lengths as unknown[];
    const cells = new Array<CellValue>(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const length = lengths[i];
      if (!isCount(length)) cells[i] = null;
      else {
        cells[i] = text.slice(at, at + length);
        at += length;
      }
    }
    return cells;
  }
  if (Array.isArray(column.values) && Array.isArray(column.places) && column.places.length === count) {
    const values = column.values as unknown[];
    return (column.places as unknown[]).map((place) => {
      const value = isCount(place) ? values[place] : undefined;
      return typeof value === 'string' ? value : null;
    });
  }
  return undefined;
}

/** The rows back from their wire form; undefined when it is malformed. */
function fromWireRows(wire: unknown): TotalsRow[] | undefined {
  if (!isObject(wire) || !isCount(wire.count) || !Array.isArray(wire.columns)) return undefined;
  const count = wire.count;
  const columns = (wire.columns as unknown[]).map((column) => cellsOf(column, count));
  if (columns.some((cells) => cells === undefined)) return undefined;
  const keyColumn =
    isObject(wire.keys) && isCount(wire.keys.cell) ? columns[wire.keys.cell] : cellsOf(wire.keys, count);
  if (!keyColumn) return undefined;
  const sparse = (field: unknown): Record<string, unknown> => (isObject(field) ? field : {});
  const counts = sparse(wire.counts);
  const unknown = sparse(wire.unknown);
  const named = sparse(wire.notes);
  const parts = sparse(wire.parts);
  const noteList = Array.isArray(wire.noteList) ? (wire.noteList as unknown[]) : [];
  const noteMap = (names: unknown): Record<string, CellNote> | undefined => {
    if (!isObject(names)) return undefined;
    const out: Record<string, CellNote> = {};
    for (const key of Object.keys(names)) {
      const note = isCount(names[key]) ? noteList[names[key]] : undefined;
      if (isNote(note)) out[key] = note;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  // One object for the rows that share the common notes, as the table had one note object for them.
  const common = noteMap(wire.commonNotes);
  const flat: TotalsRow[] = new Array<TotalsRow>(count);
  for (let i = 0; i < count; i++) {
    const cells = new Array<CellValue>(columns.length);
    for (let c = 0; c < columns.length; c++) cells[c] = columns[c]![i];
    const rowCount = counts[i];
    const row: TotalsRow = { key: keyColumn[i] ?? '', cells, rowCount: isCount(rowCount) ? rowCount : 1 };
    if (Array.isArray(unknown[i])) row.unknown = unknown[i] as number[];
    const notes = i in named ? noteMap(named[i]) : common;
    if (notes) row.notes = notes;
    flat[i] = row;
  }
  const rows: TotalsRow[] = [];
  for (let i = 0; i < count; i++) {
    const row = flat[i];
    rows.push(row);
    const n = parts[i];
    if (isCount(n) && n > 0) {
      row.children = flat.slice(i + 1, i + 1 + n);
      i += n;
    }
  }
  return rows;
}

/**
 * The message with its rows made whole again, in place. Untrusted input: rows that cannot be read back are none; a
 * note or value that names no entry is dropped (a cell then has no value).
 */
export function fromWire(message: unknown): unknown {
  if (!isObject(message)) return message;
  const m = message as WithRows;
  const wire = rowsOf(m);
  if (wire === undefined || Array.isArray(wire)) return message;
  const rows = fromWireRows(wire) ?? [];
  if (m.type === 'load') m.table!.totals!.rows = rows;
  else m.rows = rows;
  return message;
}
