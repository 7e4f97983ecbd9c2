/**
 * The messages between the usage panel (extension host) and its webview: one discriminated union each way, and a
 * guard for each, since neither side trusts what the other posts.
 */
import type { CellValue, TotalsRow, UsageTable } from './tableModel';
import type { WarningSignId } from './warningSigns';
import { type GroupedView, type OrgAttribute, isOrgAttribute } from './organisation';
import { fromWire } from './wireRows';
import { RowBlock } from './rowBlock';
import { isCount, isObject } from './guards';

export type {
  CellNote,
  CellValue,
  ColumnFormat,
  TableColumn,
  TableNotice,
  TotalsRow,
  TotalsTable,
  UsageTable,
} from './tableModel';

/** What the header line of the table shows about the export. All strings are display-ready and untrusted. */
export interface ExportHeader {
  /** E.g. "Model usage". */
  title: string;
  /** E.g. "2026-11-01 – 2026-11-24 · Europe/Berlin"; absent for a CSV opened from disk without metadata. */
  range?: string;
  /** E.g. "By source"; absent when not grouped. */
  grouping?: string;
  /** The host of the API the export came from. */
  host?: string;
  /** ISO time the export was made (the webview shows "3 min ago"). */
  createdAt?: string;
  /** The CSV's file name. */
  fileName: string;
  /** Whether "Re-run" makes sense (a saved export, not an arbitrary CSV). */
  canRerun: boolean;
  /** Whether "What if…" makes sense (the export has token counts). */
  canWhatIf?: boolean;
  /** The export's days (`YYYY-MM-DD`) and today in its timezone, for the run-rate; absent for a CSV from disk. */
  period?: { from: string; to: string; today: string };
}

/**
 * Where the view is; kept with the webview's setState so it survives hiding and reloading. The panel serializer
 * hands the same object back to the host, so it stays plain JSON.
 */
export interface ViewState {
  tab: 'totals' | 'rows';
  /**
   * Column key and direction; absent means the original order. `auto`: the sort the totals open with (by the
   * primary figure), which the raw rows do not follow (sorting them means loading them all).
   */
  sort?: { column: string; direction: 'desc' | 'asc'; auto?: boolean };
  filter: string;
  /** A warning sign whose rows alone the totals show. */
  sign?: WarningSignId;
  /** Keys of expanded totals rows. */
  expanded: string[];
  /**
   * The attribute the people are grouped by; 'none' when the user chose no grouping; absent: the default (by
   * department when the table has at least two).
   */
  groupBy?: OrgAttribute | 'none';
  /**
   * Opaque to the webview: the CSV the panel shows, copied from `load.csvPath` into every saved state, because the
   * panel serializer only gets this state back and must know which file to reopen.
   */
  csvPath?: string;
  /**
   * Opaque to the webview, like `csvPath`: the what-if swaps in force. A restored page (a panel or an editor tab
   * after a window reload) hands them back to its host in `ready`.
   */
  swaps?: SwapState[];
}

/** A what-if swap as the saved state keeps it: a Langdock model priced at a price-list model's prices. */
interface SwapState {
  from: string;
  to: { provider: string; model: string };
}

/**
 * The id of the page's JSON data block with a first `load` (a table read quickly goes into the page itself): the
 * webview reads it with textContent and checks it like any message from the host.
 */
export const EMBEDDED_MESSAGE_ID = 'langdock-embedded';

/** The most rows the webview asks for in one `requestRows`; the host may send fewer only at the end of the file. */
export const ROWS_PAGE_SIZE = 5000;

