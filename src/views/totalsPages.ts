/**
 * Posts a table to a usage-table webview: the `load`, then the rest of a big table's totals rows in pages (see
 * src/shared/totalsPages.ts), one after another, each awaited and with a turn of the event loop between them, so
 * a million entities neither flood the webview nor hold up the extension host.
 */
import type * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';
import { pageTotals, TOTALS_PAGE_LINES } from '../shared/totalsPages';

type LoadMessage = Omit<Extract<HostToWebview, { type: 'load' }>, 'totalsRowCount'>;

/** The latest table posted to each webview: the pages of an older one stop (they would land in the new table). */
const latest = new WeakMap<vscode.Webview, object>();

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves once the last page is posted, or as soon as a newer table for the same webview replaced this one. */
export async function postTable(webview: vscode.Webview, load: LoadMessage): Promise<void> {
  const token = {};
  latest.set(webview, token);
  const { table, totalsRowCount, pages } = pageTotals(load.table, TOTALS_PAGE_LINES);
  await webview.postMessage({ ...load, table, ...(totalsRowCount === undefined ? {} : { totalsRowCount }) });
  for (const page of pages) {
    await nextTurn();
    if (latest.get(webview) !== token) return;
    await webview.postMessage({ type: 'totalsRows', ...page } satisfies HostToWebview);
  }
}
