/**
 * How totals rows travel in a packed message (gzip'd JSON from the table worker to the webview, see `pack` and
 * `unpack`): by column, not by row. Parsing the JSON is most of what a big table costs the webview (2.6 of 5.8 s for
 * a 50 MB users export's 337,877 users, profiled in code-server), and what costs is the number of strings, arrays and
 * objects it makes. So each column travels as one text, its cells joined by a character none of them holds, or, when
 * it holds a few values (a role, a department, a day), as those values once and a character per cell; a key that
 * repeats a cell (a user's id) and a column that repeats another are not sent again; counts of 1, the notes most
 * rows share and absent parts are left out. The webview keeps a page as it came (a RowBlock: the texts, where each
 * cell ends, one character per few-values cell) and makes a cell when it is asked for. */
import type { CellNote, CellValue, TotalsRow } from './tableModel';
import { isObject } from './guards';
import { NO_VALUE, PLACES, RowBlock } from './rowBlock';

/**
 * A column's texts joined by a character none of them holds (the webview splits them apart natively); `nulls`: the
 * cells with no value. A column whose texts hold every candidate character goes as its cells (`cells`).
 */
type WireText = { text: string; separator: string; nulls: number[] } | { cells: CellValue[] };

/**
 * A column of few values: each value once, and each cell's place among them as one character of `PLACES` (`NO_VALUE`:
 * none). A text, not a list of numbers: JSON writes and reads numbers one by one, and they were most of the time a
 * page's JSON took both ways.
 */
interface WireValues {
  values: string[];
  places: string;
}

/** A column whose cells are all an earlier column's (Cost beside Langdock's cost, when that is where it comes from). */
interface WireSame {
  same: number;
}

type NamedNotes = Record<string, number>;

/**
 * The rows (each followed by its parts) as columns. Sparse fields name rows by their place in that order: a count
 * other than 1, cells left out, notes other than `commonNotes` (`{}`: none), and how many parts follow a row.
 */
interface WireRows {
  count: number;
  keys: WireText | { cell: number };
  columns: (WireText | WireValues | WireSame)[];
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

/** Columns are judged by their first rows: a column with at most as many values as places among them sends them once. */
const SAMPLE_ROWS = 1000;
const FEW_VALUES = PLACES.length;

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

/**
 * Characters to join a column's texts with, the first that none of them holds: one byte in JSON for a column of
 * numbers, ids or emails; a control character would be written as six (`\u001f`).
 */
const SEPARATORS = [',', ';', '|', '~', '\uffff', '\ue000', '\u001f'];

/** A column's texts joined (read straight from the rows: a column of 300,000 cells is not copied first). */
function textColumn(count: number, cellAt: (i: number) => CellValue | undefined): WireText {
  next: for (const separator of SEPARATORS) {
    const texts = new Array<string>(count);
    const nulls: number[] = [];
    for (let i = 0; i < count; i++) {
      const cell = cellAt(i);
      if (cell === null || cell === undefined) {
        nulls.push(i);
        texts[i] = '';
      } else if (cell.includes(separator)) continue next;
      else texts[i] = cell;
    }
    return { text: texts.join(separator), separator, nulls };
  }
  return { cells: Array.from({ length: count }, (_, i) => cellAt(i) ?? null) };
}

/** The column as its values and places, or undefined when the page holds more values than there are places. */
function valuesColumn(flat: readonly TotalsRow[], column: number): WireValues | undefined {
  const values: string[] = [];
  const known = new Map<string, number>();
  const codes = new Uint8Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const cell = flat[i].cells[column];
    if (cell === null || cell === undefined) {
      codes[i] = NO_VALUE;
      continue;
    }
    let place = known.get(cell);
    if (place === undefined) {
      place = values.push(cell) - 1;
      if (place >= PLACES.length) return undefined;
      known.set(cell, place);
    }
    codes[i] = PLACES[place];
  }
  return { values, places: new TextDecoder().decode(codes) };
}

/** The earlier column whose cells are all this column's, if one is (most differ in their first cell). */
function sameAs(flat: readonly TotalsRow[], column: number): number | undefined {
  if (flat.length === 0) return undefined;
  for (let earlier = 0; earlier < column; earlier++) {
    let i = 0;
    while (i < flat.length && flat[i].cells[earlier] === flat[i].cells[column]) i++;
    if (i === flat.length) return earlier;
  }
  return undefined;
}

