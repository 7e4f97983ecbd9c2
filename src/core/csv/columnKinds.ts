/**
 * The kind of each column of a CSV (empty, integer, decimal, boolean, text), detected from its cells while the file
 * is read.
 */
import { DecimalScanner } from '../../shared/decimal';
import { parseBoolean } from '../../shared/boolean';

/** What the values of a column look like. `empty`: no value at all; `text` absorbs everything else. */
export type ColumnKind = 'empty' | 'integer' | 'decimal' | 'boolean' | 'text';

/**
 * Detects column kinds by counting what the cells look like. A column is numeric when most of its cells are
 * numbers (or numbers with thousands separators, which the totals report rather than guess): the rest are then
 * the cells a warning names, instead of the whole column silently dropping out of the totals. A column of
 * `true`/`false`, `yes`/`no` and `1`/`0` is boolean.
 */
export class KindTracker {
  private readonly scanner = new DecimalScanner();
  /** Per column: plain numbers, of which fractional, of which `1`/`0`; grouped numbers; boolean words; other text. */
  private readonly numbers: Uint32Array;
  private readonly fractional: Uint32Array;
  private readonly bits: Uint32Array;
  private readonly grouped: Uint32Array;
  private readonly words: Uint32Array;
  private readonly texts: Uint32Array;

  constructor(private readonly width: number) {
    this.numbers = new Uint32Array(width);
    this.fractional = new Uint32Array(width);
    this.bits = new Uint32Array(width);
    this.grouped = new Uint32Array(width);
    this.words = new Uint32Array(width);
    this.texts = new Uint32Array(width);
  }

  see(column: number, text: string): void {
    if (this.scanner.scan(text)) {
      this.numbers[column]++;
      if (!this.scanner.integral) this.fractional[column]++;
      else if (text === '1' || text === '0') this.bits[column]++;
    } else if (isGroupedNumber(text)) this.grouped[column]++;
    else if (parseBoolean(text) !== undefined) this.words[column]++;
    else this.texts[column]++;
  }

  get kinds(): ColumnKind[] {
    return Array.from({ length: this.width }, (_, i) => {
      const numbers = this.numbers[i] + this.grouped[i];
      const others = this.words[i] + this.texts[i];
      if (numbers + others === 0) return 'empty';
      if (this.words[i] > 0 && this.texts[i] === 0 && this.grouped[i] === 0 && this.numbers[i] === this.bits[i])
        return 'boolean';
      if (numbers > others) return this.fractional[i] > 0 ? 'decimal' : 'integer';
      return 'text';
    });
  }
}

/** A number written with thousands separators (`1,234`, `-12,345.5`): never summed, as `1,234` may mean 1.234. */
export function isGroupedNumber(text: string): boolean {
  // Most text fails on its first character; the pattern runs only on what could match.
  const first = text.charCodeAt(0);
  const digitOrSign = (first >= 48 && first <= 57) || first === 43 || first === 45;
  return digitOrSign && text.length >= 5 && GROUPED_NUMBER.test(text);
}
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * The kind of one non-empty cell, as it counts towards its column's kind.
 * @internal exported for its unit test
 */
export function kindOf(text: string): Exclude<ColumnKind, 'empty'> {
  const tracker = new KindTracker(1);
  tracker.see(0, text);
  return tracker.kinds[0] as Exclude<ColumnKind, 'empty'>;
}
