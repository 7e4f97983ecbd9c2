/**
 * The typed shape of a parsed and totalled usage table. Plain data with no behaviour: the host builds it in
 * `core/`, and it crosses to the webview unchanged through `protocol.ts`.
 */
import type { EntityKind, ExportType } from './exportType';

export type ColumnFormat =
  | 'integer' // counts, tokens, ranks
  | 'decimal' // other numbers (averages, ratios that are not shares)
  | 'usd' // money in US dollars
  | 'percent' // a share stored as 0..1, shown as %
  | 'boolean'
  | 'date'
  | 'json-map' // a JSON object of name → count kept as text
  | 'text';

/** How rows combine into a total: never sum averages, ranks or percentages. */
export type Aggregate = 'sum' | 'mean' | 'min' | 'max' | 'none';

export interface TableColumn {
  /**
   * The header as recognised: trimmed, lower case, unique (a repeated name is `name#column` after its first
   * column). Labels, not keys, are shown.
   */
  key: string;
  /** A friendly label for the header. */
  label: string;
  format: ColumnFormat;
  aggregate: Aggregate;
  /** Shown as the header's tooltip. */
  description?: string;
  /** Present only on columns computed from others (not in the CSV): how to recompute a cell, e.g. for a filtered total. */
  derived?: DerivedRatio;
  /** Its cells may carry notes with marks ("est.", "partial"): the grid leaves room for them. */
  marked?: boolean;
  /**
   * Hidden until chosen in the Columns… picker: Langdock's own cost beside the one Cost column, the audit of it,
   * detail that would push the main figures out of view. The user's choice per export type wins.
   */
  hidden?: boolean;
}

/**
 * A derived cell is `numerator / denominator × per` (column keys of the same table), rounded to 6 decimals; n/a
 * when either is n/a or the denominator is 0. `ofGrandTotal`: the denominator is read from the grand total row (a
 * share of the whole), not from the same row.
 */
export interface DerivedRatio {
  numerator: string;
  denominator: string;
  per: number;
  ofGrandTotal: boolean;
}

/**
 * A cell on the wire. Numbers travel as exact decimal text ("1234", "0.00125") so that nothing is rounded before
 * it is shown; `null` means "no value" (an empty cell), which is never the same as 0.
 */
export type CellValue = string | null;

export interface TotalsRow {
  /** A stable key for the entity (used for sort stability and expand state). */
  key: string;
  /** Aligned with `TotalsTable.columns`. */
  cells: CellValue[];
  /** How many CSV rows were merged into this one. */
  rowCount: number;
  /**
   * Aligned with `cells`, present when any is partial: how many of the `rowCount` rows had no number for that
   * cell, which then totals the others only. 0 for a complete cell and for one with no value at all (n/a).
   */
  unknown?: number[];
  /** The parts of a grouped export (per source, deployment or model, or BYOK and non-BYOK parts). */
  children?: TotalsRow[];
  /** Notes on some cells, by column key: where a figure came from (the tooltip) and its marks. */
  notes?: Record<string, CellNote>;
}

/** What a cell's figure rests on: shown as its tooltip, with an "est." or "partial" mark when set. */
export interface CellNote {
  text: string;
  /** Computed from tokens and prices, not reported by the source. */
  estimate?: boolean;
  /** Leaves out parts that have no value (which are n/a, not 0). */
  partial?: boolean;
  /** Under a cent and only the rounding of a figure given to fewer decimals (Langdock's six): not a mismatch. */
  rounding?: boolean;
}

/** A message above the table, optionally with the action that resolves it. */
export interface TableNotice {
  text: string;
  action?: 'editModelPrices' | 'clearWhatIf';
}

export interface TotalsTable {
  /** What one row is (the webview names it with `entityTexts`). */
  entity: EntityKind;
  /** Entity columns first, then aggregated columns, then derived ones. */
  columns: TableColumn[];
  rows: TotalsRow[];
  /** Aligned with `columns`; entity columns hold null. */
  grandTotal: CellValue[];
  /** Notes on some grand-total cells, by column key (see `TotalsRow.notes`). */
  grandNotes?: Record<string, CellNote>;
  /** Like `TotalsRow.unknown`, for the grand total over all `UsageTable.rowCount` rows. */
  grandUnknown?: number[];
}

export interface UsageTable {
  exportType: ExportType | 'unknown';
  /** Every CSV column, in file order. */
  columns: TableColumn[];
  rowCount: number;
  totals: TotalsTable;
  /** Things the user should know about the file (ragged rows, unparseable numbers). Untrusted-text free. */
  warnings: string[];
  /** Notices with actions (unpriced models, a what-if in force). */
  notices?: TableNotice[];
}