export type HostToWebview =
  | {
      type: 'load';
      header: ExportHeader;
      table: UsageTable;
      /** BCP 47 locale for number and date formatting (VS Code's display language). */
      locale: string;
      /**
       * Localized UI strings, keyed by their English text (the keys are `WEBVIEW_STRINGS`). A missing key falls
       * back to the English text.
       */
      strings: Record<string, string>;
      /** Kept in the saved view state for the panel serializer (see `ViewState.csvPath`). */
      csvPath?: string;
      /** The what-if swaps the table is priced with, kept in the saved view state too (see `ViewState.swaps`). */
      swaps?: SwapState[];
      /**
       * While a large file is still being read: the share read (0 to 1). The table then holds the rows read so
       * far (its totals list the first entities only); the next `load` of the same file continues it.
       */
      progress?: number;
      /**
       * Present when `table.totals.rows` is only the first page: the number of totals rows in all, the rest of
       * which follow in `totalsRows` messages (see src/shared/totalsPages.ts).
       */
      totalsRowCount?: number;
    }
  /**
   * The next page of a paged `load`'s totals rows, from row `start` on; `last` is set on the page that ends them.
   * Unpacked in the webview, its rows are a RowBlock (held by column, see rowBlock.ts).
   */
  | { type: 'totalsRows'; start: number; rows: TotalsRow[] | RowBlock; last: boolean }
  /**
   * The answer to one `requestRows`: the same `requestId` and `start`, the raw CSV rows from `start` on in file
   * order, each aligned with `table.columns`, and `total`, the number of raw rows in the file.
   */
  | { type: 'rows'; requestId: number; start: number; rows: CellValue[][]; total: number }
  | { type: 'error'; message: string }
  /**
   * A `load`, `totalsRows` or `organisation` message as gzip'd UTF-8 JSON, built where the table was read (the table
   * worker) and only forwarded by the host: the webview unpacks it and checks it like any other message.
   */
  | { type: 'packed'; data: Uint8Array }
  /** The table's people grouped (the answer to `organise`, or the host's choice, e.g. langdock.showOrganisation). */
  | { type: 'organisation'; view: GroupedView; chosen?: boolean };

/** What the webview asks the host to do: its header buttons and the notices' actions. */
type PanelAction =
  'openCsv' | 'rerun' | 'compare' | 'whatIf' | 'clearWhatIf' | 'editModelPrices' | 'saveReport' | 'chooseColumns';
const PANEL_ACTIONS: readonly string[] = [
  'chooseColumns',
  'openCsv',
  'rerun',
  'compare',
  'whatIf',
  'clearWhatIf',
  'editModelPrices',
  'saveReport',
];

/**
 * When the webview's page started loading, when its script started, when it had the table (a `load` message or the
 * one embedded in the page) and the frame it painted it in: epoch ms on the webview's clock, for the open-time
 * breakdown in the log and the benchmark.
 */
export interface PaintTiming {
  pageStart: number;
  scriptStart: number;
  table: number;
  painted: number;
}

export type WebviewToHost =
  /**
   * `embedded`: the webview shows the `load` its page carried, so the host need not send it again. `swaps`: the
   * what-if swaps of the state the page was restored with (untrusted: the host checks them).
   */
  | { type: 'ready'; embedded?: boolean; swaps?: unknown[] }
  /** Ask for a page of raw rows for the "All rows" tab: rows `start` .. `start + count - 1` (count ≤ ROWS_PAGE_SIZE). */
  | { type: 'requestRows'; requestId: number; start: number; count: number }
  | { type: 'action'; action: PanelAction }
  /** The table of a `load` is on screen (the frame after it was rendered); the host logs how long opening took. */
  | { type: 'painted'; timing?: PaintTiming }
  /** The last page of a paged `load`'s totals is in and shown: `rows` totals rows in all (the host logs it). */
  | { type: 'totalsLoaded'; rows: number }
  /** Text the webview built from what is shown; the host puts it on the clipboard. */
  | { type: 'copy'; format: 'markdown' | 'tsv'; text: string }
  /** Group the people by an attribute (null: only the total's figures, for the headline). */
  | { type: 'organise'; groupBy: OrgAttribute | null };

/**
 * Every English UI string the webview shows, so the host can localize them all (e.g. with `vscode.l10n.t`) into
 * `load.strings`. `{0}`-style placeholders are filled in by the webview after the lookup.
 */
