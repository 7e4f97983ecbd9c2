/**
 * Forwards a rendered view to a usage-table webview: the `load`, then the rest of a big table's totals rows in
 * pages (see src/shared/totalsPages.ts), each as the gzip'd JSON bytes the table worker built, in order. The host
 * neither parses nor serializes the table: VS Code hands bytes to the webview as binary.
 */
import type * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';

/** The latest view posted to each webview: the pages of an older one stop (they would land in the new table). */
const latest = new WeakMap<vscode.Webview, object>();

/**
 * Messages on their way at once. Each post is a round trip through the workbench (to a remote one in code-server),
 * so one at a time left the link idle most of the time (68 pages of a 50 MB users export took 14 s); a few at a time
 * keep it busy while the webview still unpacks them one by one, in order.
 */
const IN_FLIGHT = 4;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The messages, then those still to come from `rest` (pages the worker packs while the first ones travel). */
async function* inOrder(messages: readonly Uint8Array[], rest?: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  yield* messages;
  if (rest) yield* rest;
}

/** Resolves once the last message is posted, or as soon as a newer view for the same webview replaced this one. */
export async function postMessages(
  webview: vscode.Webview,
  messages: readonly Uint8Array[],
  rest?: AsyncIterable<Uint8Array>,
): Promise<void> {
  const token = {};
  latest.set(webview, token);
  const posting: Thenable<boolean>[] = [];
  let first = true;
  for await (const data of inOrder(messages, rest)) {
    if (!first) await nextTurn();
    first = false;
    if (latest.get(webview) !== token) break;
    posting.push(webview.postMessage({ type: 'packed', data } satisfies HostToWebview));
    if (posting.length >= IN_FLIGHT) await posting.shift();
  }
  await Promise.all(posting);
}
