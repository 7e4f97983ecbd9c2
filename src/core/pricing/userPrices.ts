/**
 * The `langdock.modelPrices` setting: your own prices per Langdock model name, USD per 1M tokens, which beat list
 * prices. Read defensively (settings.json is hand-edited): an entry without numeric `input` and `output` is left
 * out and reported, never read as 0.
 */
import type { UserPrice } from './bucketCost';
import type { TokenPrices } from './priceBook';
import { type Localize, english } from '../../shared/template';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const price = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? String(value) : undefined;

export function parseModelPrices(
  value: unknown,
  t: Localize = english,
): { prices: Map<string, UserPrice>; problems: string[] } {
  const prices = new Map<string, UserPrice>();
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { prices, problems };
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const input = price(e.input);
    const output = price(e.output);
    if (input === undefined || output === undefined) {
      problems.push(t('Your price for {0} needs numbers for input and output (USD per 1M tokens).', model));
      continue;
    }
    const tokens: TokenPrices = { input, output };
    const cacheRead = price(e.cacheRead);
    const cacheWrite = price(e.cacheWrite);
    if (cacheRead !== undefined) tokens.cacheRead = cacheRead;
    if (cacheWrite !== undefined) tokens.cacheWrite = cacheWrite;
    const from = typeof e.from === 'string' && DATE.test(e.from) ? e.from : undefined;
    prices.set(model, from ? { prices: tokens, from } : { prices: tokens });
  }
  return { prices, problems };
}
