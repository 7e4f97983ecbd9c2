/**
 * One HTTP attempt: node-fetch with manual redirects (the API key goes only to the API's own origin), a timeout
 * per attempt, errors mapped to the client's kinds, and one log line per request that never holds a body, the
 * key or a signed query string.
 */
import fetch, { Response } from 'node-fetch';
import { LangdockApiError, sanitizeServerText } from './errors';
import { cancelledError } from './retry';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amz-request-id'];
const USER_AGENT = 'langdock-usage-vscode';

interface HttpLogEntry {
  method: string;
  /** Origin and path only: a signed download link's query is its credential. */
  url: string;
  status?: number;
  /** For a request that got no response: the error kind and code. */
  error?: string;
  durationMs: number;
  attempt: number;
  maxAttempts: number;
  requestId?: string;
}

/** Receives one line per HTTP request (every redirect hop too), plus the same facts as fields. */
export type HttpLog = (line: string, entry: HttpLogEntry) => void;

function formatLogEntry(entry: HttpLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error})`;
  const id = entry.requestId ? `, request id ${entry.requestId}` : '';
  return `${entry.method} ${entry.url} → ${outcome} in ${entry.durationMs} ms (attempt ${entry.attempt}/${entry.maxAttempts}${id})`;
}

/**
 * The life of one attempt: the caller's cancellation plus a timeout. The timer restarts on `touch()`, so a
 * download that keeps receiving bytes is not cut off, while one that stalls is.
 */
export class AttemptGuard {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onCancel = (): void => this.controller.abort();

  constructor(
    private readonly caller: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    if (caller?.aborted) this.controller.abort();
    caller?.addEventListener('abort', this.onCancel, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCancel);
  }

  /** What an error thrown during this attempt means: cancellation and timeout first, else `otherwise`. */
  explain(error: unknown, otherwise: (error: unknown) => LangdockApiError): LangdockApiError {
    if (error instanceof LangdockApiError) return error;
    if (this.caller?.aborted) return cancelledError(0);
    if (this.timedOut)
      return new LangdockApiError('timeout', `The server sent nothing for ${Math.round(this.timeoutMs / 1000)} s.`);
    return otherwise(error);
  }
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A failed request as a 'network' error naming the host and the system code, never the full URL. */
function networkError(url: URL, error: unknown): LangdockApiError {
  const raw = (error as { code?: unknown })?.code;
  const code = typeof raw === 'string' ? raw : undefined;
  const reason = code
    ? (NETWORK_REASONS[code] ?? (code.includes('CERT') || code.includes('SSL') ? 'TLS certificate problem' : code))
    : 'network error';
  return new LangdockApiError('network', `${reason} (${url.host}${code ? `, ${code}` : ''})`, { code });
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The Authorization header and the only origin it may be sent to; any other hop goes without it. */
  authorization?: { origin: string; value: string };
}

export interface AttemptContext {
  guard: AttemptGuard;
  attempt: number;
  maxAttempts: number;
  log?: HttpLog;
}

function requestId(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return sanitizeServerText(value).slice(0, 100);
  }
  return undefined;
}

/** Lets the connection go back to the pool without reading a body nobody needs. */
export function discardBody(response: Response): void {
  response.body?.resume();
}

/** Sends the request, following up to five redirects by hand; resolves with the first non-redirect response. */
export async function send(request: HttpRequest, ctx: AttemptContext): Promise<Response> {
  let { method, url, body } = request;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...request.headers };
    if (request.authorization && url.origin === request.authorization.origin)
      headers.Authorization = request.authorization.value;
    const entry: HttpLogEntry = {
      method,
      url: url.origin + url.pathname,
      durationMs: 0,
      attempt: ctx.attempt,
      maxAttempts: ctx.maxAttempts,
    };
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(url.href, { method, headers, body, redirect: 'manual', signal: ctx.guard.signal });
    } catch (error) {
      const failure = ctx.guard.explain(error, (e) => networkError(url, e));
      const failed = { ...entry, durationMs: Date.now() - started, error: failure.code ?? failure.kind };
      ctx.log?.(formatLogEntry(failed), failed);
      throw failure;
    }
    Object.assign(entry, { status: response.status, durationMs: Date.now() - started, requestId: requestId(response) });
    ctx.log?.(formatLogEntry(entry), entry);
    if (!REDIRECT_STATUSES.has(response.status)) return response;

    discardBody(response);
    const location = response.headers.get('location');
    if (hop >= MAX_REDIRECTS)
      throw new LangdockApiError('protocol', `Too many redirects (more than ${MAX_REDIRECTS}).`, {
        status: response.status,
      });
    const next = location ? safeUrl(location, url) : undefined;
    if (!next)
      throw new LangdockApiError(
        'protocol',
        `A redirect (HTTP ${response.status}) without a usable http(s) Location.`,
        { status: response.status },
      );
    // As browsers do: 303 always, and 301/302 after a POST, continue as a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a (small) response body as text, up to `maxBytes`; the rest is dropped. */
export async function readText(response: Response, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return '';
  for await (const chunk of response.body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(buffer.subarray(0, Math.max(0, maxBytes - size)));
    size += buffer.length;
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
