/**
 * The messages between the usage panel (extension host) and its webview: one discriminated union each way.
 * This module and the plain data types it names are all the two sides share.
 */
import type { CellValue, UsageTable } from './core/tableModel';

export type { CellValue, ColumnFormat, TableColumn, TotalsRow, TotalsTable, UsageTable } from './core/tableModel';

/** The view type of the usage panel and of the "Langdock Usage Table" custom editor. */
export const USAGE_PANEL_VIEW_TYPE = 'langdock.usageTable';

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
}

/** Where the view is; kept with the webview's setState so it survives hiding and reloading. */
export interface ViewState {
  tab: 'totals' | 'rows';
  /** Column key and direction; absent means the original order. */
  sort?: { column: string; direction: 'desc' | 'asc' };
  filter: string;
  /** Keys of expanded totals rows. */
  expanded: string[];
}

export type HostToWebview =
  | {
      type: 'load';
      header: ExportHeader;
      table: UsageTable;
      /** BCP 47 locale for number and date formatting (VS Code's display language). */
      locale: string;
      /** Localized UI strings, keyed by their English text. */
      strings: Record<string, string>;
    }
  | { type: 'rows'; requestId: number; start: number; rows: CellValue[][]; total: number }
  | { type: 'error'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  /** Ask for a page of raw rows for the "All rows" tab. */
  | { type: 'requestRows'; requestId: number; start: number; count: number }
  | { type: 'action'; action: 'openCsv' | 'rerun' }
  /** Text the webview built from what is shown; the host puts it on the clipboard. */
  | { type: 'copy'; format: 'markdown' | 'tsv'; text: string };
