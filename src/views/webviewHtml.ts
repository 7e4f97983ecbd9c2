/**
 * The usage table's webview document. Pure (no `vscode` import) so that the panel and the Chromium tests render
 * the very same page: the host passes webview URIs, the tests pass URLs of a local server.
 */
import { randomBytes } from 'node:crypto';
import { EMBEDDED_MESSAGE_ID } from '../shared/protocol';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the only origin styles and fonts may come from. */
  cspSource: string;
  /** A fresh `makeNonce()` per render: the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** A second stylesheet after the first (the trend view's own, on top of the table's). */
  extraStyleUri?: string;
  codiconsUri: string;
  /** The document title (untrusted: escaped here). */
  title: string;
  /** BCP 47 language of the UI, for the `lang` attribute. */
  lang?: string;
  /**
   * A first message for the webview as JSON text, put into the page as a JSON data block (`EMBEDDED_MESSAGE_ID`) so
   * the first paint needs no round trip to the host. Data, never run: the CSP stays as strict.
   */
  embedded?: string;
}

/**
 * JSON text made safe for the inside of a `<script type="application/json">` element. Only `</script` (or `<!--`)
 * could end or bend the element early, and every `<` in JSON is inside a string, where `\u003c` reads back as the
 * same text.
 * @internal exported for its unit test
 */
export function jsonForScriptElement(json: string): string {
  return json.replace(/</g, '\\u003c');
}

/** 128 random bits, base64: unguessable, and safe inside an attribute and a CSP source expression. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Escapes text for a double-quoted attribute value or a text node; the only dynamic text here is the title and the
 * URIs. Single quotes stay, so the CSP reads as written ('none', 'nonce-…').
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce } = options;
  // No 'unsafe-inline' anywhere, and connect-src falls back to 'none': the webview can fetch nothing, it only
  // talks to the host through postMessage.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
  const embedded = options.embedded === undefined ? undefined : jsonForScriptElement(options.embedded);
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(options.lang ?? '') ? options.lang : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
${options.extraStyleUri ? `<link rel="stylesheet" href="${escapeHtml(options.extraStyleUri)}">\n` : ''}<title>${escapeHtml(options.title)}</title>
</head>
<body>
<div id="app"></div>
${embedded === undefined ? '' : `<script type="application/json" id="${EMBEDDED_MESSAGE_ID}">${embedded}</script>\n`}<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
