/**
 * What the reader had to repair or guess about a file, as sentences for the user: ragged rows, spaces outside
 * quotes, duplicate column names, a quote that seems open by mistake, a fallback encoding. They never quote cell
 * text, only header names (clipped). Every sentence is an English template the caller's `t` localizes (the table
 * worker's is VS Code's l10n bundle), with one template for one and one for many, as German needs.
 */
import type { Localize } from '../../shared/template';
import { columnName } from '../schema/exportTypes';
import type { StrayQuotes } from './csvTokenizer';

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
export function encodingWarning(readAgain: boolean, t: Localize): string {
  return readAgain
    ? t('The file is not valid UTF-8: it was read as Windows-1252.')
    : t('The file is not valid UTF-8: what cannot be read as UTF-8 shows as �.');
}

export function shapeWarnings(headers: readonly string[], counts: ShapeCounts | undefined, t: Localize): string[] {
  const warnings: string[] = [];
  const short = counts?.short ?? 0;
  const long = counts?.long ?? 0;
  const spaced = counts?.spaced ?? 0;
  if (headers.length === 0) warnings.push(t('The file is empty: it has no header row.'));
  if (short > 0)
    warnings.push(
      short === 1
        ? t('1 row had fewer cells than the header; the missing cells are shown as empty.')
        : t('{0} rows had fewer cells than the header; the missing cells are shown as empty.', String(short)),
    );
  if (long > 0)
    warnings.push(
      long === 1
        ? t('1 row had more cells than the header; the extra cells were left out.')
        : t('{0} rows had more cells than the header; the extra cells were left out.', String(long)),
    );
  if (spaced > 0)
    warnings.push(
      spaced === 1
        ? t('1 cell had spaces after its closing quote (as in "B" ,); the spaces and quotes were removed.')
        : t(
            '{0} cells had spaces after their closing quote (as in "B" ,); the spaces and quotes were removed.',
            String(spaced),
          ),
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
    const named = duplicates.map(([name, at]) => t('"{0}" (columns {1})', clipName(name), at.join(', '))).join(', ');
    warnings.push(
      duplicates.length === 1
        ? t(
            '1 column name appears more than once in the header: {0}. Both are kept; the first is the one derived columns read.',
            named,
          )
        : t(
            '{0} column names appear more than once in the header: {1}. Both are kept; the first is the one derived columns read.',
            String(duplicates.length),
            named,
          ),
    );
  }
  return warnings;
}

/**
 * Stray quotes. One in the middle of a cell is read as text and named by its line. One opened by mistake (at a
 * cell's start) runs on until the next quote, joining lines into one cell: a header name holding a line break, or
 * one row spanning much of the file.
 */
export function quoteWarnings(
  headers: readonly string[],
  widest: WidestRecord,
  stray: StrayQuotes,
  t: Localize,
): string[] {
  const warnings: string[] = [];
  const broken = headers.flatMap((h, i) => (/[\r\n]/.test(h) ? [i + 1] : []));
  if (broken.length > 0) {
    warnings.push(
      broken.length === 1
        ? t(
            "The header's 1 column name (column {0}) holds a line break: a quote on line 1 may be open by mistake, joining the next lines into the header.",
            String(broken[0]),
          )
        : t(
            "The header's {0} column names (column {1}) hold a line break: a quote on line 1 may be open by mistake, joining the next lines into the header.",
            String(broken.length),
            broken.join(', '),
          ),
    );
  }
  const { line, span, lines, rows } = widest;
  if (line > 1 && span >= RUNAWAY_LINES && span * 2 >= lines) {
    const at = [String(line), String(span), String(lines)];
    warnings.push(
      rows === 1
        ? t(
            'The row starting on line {0} spans {1} lines (the file has {2} lines but 1 row): a quote there may be open by mistake.',
            ...at,
          )
        : t(
            'The row starting on line {0} spans {1} lines (the file has {2} lines but {3} rows): a quote there may be open by mistake.',
            ...at,
            String(rows),
          ),
    );
  }
  // A quote in the middle of a cell (`a"b`, `"a"b`) is read as text, as other CSV readers do; where it is, is said.
  if (stray.count > 0)
    warnings.push(
      stray.count === 1
        ? t(
            'Line {0} has a quote in the middle of a cell (as in a"b or "a"b); it was read as part of the text.',
            String(stray.firstLine),
          )
        : t(
            '{0} quotes are in the middle of a cell (as in a"b or "a"b), the first on line {1}; they were read as part of the text.',
            String(stray.count),
            String(stray.firstLine),
          ),
    );
  return warnings;
}

/** A name from the file, short enough for a warning. */
export function clipName(name: string): string {
  return name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN - 1)}…` : name;
}
