/**
 * The token sums cost is computed from, collected while the totals stream in: one bucket per totals group (entity
 * × part), model and period. Prices change over time and differ by model, so a bucket is the coarsest unit that
 * one set of prices covers; cost is linear in tokens, so pricing a bucket's sums equals pricing each row and adding.
 * Buckets keep sums, not prices: new settings or a what-if re-price them without reading the file again.
 */
import { DecimalScanner, ExactSum } from '../../shared/decimal';
import type { CellValue } from '../../shared/tableModel';

export type TokenKind = 'noCache' | 'prompt' | 'cacheRead' | 'cacheWrite' | 'completion';

/** The export's token columns (older exports name the cache columns without `sum_`). */
const TOKEN_COLUMNS: Readonly<Record<TokenKind, readonly string[]>> = {
  noCache: ['no_cache_tokens'],
  prompt: ['sum_prompt_tokens'],
  cacheRead: ['sum_cached_prompt_tokens', 'cached_prompt_tokens'],
  cacheWrite: ['sum_cache_creation_tokens', 'cache_creation_tokens'],
  completion: ['sum_completion_tokens'],
};
const TOKEN_KINDS = Object.keys(TOKEN_COLUMNS) as TokenKind[];

export const LANGDOCK_COST_COLUMN = 'total_cost_usd';

/** Which column names the model: `name` in the models export, `model` in exports grouped by model. */
const MODEL_COLUMNS = ['model', 'name'];
const MODEL_EXPORT_MARKERS = ['provider', 'bring_your_keys'];

export interface Bucket {
  /** The model's Langdock name; null when the export does not say (not grouped by model). */
  model: string | null;
  provider: string | null;
  /** `period_start` as YYYY-MM-DD; null when the file has none. */
  period: string | null;
  rows: number;
  /** Sums of the token columns the export has (a column it lacks has no entry). */
  tokens: Partial<Record<TokenKind, ExactSum>>;
  /** Langdock's own cost, when the export has the column. */
  langdock: ExactSum | undefined;
}

interface Columns {
  tokens: [TokenKind, number][];
  langdock: number;
  model: number;
  provider: number;
  period: number;
}

export class UsageBuckets {
  private readonly byGroup = new Map<string, Map<string, Bucket>>();
  private readonly scanner = new DecimalScanner();

  private constructor(private readonly columns: Columns) {}

  /** A collector for a header with token columns, or undefined: no tokens, no computed cost. */
  static forHeader(headers: readonly string[]): UsageBuckets | undefined {
    const at = (names: readonly string[]) => headers.findIndex((h) => names.includes(h));
    const tokens = TOKEN_KINDS.map((k): [TokenKind, number] => [k, at(TOKEN_COLUMNS[k])]).filter(([, i]) => i >= 0);
    const has = (k: TokenKind) => tokens.some(([kind]) => kind === k);
    if (!has('completion') || !(has('prompt') || has('noCache'))) return undefined;
    // `name` names the model only in the models export (users have a `name` too).
    const isModels = MODEL_EXPORT_MARKERS.some((m) => headers.includes(m));
    const model = headers.includes('model') ? headers.indexOf('model') : isModels ? at(MODEL_COLUMNS) : -1;
    return new UsageBuckets({
      tokens,
      langdock: headers.indexOf(LANGDOCK_COST_COLUMN),
      model,
      provider: headers.indexOf('provider'),
      period: headers.indexOf('period_start'),
    });
  }

  get hasLangdockCost(): boolean {
    return this.columns.langdock >= 0;
  }

  /** Which token kinds the export has. */
  has(kind: TokenKind): boolean {
    return this.columns.tokens.some(([k]) => k === kind);
  }

  add(row: readonly CellValue[], groupKey: string): void {
    const { columns, scanner } = this;
    const cell = (i: number) => (i >= 0 ? (row[i] ?? null) : null);
    const model = cell(columns.model);
    const provider = cell(columns.provider);
    const period = cell(columns.period)?.slice(0, 10) ?? null;
    let group = this.byGroup.get(groupKey);
    if (!group) this.byGroup.set(groupKey, (group = new Map<string, Bucket>()));
    const key = `${model}\u001f${provider}\u001f${period}`;
    let bucket = group.get(key);
    if (!bucket) {
      bucket = {
        model,
        provider,
        period,
        rows: 0,
        tokens: Object.fromEntries(columns.tokens.map(([k]) => [k, new ExactSum()])),
        langdock: columns.langdock >= 0 ? new ExactSum() : undefined,
      };
      group.set(key, bucket);
    }
    bucket.rows++;
    for (const [kind, i] of columns.tokens) {
      const text = row[i];
      if (text !== null && text !== undefined && scanner.scan(text)) bucket.tokens[kind]!.add(scanner);
    }
    const cost = cell(columns.langdock);
    if (bucket.langdock && cost !== null && scanner.scan(cost)) bucket.langdock.add(scanner);
  }

  /**
   * The collector as it arrived from the table worker: the structured clone kept its fields, maps and bigints but
   * not its classes.
   */
  static revive(cloned: UsageBuckets): UsageBuckets {
    const buckets = new UsageBuckets(cloned.columns);
    for (const [groupKey, group] of cloned.byGroup) {
      const revived = new Map<string, Bucket>();
      for (const [key, b] of group) {
        const tokens = Object.fromEntries(Object.entries(b.tokens).map(([kind, sum]) => [kind, ExactSum.revive(sum)]));
        revived.set(key, { ...b, tokens, langdock: b.langdock && ExactSum.revive(b.langdock) });
      }
      buckets.byGroup.set(groupKey, revived);
    }
    return buckets;
  }

  /** The buckets of one totals group (a row's key, or a part's). */
  of(groupKey: string): Bucket[] {
    return [...(this.byGroup.get(groupKey)?.values() ?? [])];
  }

  /** The model names that have token counts, in order of first appearance. */
  models(): { model: string; provider: string | null }[] {
    const seen = new Map<string, string | null>();
    for (const group of this.byGroup.values())
      for (const b of group.values())
        if (b.model !== null && !seen.has(b.model) && (b.tokens.completion?.count ?? 0) > 0)
          seen.set(b.model, b.provider);
    return [...seen].map(([model, provider]) => ({ model, provider }));
  }
}