export const WEBVIEW_STRINGS = [
  'Open CSV in Editor',
  'Re-run',
  'Compare with previous period',
  'Save Report…',
  'Copy as Markdown',
  'Copy as TSV',
  'Per-model totals',
  'Per-user totals',
  'Per-agent totals',
  'Per-API-key totals',
  'Per-project totals',
  'Per-row totals',
  'All rows',
  'Filter (model, provider, source…)',
  'Columns…',
  'Choose the columns of this table; every table of its type keeps the choice',
  '{0} hidden',
  'Total',
  'Total of {0} shown',
  'Total of {0} shown so far',
  'n/a',
  'No value in the data',
  '{0} of {1} rows have no value',
  '{0} records',
  '{0} of {1} rows',
  'Loading rows… {0} of {1}',
  'Loading totals… {0} of {1}',
  'Loading…',
  'Reading the file',
  'Reading… {0} · {1} rows so far',
  'Until the whole file is read, the totals, sorting and filtering cover the rows read so far.',
  'Copying once the whole file is read…',
  'exported {0}',
  'Expand',
  'Collapse',
  'Usage table',
  '{0} more',
  'No rows match the filter.',
  'Yes',
  'No',
  'What if…',
  'est.',
  'partial',
  'rounding',
  'Set prices…',
  'Clear what-if',
  // headline figures and warning signs
  'Headline figures',
  'Cost',
  'estimated provider cost, from Langdock',
  'from Langdock',
  '{0} vs the previous period',
  'see the Cost column for sources',
  "The Cost column's figures: Langdock's where the export has them, else computed from tokens (est.)",
  '{0} without cost',
  'Requests',
  'Messages',
  'Input tokens',
  'Output tokens',
  'Top model',
  'Top user',
  'Top agent',
  'Top API key',
  'Top project',
  'Top row',
  '{0} of the cost',
  '{0} of the requests',
  '{0} of the messages',
  'Models',
  'Users',
  'Agents',
  'API keys',
  'Projects',
  'Rows',
  'What if',
  'Hypothetical: the same tokens with the chosen models swapped',
  'Forecast to {0}',
  '{0} of {1} days, linear',
  'Figures add up the {0} rows shown',
  'Figures add up the {0} rows shown so far',
  'File order',
  'Show the rows in the order of the file',
  'Warning signs',
  'Inactive seats: {0}',
  'Licensed users with no messages in the period',
  'Near their limit: {0}',
  'Users at 80 % or more of their extra-usage limit',
  'Models without token prices: {0}',
  'No token prices set in Langdock: this usage is not counted against spend limits',
  'No use: {0}',
  'No use in the period',
  // the trend view
  'Model',
  'User',
  'Agent',
  'API key',
  'Project',
  'Row',
  'Metric',
  'Other',
  'loading…',
  'missing',
  '{0} of {1} periods loaded',
  'Missing periods ({0}): {1}',
  'Retry missing periods',
  '{0} per period, stacked by {1}; the table below has the same numbers',
  'Trend table',
  'Filter',
  // the organisation (grouping people by an attribute)
  'Group by',
  'None',
  'Department',
  'Company',
  'Licence type',
  'Role',
  'Idle seats',
  '{0}/month',
  'Licensed people with no messages in the period, at their licence prices (langdock.seatPrices)',
  'partial: {0} without a seat price',
  // the seat status of a users trend
  'Seat status',
  'Seat status in the latest period ({0}): active, lapsed (active earlier in the range), never active, and new seats',
  'Show',
  'All people',
  'Active',
  'Lapsed',
  'Never active',
  'New seats',
  'Person',
  'Copy as CSV',
  // a trend's title, running period, forecast, spikes and partial totals
  '{0} by model',
  '{0} by user',
  '{0} by agent',
  '{0} by API key',
  '{0} by project',
  '{0} by row',
  '{0}, daily',
  '{0}, weekly',
  '{0}, monthly',
  'today so far',
  'to date ({0} of {1} days)',
  'Forecast',
  'Forecast range',
  'Spike',
  'range {0} – {1}',
  'Forecast for {0}: {1} (range {2} – {3}); {4} so far',
  'Forecast for {0}: {1}; {2} so far',
  'Method: the figure so far plus the median daily figure of the last {0} complete days ({1}) × {2} days left; the range uses the 10th and 90th percentile of those days.',
  'Method: the figure so far ÷ {0} days × {1} days (linear: this trend has no daily figures); the range uses the 10th and 90th percentile of the daily average of the previous {2} complete periods.',
  'Method: the figure so far ÷ {0} days × {1} days (linear: this trend has no daily figures); no range: there is no earlier complete period to measure it by.',
  'the previous {0} days',
  'the previous {0} weeks',
  'the previous {0} months',
  '{0} on {1}: {2}, up from a median of {3} over {4}',
  '{0} on {1}: {2}, {3}× its median of {4} over {5}',
  'Spikes in {0}',
  'Marked ▲: a period more than {0} median absolute deviations above the median of the previous {1} periods, and at least {2} and {3} above it. Missing and unfinished periods are never marked.',
  'Leaves out periods without a value ({0}): {1}',
  // a comparison's change, readable without colour
  'Up from the previous period',
  'Down from the previous period',
  'No change',
  'The figure so far ÷ {0} days × {1} days (linear): one export has no daily figures.',
] as const;

