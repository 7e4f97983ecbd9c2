/**
 * Langdock's normalized model names → the price list's provider and model ids. One explicit table: a name that is
 * not here (a fine-tune, a private deployment, a model the list does not carry) is unpriced, never matched by a
 * guess. A unit test checks that every entry resolves to a price in the bundled list.
 */

export interface PriceListId {
  provider: string;
  model: string;
}

const id = (provider: string, model: string): PriceListId => ({ provider, model });

/** Keyed by Langdock's `name` (models export) or `model` (grouped exports) cell. */
const MODEL_MAP: Readonly<Record<string, PriceListId>> = {
  'gpt-4.1': id('openai', 'gpt-4.1'),
  'gpt-4.1-mini': id('openai', 'gpt-4.1-mini'),
  'gpt-4.1-nano': id('openai', 'gpt-4.1-nano'),
  'gpt-4o': id('openai', 'gpt-4o'),
  'gpt-4o-mini': id('openai', 'gpt-4o-mini'),
  'gpt-5': id('openai', 'gpt-5'),
  'gpt-5-mini': id('openai', 'gpt-5-mini'),
  'gpt-5-nano': id('openai', 'gpt-5-nano'),
  'gpt-5.1': id('openai', 'gpt-5.1'),
  o1: id('openai', 'o1'),
  o3: id('openai', 'o3'),
  'o3-mini': id('openai', 'o3-mini'),
  'o4-mini': id('openai', 'o4-mini'),
  'claude-sonnet-4': id('anthropic', 'claude-sonnet-4-0'),
  'claude-sonnet-4-5': id('anthropic', 'claude-sonnet-4-5'),
  'claude-opus-4': id('anthropic', 'claude-opus-4-0'),
  'claude-opus-4-1': id('anthropic', 'claude-opus-4-1'),
  'claude-opus-4-5': id('anthropic', 'claude-opus-4-5'),
  'claude-haiku-4-5': id('anthropic', 'claude-haiku-4-5'),
  'claude-3-7-sonnet': id('anthropic', 'claude-3-7-sonnet-latest'),
  'claude-3-5-haiku': id('anthropic', 'claude-3-5-haiku-latest'),
  'gemini-2.5-pro': id('google', 'gemini-2.5-pro'),
  'gemini-2.5-flash': id('google', 'gemini-2.5-flash'),
  'gemini-2.5-flash-lite': id('google', 'gemini-2.5-flash-lite'),
  'gemini-2.0-flash': id('google', 'gemini-2.0-flash'),
  'mistral-large': id('mistral', 'mistral-large'),
  'mistral-medium': id('mistral', 'mistral-medium-latest'),
  'mistral-small': id('mistral', 'mistral-small-latest'),
  'deepseek-r1': id('deepseek', 'deepseek-reasoner'),
  'deepseek-v3': id('deepseek', 'deepseek-chat'),
};

/**
 * The price list ids of a Langdock model, or undefined when it does not map. `provider` (when the export has the
 * column) must agree with the table's: a same-named model of another provider is not the same price.
 */
export function priceListId(name: string, provider: string | null): PriceListId | undefined {
  const entry = Object.hasOwn(MODEL_MAP, name) ? MODEL_MAP[name] : undefined;
  if (!entry || (provider !== null && provider !== '' && provider.toLowerCase() !== entry.provider)) return undefined;
  return entry;
}

/**
 * Every mapped Langdock name, for the test that checks each resolves.
 * @internal exported for its unit test
 */
export function mappedModelNames(): string[] {
  return Object.keys(MODEL_MAP);
}
