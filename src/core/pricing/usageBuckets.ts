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

/** A row's bucket key and what it was made from: one object for the rows in a row that share it. */
interface BucketKey {
  model: string | null;
  provider: string | null;
  periodCell: string | null;
  period: string | null;
  key: string;
}

/**
 * A group's bucket while the group has one row: its key, then the row's token texts and its cost text (in the order
 * of `Columns.tokens`, then `langdock`). A users export is one row per user: sums made at once for each would be four
 * objects per user that all outlive the read, which the young-generation collector copies again and again; a
 * bucket made from its texts when it is priced dies young.
 */
type OneRow = readonly [BucketKey, ...CellValue[]];

/**
 * A group's buckets: one row, one bucket, or a map of several by their key. A map for every group of a users export
 * would be hundreds of thousands of maps for the garbage collector to walk.
 */
type GroupBuckets = OneRow | Bucket | Map<string, Bucket>;

export class UsageBuckets {
  private readonly byGroup = new Map<string, GroupBuckets>();
  private readonly scanner = new DecimalScanner();
  /** The bucket key of the last row added. */
  private lastKey: BucketKey | undefined;

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
    const at = this.keyOf(row);
    const entry = this.byGroup.get(groupKey);
    if (entry === undefined) return void this.byGroup.set(groupKey, this.oneRow(at, row));
    let bucket: Bucket | undefined;
    if (entry instanceof Map) {
      bucket = entry.get(at.key);
      if (!bucket) entry.set(at.key, (bucket = this.bucket(at)));
    } else {
      // The group's second row: a one-row bucket gets its sums now.
      const first = isOneRow(entry) ? this.summed(entry) : entry;
      bucket = first.key === at.key ? first : this.bucket(at);
      this.byGroup.set(
        groupKey,
        bucket === first
          ? first
          : new Map([
              [first.key, first],
              [at.key, bucket],
            ]),
      );
    }
    this.addTexts(bucket, this.texts(row));
  }

  /** The row's bucket key: the last one again while model, provider and period stay (the reader pools texts). */
  private keyOf(row: readonly CellValue[]): BucketKey {
    const { columns } = this;
    const model = columns.model >= 0 ? (row[columns.model] ?? null) : null;
    const provider = columns.provider >= 0 ? (row[columns.provider] ?? null) : null;
    const periodCell = columns.period >= 0 ? (row[columns.period] ?? null) : null;
    const last = this.lastKey;
    if (last?.model === model && last.provider === provider && last.periodCell === periodCell) return last;
    const period = periodCell?.slice(0, 10) ?? null;
    return (this.lastKey = { model, provider, periodCell, period, key: `${model}\u001f${provider}\u001f${period}` });
  }

  /**
   * The row's token texts, then its cost text, after `lead` places left empty. Sized exactly: a one-row bucket keeps
   * it, and an array grown by `push` would keep room for a dozen more.
   */
  private texts(row: readonly CellValue[], lead = 0): CellValue[] {
    const { tokens, langdock } = this.columns;
    const out = new Array<CellValue>(lead + tokens.length + (langdock >= 0 ? 1 : 0));
    let at = lead;
    for (const [, i] of tokens) out[at++] = row[i] ?? null;
    if (langdock >= 0) out[at] = row[langdock] ?? null;
    return out;
  }

  private oneRow(key: BucketKey, row: readonly CellValue[]): OneRow {
    const entry = this.texts(row, 1) as unknown as [BucketKey, ...CellValue[]];
    entry[0] = key;
    return entry;
  }

  /** A one-row bucket with its sums. */
  private summed(entry: OneRow): Bucket {
    const bucket = this.bucket(entry[0]);
    this.addTexts(bucket, entry.slice(1) as CellValue[]);
    return bucket;
  }

  /** Adds one row's texts (see `texts`) to a bucket's sums. */
  private addTexts(bucket: Bucket, texts: readonly CellValue[]): void {
    const { columns, scanner } = this;
    bucket.rows++;
    for (let i = 0; i < columns.tokens.length; i++) addText(bucket.tokens[columns.tokens[i][0]]!, texts[i], scanner);
    if (bucket.langdock) addText(bucket.langdock, texts[columns.tokens.length], scanner);
  }

  private bucket({ key, model, provider, period }: BucketKey): Bucket {
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
        isOneRow(group)
          ? group
          : group instanceof Map
            ? new Map([...group].map(([key, b]) => [key, revive(b)]))
            : revive(group),
      );
    }
    return buckets;
  }

  /** Calls `each` with the buckets of every group not in `listed`, in the order the groups came (no lookup each). */
  forEachExcept(listed: ReadonlySet<string>, each: (bucket: Bucket) => void): void {
    for (const [key, entry] of this.byGroup)
      if (!listed.has(key)) for (const bucket of this.bucketsOf(entry)) each(bucket);
  }

  /** The buckets of one totals group (a row's key, or a part's). */
  of(groupKey: string): Iterable<Bucket> {
    return this.bucketsOf(this.byGroup.get(groupKey));
  }

  /**
   * `of` for groups asked for in the order they came, as a table's rows mostly are: the next group in that order
   * when its key is the one asked for, else the map. Among 300,000 groups a lookup in the map misses the processor's
   * caches (75-130 ms for a 50 MB users export's rows, 15-50 ms walked); the next entry in order lies beside the last.
   */
  walker(): (groupKey: string) => Iterable<Bucket> {
    const order = this.byGroup.entries();
    let next = order.next();
    return (groupKey) => {
      if (next.done || next.value[0] !== groupKey) return this.of(groupKey);
      const entry = next.value[1];
      next = order.next();
      return this.bucketsOf(entry);
    };
  }

  private bucketsOf(entry: GroupBuckets | undefined): Iterable<Bucket> {
    if (entry === undefined) return [];
    return isOneRow(entry)
      ? [new OneRowBucket(entry, this.columns, this.scanner)]
      : entry instanceof Map
        ? entry.values()
        : [entry];
  }

  /**
   * The model names that have token counts, in order of first appearance. A one-row group's completion text is read
   * as it is: making its sums to count them would cost every render a pass over hundreds of thousands of users.
   */
  models(): { model: string; provider: string | null }[] {
    const seen = new Map<string, string | null>();
    const completion = this.columns.tokens.findIndex(([kind]) => kind === 'completion');
    for (const entry of this.byGroup.values()) {
      if (isOneRow(entry)) {
        const { model, provider } = entry[0];
        const text = oneRowText(entry, completion);
        if (model !== null && !seen.has(model) && text !== null && this.scanner.scan(text)) seen.set(model, provider);
        continue;
      }
      for (const b of entry instanceof Map ? entry.values() : [entry])
        if (b.model !== null && !seen.has(b.model) && (b.tokens.completion?.count ?? 0) > 0)
          seen.set(b.model, b.provider);
    }
    return [...seen].map(([model, provider]) => ({ model, provider }));
  }
}

