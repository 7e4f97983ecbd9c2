/**
 * One HTTP attempt on Node's own http/https (no fetch library), with manual redirects (the API key goes only to
 * the API's own origin), a timeout per attempt, errors mapped to the client's kinds, and one log line per request
 * that never holds a body, the key or a signed query string.
 *
 * Two ways out. With a proxy from `proxyFor` the request goes through it on connections we open ourselves: a
 * CONNECT tunnel for https targets (the proxy sees only the host and port), an absolute-form request for http
 * ones. Those requests are built with `new ClientRequest` and their own socket, because VS Code's extension host
 * patches `http.request`/`https.request` (every import of them) to route by its own proxy resolution, which would
 * send a request again through a proxy, or drop the socket we give it. Without a proxy of ours the request goes
 * out on `https.request`/`http.request`, so VS Code's support (system proxy, PAC, system certificates) applies.
 * NODE_EXTRA_CA_CERTS holds for both, being part of Node's default trust.
 */
import * as http from 'http';
import * as https from 'https';
import { ClientRequest, IncomingMessage } from 'node:http';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import * as tls from 'node:tls';
import { problem, type Problem } from '../../shared/template';
import { LangdockApiError, sanitizeServerText } from './errors';
import { proxyFor, proxyLabel, ProxyRoute, ProxySettings } from './proxy';
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
  /** host:port of the proxy the request went through. */
  proxy?: string;
}

/** Receives one line per HTTP request (every redirect hop too), plus the same facts as fields. */
export type HttpLog = (line: string, entry: HttpLogEntry) => void;

