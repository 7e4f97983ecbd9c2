/**
 * A big totals table crosses to the webview in pages: the `load` carries the first page of totals rows (with
 * everything else complete: grand total, columns, notices, warnings), and `totalsRows` messages bring the rest.
 * One message of a million rows costs seconds of structured cloning before anything paints; a page paints at once.
 */
import type { TotalsRow, UsageTable } from './tableModel';

/** Lines (a row and each of its children count one) in the first message of totals rows: it paints at once. */
export const TOTALS_PAGE_LINES = 5000;
/**
 * Lines in each later message. Every message costs a trip through the workbench and an unpacking in the webview
 * whatever its size: the 337,877 users of a 50 MB export took 5.2 s to cross in 68 pages of 5,000 lines, 3.0 s in 17
 * pages of 20,000 (code-server, issue 21). The webview keeps showing the rows it has meanwhile.
 */
export const TOTALS_REST_PAGE_LINES = 20_000;

/** The rest of the totals rows, from `start` on; `last` marks the page that completes them. */
interface TotalsPage {
  start: number;
  rows: TotalsRow[];
  last: boolean;
}

export interface PagedTotals {
  /** The table with its first page of totals rows only (the same table when it fits in one page). */
  table: UsageTable;
  /** The number of totals rows in all, when `pages` follow. */
  totalsRowCount?: number;
  pages: TotalsPage[];
}

/**
 * Cuts the totals rows into a first page of at most `firstLines` lines and later ones of at most `restLines` (a
 * row with more children than that is a page of its own). Self-contained (no outer names), so the webview harness
 * can run it inside the page as the host does.
 */
export function pageTotals(table: UsageTable, firstLines: number, restLines = firstLines): PagedTotals {
  const rows = table.totals.rows;
  const cuts: number[] = [0];
  let lines = 0;
  for (let i = 0; i < rows.length; i++) {
    const size = 1 + (rows[i].children?.length ?? 0);
    if (lines > 0 && lines + size > (cuts.length === 1 ? firstLines : restLines)) {
      cuts.push(i);
      lines = 0;
    }
    lines += size;
  }
  if (cuts.length === 1) return { table, pages: [] };
  cuts.push(rows.length);
  const pages: TotalsPage[] = [];
  for (let p = 1; p < cuts.length - 1; p++) {
    pages.push({ start: cuts[p], rows: rows.slice(cuts[p], cuts[p + 1]), last: p === cuts.length - 2 });
  }
  return {
    table: { ...table, totals: { ...table.totals, rows: rows.slice(0, cuts[1]) } },
    totalsRowCount: rows.length,
    pages,
  };
}
