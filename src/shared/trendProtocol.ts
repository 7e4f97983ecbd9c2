/**
 * The messages between a trend panel (extension host) and its webview (dist/trend.js), and the guards for each.
 * A trend is shown as one totals table per metric: one row per entity, one column per period and a total column,
 * with the per-period totals as the grand total row; the chart draws the same numbers.
 */
import type { Forecast } from './forecast';
import type { ColumnFormat, TotalsTable } from './tableModel';
import { isObject } from './guards';

type TrendPeriodStatus = 'pending' | 'done' | 'missing';

export interface TrendPeriodInfo {
  /** `2026-03`, `2026-W13` or `2026-03-29`. */
  key: string;
  from: string;
  to: string;
  status: TrendPeriodStatus;
  /** Why a missing period is missing (display-ready, untrusted). */
  error?: string;
  /**
   * Present on the period that includes today, whose figures are to date: its days so far (today counts) and in
   * all; for today in a daily trend, 0 of 1.
   */
  running?: { elapsedDays: number; totalDays: number };
}

export interface TrendMetric {
  /** The CSV column it sums, e.g. `requests`. */
  key: string;
  label: string;
  format: ColumnFormat;
  /** Columns: the entity, then one per period (aligned with `TrendView.periods`), then the total. */
  table: TotalsTable;
  /** Drawn as lines, not stacked bars: a ratio (a share, a figure per person), which never adds up. */
  lines?: boolean;
  /** Shown with every tooltip, e.g. that people are counted per period and never added up. */
  note?: string;
  /** How the title names the rows, e.g. "{0} by department" (localized); else by the table's entity kind. */
  by?: string;
  /** The forecast of the running period's total at its end (shared/forecast.ts), when a period is running. */
  forecast?: Forecast;
}

export interface TrendView {
  /** E.g. "Model usage, monthly"; the webview puts the metric first ("Requests by model, monthly"). */
  title: string;
  granularity: 'day' | 'week' | 'month';
  /** E.g. "2026-01-01 – 2026-12-24 · Europe/Berlin · By source". */
  subtitle: string;
  periods: TrendPeriodInfo[];
  metrics: TrendMetric[];
  /**
   * A users trend's seat status by department, people as children (see core/org/seatStatus.ts); `latest` is the
   * latest period's key.
   */
  seats?: { latest: string; table: TotalsTable };
}

export type HostToTrend = {
  type: 'trend';
  /** The saved trend shown: kept in the webview's state, so a reloaded window shows it again. */
  trendId: string;
  view: TrendView;
  locale: string;
  /** Localized UI strings keyed by their English text (see WEBVIEW_STRINGS). */
  strings: Record<string, string>;
};

export type TrendToHost =
  | { type: 'ready' }
  | { type: 'retryMissing' }
  | { type: 'saveReport' }
  /** The chart of a `trend` message is on screen. */
  | { type: 'painted' }
  | { type: 'copy'; format: 'markdown' | 'tsv' | 'csv'; text: string };

export function isTrendHostMessage(data: unknown): data is HostToTrend {
  return (
    isObject(data) &&
    data.type === 'trend' &&
    typeof data.trendId === 'string' &&
    isObject(data.view) &&
    Array.isArray(data.view.periods) &&
    Array.isArray(data.view.metrics)
  );
}

export function isTrendWebviewMessage(data: unknown): data is TrendToHost {
  if (!isObject(data)) return false;
  switch (data.type) {
    case 'ready':
    case 'retryMissing':
    case 'saveReport':
    case 'painted':
      return true;
    case 'copy':
      return ['markdown', 'tsv', 'csv'].includes(data.format as string) && typeof data.text === 'string';
    default:
      return false;
  }
}