/** The column every key repeats, if one does. */
function keyCell(flat: readonly TotalsRow[]): number | undefined {
  const first = flat[0];
  if (!first) return undefined;
  const column = first.cells.indexOf(first.key);
  return column >= 0 && flat.every((row) => row.cells[column] === row.key) ? column : undefined;
}

/** The notes most of the first rows carry, when most carry the same ones (`{}` is no notes). */
function commonNotes(named: readonly NamedNotes[]): NamedNotes | undefined {
  const counts = new Map<string, { notes: NamedNotes; count: number }>();
  let best: { notes: NamedNotes; count: number } | undefined;
  for (const notes of named) {
    const key = JSON.stringify(notes);
    const entry = counts.get(key) ?? { notes, count: 0 };
    counts.set(key, entry);
    entry.count++;
    if (entry.count > (best?.count ?? 0)) best = entry;
  }
  return best && Object.keys(best.notes).length > 0 && best.count * 2 > named.length ? best.notes : undefined;
}

/** How many notes a row has (counted, not listed: a list for each of 300,000 rows is garbage to collect). */
function noteCount(notes: Readonly<Record<string, CellNote>> | undefined): number {
  let n = 0;
  for (const key in notes) if (Object.hasOwn(notes, key)) n++;
  return n;
}

/** Whether a row's notes are these very note objects (a table's equal notes are one object). */
function sameNotes(
  notes: Readonly<Record<string, CellNote>> | undefined,
  common: Record<string, CellNote>,
  keys: readonly string[],
): boolean {
  return notes !== undefined && noteCount(notes) === keys.length && keys.every((k) => notes[k] === common[k]);
}

function toWireRows(rows: readonly TotalsRow[]): WireRows {
  const flat = flatten(rows);
  const width = flat[0]?.cells.length ?? 0;
  const columns: (WireText | WireValues | WireSame)[] = [];
  for (let c = 0; c < width; c++) {
    const same = sameAs(flat, c);
    const few = same === undefined && fewValues(flat, c) ? valuesColumn(flat, c) : undefined;
    columns.push(same !== undefined ? { same } : (few ?? textColumn(flat.length, (i) => flat[i].cells[c])));
  }
  const noteList: CellNote[] = [];
  const places = new Map<CellNote, number>();
  const name = (notes: Readonly<Record<string, CellNote>> | undefined): NamedNotes => {
    const out: NamedNotes = {};
    for (const key of Object.keys(notes ?? {})) {
      const note = notes![key];
      let place = places.get(note);
      if (place === undefined) {
        place = noteList.push(note) - 1;
        places.set(note, place);
      }
      out[key] = place;
    }
    return out;
  };
  const common = commonNotes(flat.slice(0, SAMPLE_ROWS).map((row) => name(row.notes)));
  const commonObjects = common && Object.fromEntries(Object.keys(common).map((k) => [k, noteList[common[k]]]));
  const commonKeys = Object.keys(common ?? {});
  const cell = keyCell(flat);
  const wire: WireRows = {
    count: flat.length,
    keys: cell === undefined ? textColumn(flat.length, (i) => flat[i].key) : { cell },
    columns,
    counts: {},
    unknown: {},
    notes: {},
    ...(common ? { commonNotes: common } : {}),
    noteList,
    parts: {},
  };
  flat.forEach((row, i) => {
    if (row.rowCount !== 1) wire.counts[i] = row.rowCount;
    if (row.unknown) wire.unknown[i] = row.unknown;
    const own = commonObjects ? !sameNotes(row.notes, commonObjects, commonKeys) : noteCount(row.notes) > 0;
    if (own) wire.notes[i] = name(row.notes);
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

/**
 * The message with its rows read back, in place: a `load`'s as rows, a `totalsRows` page's as a RowBlock (held by
 * column, as they came). Untrusted input: rows that cannot be read back are none (see RowBlock).
 */
export function fromWire(message: unknown): unknown {
  if (!isObject(message)) return message;
  const m = message as WithRows;
  const wire = rowsOf(m);
  if (wire === undefined || Array.isArray(wire)) return message;
  const block = RowBlock.fromWire(wire);
  if (m.type === 'load') m.table!.totals!.rows = block?.rows() ?? [];
  else m.rows = block ?? [];
  return message;
}
