/**
 * Exact decimal arithmetic on the wire's number strings ("1234", "0.00125", "-3.5"), with bigint: a grand total
 * of what is shown must equal the sum of the cells to the last digit, which float addition does not promise.
 */

interface Scaled {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parse(text: string): Scaled | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  const exponent = m[4] ? Number(m[4]) : 0;
  if (Math.abs(exponent) > 400) return undefined;
  let digits = (m[2] || '0') + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: m[1] === '-' ? -units : units, scale };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function format({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, -scale);
    const fraction = digits.slice(-scale).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** Whether the text is a plain decimal number the helpers here understand. */
export function isDecimal(text: string): boolean {
  return parse(text) !== undefined;
}

/** The exact sum of the values that are numbers; null when none is (no value is never 0). */
export function sumDecimals(values: Iterable<string | null>): string | null {
  let total: Scaled | undefined;
  for (const value of values) {
    const parsed = value === null ? undefined : parse(value);
    if (!parsed) continue;
    if (!total) {
      total = parsed;
      continue;
    }
    const scale = Math.max(total.scale, parsed.scale);
    total = { units: rescale(total, scale) + rescale(parsed, scale), scale };
  }
  return total ? format(total) : null;
}

/** Exact comparison of two decimal strings: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * `numerator / denominator × per`, rounded half away from zero to `decimals` places, exactly; null when either is
 * not a number or the denominator is zero (the same rule the host uses for derived columns).
 */
export function divideDecimals(
  numerator: string | null,
  denominator: string | null,
  per: number,
  decimals: number,
): string | null {
  const x = numerator === null ? undefined : parse(numerator);
  const y = denominator === null ? undefined : parse(denominator);
  if (!x || !y || y.units === 0n) return null;
  // x/y = (x.units / 10^x.scale) / (y.units / 10^y.scale); scaled by 10^decimals and doubled for rounding.
  let top = x.units * BigInt(per) * 10n ** BigInt(decimals + y.scale) * 2n;
  let bottom = y.units * 10n ** BigInt(x.scale);
  if (bottom < 0n) {
    top = -top;
    bottom = -bottom;
  }
  const doubled = top / bottom;
  const units = (doubled + (doubled < 0n ? -1n : 1n)) / 2n;
  return format({ units, scale: decimals });
}

/** The smallest or largest of the values that are numbers, as given; null when none is. */
export function extremeDecimal(values: Iterable<string | null>, which: 'min' | 'max'): string | null {
  let best: string | null = null;
  for (const value of values) {
    if (value === null || !isDecimal(value)) continue;
    if (best === null) best = value;
    else {
      const c = compareDecimals(value, best);
      if (which === 'min' ? c < 0 : c > 0) best = value;
    }
  }
  return best;
}