export type WebviewString = (typeof WEBVIEW_STRINGS)[number];

/** What the webview accepts from the host. */
export function isHostMessage(data: unknown): data is HostToWebview {
  if (!isObject(data)) return false;
  switch (data.type) {
    case 'load':
      return (
        isObject(data.table) &&
        isObject(data.header) &&
        (data.progress === undefined ||
          (typeof data.progress === 'number' && data.progress >= 0 && data.progress <= 1)) &&
        (data.totalsRowCount === undefined || isCount(data.totalsRowCount))
      );
    case 'totalsRows':
      // A RowBlock is made only by `unpack`, here: a posted message cannot carry one.
      return (
        isCount(data.start) &&
        (Array.isArray(data.rows) || data.rows instanceof RowBlock) &&
        typeof data.last === 'boolean'
      );
    case 'rows':
      return typeof data.requestId === 'number' && typeof data.start === 'number' && Array.isArray(data.rows);
    case 'error':
      return typeof data.message === 'string';
    case 'packed':
      return data.data instanceof Uint8Array;
    case 'organisation':
      return (
        isObject(data.view) &&
        isObject(data.view.total) &&
        (data.view.groupBy === null || isOrgAttribute(data.view.groupBy))
      );
    default:
      return false;
  }
}

const PACKED_TYPES: readonly HostToWebview['type'][] = ['load', 'totalsRows', 'organisation'];

/**
 * The message inside a `packed` one (gzip'd UTF-8 JSON), if it is a well-formed `load`, `totalsRows` or
 * `organisation` (never another `packed`). Web standard streams only: the same in the webview and in Node.
 */
export async function unpack(data: Uint8Array): Promise<HostToWebview | undefined> {
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    const message = fromWire(JSON.parse(await new Response(stream).text()));
    return isHostMessage(message) && PACKED_TYPES.includes(message.type) ? message : undefined;
  } catch {
    return undefined;
  }
}

const isPaintTiming = (value: unknown): value is PaintTiming =>
  isObject(value) && [value.pageStart, value.scriptStart, value.table, value.painted].every(Number.isFinite);

/** What the host accepts from the webview: row ranges are whole non-negative numbers, text is text. */
export function isWebviewMessage(data: unknown): data is WebviewToHost {
  if (!isObject(data)) return false;
  switch (data.type) {
    case 'ready':
      return (
        (data.embedded === undefined || typeof data.embedded === 'boolean') &&
        (data.swaps === undefined || Array.isArray(data.swaps))
      );
    case 'painted':
      return data.timing === undefined || isPaintTiming(data.timing);
    case 'requestRows':
      return isCount(data.requestId) && isCount(data.start) && isCount(data.count);
    case 'totalsLoaded':
      return isCount(data.rows);
    case 'action':
      return typeof data.action === 'string' && PANEL_ACTIONS.includes(data.action);
    case 'copy':
      return (data.format === 'markdown' || data.format === 'tsv') && typeof data.text === 'string';
    case 'organise':
      return data.groupBy === null || isOrgAttribute(data.groupBy);
    default:
      return false;
  }
}
