/**
 * What a usage table's webview is sent, built where the table was read (the table worker, or the host for a small
 * file): the cost columns at the given settings and what-if swaps, labels in the display language, and the `load`
 * message with the pages of its totals rows, each as gzip'd JSON. The extension host forwards these bytes to the
 * webview as they are: a table of 160,000 users never crosses the host's heap as objects (reviving, pricing and
 * serializing one there stalled every other extension for seconds; see issue 21).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ExportHeader, HostToWebview } from '../../shared/protocol';
import type { TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import { english, fillTemplate, type Localize } from '../../shared/template';
import { pageTotals, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES } from '../../shared/totalsPages';
import { toWire } from '../../shared/wireRows';
import type { CompareLabels } from './compare';
import { knownColumnFact } from '../schema/exportTypes';
import type { UserPrices } from '../pricing/bucketCost';
import {
  type CostFrame,
  type CostOptions,
  type CostSource,
  costFrame,
  type WhatIfSwap,
  withCost,
  withoutTokens,
} from '../pricing/costColumns';
import type { PriceBook } from '../pricing/priceBook';
import { type ColumnChoicesByType, withColumnChoices } from './columnChoices';
import type { UsageBuckets } from '../pricing/usageBuckets';

/** What the host decides about a table's view: where it is shown, in which language, at which prices. */
export interface ViewSettings {
  /** The header line (the view sets `canWhatIf` itself: it knows whether the file has token counts). */
  header: ExportHeader;
  locale: string;
  /** The webview's own strings, localized (see WEBVIEW_STRINGS). */
  strings: Record<string, string>;
  csvPath: string;
  /** `vscode.l10n.bundle`: translations keyed by their English template; undefined in English. */
  l10n: Readonly<Record<string, string | { message: string }>> | undefined;
  userPrices: UserPrices;
  /** Entries of `langdock.modelPrices` that were left out, and why (already localized). */
  problems: readonly string[];
  costSource: CostSource;
  swaps: readonly WhatIfSwap[];
  /** The Columns… picker's choices by export type. */
  columnChoices: ColumnChoicesByType;
}

/** A view ready to send: the `load` message, then its `totalsRows` pages, each packed (see `pack`). */
export interface RenderedView {
  messages: Uint8Array[];
  /** How many pages follow `messages`, packed one by one after it (see `Rendering.rest`); absent: none. */
  later?: number;
  /** Models with token counts but no price (what "Set prices…" offers to fill in). */
  unpriced: string[];
  /** Models with token counts (what a what-if can swap). */
  models: { model: string; provider: string | null }[];
  /** The totals' columns as shown (labels localized, `hidden` as chosen): what the Columns… picker lists. */
  columns: TableColumn[];
  exportType: UsageTable['exportType'];
}

/** `vscode.l10n.t` without `vscode`: the same lookup of the English template, the same `{0}` arguments. */
export function bundleLocalize(bundle: ViewSettings['l10n']): Localize {
  if (!bundle) return english;
  return (template, ...args) => {
    const entry = bundle[template];
    const text = typeof entry === 'string' ? entry : (entry?.message ?? template);
    return fillTemplate(text, args);
  };
}

/** Only documented and derived columns are translated, never a header taken from the file. */
function localizeColumn(column: TableColumn, t: Localize): TableColumn {
  if (!column.derived && !knownColumnFact(column.key)) return column;
  return {
    ...column,
    label: t(column.label),
    ...(column.description ? { description: t(column.description) } : {}),
  };
}

/** The table's column labels and descriptions in the display language (the core writes them in English). */
function localizeTable(table: UsageTable, t: Localize): UsageTable {
  return {
    ...table,
    columns: table.columns.map((c) => localizeColumn(c, t)),
    totals: { ...table.totals, columns: table.totals.columns.map((c) => localizeColumn(c, t)) },
  };
}

export function compareLabels(t: Localize): CompareLabels {
  return {
    change: t('Change'),
    isNew: t('new'),
    vanished: t('vanished'),
    up: t('up'),
    down: t('down'),
    unchanged: t('no change'),
    delta: (label) => t('Δ {0}', label),
    deltaPercent: (label) => t('Δ% {0}', label),
  };
}

type PriceSettings = Pick<ViewSettings, 'userPrices' | 'problems' | 'costSource' | 'swaps'>;

/**
 * The table with its cost columns at the settings, the left-out price entries as notices on top, and the models
 * without a price: the one rule for the reports and the command line, and for the panel's view, which prices its
 * rows page by page (`pricedFrame`).
 */
export function pricedTable(
  table: UsageTable,
  buckets: UsageBuckets | undefined,
  settings: PriceSettings,
  book: () => PriceBook,
  t: Localize,
): { table: UsageTable; unpriced: string[] } {
  if (!buckets) return { table: withoutTokens(table, t), unpriced: [] };
  const result = withCost(table, buckets, costOptions(settings, book, t, false));
  return { table: withProblems(result.table, settings), unpriced: result.unpriced };
}

function costOptions(settings: PriceSettings, book: () => PriceBook, t: Localize, someRows: boolean): CostOptions {
  const { userPrices, costSource, swaps } = settings;
  return { book: book(), userPrices, costSource, swaps, t, someRows };
}

