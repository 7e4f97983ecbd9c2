/**
 * One usage table held where it was read: its totals, the token sums cost is priced from, and its raw rows. It
 * renders the webview's view at any settings (new prices, a what-if) without reading the file again. The table
 * worker holds one per panel; the extension host holds one itself only for a small file (this module is also the
 * entry of `dist/tableReader.js`, required on demand, see workerTable.ts).
 */
import { compareTables } from './compare';
import type { PriceBook } from '../pricing/priceBook';
import type { UsageBuckets } from '../pricing/usageBuckets';
import type { RowSource } from './rowSource';
import { readUsageTable } from './tableLoad';
import {
  bundleLocalize,
  compareLabels,
  pack,
  type RenderedView,
  type Rendering,
  renderView,
  type ViewSettings,
} from './tableView';
import type { LoadProgress } from './totals';
import { readFraction } from './readFraction';
import type { TableHints } from './tablePlan';
import type { UsageTable } from '../../shared/tableModel';
import { type Organised, type OrganiseRequest, organiseTable } from '../org/organiseTable';
import { localizeGroupedView } from '../org/groupedView';

export { readUsageTable };

/** What to read: the file, and the export of the period before when the table compares with it. */
export interface TableRequest {
  csvPath: string;
  hints: TableHints;
  previous?: { csvPath: string; hints: TableHints };
  /** dist/prices.js: the price list, required on first use (only a table with token counts needs it). */
  pricesScript: string;
}

/** The rows read so far of a large file, rendered, and how far the read is. */
export interface PartialView {
  view: RenderedView;
  /** 0 to 1. */
  fraction: number;
  /** The raw rows read so far: All rows pages from them while the read goes on. */
  rows: RowSource;
}

/** The entities a partial table lists (its grand total counts every row read): many screens, a small message. */
const PARTIAL_ENTITIES = 1000;
/**
 * The first lists fewer: it is on the way to the first paint. A 100 MB models export by deployment renders it in
 * 160 ms instead of 240 (30 KB instead of 110 KB gzip'd); the next one, half a second later, lists the rest.
 */
const FIRST_PARTIAL_ENTITIES = 100;

const books = new Map<string, PriceBook>();

function priceBook(script: string): PriceBook {
  let book = books.get(script);
  if (!book) {
    // A runtime require of a file next to the bundle: esbuild must not inline the price data.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    book = (require(script) as { createPriceBook(): PriceBook }).createPriceBook();
    books.set(script, book);
  }
  return book;
}

export class HeldTable {
  private rendering: Rendering | undefined;

  private constructor(
    private readonly table: UsageTable,
    private readonly buckets: UsageBuckets | undefined,
    readonly rows: RowSource,
    private readonly pricesScript: string,
  ) {}

  /**
   * Reads the file (and the previous period's, to compare). With `partial`, the rows read so far of a large file
   * are rendered on the way at `settings()` (the settings in force when each is made). `signal` stops the reads.
   */
  static async read(
    request: TableRequest,
    settings: () => ViewSettings,
    partial?: (progress: LoadProgress, render: (progress: LoadProgress) => PartialView | undefined) => void,
    signal?: AbortSignal,
  ): Promise<HeldTable> {
    let live: UsageBuckets | undefined;
    // The display language of the settings the read starts with (VS Code's language holds for the window's life).
    const t = bundleLocalize(settings().l10n);
    let listed = FIRST_PARTIAL_ENTITIES;
    const render = (progress: LoadProgress): PartialView | undefined => {
      // The partial table lists the first entities; its grand total counts every row read.
      const soFar = progress.soFar(listed);
      if (!soFar) return undefined;
      listed = PARTIAL_ENTITIES;
      const fraction = readFraction(progress);
      const { view } = renderView(soFar.table, live, settings(), () => priceBook(request.pricesScript), fraction);
      return { view, fraction, rows: soFar.rows };
    };
    const loaded = await readUsageTable(
      request.csvPath,
      request.hints,
      partial &&
        ((progress, buckets) => {
          live = buckets;
          partial(progress, render);
        }),
      t,
      signal,
    );
    let table = loaded.table;
    if (request.previous) {
      const before = await readUsageTable(request.previous.csvPath, request.previous.hints, undefined, t, signal);
      table = compareTables(table, before.table, compareLabels(t));
    }
    return new HeldTable(table, loaded.buckets, loaded.rows, request.pricesScript);
  }

  /**
   * The view at these settings; the table it shows is kept as `shown`. `later`: its pages are packed as `rest` is
   * read (see `renderView`).
   */
  render(settings: ViewSettings, later = false): Rendering {
    const rendering = renderView(
      this.table,
      this.buckets,
      settings,
      () => priceBook(this.pricesScript),
      undefined,
      later,
    );
    this.rendering = rendering;
    return rendering;
  }

  /** The whole table as last rendered: what the webview was sent. */
  get shown(): UsageTable | undefined {
    return this.rendering?.shown;
  }

  /**
   * The people grouped by an attribute (issue 23), from the table as the webview shows it (its rows, in its order,
   * with the cost it shows).
   */
  organise(request: OrganiseRequest): Organised {
    return organiseTable((this.shown ?? this.table).totals, request);
  }

  /**
   * The grouped view as the webview's `organisation` message, its labels in the display language (`l10n`), packed
   * like the table's pages: a users export's members (a row number per person) never cross the host as objects.
   */
  organisedView(request: OrganiseRequest, chosen: boolean, l10n: ViewSettings['l10n']): Uint8Array {
    const view = localizeGroupedView(this.organise(request).view, bundleLocalize(l10n));
    return pack({ type: 'organisation', view, ...(chosen ? { chosen } : {}) });
  }
}