function isOneRow(entry: GroupBuckets): entry is OneRow {
  return Array.isArray(entry);
}

/** A one-row group's `i`th text (see `UsageBuckets.texts`). */
function oneRowText(entry: OneRow, i: number): CellValue {
  return entry[i + 1] as CellValue;
}

/** Adds a cell's number to a sum; an empty cell or one that is not a number adds nothing (its count stays). */
function addText(sum: ExactSum, text: CellValue | undefined, scanner: DecimalScanner): void {
  if (text !== null && text !== undefined && scanner.scan(text)) sum.add(scanner);
}

/**
 * A one-row group's bucket as pricing reads it: each sum is made from the row's text when it is first asked for
 * (pricing by Langdock's cost reads no token sums).
 */
class OneRowBucket implements Bucket {
  readonly rows = 1;
  private tokenSums: Bucket['tokens'] | undefined;
  private langdockSum: ExactSum | undefined;

  constructor(
    private readonly entry: OneRow,
    private readonly columns: Columns,
    private readonly scanner: DecimalScanner,
  ) {}

  get key(): string {
    return this.entry[0].key;
  }
  get model(): string | null {
    return this.entry[0].model;
  }
  get provider(): string | null {
    return this.entry[0].provider;
  }
  get period(): string | null {
    return this.entry[0].period;
  }

  get tokens(): Bucket['tokens'] {
    if (!this.tokenSums) {
      this.tokenSums = {};
      this.columns.tokens.forEach(([kind], i) => (this.tokenSums![kind] = this.sum(i)));
    }
    return this.tokenSums;
  }

  get langdock(): ExactSum | undefined {
    if (this.columns.langdock < 0) return undefined;
    this.langdockSum ??= this.sum(this.columns.tokens.length);
    return this.langdockSum;
  }

  /** The sum of the row's `i`th text. */
  private sum(i: number): ExactSum {
    const sum = new ExactSum();
    addText(sum, oneRowText(this.entry, i), this.scanner);
    return sum;
  }
}
