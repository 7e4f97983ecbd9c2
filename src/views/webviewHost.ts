/**
 * What the usage table's panel and the trend's panel both do with their webview: its options (scripts on, resources
 * from dist/ and media/ only), its page (the bundle, the stylesheets and codicons under a strict CSP with a fresh
 * nonce), typed messages both ways (a malformed one from the page is logged and dropped), the page's strings in the
 * display language, and letting go of it all with the panel.
 */
import * as vscode from 'vscode';
import { WEBVIEW_STRINGS } from '../shared/protocol';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The webview's own strings in the display language (see WEBVIEW_STRINGS). */
export function localizedStrings(): Record<string, string> {
  return Object.fromEntries(WEBVIEW_STRINGS.map((s) => [s, vscode.l10n.t(s)]));
}

/** One page of a webview. */
export interface WebviewPage {
  /** Its bundle in dist/ (`webview.js`, `trend.js`). */
  script: string;
  /** A stylesheet in media/ after usage.css. */
  extraStyle?: string;
  title: string;
  /** A message's JSON the page carries, so that its first paint needs no round trip. */
  embedded?: string;
}

/** How a host hears its page: `name` says which page a malformed message came from, in the log. */
export interface PageListener<In> {
  name: string;
  isMessage(message: unknown): message is In;
  receive(message: In): unknown;
}

/** One webview's host side: `In` is what its page sends, `Out` what it is sent. */
export class WebviewHost<In, Out> implements vscode.Disposable {
  private readonly listening: vscode.Disposable;

  constructor(
    readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    listener: PageListener<In>,
    log: vscode.LogOutputChannel,
  ) {
    webview.options = webviewOptions(extensionUri);
    this.listening = webview.onDidReceiveMessage((message: unknown) => {
      if (listener.isMessage(message)) void listener.receive(message);
      else log.warn(`Ignored a malformed message from the ${listener.name} webview`);
    });
  }

  /** Sets the page (a new one replaces the webview's document and everything in it). */
  setPage(page: WebviewPage): void {
    const asUri = (...segments: string[]) =>
      this.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    this.webview.html = renderWebviewHtml({
      cspSource: this.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', page.script),
      styleUri: asUri('media', 'usage.css'),
      ...(page.extraStyle ? { extraStyleUri: asUri('media', page.extraStyle) } : {}),
      codiconsUri: asUri('dist', 'codicons', 'codicon.css'),
      title: page.title,
      lang: vscode.env.language,
      ...(page.embedded !== undefined ? { embedded: page.embedded } : {}),
    });
  }

  post(message: Out): Thenable<boolean> {
    return this.webview.postMessage(message);
  }

  dispose(): void {
    this.listening.dispose();
  }
}
