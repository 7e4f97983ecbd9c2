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
  /** A cost in a table cell: to the cent; a non-zero amount below a cent is "<$0.01" (its exact figure is kept). */
  cents: ExactFormat;
  /** A cost with every decimal it has, at least cents: "$15.4527", "$0.000004", "$5.00" (tooltips and copies). */
  exact: ExactFormat;
  /** Whole dollars ("$1,240"): a budget and the spend against it. */
  whole: ExactFormat;
  /** A price as written, every decimal kept: "$3", "$0.30", "$0.0028". */
  price: ExactFormat;
}

const decimalsOf = (value: string): number => value.split('.')[1]?.length ?? 0;

export function usdFormat(locale: string): UsdFormat {
  const withDigits = (digits: number) =>
    currency(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const cents = currency(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const tiny = currency(locale, { maximumSignificantDigits: 3 });
  const whole = currency(locale, { maximumFractionDigits: 0 });
  return {
    amount: (value) => {
      const magnitude = Math.abs(Number(value));
      return magnitude > 0 && magnitude < 0.01 ? tiny(value) : cents(value);
    },
    cents: (value) => {
      const amount = Number(value);
      if (amount === 0 || Math.abs(amount) >= 0.01) return cents(value);
      return amount > 0 ? `<${cents('0.01')}` : `>${cents('-0.01')}`;
    },
    exact: (value) => withDigits(Math.max(2, decimalsOf(value)))(value),
    whole,
    price: (value) => {
      const decimals = decimalsOf(value);
      return withDigits(decimals === 0 ? 0 : Math.max(2, decimals))(value);
    },
  };
}
