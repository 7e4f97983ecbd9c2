/**
 * Forwards a rendered view to a usage-table webview: the `load`, then the rest of a big table's totals rows in
 * pages (see src/shared/totalsPages.ts), each as the UTF-8 JSON bytes the table worker built, one after another,
 * each awaited and with a turn of the event loop between them. The host neither parses nor serializes the table:
 * VS Code hands bytes to the webview as binary.
 */
import type * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';

/** The latest view posted to each webview: the pages of an older one stop (they would land in the new table). */
const latest = new WeakMap<vscode.Webview, object>();

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves once the last message is posted, or as soon as a newer view for the same webview replaced this one. */
export async function postMessages(webview: vscode.Webview, messages: readonly Uint8Array[]): Promise<void> {
  const token = {};
  latest.set(webview, token);
  for (let i = 0; i < messages.length; i++) {
    if (i > 0) await nextTurn();
    if (latest.get(webview) !== token) return;
    await webview.postMessage({ type: 'packed', data: messages[i] } satisfies HostToWebview);
  }
}
