/**
 * The price list behind computed costs: `@pydantic/genai-prices`' bundled data (dated price history, no network).
 * This module is its own bundle (`dist/prices.js`), loaded only when a table with token columns opens, so the
 * half-megabyte of price data never slows activation. Its numbers are read as decimal text, never computed with.
 */
import { findProvider, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import type { ListPrice, PriceBook, PricedModel, TokenPrices } from './priceBook';

/** The providers whose models Langdock offers: the what-if picker lists theirs. */
const PICKER_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere'];

/** The package's version, kept in step with package.json by a unit test. */
const DATA_VERSION = '@pydantic/genai-prices 0.1.8';

/** A date after every price change: the current prices. */
const LATEST = '9999-12-31';

type PriceValue = ModelPrice[string];

function modelInfo(provider: string, model: string): ModelInfo | undefined {
  return findProvider({ providerId: provider })?.models.find((m) => m.id === model);
}

/**
 * The entry in force on `date`: the latest `start_date` on or before it, else the undated base entry. Time-of-day
 * entries are peak or off-peak variants of the same day, which daily sums cannot split: noted, not applied.
 */
function priceInForce(info: ModelInfo, date: string): { price: ModelPrice; timeOfDay: boolean } | undefined {
  if (!Array.isArray(info.prices)) return { price: info.prices, timeOfDay: false };
  let best: { price: ModelPrice; start: string } | undefined;
  let timeOfDay = false;
  for (const entry of info.prices) {
    const constraint = entry.constraint;
    if (constraint?.type === 'time_of_date') timeOfDay = true;
    else {
      const start = constraint?.type === 'start_date' ? constraint.start_date : '';
      if (start <= date && (!best || start >= best.start)) best = { price: entry.prices, start };
    }
  }
  return best && { price: best.price, timeOfDay };
}

/** The decimal text of a price (a tier's base rate), and whether it had tiers. */
function rate(value: PriceValue): { text: string; tiered: boolean } | undefined {
  if (typeof value === 'number') return { text: String(value), tiered: false };
  if (value && typeof value === 'object' && typeof value.base === 'number')
    return { text: String(value.base), tiered: value.tiers.length > 0 };
  return undefined;
}

function listPriceAt(provider: string, model: string, date: string): ListPrice | undefined {
  const info = modelInfo(provider, model);
  const inForce = info && priceInForce(info, date);
  if (!inForce) return undefined;
  const { price } = inForce;
  const input = rate(price.input_mtok);
  const output = rate(price.output_mtok);
  if (!input || !output) return undefined;
  const cacheRead = rate(price.cache_read_mtok);
  const cacheWrite = rate(price.cache_write_mtok);
  const prices: TokenPrices = { input: input.text, output: output.text };
  if (cacheRead) prices.cacheRead = cacheRead.text;
  if (cacheWrite) prices.cacheWrite = cacheWrite.text;
  const tiered = [input, output, cacheRead, cacheWrite].some((r) => r?.tiered);
  return {
    provider,
    model,
    prices,
    caveats: [...(tiered ? ['tiered' as const] : []), ...(inForce.timeOfDay ? ['time-of-day' as const] : [])],
    splitCacheWrites: price.cache_write_1h_mtok !== undefined,
  };
}

/**
 * Models that are not chat models, by their price-list id (the list has no model type): embeddings, rerankers,
 * speech, transcription, realtime and audio, images and video, moderation, OCR, computer use, search previews,
 * completion-only and fine-tuned models. A what-if swaps a chat model's tokens, so it targets chat models only.
 */
const NOT_CHAT =
  /embed|rerank|tts|transcribe|whisper|realtime|audio|voice|voxtral|image|imagen|veo|live|moderation|ocr|computer-use|search-preview|safeguard|turbo-instruct|davinci|babbage|curie|^ada$|^ft:|\.ft-/i;

function pickerModels(): PricedModel[] {
  return PICKER_PROVIDERS.flatMap((id) =>
    (findProvider({ providerId: id })?.models ?? [])
      .filter((m) => !m.deprecated && !NOT_CHAT.test(m.id) && listPriceAt(id, m.id, LATEST) !== undefined)
      .map((m) => ({ provider: id, model: m.id, name: m.name ?? m.id })),
  );
}

export function createPriceBook(): PriceBook {
  return { version: DATA_VERSION, priceAt: listPriceAt, models: pickerModels };
}
