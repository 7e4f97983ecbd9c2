/**
 * The one error type of the Langdock client. Callers switch on `kind` (one user message per kind, in
 * services/reportError.ts); reasons are English templates (localized where they are shown) filled from fixed text,
 * the HTTP status and the server's sanitized message, so they never carry the API key, a request body or a signed
 * download query.
 */

import { english, localize, type Problem } from '../../shared/template';

export type ApiErrorKind =
  | 'auth' // 401: the key is wrong or revoked (or none is set)
  | 'scope' // 403: the key lacks USAGE_EXPORT_API or admin rights
  | 'empty' // 404 "No data found", or an export with recordCount 0
  | 'rateLimited' // 429 after the retries ran out
  | 'badRequest' // 400 (and other 4xx) with the server's message
  | 'tooLarge' // 400 "Export too large": narrow the range
  | 'server' // 5xx after the retries ran out
  | 'network' // connection refused, DNS failure, reset…
  | 'certificate' // TLS: the server's (or an https proxy's) certificate is not trusted or not valid
  | 'proxyAuth' // the proxy answered 407: it wants credentials (or refused the ones sent)
  | 'proxyUnreachable' // the proxy could not be reached, or refused to connect us
  | 'timeout' // no answer (or no bytes) within the timeout
  | 'cancelled' // the caller's AbortSignal fired
  | 'downloadExpired' // the signed link answered 403/404/410
  | 'downloadInvalid' // the link answered something that is not a CSV (HTML, XML, an error status)
  | 'truncated' // fewer bytes than announced, or the connection dropped mid-file
  | 'protocol'; // an answer the client cannot make sense of (unexpected body, unknown route, redirect loop)

export interface ApiErrorDetails {
  status?: number;
  /** HTTP attempts made for the failing step (retries included); 0 when nothing was sent. */
  attempts?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  /** A system error code such as ECONNREFUSED, for network errors. */
  code?: string;
  /** Which step failed: the export request to the API, or the download from the signed link's host. */
  step?: 'request' | 'download';
}

export class LangdockApiError extends Error {
  readonly kind: ApiErrorKind;
  /** What went wrong as a sentence the UI localizes (`problemText`); `message` is its English text, for the log. */
  readonly reason: Problem;
  readonly status?: number;
  readonly attempts: number;
  readonly serverMessage?: string;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly step: 'request' | 'download';

  constructor(kind: ApiErrorKind, reason: Problem, details: ApiErrorDetails = {}) {
    super(localize(reason, english));
    this.reason = reason;
    this.name = 'LangdockApiError';
    this.kind = kind;
    this.status = details.status;
    this.attempts = details.attempts ?? 0;
    this.serverMessage = details.serverMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.code = details.code;
    this.step = details.step ?? 'request';
  }

  /** The same error, counting the attempts made (the retry loop knows them; the place that threw does not). */
  withAttempts(attempts: number): LangdockApiError {
    return this.copy({ attempts });
  }

  /** The same error, marked as a failure of the download step (a network failure there is not the API's). */
  inDownload(): LangdockApiError {
    return this.copy({ step: 'download' });
  }

  private copy(changes: ApiErrorDetails): LangdockApiError {
    const copy = new LangdockApiError(this.kind, this.reason, { ...this, ...changes });
    copy.stack = this.stack;
    return copy;
  }
}

const MAX_SERVER_MESSAGE = 300;

/**
 * Server text is untrusted: it is shown to the user and written to logs. Control, bidi-override and zero-width
 * characters go (they can forge or hide text), whitespace runs collapse, and the length is capped.
 */
export function sanitizeServerText(text: string): string {
  const clean = text
    .replace(/[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_SERVER_MESSAGE ? `${clean.slice(0, MAX_SERVER_MESSAGE - 1)}…` : clean;
}

/** Removes a secret from text, in case a server echoes what it was sent. */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
