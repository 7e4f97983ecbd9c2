/**
 * The sandbox: a Langdock-compatible Usage Export API on 127.0.0.1 (langdock-api.md), plus a second origin that
 * serves the signed download links, with fault modes for every failure the extension must survive.
 *
 *   const sandbox = await startSandbox();
 *   fetch(`${sandbox.apiUrl}/export/models`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.keys.byok}` }, … })
 */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { LOGIN_PAGE, NO_DATA, PROXY_502_PAGE, s3Error, TOO_LARGE_MESSAGE } from './bodies';
import { DAY_MS, dayOf, daysBetween, maxDay } from './dates';
import { Exchange, readBody, RecordedRequest } from './exchange';
import { DOWNLOAD_MODES, FaultQueue, FaultSpec, parseFaultHeader, parseFaultSpec, ServerName } from './faults';
import { exportColumns, exportRows, SandboxDataType, toCsv, toJsonRows } from './generate';
import { checkAuthorization, SANDBOX_KEYS, Workspace, workspaceById } from './keys';
import { UrlSigner } from './signing';
import { validateExportBody } from './validate';

export { SANDBOX_KEYS } from './keys';
export { FAULT_MODES } from './faults';
export type { FaultSpec } from './faults';
export type { RecordedRequest } from './exchange';

export interface SandboxOptions {
  /** API port (default: a free one). */
  port?: number;
  /** Download-origin port (default: a free one). */
  downloadPort?: number;
  /** Seed of the synthetic data (default 1). */
  seed?: number;
  /** How long a download link stays valid (default 15 minutes). */
  linkTtlMs?: number;
  /** The loopback address both origins listen on and are named by (default 127.0.0.1), e.g. 127.0.0.2. */
  host?: string;
  /**
   * How long every export request takes before it answers (default 0), the way a real export takes about 30 s:
   * the demo sets a few seconds so that views filling in period by period can be seen.
   */
  exportDelayMs?: number;
  /** Serve an origin over HTTPS with this key and certificate (PEM). */
  tls?: { api?: TlsIdentity; download?: TlsIdentity };
}

interface TlsIdentity {
  key: string;
  cert: string;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:PORT; API paths are directly under it (and also under /api/public, like a dedicated deployment). */
  apiUrl: string;
  /** The origin of the signed download links: another port, so another origin. */
  downloadOrigin: string;
  /** Where the /__sandbox/ control endpoints answer: the API itself, or plain http on 127.0.0.1 beside an HTTPS one. */
  controlUrl: string;
  keys: typeof SANDBOX_KEYS;
  /** YYYY-MM-DD (UTC): the workspaces have no usage before this day, so earlier ranges are empty periods (404). */
  workspaceCreated: string;
  /** Every request to either server, oldest first (control endpoints excluded). */
  readonly requests: readonly RecordedRequest[];
  queueFaults(...faults: FaultSpec[]): void;
  /** Forget queued faults, recorded requests and stored files. */
  reset(): void;
  close(): Promise<void>;
}

/** The workspaces were created this many days ago: long enough for every preset, short of the 12-month limit. */
const WORKSPACE_AGE_DAYS = 180;
const DEFAULT_LINK_TTL_MS = 15 * 60_000;
const DEFAULT_SLOW_MS = 5000;
const EXPORT_ROUTE = /^\/export\/(models|users|assistants|agents|api-keys|projects)(?:\/(csv|json))?$/;
const RELAY_ROUTE = /^\/relay\/([^/]+)(\/export\/.*)$/;
/** API faults that change the export the API answers (its rows or its link) rather than replace the answer. */
const LINK_MODES: ReadonlySet<FaultSpec['mode']> = new Set<FaultSpec['mode']>(['empty-csv', 'unresolvable-link']);
/** RFC 2606 reserves `.invalid`: no resolver answers it, so a link there fails its DNS lookup on any machine. */
const UNRESOLVABLE_ORIGIN = 'http://files.langdock-sandbox.invalid';
/** A dedicated deployment serves the API under this prefix; the sandbox accepts both forms. */
const DEDICATED_PREFIX = '/api/public';