/** The price list's problems (from the user's prices) as notices on top. */
function withProblems(table: UsageTable, settings: PriceSettings): UsageTable {
  const problems = settings.problems.map((text) => ({ text, action: 'editModelPrices' as const }));
  return problems.length > 0 ? { ...table, notices: [...problems, ...(table.notices ?? [])] } : table;
}

/** `pricedTable` with its rows priced when asked for (see `costFrame`). */
function pricedFrame(
  table: UsageTable,
  buckets: UsageBuckets | undefined,
  settings: PriceSettings,
  book: () => PriceBook,
  t: Localize,
  someRows: boolean,
): CostFrame {
  if (!buckets) {
    const whole = withoutTokens(table, t);
    return { frame: whole, rows: whole.totals.rows, rowOf: (row) => row, unpriced: [] };
  }
  const frame = costFrame(table, buckets, costOptions(settings, book, t, someRows));
  return { ...frame, frame: withProblems(frame.frame, settings) };
}

/**
 * A message as gzip'd UTF-8 JSON in a plain Uint8Array of its own (VS Code passes only plain typed arrays to a
 * webview as binary, and a whole ArrayBuffer). JSON of a totals table shrinks about tenfold at the fastest level:
 * the extension host then forwards a tenth of the bytes, and its connection to the workbench (which compresses
 * again) has a tenth of the work.
 */
export function pack(message: HostToWebview): Uint8Array {
  return new Uint8Array(gzipSync(JSON.stringify(toWire(message)), { level: 1 }));
}

/** The JSON text of a packed message, its rows in their wire form (what the page embeds, see `fromWire`). */
export function unpackText(data: Uint8Array): string {
  return gunzipSync(data).toString('utf8');
}

/** A rendered view, the table it shows, and the pages its `messages` leave for later (`view.later` of them). */
export interface Rendering {
  view: RenderedView;
  /** The whole table, made when first asked for (from the pages already priced). */
  shown: UsageTable;
  /** Prices and packs each page when it is asked for: the first pages travel while the later ones are packed. */
  rest: Iterable<Uint8Array>;
}

/**
 * The view of a table at the settings. `progress` (0 to 1) marks the rows read so far of a file still loading:
 * their totals list the first entities only, while the grand total, its cost included, covers every row read.
 * `later`: only the `load` is packed now, its pages are left to `rest` (pricing and packing a 50 MB users export's
 * later pages takes the worker about two seconds, which the webview spends taking the first ones in).
 */
export function renderView(
  table: UsageTable,
  buckets: UsageBuckets | undefined,
  settings: ViewSettings,
  book: () => PriceBook,
  progress?: number,
  later = false,
): Rendering {
  const t = bundleLocalize(settings.l10n);
  const priced = pricedFrame(table, buckets, settings, book, t, progress !== undefined);
  const frame = localizeTable(withColumnChoices(priced.frame, settings.columnChoices), t);
  // Cut by the rows before pricing (a priced row has the same parts), then each page priced as it is packed.
  const paged = pageTotals(
    { ...frame, totals: { ...frame.totals, rows: priced.rows } },
    TOTALS_PAGE_LINES,
    TOTALS_REST_PAGE_LINES,
  );
  const pricedRows = new Map<number, TotalsRow[]>();
  const rowsFrom = (start: number, rows: readonly TotalsRow[]): TotalsRow[] => {
    let done = pricedRows.get(start);
    if (!done) pricedRows.set(start, (done = rows.map(priced.rowOf)));
    return done;
  };
  const first = { ...frame, totals: { ...frame.totals, rows: rowsFrom(0, paged.table.totals.rows) } };
  const load: HostToWebview = {
    type: 'load',
    // A what-if needs the whole table's token sums.
    header: { ...settings.header, canWhatIf: buckets !== undefined && progress === undefined },
    table: first,
    locale: settings.locale,
    strings: settings.strings,
    csvPath: settings.csvPath,
    ...(settings.swaps.length > 0 ? { swaps: [...settings.swaps] } : {}),
    ...(progress !== undefined ? { progress } : {}),
    ...(paged.totalsRowCount !== undefined ? { totalsRowCount: paged.totalsRowCount } : {}),
  };
  let whole: UsageTable | undefined;
  const pages = (function* () {
    for (const page of paged.pages) yield pack({ type: 'totalsRows', ...page, rows: rowsFrom(page.start, page.rows) });
  })();
  return {
    view: {
      messages: [pack(load), ...(later ? [] : pages)],
      ...(later && paged.pages.length > 0 ? { later: paged.pages.length } : {}),
      unpriced: priced.unpriced,
      models: buckets?.models() ?? [],
      columns: frame.totals.columns,
      exportType: frame.exportType,
    },
    // The whole table: its pages not packed yet are priced now (the host asks once the last page has left).
    get shown(): UsageTable {
      if (!whole) {
        const rows = [...first.totals.rows];
        for (const page of paged.pages) for (const row of rowsFrom(page.start, page.rows)) rows.push(row);
        whole = { ...frame, totals: { ...frame.totals, rows } };
      }
      return whole;
    },
    rest: pages,
  };
}
