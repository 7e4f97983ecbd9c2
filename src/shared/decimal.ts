/**
 * Exact decimal arithmetic on the text of CSV cells. Usage numbers must add up to the cent and to the token, so
 * nothing here goes through floating point: a value is an integer number of units at a decimal scale
 * (value = units / 10^scale). The common case (at most 15 digits) runs on plain JS numbers, which are exact for
 * integers below 2^53; anything larger, and exponent notation, falls back to bigint.
 */

/** An exact decimal: `units / 10^scale`. `units` is a number only while it is a safe integer. */
export interface Decimal {
  units: number | bigint;
  scale: number;
  /** True when the text was a plain integer (no point, no exponent); drives column kind detection. */
  integral: boolean;
}

/**
 * Fast-path values stay at or below 2^52 in magnitude, so the sum of two of them is still below 2^53 and exact;
 * 15 digits (< 10^15 < 2^52) always fit.
 */
const FAST_LIMIT = 2 ** 52;
const FAST_DIGITS = 15;
const POW10: readonly number[] = Array.from({ length: FAST_DIGITS + 1 }, (_, i) => 10 ** i);

/** Powers of ten as bigints, each made once: a scaled add took 320 ns with an exponentiation each time, 90 ns so. */
const BIG_POW10: bigint[] = [];
const BIG_POW10_KEPT = 64;

function pow10n(exponent: number): bigint {
  if (exponent >= BIG_POW10_KEPT) return 10n ** BigInt(exponent);
  return (BIG_POW10[exponent] ??= 10n ** BigInt(exponent));
}

/** Number grammar of the slow path: sign, digits with an optional point, optional exponent. */
const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Exponents beyond this are not usage numbers; refusing them keeps a hostile cell from allocating a huge bigint. */
const MAX_EXPONENT = 100;

/**
 * Parses the text of a cell as an exact decimal, or returns undefined when it is not a plain number. Accepted:
 * `12`, `-3`, `+4`, `0.125`, `.5`, `5.`, `1.5e-5`. Not accepted: thousands separators, spaces, `NaN`, `Infinity`,
 * hex, the empty string.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const scanner = new DecimalScanner();
  return scanner.scan(text) ? scanner : undefined;
}

/**
 * A reusable parse target for hot loops: `scan` fills it in place, so millions of cells parse without allocating.
 * It is a Decimal itself, valid until the next `scan`; copy it (`copyDecimal`) to keep a value.
 */
export class DecimalScanner implements Decimal {
  units: number | bigint = 0;
  scale = 0;
  integral = true;

  /** Same grammar as `parseDecimal`; false (and the fields unchanged in meaning) when the text is not a number. */
  scan(text: string): boolean {
    const len = text.length;
    let i = 0;
    let negative = false;
    const first = text.charCodeAt(0);
    if (first === 45 /* - */) {
      negative = true;
      i = 1;
    } else if (first === 43 /* + */) {
      i = 1;
    }
    let units = 0;
    let digits = 0;
    let scale = -1; // -1: no point seen yet
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        units = units * 10 + (c - 48);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 46 /* . */ && scale < 0) {
        scale = 0;
      } else if (c === 101 /* e */ || c === 69 /* E */) {
        return this.scanSlow(text);
      } else {
        return false; // most text cells end here, on their first letter
      }
    }
    if (digits === 0) return false;
    if (digits > FAST_DIGITS) return this.scanSlow(text);
    this.units = negative && units !== 0 ? -units : units;
    this.scale = scale < 0 ? 0 : scale;
    this.integral = scale < 0;
    return true;
  }

  private scanSlow(text: string): boolean {
    const d = parseSlow(text);
    if (!d) return false;
    this.units = d.units;
    this.scale = d.scale;
    this.integral = d.integral;
    return true;
  }
}

export function copyDecimal(d: Decimal): Decimal {
  return { units: d.units, scale: d.scale, integral: d.integral };
}

function parseSlow(text: string): Decimal | undefined {
  const m = NUMBER_RE.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponentText] = m;
  if (whole.length + fraction.length === 0) return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  let units = BigInt(whole + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= pow10n(-scale);
    scale = 0;
  }
  if (sign === '-') units = -units;
  return {
    units: toCompactUnits(units),
    scale,
    integral: fraction.length === 0 && exponentText === undefined && !text.includes('.'),
  };
}

