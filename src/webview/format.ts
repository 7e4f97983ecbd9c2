/**
 * Cell values for display: locale-aware numbers formatted from the exact wire string (Chromium's
 * Intl.NumberFormat accepts decimal strings, so nothing is rounded through a float first), booleans, json maps.
 */
import type { CellValue, ColumnFormat } from '../shared/protocol';
import { parseBoolean } from '../shared/boolean';
import { isDecimalText } from '../shared/decimal';
import { usdFormat, type UsdFormat } from '../shared/usd';

/** Chromium formats a decimal string exactly; TypeScript's ES2022 lib only declares number | bigint. */
type ExactFormat = (value: string) => string;

export interface NumberFormats {
  integer: ExactFormat;
  decimal: ExactFormat;
  usd: UsdFormat;
  percent: ExactFormat;
}

export function makeNumberFormats(locale: string): NumberFormats {
  const make = (options: Intl.NumberFormatOptions): ExactFormat => {
    const nf = new Intl.NumberFormat(locale, options);
    return nf.format.bind(nf) as unknown as ExactFormat;
  };
  return {
    integer: make({ maximumFractionDigits: 0 }),
    decimal: make({ maximumFractionDigits: 2 }),
    usd: usdFormat(locale),
    percent: make({ style: 'percent', maximumFractionDigits: 1 }),
  };
}

export function isNumeric(format: ColumnFormat): boolean {
  return format === 'integer' || format === 'decimal' || format === 'usd' || format === 'percent';
}

/** The displayed text of a number cell; a cell that is not a number is shown as given. */
export function formatNumber(value: string, format: ColumnFormat, formats: NumberFormats): string {
  if (!isDecimalText(value)) return value;
  switch (format) {
    case 'integer':
      return formats.integer(value);
    case 'usd':
      return formats.usd.amount(value);
    case 'percent':
      return formats.percent(value);
    default:
      return formats.decimal(value);
  }
}

export interface JsonMap {
  /** Entries by count, largest first. */
  entries: [string, number][];
  total: number;
}

/** A json-map cell (`{"gpt-4o": 12, …}`) as sorted entries; undefined when the text is not such an object. */
export function parseJsonMap(value: string): JsonMap | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const entries: [string, number][] = [];
  let total = 0;
  for (const [name, count] of Object.entries(parsed as Record<string, unknown>)) {
    const n = typeof count === 'number' ? count : Number(count);
    if (!Number.isFinite(n)) continue;
    entries.push([name, n]);
    total += n;
  }
  entries.sort((a, b) => b[1] - a[1]);
  return { entries, total };
}

/** The sortable number of a cell in this format, or NaN for "no value" (sorts last either way). */
export function numericKey(value: CellValue, format: ColumnFormat): number {
  if (value === null) return NaN;
  if (format === 'boolean') {
    const b = parseBoolean(value);
    return b === undefined ? NaN : b ? 1 : 0;
  }
  if (format === 'json-map') return parseJsonMap(value)?.total ?? NaN;
  if (format === 'date') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? NaN : t;
  }
  return isDecimalText(value) ? Number(value) : NaN;
}
