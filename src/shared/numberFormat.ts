/**
 * Numbers for display, formatted from the exact decimal text: V8's Intl.NumberFormat accepts decimal strings
 * (Chromium and Node alike), so nothing is rounded through a float first. The webview and the reports share it.
 */
import type { ColumnFormat } from './tableModel';
import { isDecimalText } from './decimal';
import { usdFormat, type UsdFormat } from './usd';

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
