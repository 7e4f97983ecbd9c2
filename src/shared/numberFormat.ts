/**
 * Numbers for display, formatted from the exact decimal text: V8's Intl.NumberFormat accepts decimal strings
 * (Chromium and Node alike), so nothing is rounded through a float first. The webview and the reports share it.
 */
import type { ColumnFormat } from './tableModel';
import { isDecimalText } from './decimal';

/** Chromium formats a decimal string exactly; TypeScript's ES2022 lib only declares number | bigint. */
type ExactFormat = (value: string) => string;

export interface NumberFormats {
  integer: ExactFormat;
  decimal: ExactFormat;
  usd: ExactFormat;
  /** For non-zero USD amounts below one cent, where two decimals would read "$0.00". */
  usdTiny: ExactFormat;
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
    usd: make({ style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    usdTiny: make({ style: 'currency', currency: 'USD', maximumSignificantDigits: 3 }),
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
    case 'usd': {
      const magnitude = Math.abs(Number(value));
      return magnitude > 0 && magnitude < 0.01 ? formats.usdTiny(value) : formats.usd(value);
    }
    case 'percent':
      return formats.percent(value);
    default:
      return formats.decimal(value);
  }
}
