/**
 * How totals rows travel in a packed message (gzip'd JSON from the table worker to the webview, see `pack` and
 * `unpack`). A big table's rows repeat a lot: most counts are 1, most rows carry the same notes ("Langdock" on
 * 300,000 costs), and many columns hold a few values (a role, a department, a day, a share). On the wire a count of 1
 * is left out, notes name entries of one list per message and the notes most rows carry are sent once, and a column
 * of few values sends each value once, its cells naming it by number. A 50 MB users export's pages went from 77 to
 * 50 MB of JSON, and from 1.5 to 1.15 s to unzip and parse; the webview holds each note and repeated value once.
 */
import type { CellNote, CellValue, TotalsRow } from './tableModel';

/** The rows of a `load` (its table's totals) or a `totalsRows` message, wherever they are. */
interface WithRows {
  type?: unknown;
  rows?: unknown;
  table?: { totals?: { rows?: unknown } };
  /** The notes the rows name, by their place in this list. */
  wireNotes?: unknown;
  /** The notes (as places in `wireNotes`, by column key) of every row that sends none. */
  wireCommonNotes?: unknown;
  /** By column index: the values its cells name by their place in the list. */
  wireValues?: unknown;
}

/** Columns are judged by their first rows: a column with at most this many values among them sends them once. */
const SAMPLE_ROWS = 1000;
const FEW_VALUES = 100;
/** A message of fewer rows gains too little to be worth the dictionary. */
const MIN_ROWS = 200;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNote = (value: unknown): value is CellNote => isObject(value) && typeof value.text === 'string';

function rowsOf(message: WithRows): unknown {
  return message.type === 'load'
    ? message.table?.totals?.rows
    : message.type === 'totalsRows'
      ? message.rows
      : undefined;
}

/** The columns of few values among the rows' first `SAMPLE_ROWS` (children too). */
function fewValueColumns(rows: readonly TotalsRow[]): number[] {
  const sample: (readonly CellValue[])[] = [];
  for (const row of rows) {
    if (sample.length >= SAMPLE_ROWS) break;
    sample.push(row.cells);
    for (const child of row.children ?? []) sample.push(child.cells);
  }
  if (sample.length < MIN_ROWS) return [];
  const columns: number[] = [];
  for (let c = 0; c < sample[0].length; c++) {
    const seen = new Set<CellValue>();
    for (const cells of sample) {
      seen.add(cells[c]);
      if (seen.size > FEW_VALUES) break;
    }
    if (seen.size <= FEW_VALUES) columns.push(c);
  }
  return columns;
}

/** Numbers the distinct values of each chosen column; a value first met past the sample is numbered then. */
class ColumnValues {
  readonly values: Record<number, string[]> = {};
  private readonly places: Map<string, number>[] = [];

  constructor(private readonly columns: readonly number[]) {
    for (const c of columns) {
      this.values[c] = [];
      this.places[c] = new Map();
    }
  }

  get any(): boolean {
    return this.columns.length > 0;
  }

  cells(cells: readonly CellValue[]): (CellValue | number)[] {
    const out: (CellValue | number)[] = cells.slice();
    for (const c of this.columns) {
      const value = cells[c];
      if (value === null || value === undefined) continue;
      let place = this.places[c].get(value);
      if (place === undefined) {
        place = this.values[c].push(value) - 1;
        this.places[c].set(value, place);
      }
      out[c] = place;
    }
    return out;
  }
}

type NamedNotes = Record<string, number>;