interface ExportRoute {
  type: SandboxDataType;
  format: 'csv' | 'json';
}

interface StoredFile {
  csv: Buffer;
  /** A download fault chosen on the API call that created the link. */
  fault?: FaultSpec;
}

function exportRoute(path: string): ExportRoute | undefined {
  const match = EXPORT_ROUTE.exec(path);
  return match ? { type: match[1] as SandboxDataType, format: match[2] === 'json' ? 'json' : 'csv' } : undefined;
}

/** The day an export request's range starts on, read leniently from its body (validation comes later). */
function rangeStart(body: string): string | undefined {
  return /"from"\s*:\s*\{[^}]*"date"\s*:\s*"(\d{4}-\d{2}-\d{2})/.exec(body)?.[1];
}

function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function makeServer(identity: TlsIdentity | undefined, listener: RequestListener): Server {
  return identity ? createTlsServer({ key: identity.key, cert: identity.cert }, listener) : createServer(listener);
}

class SandboxServer {
  readonly api: Server;
  readonly download: Server;
  /** Plain http on 127.0.0.1 for the control endpoints, when the API speaks HTTPS or is not on 127.0.0.1. */
  readonly control: Server | undefined;
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();
  readonly workspaceCreated = new Date(Date.now() - WORKSPACE_AGE_DAYS * DAY_MS).toISOString().slice(0, 10);
  private readonly files = new Map<string, StoredFile>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly signer = new UrlSigner();
  apiUrl = '';
  downloadOrigin = '';

  constructor(
    private readonly seed: number,
    private readonly linkTtlMs: number,
    private readonly exportDelayMs: number,
    opts: SandboxOptions,
  ) {
    this.api = makeServer(opts.tls?.api, (req, res) => void this.receive('api', req, res));
    this.download = makeServer(opts.tls?.download, (req, res) => void this.receive('download', req, res));
    this.control =
      opts.tls || opts.host ? createServer((req, res) => void this.receive('api', req, res, true)) : undefined;
  }

