/**
 * What the reader had to repair or guess about a file, as sentences for the user: ragged rows, spaces outside
 * quotes, duplicate column names, a quote that seems open by mistake, a fallback encoding. They never quote cell
 * text, only header names (clipped).
 */
import { columnName } from '../schema/exportTypes';

/** What the row shaper counted while it aligned the rows with the header. */
export interface ShapeCounts {
  /** Rows with fewer cells than the header, and with more. */
  short: number;
  long: number;
  /** Cells whose quotes had spaces outside them. */
  spaced: number;
}

/** The record that spans the most lines (`span` lines from `line`), in a file of `lines` lines and `rows` rows. */
export interface WidestRecord {
  line: number;
  span: number;
  lines: number;
  rows: number;
}

/** A record spanning at least this many lines, and half the file, is taken for a quote opened by mistake. */
const RUNAWAY_LINES = 10;

/** A header name is quoted in a warning up to this length. */
const NAME_SHOWN = 40;

/** Bytes that are not UTF-8: the file was read again as Windows-1252, or shows them as U+FFFD. */
export function encodingWarning(readAgain: boolean): string {
  return readAgain
    ? 'The file is not valid UTF-8: it was read as Windows-1252.'
    : 'The file is not valid UTF-8: what cannot be read as UTF-8 shows as \ufffd.';
}

export function shapeWarnings(headers: readonly string[], counts: ShapeCounts | undefined): string[] {
  const warnings: string[] = [];
  const short = counts?.short ?? 0;
  const long = counts?.long ?? 0;
  const spaced = counts?.spaced ?? 0;
  if (headers.length === 0) warnings.push('The file is empty: it has no header row.');
  if (short > 0)
    warnings.push(`${plural(short, 'row')} had fewer cells than the header; the missing cells are shown as empty.`);
  if (long > 0) warnings.push(`${plural(long, 'row')} had more cells than the header; the extra cells were left out.`);
  if (spaced > 0)
    warnings.push(
      `${plural(spaced, 'cell')} had spaces after ${spaced === 1 ? 'its' : 'their'} closing quote (as in "B" ,); ` +
        'the spaces and quotes were removed.',
    );
  const columns = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const name = columnName(h);
    const list = columns.get(name);
    if (list) list.push(i + 1);
    else columns.set(name, [i + 1]);
  });
  const duplicates = [...columns].filter(([, at]) => at.length > 1);
  if (duplicates.length > 0) {
    const named = duplicates.map(([name, at]) => `"${clipName(name)}" (columns ${at.join(', ')})`).join(', ');
    warnings.push(
      `${plural(duplicates.length, 'column name')} ${duplicates.length === 1 ? 'appears' : 'appear'} more than once ` +
        `in the header: ${named}. Both are kept; the first is the one derived columns read.`,
    );
  }
  return warnings;
}

/**
 * A quote opened by mistake (a stray `"` at a cell's start) runs on until the next quote, joining lines into one
 * cell: a header name holding a line break, or one row spanning much of the file.
 */
export function quoteWarnings(headers: readonly string[], widest: WidestRecord): string[] {
  const warnings: string[] = [];
  const broken = headers.flatMap((h, i) => (/[\r\n]/.test(h) ? [i + 1] : []));
  if (broken.length > 0) {
    warnings.push(
      `The header's ${plural(broken.length, 'column name')} (column ${broken.join(', ')}) ` +
        `${broken.length === 1 ? 'holds' : 'hold'} a line break: a quote on line 1 may be open by mistake, joining the next lines into the header.`,
    );
  }
  const { line, span, lines, rows } = widest;
  if (line > 1 && span >= RUNAWAY_LINES && span * 2 >= lines) {
    warnings.push(
      `The row starting on line ${line} spans ${span} lines (the file has ${lines} lines but ` +
        `${plural(rows, 'row')}): a quote there may be open by mistake.`,
    );
  }
  return warnings;
}

/** A name from the file, short enough for a warning. */
export function clipName(name: string): string {
  return name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN - 1)}…` : name;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
