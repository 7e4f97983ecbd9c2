/**
 * The cost of one bucket of tokens, exactly: which prices apply (your own from settings, else the list price in
 * force at the period's start) and the documented formula
 *
 *   no_cache × input + cache read × cacheRead + cache write × cacheWrite + completion × output   (per 1M tokens)
 *
 * where `no_cache` is `sum_prompt_tokens − cache read − cache write` when the export lacks `no_cache_tokens`.
 * A cache price the provider does not have is billed at the input rate.
 */
import { type Decimal, ExactSum, multiplyDecimals, negateDecimal, parseDecimal } from '../../shared/decimal';
import type { ListPrice, PriceBook, TokenPrices } from './priceBook';
import { usdFormat } from '../../shared/usd';
import { type Localize, english } from '../../shared/template';
import { type PriceListId, priceListId } from './modelMap';
import type { Bucket, TokenKind } from './usageBuckets';

export interface UserPrice {
  prices: TokenPrices;
  /** YYYY-MM-DD: the price applies to periods starting on or after it. */
  from?: string;
}

/** Your prices by Langdock model name (the `langdock.modelPrices` setting, validated). */
export type UserPrices = ReadonlyMap<string, UserPrice>;

export interface PriceChoice {
  prices: TokenPrices;
  /** Where the prices came from, for the cell's tooltip. */
  source: string;
  /** Cache and tier caveats that make the figure a rougher estimate. */
  caveats: string[];
}

export type Priced = { ok: true; value: Decimal } | { ok: false; reason: string };

const PER_MILLION = 6;

/** Prices in the core's English texts (the host localizes the words around them). */
const usd = usdFormat('en-US').price;

function describe(prices: TokenPrices, t: Localize): string {
  const parts = [t('{0} input', usd(prices.input)), t('{0} output', usd(prices.output))];
  if (prices.cacheRead !== undefined) parts.push(t('{0} cache read', usd(prices.cacheRead)));
  if (prices.cacheWrite !== undefined) parts.push(t('{0} cache write', usd(prices.cacheWrite)));
  return t('{0} per 1M', parts.join(', '));
}

function listCaveats(list: ListPrice, t: Localize): string[] {
  const caveats: string[] = [];
  if (list.splitCacheWrites && list.prices.cacheWrite !== undefined)
    caveats.push(
      t(
        'Cache writes at the 5-minute rate ({0}): Langdock reports one cache-write count without the 5-minute/1-hour split, so 1-hour writes are under-counted.',
        usd(list.prices.cacheWrite),
      ),
    );
  if (list.caveats.includes('tiered'))
    caveats.push(t('Base rate used: requests above the long-prompt threshold cost more, which sums cannot show.'));
  if (list.caveats.includes('time-of-day'))
    caveats.push(t('Standard rate used: peak and off-peak rates cannot be told apart in daily sums.'));
  return caveats;
}

/** The price list's prices of a model at a date, with the tooltip text; undefined when the list has none. */
export function listPriceChoice(book: PriceBook, id: PriceListId, date: string, t: Localize): PriceChoice | undefined {
  const list = book.priceAt(id.provider, id.model, date);
  if (!list) return undefined;
  return {
    prices: list.prices,
    source: t('list price of {0} on {1}: {2}', `${id.provider}/${id.model}`, date, describe(list.prices, t)),
    caveats: listCaveats(list, t),
  };
}

/** Your price beats the list price; a price with `from` applies from that date on. */
export function choosePrice(
  bucket: Bucket,
  book: PriceBook,
  userPrices: UserPrices,
  t: Localize,
): { ok: true; choice: PriceChoice } | { ok: false; reason: string } {
  const { model, period } = bucket;
  if (model === null) return { ok: false, reason: t('The export does not say which model ran: group it by model.') };
  if (period === null) return { ok: false, reason: t('The row has no period start to date a price.') };
  const own = userPrices.get(model);
  if (own && (own.from === undefined || own.from <= period))
    return {
      ok: true,
      choice: { prices: own.prices, source: t('your price from settings: {0}', describe(own.prices, t)), caveats: [] },
    };
  const id = priceListId(model, bucket.provider);
  const list = id && listPriceChoice(book, id, period, t);
  if (!list) return { ok: false, reason: t('No price for {0}: add one in the setting langdock.modelPrices.', model) };
  return { ok: true, choice: list };
}

function sum(bucket: Bucket, kind: TokenKind): Decimal | undefined | 'partial' {
  const s = bucket.tokens[kind];
  if (!s) return undefined;
  if (s.count !== bucket.rows) return s.count === 0 ? undefined : 'partial';
  return s.total();
}

/** The formula on one bucket's sums. n/a, with the reason, where tokens are missing or do not add up. */
export function costOf(bucket: Bucket, prices: TokenPrices, t: Localize = english): Priced {
  const completion = sum(bucket, 'completion');
  const prompt = sum(bucket, 'prompt');
  const given = sum(bucket, 'noCache');
  const read = sum(bucket, 'cacheRead');
  const write = sum(bucket, 'cacheWrite');
  if ([completion, prompt, given, read, write].includes('partial'))
    return { ok: false, reason: t('Some rows lack token counts.') };
  if (completion === undefined || (prompt === undefined && given === undefined))
    return { ok: false, reason: t('No token counts (usage not on your own provider keys).') };
  let uncached = given as Decimal | undefined;
  if (uncached === undefined) {
    const rest = new ExactSum();
    rest.add(prompt as Decimal);
    if (read) rest.add(negateDecimal(read as Decimal));
    if (write) rest.add(negateDecimal(write as Decimal));
    uncached = rest.total();
    if (uncached.units < 0)
      return { ok: false, reason: t('Cache tokens exceed input tokens: the uncached input cannot be derived.') };
  }
  const total = new ExactSum();
  const term = (tokens: Decimal | undefined | 'partial', price: string) => {
    if (tokens && tokens !== 'partial') total.add(multiplyDecimals(tokens, parseDecimal(price)!, PER_MILLION));
  };
  term(uncached, prices.input);
  term(read, prices.cacheRead ?? prices.input);
  term(write, prices.cacheWrite ?? prices.input);
  term(completion, prices.output);
  return { ok: true, value: total.total() };
}
