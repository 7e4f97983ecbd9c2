/**
 * What the cost columns need from a price list, apart from where the prices come from: the list prices of a model
 * in force on a date, and the models a what-if can target. `listPrices.ts` implements it on the bundled price data
 * in a chunk of its own (loaded only when a table with token columns opens); tests can pass any implementation.
 */

/** USD per 1M tokens, as exact decimal text. A missing cache price means the tokens are billed at the input rate. */
export interface TokenPrices {
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
}

export interface ListPrice {
  /** The price list's provider and model ids, e.g. `anthropic` and `claude-sonnet-4-0`. */
  provider: string;
  model: string;
  prices: TokenPrices;
  /**
   * Why these rates are an approximation for sums of tokens: `tiered` (a higher rate above a prompt size applies per
   * request, which a sum cannot tell; the base rate is used), `time-of-day` (off-peak or peak rates; the standard rate
   * is used).
   */
  caveats: ('tiered' | 'time-of-day')[];
  /** Whether the provider bills 5-minute and 1-hour cache writes differently (Langdock reports one count). */
  splitCacheWrites: boolean;
}

export interface PricedModel {
  provider: string;
  model: string;
  /** A display name, when the price list has one. */
  name: string;
}

export interface PriceBook {
  /** The data version of the price list, for the README and the log. */
  readonly version: string;
  /** The prices of `provider`/`model` in force on `date` (YYYY-MM-DD), or undefined when the list has none. */
  priceAt(provider: string, model: string, date: string): ListPrice | undefined;
  /** Every model a what-if can be priced at. */
  models(): PricedModel[];
}