  reset(): void {
    this.faults.clear();
    this.requests.length = 0;
    this.files.clear();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(
      [this.api, this.download, ...(this.control ? [this.control] : [])].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async receive(
    server: ServerName,
    req: IncomingMessage,
    res: ServerResponse,
    controlOnly = false,
  ): Promise<void> {
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return;
    }
    const ex = new Exchange(req, res, server, body);
    try {
      if (server === 'api' && ex.url.pathname.startsWith('/__sandbox/')) return this.answerControl(ex);
      if (controlOnly) return ex.text(404, 'Not Found');
      this.requests.push(ex.record);
      await (server === 'api' ? this.handleApi(ex) : this.handleDownload(ex));
    } catch (error) {
      if (!res.headersSent) ex.error(500, 'Internal Server Error', `sandbox failure: ${String(error)}`);
    }
  }

  /** A fault from the request's header (direct tests) or else from the queue (other processes). */
  private pickFault(ex: Exchange, server: ServerName): FaultSpec | undefined {
    const header = ex.req.headers['x-sandbox-fault'];
    const fault = typeof header === 'string' ? parseFaultHeader(header) : this.faults.take(server, rangeStart(ex.body));
    ex.record.fault = fault?.mode;
    return fault;
  }

  // ------------------------------------------------------------------------------------------------------------
  // control endpoints

  private answerControl(ex: Exchange): void {
    const route = `${ex.record.method} ${ex.url.pathname}`;
    if (route === 'GET /__sandbox/requests') return ex.json(200, { requests: this.requests });
    if (route === 'GET /__sandbox/faults') return ex.json(200, { faults: this.faults.pending() });
    if (route === 'POST /__sandbox/reset') {
      this.reset();
      return ex.json(200, { ok: true });
    }
    if (route === 'POST /__sandbox/faults') {
      try {
        const parsed: unknown = JSON.parse(ex.body);
        const list = (parsed as { faults?: unknown })?.faults;
        if (!Array.isArray(list)) throw new Error('expected {"faults": [...]}');
        const specs = list.map(parseFaultSpec);
        this.faults.add(specs);
        return ex.json(200, { queued: specs.length });
      } catch (error) {
        return ex.error(400, 'Bad Request', error instanceof Error ? error.message : String(error));
      }
    }
    return ex.text(404, 'Not Found');
  }

  // ------------------------------------------------------------------------------------------------------------
  // the API origin

  private async handleApi(ex: Exchange): Promise<void> {
    ex.res.setHeader('X-Request-Id', `req_${randomBytes(8).toString('hex')}`);
    const fault = this.pickFault(ex, 'api');
    if (fault?.mode === 'slow') await this.delay(fault.delayMs ?? DEFAULT_SLOW_MS);
    const attached = fault && (DOWNLOAD_MODES.has(fault.mode) || LINK_MODES.has(fault.mode)) ? fault : undefined;
    if (fault && fault.mode !== 'slow' && !attached) return this.apiFault(ex, fault);

    const path = ex.url.pathname.startsWith(`${DEDICATED_PREFIX}/`)
      ? ex.url.pathname.slice(DEDICATED_PREFIX.length)
      : ex.url.pathname;
    const route = exportRoute(path);
    // A plain-text 404, so a client can tell an unknown route from the JSON "No data found" of an empty period.
    if (!route) return ex.text(404, 'Not Found');
    if (ex.record.method !== 'POST') return ex.text(405, 'Method Not Allowed', undefined, { Allow: 'POST' });
    const auth = checkAuthorization(ex.req.headers.authorization);
    if (!auth.ok) return this.authError(ex, auth.status);
    return this.handleExport(ex, route, auth.workspace, attached);
  }

  private authError(ex: Exchange, status: 401 | 403): void {
    if (status === 401) return ex.error(401, 'Unauthorized', 'Invalid or missing API key');
    return ex.error(403, 'Forbidden', 'The API key lacks the USAGE_EXPORT_API scope');
  }

  private apiFault(ex: Exchange, fault: FaultSpec): void {
    const retryAfterS = fault.retryAfter ?? 1;
    const rateLimited = (headers: Record<string, string>): void =>
      ex.error(429, 'Too Many Requests', fault.message ?? 'Rate limit exceeded', headers);
    switch (fault.mode) {
      case 'unauthorized':
        return this.authError(ex, 401);
      case 'forbidden':
        return this.authError(ex, 403);
      case 'empty':
        return ex.json(404, NO_DATA);
      case 'not-found':
        return ex.text(404, 'Not Found');
      case 'bad-request':
        return ex.error(400, 'Bad Request', fault.message ?? 'Invalid request');
      case 'too-large':
        return ex.error(400, 'Export too large', TOO_LARGE_MESSAGE);
      case 'rate-limit':
        return rateLimited({ 'Retry-After': String(retryAfterS) });
      case 'rate-limit-date':
        return rateLimited({ 'Retry-After': new Date(Date.now() + retryAfterS * 1000).toUTCString() });
      case 'rate-limit-bare':
        return rateLimited({});
      case 'server-error':
        return ex.error(fault.status ?? 500, 'Internal Server Error', fault.message ?? 'An unexpected error occurred');
      case 'proxy-502':
        return ex.text(502, PROXY_502_PAGE, 'text/html');
      case 'connection-reset':
        return ex.drop();
      case 'redirect': {
        const auth = checkAuthorization(ex.req.headers.authorization);
        if (!auth.ok) return this.authError(ex, auth.status);
        const location = `${this.downloadOrigin}/relay/${auth.workspace.id}${ex.url.pathname}${ex.url.search}`;
        return ex.text(307, 'Temporary Redirect', undefined, { Location: location });
      }
      case 'bad-envelope':
        return ex.json(200, {
          success: true,
          data: { filePath: 'x.csv', downloadUrl: 'javascript:alert(1)', dataType: 'models', recordCount: 'many' },
        });
      case 'redirect-same-origin':
        // Relative, as servers often send it: the client must resolve it against the request URL.
        return ex.text(307, 'Temporary Redirect', undefined, {
          Location: `${DEDICATED_PREFIX}${ex.url.pathname}${ex.url.search}`,
        });
      default:
        throw new Error(`fault ${fault.mode} does not apply to the API`);
    }
  }

  private async handleExport(
    ex: Exchange,
    route: ExportRoute,
    workspace: Workspace,
    attached: FaultSpec | undefined,
  ): Promise<void> {
    let body: unknown;
    try {
      body = ex.body.trim() === '' ? undefined : JSON.parse(ex.body);
    } catch {
      return ex.error(400, 'Bad Request', 'The request body is not valid JSON');
    }
    if (typeof body === 'object' && body !== null) {
      const { from, to } = body as Record<string, unknown>;
      ex.record.range = { from, to };
    }
    const now = Date.now();
    const validation = validateExportBody(route.type, body, workspace.byok, now);
    if (!validation.ok) return ex.error(400, 'Bad Request', validation.message);
    const { from, to, groupBy } = validation.request;
    // Whole days of the range on its own clock: a partial day counts as the whole day.
    const days = daysBetween(maxDay(dayOf(from.wall), this.workspaceCreated), dayOf(to.wall));
    if (days.length === 0) return ex.json(404, NO_DATA);
    if (this.exportDelayMs > 0) await this.delay(this.exportDelayMs);

    const columns = exportColumns(route.type, workspace.byok, groupBy);
    const periodStart = dayOf(from.wall);
    const periodEnd = dayOf(to.wall);
    const rows =
      attached?.mode === 'empty-csv'
        ? []
        : [
            ...exportRows({
              type: route.type,
              ws: { seed: this.seed, orgId: workspace.id, byok: workspace.byok, createdDay: this.workspaceCreated },
              groupBy,
              periodStart,
              periodEnd,
              days,
              createdDay: this.workspaceCreated,
            }),
          ];
    const dataType = route.type === 'api-keys' ? 'api_keys' : route.type;
    if (route.format === 'json') {
      return ex.json(200, {
        success: true,
        data: toJsonRows(columns, rows),
        metadata: { dataType, recordCount: rows.length },
      });
    }

    const id = randomBytes(4).toString('hex');
    const filePath = `${route.type}-usage/${workspace.id}/${route.type}-usage-${periodStart}-${periodEnd}-${id}.csv`;
    const expired = attached?.mode === 'expired';
    this.files.set(filePath, {
      csv: Buffer.from(toCsv(columns, rows), 'utf8'),
      fault: attached && !expired && !LINK_MODES.has(attached.mode) ? attached : undefined,
    });
    const urlPath = `/files/${filePath}`;
    const query = this.signer.sign(urlPath, expired ? now - 1000 : now + this.linkTtlMs);
    return ex.json(200, {
      success: true,
      data: {
        filePath,
        downloadUrl: `${attached?.mode === 'unresolvable-link' ? UNRESOLVABLE_ORIGIN : this.downloadOrigin}${urlPath}?${query}`,
        dataType,
        recordCount: rows.length,
        dateRange: { from: new Date(from.instant).toISOString(), to: new Date(to.instant).toISOString() },
      },
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // the download origin

  private async handleDownload(ex: Exchange): Promise<void> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    ex.res.setHeader('x-amz-request-id', requestId);
    const xml = (status: number, code: string, message: string): void =>
      ex.text(status, s3Error(code, message, requestId), 'application/xml');
    // The API key must never reach the storage origin: refuse and let the record show it.
    if (ex.record.authorization) {
      return xml(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Sandbox-Signature query parameter is supported',
      );
    }
    const relay = RELAY_ROUTE.exec(ex.url.pathname);
    if (relay) return this.relay(ex, relay[1], relay[2]);

    const filePath = ex.url.pathname.startsWith('/files/')
      ? decodeURIComponent(ex.url.pathname.slice('/files/'.length))
      : '';
    const file = this.files.get(filePath);
    const fault = this.pickFault(ex, 'download') ?? file?.fault;
    ex.record.fault = fault?.mode;
    if (fault?.mode === 'slow') await this.delay(fault.delayMs ?? DEFAULT_SLOW_MS);

    switch (fault?.mode) {
      case 'connection-reset':
        return ex.drop();
      case 'server-error':
        return xml(fault.status ?? 500, 'InternalError', 'We encountered an internal error. Please try again.');
      case 'not-found':
        return xml(404, 'NoSuchKey', 'The specified key does not exist.');
      case 'expired':
        return xml(403, 'AccessDenied', 'Request has expired');
      case 'html':
        return ex.text(200, LOGIN_PAGE, 'text/html; charset=utf-8');
      case 'xml-error':
        // A storage error document stored or served as the object itself, under a generic content type.
        return ex.send(
          200,
          { 'Content-Type': 'application/octet-stream' },
          s3Error('AccessDenied', 'Access Denied', requestId),
        );
    }
    if (ex.record.method !== 'GET' && ex.record.method !== 'HEAD')
      return xml(405, 'MethodNotAllowed', 'The specified method is not allowed');
    const check = this.signer.check(ex.url.pathname, ex.url.searchParams, Date.now());
    if (check === 'invalid')
      return xml(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (check === 'expired') return xml(403, 'AccessDenied', 'Request has expired');
    if (!file) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
    const headers = { 'Content-Type': 'text/csv; charset=utf-8' };
    const half = Math.floor(file.csv.length / 2);
    if (fault?.mode === 'truncated') return ex.truncate(200, headers, file.csv, half);
    if (fault?.mode === 'stall')
      return ex.stall(200, headers, file.csv, half, () => this.delay(fault.delayMs ?? DEFAULT_SLOW_MS));
    return ex.send(200, headers, ex.record.method === 'HEAD' ? Buffer.alloc(0) : file.csv);
  }

  /** The target of the 'redirect' fault: answers the export, but only to a client that dropped its key. */
  private relay(ex: Exchange, workspaceId: string, path: string): Promise<void> | void {
    const workspace = workspaceById(workspaceId);
    const route = exportRoute(path);
    if (!workspace || !route) return ex.text(404, 'Not Found');
    return this.handleExport(ex, route, workspace, undefined);
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = new SandboxServer(
    opts.seed ?? 1,
    opts.linkTtlMs ?? DEFAULT_LINK_TTL_MS,
    opts.exportDelayMs ?? 0,
    opts,
  );
  const host = opts.host ?? '127.0.0.1';
  const [apiPort, downloadPort, controlPort] = await Promise.all([
    listen(sandbox.api, opts.port ?? 0, host),
    listen(sandbox.download, opts.downloadPort ?? 0, host),
    sandbox.control ? listen(sandbox.control, 0) : undefined,
  ]);
  sandbox.apiUrl = `${opts.tls?.api ? 'https' : 'http'}://${host}:${apiPort}`;
  sandbox.downloadOrigin = `${opts.tls?.download ? 'https' : 'http'}://${host}:${downloadPort}`;
  return {
    apiUrl: sandbox.apiUrl,
    downloadOrigin: sandbox.downloadOrigin,
    controlUrl: controlPort ? `http://127.0.0.1:${controlPort}` : sandbox.apiUrl,
    keys: SANDBOX_KEYS,
    workspaceCreated: sandbox.workspaceCreated,
    requests: sandbox.requests,
    queueFaults: (...faults) => sandbox.faults.add(faults.map(parseFaultSpec)),
    reset: () => sandbox.reset(),
    close: () => sandbox.close(),
  };
}
