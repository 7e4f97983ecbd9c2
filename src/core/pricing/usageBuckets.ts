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
  /** Model, provider and period as one text: which bucket of its group a row goes into. */
  key: string;
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

/**
 * A group's buckets: one, as for most groups (a user, a key), or a map of several by their key. A map for every
 * group of a users export would be hundreds of thousands of maps for the garbage collector to walk.
 */
type GroupBuckets = Bucket | Map<string, Bucket>;

export class UsageBuckets {
  private readonly byGroup = new Map<string, GroupBuckets>();
  private readonly scanner = new DecimalScanner();
  /** The bucket key of the last row added, and what it was made from. */
  private lastKey:
    | { model: string | null; provider: string | null; periodCell: string | null; period: string | null; key: string }
    | undefined;

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
    const model = columns.model >= 0 ? (row[columns.model] ?? null) : null;
    const provider = columns.provider >= 0 ? (row[columns.provider] ?? null) : null;
    const periodCell = columns.period >= 0 ? (row[columns.period] ?? null) : null;
    let last = this.lastKey;
    // Rows in a row mostly share model, provider and period (the reader keeps one copy of a repeated text).
    if (last?.model !== model || last.provider !== provider || last.periodCell !== periodCell) {
      const period = periodCell?.slice(0, 10) ?? null;
      last = this.lastKey = { model, provider, periodCell, period, key: `${model}\u001f${provider}\u001f${period}` };
    }
    const { period, key } = last;
    const entry = this.byGroup.get(groupKey);
    let bucket: Bucket | undefined;
    if (entry === undefined) this.byGroup.set(groupKey, (bucket = this.bucket(key, model, provider, period)));
    else if (entry instanceof Map) {
      bucket = entry.get(key);
      if (!bucket) entry.set(key, (bucket = this.bucket(key, model, provider, period)));
    } else if (entry.key === key) bucket = entry;
    else {
      bucket = this.bucket(key, model, provider, period);
      this.byGroup.set(
        groupKey,
        new Map([
          [entry.key, entry],
          [key, bucket],
        ]),
      );
    }
    bucket.rows++;
    for (const [kind, i] of columns.tokens) {
      const text = row[i];
      if (text !== null && text !== undefined && scanner.scan(text)) bucket.tokens[kind]!.add(scanner);
    }
    const cost = columns.langdock >= 0 ? row[columns.langdock] : null;
    if (bucket.langdock && cost !== null && cost !== undefined && scanner.scan(cost)) bucket.langdock.add(scanner);
  }

  private bucket(key: string, model: string | null, provider: string | null, period: string | null): Bucket {
    const tokens: Bucket['tokens'] = {};
    for (const [kind] of this.columns.tokens) tokens[kind] = new ExactSum();
    return {
      key,
      model,
      provider,
      period,
      rows: 0,
      tokens,
      langdock: this.columns.langdock >= 0 ? new ExactSum() : undefined,
    };
  }

  /**
   * The collector as it arrived from the table worker: the structured clone kept its fields, maps and bigints but
   * not its classes.
   */
  static revive(cloned: UsageBuckets): UsageBuckets {
    const buckets = new UsageBuckets(cloned.columns);
    const revive = (b: Bucket): Bucket => ({
      ...b,
      tokens: Object.fromEntries(Object.entries(b.tokens).map(([kind, sum]) => [kind, ExactSum.revive(sum)])),
      langdock: b.langdock && ExactSum.revive(b.langdock),
    });
    for (const [groupKey, group] of cloned.byGroup) {
      buckets.byGroup.set(
        groupKey,
        group instanceof Map ? new Map([...group].map(([key, b]) => [key, revive(b)])) : revive(group),
      );
    }
    return buckets;
  }

  /** The key of every totals group that has buckets. */
  groupKeys(): IterableIterator<string> {
    return this.byGroup.keys();
  }

  /** The buckets of one totals group (a row's key, or a part's). */
  of(groupKey: string): Iterable<Bucket> {
    const entry = this.byGroup.get(groupKey);
    return entry === undefined ? [] : entry instanceof Map ? entry.values() : [entry];
  }

  /** The model names that have token counts, in order of first appearance. */
  models(): { model: string; provider: string | null }[] {
    const seen = new Map<string, string | null>();
    for (const groupKey of this.byGroup.keys())
      for (const b of this.of(groupKey))
        if (b.model !== null && !seen.has(b.model) && (b.tokens.completion?.count ?? 0) > 0)
          seen.set(b.model, b.provider);
    return [...seen].map(([model, provider]) => ({ model, provider }));
  }
}
