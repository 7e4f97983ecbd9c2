/**
 * Untrusted cell text on its way into a file someone else opens: a spreadsheet (CSV, TSV) or a Markdown table. The
 * copy buttons and the reports share these guards.
 */
import { isDecimalText } from './decimal';

/**
 * Spreadsheets treat a cell starting with =, +, -, @, tab or CR as a formula (CSV/TSV injection); a leading
 * apostrophe makes it text. A real negative number in a numeric column stays a number.
 */
export function guardCell(text: string, numeric: boolean): string {
  // A leading + is left to the guard: spreadsheets would read it, but nothing Langdock writes has one.
  if (numeric && text[0] !== '+' && isDecimalText(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function escapeMarkdownCell(text: string): string {
  return text.replace(/[\\|<>`]/g, '\\$&').replace(/[\t\r\n]/g, ' ');
}