/** Keeps small values on the fast path even when they came through the slow parser (e.g. `1.5e-5`). */
function toCompactUnits(units: bigint): number | bigint {
  return units >= -FAST_LIMIT && units <= FAST_LIMIT ? Number(units) : units;
}

/** `units` as a bigint at a larger scale. */
function rescale(d: Decimal, scale: number): bigint {
  return BigInt(d.units) * pow10n(scale - d.scale);
}

/**
 * Exact decimal text of `units / 10^scale`: minimal form, no exponent, no trailing fraction zeros ("0.3", "-12").
 * @internal exported for its unit test
 */
export function formatUnits(units: number | bigint, scale: number): string {
  const negative = units < 0;
  let digits = (negative ? -units : units).toString();
  let text: string;
  if (scale <= 0) {
    text = digits;
  } else {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    const whole = digits.slice(0, digits.length - scale);
    // Trailing zeros of the fraction go (a loop: this runs for every totals cell, often before it is optimized).
    let end = digits.length;
    while (end > digits.length - scale && digits.charCodeAt(end - 1) === 48) end--;
    const fraction = digits.slice(digits.length - scale, end);
    text = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && text !== '0' ? `-${text}` : text;
}

/** The canonical text of a parsed decimal (see `formatUnits`). */
export function formatDecimal(d: Decimal): string {
  return formatUnits(d.units, d.scale);
}

/**
 * The exact product `a × b`, shifted `shift` places to the right (`shift` 6 divides by a million: tokens × price
 * per 1M). Scales add, so nothing is rounded; the units spill into a bigint only when a number could lose precision.
 */
export function multiplyDecimals(a: Decimal, b: Decimal, shift = 0): Decimal {
  const scale = a.scale + b.scale + shift;
  if (typeof a.units === 'number' && typeof b.units === 'number') {
    const product = a.units * b.units;
    if (Number.isSafeInteger(product) && product <= FAST_LIMIT && product >= -FAST_LIMIT)
      return { units: product, scale, integral: scale === 0 };
  }
  return { units: toCompactUnits(BigInt(a.units) * BigInt(b.units)), scale, integral: scale === 0 };
}

/** `-d`, exactly. */
export function negateDecimal(d: Decimal): Decimal {
  return { units: typeof d.units === 'number' ? -d.units || 0 : -d.units, scale: d.scale, integral: d.integral };
}

/** Orders two decimals exactly: negative, zero or positive like `Array.prototype.sort` wants. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  if (typeof a.units === 'number' && typeof b.units === 'number' && a.scale === b.scale) return a.units - b.units;
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * An exact running sum. Values are added on the fast path (a safe-integer number of units at the current scale)
 * and spill into a bigint before the number could lose precision; a value with more fraction digits than seen
 * so far raises the scale once. Sums of sums are exact too (`addSum`), so totals can be merged up a tree.
 */
export class ExactSum {
  private scale = 0;
  private small = 0;
  private big = 0n;
  /** How many values went in; 0 means "no value", which is not the same as a sum of 0. */
  count = 0;

  /** A sum sent to another thread as its fields (a structured clone keeps no class), made whole again. */
  static revive(fields: ExactSum): ExactSum {
    return Object.assign(new ExactSum(), fields);
  }

  add(d: Decimal): void {
    this.count++;
    if (d.scale > this.scale) this.raiseScale(d.scale);
    if (typeof d.units === 'number') this.addUnits(d.units, d.scale);
    else this.big += rescale(d, this.scale);
  }

  addSum(other: ExactSum): void {
    this.count += other.count;
    if (other.scale > this.scale) this.raiseScale(other.scale);
    this.addUnits(other.small, other.scale);
    if (other.big !== 0n) this.big += other.big * pow10n(this.scale - other.scale);
  }

  /** The exact sum (0 when empty; check `count` for "no value"). */
  total(): Decimal {
    const units = this.big === 0n ? this.small : toCompactUnits(this.big + BigInt(this.small));
    return { units, scale: this.scale, integral: this.scale === 0 };
  }

  /** The sum as cell text, or null when nothing was added. */
  toCell(): string | null {
    return this.count === 0 ? null : formatDecimal(this.total());
  }

  /** The arithmetic mean rounded half away from zero to `decimals` places, or null when nothing was added. */
  mean(decimals: number = MEAN_DECIMALS): string | null {
    return this.count === 0
      ? null
      : divideDecimals(this.total(), { units: this.count, scale: 0, integral: true }, decimals);
  }

  /** Adds a safe-integer number of units at `scale` (≤ this.scale), on the fast path whenever it stays exact. */
  private addUnits(units: number, scale: number): void {
    const shift = this.scale - scale;
    if (shift <= FAST_DIGITS) {
      const scaled = units * POW10[shift];
      if (scaled <= FAST_LIMIT && scaled >= -FAST_LIMIT) {
        this.small += scaled;
        if (this.small > FAST_LIMIT || this.small < -FAST_LIMIT) this.spill();
        return;
      }
    }
    this.big += BigInt(units) * pow10n(shift);
  }

  private spill(): void {
    this.big += BigInt(this.small);
    this.small = 0;
  }

  private raiseScale(scale: number): void {
    const shift = scale - this.scale;
    this.scale = scale;
    // A sum on the fast path stays there when it fits (every new sum raises its scale with its first value).
    if (this.big === 0n && shift <= FAST_DIGITS) {
      const scaled = this.small * POW10[shift];
      if (scaled <= FAST_LIMIT && scaled >= -FAST_LIMIT) {
        this.small = scaled;
        return;
      }
    }
    this.spill();
    this.big *= pow10n(shift);
  }
}

/** Means are shown to 6 decimals: finer than any display, coarse enough to read as the same number everywhere. */
export const MEAN_DECIMALS = 6;

/**
 * `numerator / denominator` rounded half away from zero to `decimals` places, as exact decimal text; null when the
 * denominator is 0. `multiplier` (an integer) scales the quotient first: 1000 for "per 1k".
 */
export function divideDecimals(
  numerator: Decimal,
  denominator: Decimal,
  decimals: number,
  multiplier = 1,
): string | null {
  const scale = Math.max(numerator.scale, denominator.scale);
  const fast = divideFast(numerator, denominator, scale, decimals, multiplier);
  if (fast !== undefined) return fast;
  let n = rescale(numerator, scale) * BigInt(multiplier) * pow10n(decimals);
  let d = rescale(denominator, scale);
  if (d === 0n) return null;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return formatUnits(negative ? -q : q, decimals);
}

/** The same division on safe integers (shares of counts, most ratios); undefined when a step could overflow. */
function divideFast(
  numerator: Decimal,
  denominator: Decimal,
  scale: number,
  decimals: number,
  multiplier: number,
): string | null | undefined {
  if (typeof numerator.units !== 'number' || typeof denominator.units !== 'number') return undefined;
  const n = numerator.units * 10 ** (scale - numerator.scale + decimals) * multiplier;
  const d = denominator.units * 10 ** (scale - denominator.scale);
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) return undefined;
  if (d === 0) return null;
  const an = Math.abs(n);
  const ad = Math.abs(d);
  // The float quotient may be off by one either way; the remainder, exact in integers, corrects it.
  let q = Math.floor(an / ad);
  let r = an - q * ad;
  while (r < 0) {
    q--;
    r += ad;
  }
  while (r >= ad) {
    q++;
    r -= ad;
  }
  if (r * 2 >= ad) q++;
  return formatUnits(n < 0 !== d < 0 && q !== 0 ? -q : q, decimals);
}

/** Whether a cell's text is a number in the grammar of `parseDecimal`. */
export function isDecimalText(text: string): boolean {
  return new DecimalScanner().scan(text);
}

/** The exact sum of the cells that are numbers, as cell text; null when none is (no value is never 0). */
export function sumCells(cells: Iterable<string | null>): string | null {
  const sum = new ExactSum();
  const scanner = new DecimalScanner();
  for (const cell of cells) if (cell !== null && scanner.scan(cell)) sum.add(scanner);
  return sum.toCell();
}

/** The smallest or largest of the cells that are numbers, as given; null when none is. */
export function extremeCell(cells: Iterable<string | null>, which: 'min' | 'max'): string | null {
  let best: { text: string; value: Decimal } | undefined;
  for (const cell of cells) {
    const value = cell === null ? undefined : parseDecimal(cell);
    if (!value) continue;
    const c = best ? compareDecimals(value, best.value) : 0;
    if (!best || (which === 'min' ? c < 0 : c > 0)) best = { text: cell!, value };
  }
  return best ? best.text : null;
}
