/**
 * US dollars for people to read, from exact decimal text, in one place for the host, the core and the webview.
 * Intl.NumberFormat formats a decimal string exactly (nothing goes through a float first); TypeScript's lib only
 * declares number | bigint, hence the casts.
 */
type ExactFormat = (value: string) => string;

function currency(locale: string, options: Intl.NumberFormatOptions): ExactFormat {
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', ...options });
  return nf.format.bind(nf) as unknown as ExactFormat;
}

export interface UsdFormat {
  /** A cost: cents, and three significant digits for a non-zero amount below a cent (never "$0.00"). */
  amount: ExactFormat;
  /** Whole dollars ("$1,240"): a budget and the spend against it. */
  whole: ExactFormat;
  /** A price as written, every decimal kept: "$3", "$0.30", "$0.0028". */
  price: ExactFormat;
}

export function usdFormat(locale: string): UsdFormat {
  const cents = currency(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const tiny = currency(locale, { maximumSignificantDigits: 3 });
  const whole = currency(locale, { maximumFractionDigits: 0 });
  return {
    amount: (value) => {
      const magnitude = Math.abs(Number(value));
      return magnitude > 0 && magnitude < 0.01 ? tiny(value) : cents(value);
    },
    whole,
    price: (value) => {
      const decimals = value.split('.')[1]?.length ?? 0;
      const digits = decimals === 0 ? 0 : Math.max(2, decimals);
      return currency(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })(value);
    },
  };
}