const sameNotes = (a: NamedNotes, b: NamedNotes): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/** The message as it is packed: a copy whose rows are in their wire form (the message itself is left as it is). */
export function toWire<M extends object>(message: M): M {
  const rows = rowsOf(message);
  if (!Array.isArray(rows)) return message;
  const notes: CellNote[] = [];
  const places = new Map<CellNote, number>();
  const placeOf = (note: CellNote): number => {
    let place = places.get(note);
    if (place === undefined) {
      place = notes.push(note) - 1;
      places.set(note, place);
    }
    return place;
  };
  const values = new ColumnValues(fewValueColumns(rows as TotalsRow[]));
  const wire = (row: TotalsRow): Record<string, unknown> => {
    const out: Record<string, unknown> = { key: row.key, cells: values.any ? values.cells(row.cells) : row.cells };
    if (row.rowCount !== 1) out.rowCount = row.rowCount;
    if (row.unknown) out.unknown = row.unknown;
    const named: NamedNotes = {};
    for (const key of Object.keys(row.notes ?? {})) named[key] = placeOf(row.notes![key]);
    out.notes = named;
    if (row.children) out.children = row.children.map(wire);
    return out;
  };
  const wireRows = (rows as TotalsRow[]).map(wire);
  const common = commonNotes(wireRows);
  const strip = (row: Record<string, unknown>): void => {
    const named = row.notes as NamedNotes;
    // Absent: the common notes; `{}`: none, when some are common.
    if (common === undefined ? Object.keys(named).length === 0 : sameNotes(named, common)) delete row.notes;
    (row.children as Record<string, unknown>[] | undefined)?.forEach(strip);
  };
  wireRows.forEach(strip);
  const m = message as WithRows;
  const copy =
    m.type === 'load'
      ? { ...m, table: { ...m.table, totals: { ...m.table!.totals, rows: wireRows } } }
      : { ...m, rows: wireRows };
  return {
    ...copy,
    wireNotes: notes,
    ...(common !== undefined ? { wireCommonNotes: common } : {}),
    ...(values.any ? { wireValues: values.values } : {}),
  } as M;
}

/** The notes (in their wire form) that most top-level rows carry, when there are any and it is most of them. */
function commonNotes(rows: readonly Record<string, unknown>[]): NamedNotes | undefined {
  const counts = new Map<string, { notes: NamedNotes; count: number }>();
  let best: { notes: NamedNotes; count: number } | undefined;
  for (const row of rows.slice(0, SAMPLE_ROWS)) {
    const notes = row.notes as NamedNotes;
    const key = JSON.stringify(notes);
    const entry = counts.get(key) ?? { notes, count: 0 };
    counts.set(key, entry);
    entry.count++;
    if (entry.count > (best?.count ?? 0)) best = entry;
  }
  const sampled = Math.min(rows.length, SAMPLE_ROWS);
  return best && Object.keys(best.notes).length > 0 && best.count * 2 > sampled ? best.notes : undefined;
}

/**
 * The message with its rows made whole again, in place: a count of 1 where it was left out, the notes they name and
 * the values their cells name. Untrusted input: anything malformed is left for the message's own checks; a note or
 * value that names no entry is dropped (a cell then has no value).
 */
export function fromWire(message: unknown): unknown {
  if (!isObject(message)) return message;
  const m = message as WithRows;
  const rows = rowsOf(m);
  const notes = Array.isArray(m.wireNotes) ? (m.wireNotes as unknown[]) : [];
  const common = isObject(m.wireCommonNotes) ? m.wireCommonNotes : undefined;
  const values = isObject(m.wireValues) ? m.wireValues : {};
  delete m.wireNotes;
  delete m.wireCommonNotes;
  delete m.wireValues;
  if (!Array.isArray(rows)) return message;
  const columns = Object.keys(values)
    .map(Number)
    .filter((c) => Number.isInteger(c) && c >= 0 && Array.isArray(values[c]));
  const noteMap = (named: Record<string, unknown>): Record<string, CellNote> => {
    const out: Record<string, CellNote> = {};
    for (const key of Object.keys(named)) {
      const note = notes[named[key] as number];
      if (Number.isInteger(named[key]) && isNote(note)) out[key] = note;
    }
    return out;
  };
  // One object for the rows that share the common notes, as the table had one note object for them.
  const shared = common && noteMap(common);
  const whole = (row: unknown): void => {
    if (!isObject(row)) return;
    row.rowCount ??= 1;
    if (row.notes === undefined && shared) row.notes = shared;
    else if (isObject(row.notes)) {
      const own = noteMap(row.notes);
      if (Object.keys(own).length > 0) row.notes = own;
      else delete row.notes;
    }
    if (Array.isArray(row.cells)) {
      const cells = row.cells as unknown[];
      for (const c of columns) {
        const place = cells[c];
        if (typeof place !== 'number') continue;
        const value = (values[c] as unknown[])[place];
        cells[c] = Number.isInteger(place) && typeof value === 'string' ? value : null;
      }
    }
    if (Array.isArray(row.children)) row.children.forEach(whole);
  };
  rows.forEach(whole);
  return message;
}