function formatLogEntry(entry: HttpLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error})`;
  const id = entry.requestId ? `, request id ${entry.requestId}` : '';
  const via = entry.proxy ? `, via proxy ${entry.proxy}` : '';
  return `${entry.method} ${entry.url} → ${outcome} in ${entry.durationMs} ms (attempt ${entry.attempt}/${entry.maxAttempts}${id}${via})`;
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
      return new LangdockApiError(
        'timeout',
        problem('The server sent nothing for {0} s.', String(Math.round(this.timeoutMs / 1000))),
      );
    return otherwise(error);
  }
}

/** What a system error code means, in words; undefined for a code without words of its own. */
function networkReason(code: string): Problem | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return problem('connection refused');
    case 'ENOTFOUND':
      return problem('host not found');
    case 'EAI_AGAIN':
      return problem('host name lookup failed');
    case 'ECONNRESET':
      return problem('connection reset');
    case 'EPIPE':
      return problem('connection closed');
    case 'ETIMEDOUT':
      return problem('connection timed out');
    case 'EHOSTUNREACH':
      return problem('host unreachable');
    case 'ENETUNREACH':
      return problem('network unreachable');
  }
  return undefined;
}

/** What is wrong with a server's certificate, by OpenSSL's code. */
function certificateReason(code: string): Problem {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return problem('its certificate is signed by an authority that is not trusted');
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return problem('its certificate chain ends in a certificate authority that is not trusted');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return problem('its certificate is self-signed');
    case 'CERT_HAS_EXPIRED':
      return problem('its certificate has expired');
    case 'CERT_NOT_YET_VALID':
      return problem('its certificate is not valid yet');
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return problem('its certificate is for another host name');
  }
  return problem('its certificate could not be verified');
}

function errorCode(error: unknown): string | undefined {
  const raw = (error as { code?: unknown })?.code;
  return typeof raw === 'string' ? raw : undefined;
}

function isCertificateCode(code: string): boolean {
  return /CERT|SSL|SIGNATURE|ALTNAME/.test(code);
}

/** Why a connection to `where` failed: the code's words (or the code) with where and the code. */
function connectionReason(code: string, where: string | Problem): Problem {
  const words = networkReason(code);
  return words ? problem('{0} ({1}, {2})', words, where, code) : problem('{0} ({1})', code, where);
}

/** A failed request as a 'network' error naming the host and the system code, never the full URL. */
function networkError(url: URL, error: unknown): LangdockApiError {
  const code = errorCode(error);
  if (code === undefined) return new LangdockApiError('network', problem('network error ({0})', url.host));
  if (isCertificateCode(code)) return certificateError(url.host, code);
  return new LangdockApiError('network', connectionReason(code, url.host), { code });
}

/** A TLS failure: which host, and what is wrong with its certificate, in words and as OpenSSL's code. */
function certificateError(host: string | Problem, code: string): LangdockApiError {
  return new LangdockApiError('certificate', problem('{0}: {1} ({2})', host, certificateReason(code), code), { code });
}

/** A failure to reach the proxy or to talk TLS with it: the proxy is named, not the API. */
function proxyConnectError(route: ProxyRoute, error: unknown): LangdockApiError {
  const code = errorCode(error);
  const proxy = problem('proxy {0} from {1}', proxyLabel(route), route.source);
  if (code === undefined) return new LangdockApiError('proxyUnreachable', problem('network error ({0})', proxy));
  if (isCertificateCode(code)) return certificateError(problem('the proxy {0}', proxyLabel(route)), code);
  return new LangdockApiError('proxyUnreachable', connectionReason(code, proxy), { code });
}

/** The proxy refused to carry the request: 407 asks for credentials, anything else is its own failure. */
function proxyRefusal(route: ProxyRoute, status: number): LangdockApiError {
  if (status === 407) {
    const sent = route.authorization ? problem('it refused the credentials sent') : problem('none were sent');
    return new LangdockApiError(
      'proxyAuth',
      problem('The proxy {0} requires authentication (HTTP 407): {1}.', proxyLabel(route), sent),
      { status },
    );
  }
  return new LangdockApiError(
    'proxyUnreachable',
    problem('The proxy {0} refused the connection (HTTP {1}).', proxyLabel(route), String(status)),
    { status },
  );
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The Authorization header and the only origin it may be sent to; any other hop goes without it. */
  authorization?: { origin: string; value: string };
}

/** How requests leave this machine: the proxy settings, and whether to trust the system's certificate store. */
export interface NetworkOptions {
  proxy?: ProxySettings;
  /** `http.systemCertificates`: on proxied connections we add them (on direct ones VS Code's patch does). */
  systemCertificates?: boolean;
}

/** A response as the client reads it: the body is a Node stream whose errors never look like a file system's. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: Readable;
}

/** An error while reading a response body (the connection broke): not a local file system failure. */
class BodyError extends Error {
  readonly code?: string;

  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'BodyError';
    this.code = errorCode(cause);
  }
}

export interface AttemptContext {
  guard: AttemptGuard;
  attempt: number;
  maxAttempts: number;
  log?: HttpLog;
  network?: NetworkOptions;
}

function requestId(response: HttpResponse): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return sanitizeServerText(value).slice(0, 100);
  }
  return undefined;
}

/** Lets the connection go back to the pool without reading a body nobody needs. */
export function discardBody(response: HttpResponse): void {
  response.body.resume();
}

/** Sends the request, following up to five redirects by hand; resolves with the first non-redirect response. */
export async function send(request: HttpRequest, ctx: AttemptContext): Promise<HttpResponse> {
  let { method, url, body } = request;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...request.headers };
    if (request.authorization && url.origin === request.authorization.origin)
      headers.Authorization = request.authorization.value;
    const route = ctx.network?.proxy ? proxyFor(url, ctx.network.proxy) : undefined;
    const entry: HttpLogEntry = {
      method,
      url: url.origin + url.pathname,
      durationMs: 0,
      attempt: ctx.attempt,
      maxAttempts: ctx.maxAttempts,
      ...(route ? { proxy: proxyLabel(route) } : {}),
    };
    const started = Date.now();
    let response: HttpResponse;
    try {
      const options = { method, url, headers, body, signal: ctx.guard.signal };
      response = route ? await viaProxy(options, route, !!ctx.network?.systemCertificates) : await direct(options);
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
      throw new LangdockApiError('protocol', problem('Too many redirects (more than {0}).', String(MAX_REDIRECTS)), {
        status: response.status,
      });
    const next = location ? safeUrl(location, url) : undefined;
    if (!next)
      throw new LangdockApiError(
        'protocol',
        problem('A redirect (HTTP {0}) without a usable http(s) Location.', String(response.status)),
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
export async function readText(response: HttpResponse, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer.subarray(0, Math.max(0, maxBytes - size)));
    size += buffer.length;
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** Wraps Node's response: header lookup by name, and body errors that say they come from the connection. */
function toResponse(res: IncomingMessage): HttpResponse {
  const body = new PassThrough();
  res.once('error', (error) => body.destroy(new BodyError(error)));
  // The error stays on the stream for whoever reads it later; before that, it must not crash the host.
  body.on('error', () => undefined);
  res.pipe(body);
  return {
    status: res.statusCode ?? 0,
    headers: {
      get: (name) => {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body,
  };
}

function withBody(headers: Record<string, string>, body: string | undefined): Record<string, string> {
  return body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
}

/** Sends `req` and resolves with its response; `fail` turns a request error into the client's error. */
function exchange(req: ClientRequest, body: string | undefined, fail = (e: Error): Error => e): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    req.once('response', (res) => resolve(toResponse(res)));
    req.once('error', (error) => reject(fail(error)));
    req.end(body);
  });
}

/** No proxy of ours: the bare modules, which VS Code patches for its own proxy and certificate support. */
function direct(out: Outgoing): Promise<HttpResponse> {
  const module = out.url.protocol === 'https:' ? https : http;
  return exchange(
    module.request(out.url, { method: out.method, headers: withBody(out.headers, out.body), signal: out.signal }),
    out.body,
  );
}

/** TLS options for a connection to `host`: SNI only for names (never for an address), and the system's authorities. */
function tlsOptions(host: string, systemCertificates: boolean): tls.ConnectionOptions {
  // Node ≥ 22.15 lists its stores; 'default' is the bundled list plus NODE_EXTRA_CA_CERTS, which `ca` would replace.
  const list = (tls as { getCACertificates?: (type: 'default' | 'system') => string[] }).getCACertificates;
  return {
    ...(isIP(host) ? {} : { servername: host }),
    ...(systemCertificates && list ? { ca: [...list('default'), ...list('system')] } : {}),
  };
}

/** A failure before the proxy answered: connecting to it (or looking up its name) is the proxy's problem. */
function beforeProxyAnswered(error: unknown): boolean {
  const syscall = (error as { syscall?: unknown })?.syscall;
  const code = errorCode(error);
  return syscall === 'connect' || syscall === 'getaddrinfo' || (code !== undefined && isCertificateCode(code));
}

/** Through the proxy: absolute-form for http targets, a CONNECT tunnel with our own TLS for https ones. */
async function viaProxy(out: Outgoing, route: ProxyRoute, systemCertificates: boolean): Promise<HttpResponse> {
  const proxy = route.url;
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const toProxy = {
    host: proxyHost,
    port: proxyPort,
    signal: out.signal,
    createConnection: (): Socket =>
      proxy.protocol === 'https:'
        ? tls.connect({
            host: proxyHost,
            port: proxyPort,
            ...tlsOptions(proxyHost, systemCertificates),
            rejectUnauthorized: route.strictSSL,
          })
        : connectTcp({ host: proxyHost, port: proxyPort }),
  };
  const proxyAuth = route.authorization ? { 'Proxy-Authorization': route.authorization } : {};
  const connectFailed = (error: Error): Error =>
    !out.signal.aborted && beforeProxyAnswered(error) ? proxyConnectError(route, error) : error;

  if (out.url.protocol === 'http:') {
    const req = new ClientRequest({
      ...toProxy,
      method: out.method,
      path: out.url.href,
      headers: { ...withBody(out.headers, out.body), Host: out.url.host, ...proxyAuth },
    });
    const response = await exchange(req, out.body, connectFailed);
    if (response.status === 407) {
      discardBody(response);
      throw proxyRefusal(route, 407);
    }
    return response;
  }

  const port = out.url.port || '443';
  const authority = `${out.url.hostname}:${port}`;
  const tunnel = await new Promise<Socket>((resolve, reject) => {
    const req = new ClientRequest({
      ...toProxy,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...proxyAuth },
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(proxyRefusal(route, res.statusCode ?? 0));
    });
    // Any failure before the proxy's answer to CONNECT is about the proxy, not the API.
    req.once('error', (error) => reject(out.signal.aborted ? error : proxyConnectError(route, error)));
    req.end();
  });
  const host = out.url.hostname.replace(/^\[|\]$/g, '');
  const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
    // `host` is what the certificate is checked against (without it, Node checks for "localhost").
    const socket = tls.connect({
      socket: tunnel,
      host,
      ...tlsOptions(host, systemCertificates),
      ALPNProtocols: ['http/1.1'],
    });
    const abort = () => socket.destroy(out.signal.reason instanceof Error ? out.signal.reason : undefined);
    out.signal.addEventListener('abort', abort, { once: true });
    socket.once('secureConnect', () => {
      out.signal.removeEventListener('abort', abort);
      resolve(socket);
    });
    socket.once('error', (error: Error) => {
      out.signal.removeEventListener('abort', abort);
      reject(error);
    });
  });
  const req = new ClientRequest({
    host,
    port,
    method: out.method,
    path: out.url.pathname + out.url.search,
    headers: withBody(out.headers, out.body),
    signal: out.signal,
    createConnection: () => secure,
  });
  return exchange(req, out.body);
}
