/**
 * Fault modes: what the sandbox does instead of (or before) answering normally. A fault comes from the request's
 * `X-Sandbox-Fault` header (for direct tests) or from a queue that another process fills over HTTP
 * (POST /__sandbox/faults), which is how tests of the real VS Code drive it.
 */

export const FAULT_MODES = [
  // API answers
  'unauthorized', // 401 {error, message}
  'forbidden', // 403: the key lacks the USAGE_EXPORT_API scope
  'empty', // 404 {"error":"No data found", ...}: an empty period
  'not-found', // a plain 404 of an unknown route (not the "No data found" body)
  'bad-request', // 400 with `message`
  'too-large', // 400 with the OpenAPI's "Export too large" message
  'rate-limit', // 429 with Retry-After in seconds (`retryAfter`, default 1)
  'rate-limit-date', // 429 with Retry-After as an HTTP-date `retryAfter` seconds ahead
  'rate-limit-bare', // 429 without Retry-After
  'server-error', // 500, or `status` (5xx)
  'proxy-502', // 502 with an HTML body from a proxy, not JSON
  'redirect', // 307 to the download origin, which answers the export only if no Authorization came along
  'redirect-same-origin', // 307 to the same export under /api/public on the API origin
  'empty-csv', // 200 with recordCount 0 and a header-only CSV
  'bad-envelope', // 200 JSON that is not a usable envelope (a javascript: downloadUrl, a string recordCount)
  'unresolvable-link', // 200 envelope whose downloadUrl is on a `.invalid` host: the download's DNS lookup fails
  // either server
  'slow', // wait `delayMs` (default 5000), then answer normally
  'connection-reset', // destroy the socket without answering
  // download answers
  'truncated', // Content-Length of the whole file, half the bytes, then the socket is destroyed
  'expired', // 403 with an S3-style XML body: the link has expired
  'html', // 200 text/html: a login page instead of the CSV
  'xml-error', // 200 with a storage XML error document as the body, labelled application/octet-stream
  'stall', // half the file, a pause of `delayMs` (default 5000), then the rest
] as const;

export type FaultMode = (typeof FAULT_MODES)[number];
export type ServerName = 'api' | 'download';

/** Modes that only make sense on the download; a header on the API call attaches them to the file it creates. */
export const DOWNLOAD_MODES: ReadonlySet<FaultMode> = new Set<FaultMode>([
  'truncated',
  'expired',
  'html',
  'xml-error',
  'stall',
]);

export interface FaultSpec {
  mode: FaultMode;
  /** How many matching requests it applies to (default 1), or 'forever' until reset. */
  times?: number | 'forever';
  status?: number;
  message?: string;
  /** Seconds. */
  retryAfter?: number;
  delayMs?: number;
  /** Which server's requests it applies to; default 'download' for download modes, else 'api'. */
  on?: ServerName;
  /** Only export requests whose range starts on this day (`YYYY-MM-DD`): one period of a trend fails. */
  from?: string;
}

function isFaultMode(value: unknown): value is FaultMode {
  return typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);
}

/** Checks one fault from JSON; the error text names the problem for whoever wrote the test. */
export function parseFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null) throw new Error('a fault must be an object with a "mode"');
  const spec = value as Record<string, unknown>;
  if (!isFaultMode(spec.mode))
    throw new Error(`unknown fault mode ${JSON.stringify(spec.mode)}; known: ${FAULT_MODES.join(', ')}`);
  const number = (key: string): number | undefined => {
    const v = spec[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Error(`"${key}" must be a non-negative number`);
    return v;
  };
  if (spec.times !== undefined && spec.times !== 'forever') number('times');
  if (spec.message !== undefined && typeof spec.message !== 'string') throw new Error('"message" must be a string');
  if (spec.on !== undefined && spec.on !== 'api' && spec.on !== 'download')
    throw new Error('"on" must be "api" or "download"');
  if (spec.from !== undefined && (typeof spec.from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(spec.from)))
    throw new Error('"from" must be a day, YYYY-MM-DD');
  return {
    mode: spec.mode,
    times: spec.times as FaultSpec['times'],
    status: number('status'),
    message: spec.message,
    retryAfter: number('retryAfter'),
    delayMs: number('delayMs'),
    on: spec.on,
    from: spec.from,
  };
}

/** `X-Sandbox-Fault: rate-limit; retryAfter=3` (parameters as in FaultSpec; `message` may contain anything but ";"). */
export function parseFaultHeader(header: string): FaultSpec {
  const [mode, ...params] = header.split(';').map((part) => part.trim());
  const spec: Record<string, unknown> = { mode };
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) throw new Error(`bad fault parameter "${param}"`);
    const key = param.slice(0, eq).trim();
    const raw = param.slice(eq + 1).trim();
    spec[key] = key === 'message' || key === 'on' || raw === 'forever' ? raw : Number(raw);
  }
  return parseFaultSpec(spec);
}

function serverOf(spec: FaultSpec): ServerName {
  return DOWNLOAD_MODES.has(spec.mode) ? 'download' : (spec.on ?? 'api');
}

interface QueuedFault {
  spec: FaultSpec;
  left: number;
}

/** Faults waiting for requests, consumed in order by the first request on their server. */
export class FaultQueue {
  private queued: QueuedFault[] = [];

  add(specs: readonly FaultSpec[]): void {
    for (const spec of specs) {
      const left = spec.times === 'forever' ? Infinity : (spec.times ?? 1);
      if (left > 0) this.queued.push({ spec, left });
    }
  }

  /** The next fault for a request to `server`; `from` is the day an export request's range starts on. */
  take(server: ServerName, from?: string): FaultSpec | undefined {
    const index = this.queued.findIndex(
      (q) => serverOf(q.spec) === server && (q.spec.from === undefined || q.spec.from === from),
    );
    if (index < 0) return undefined;
    const entry = this.queued[index];
    if (--entry.left <= 0) this.queued.splice(index, 1);
    return entry.spec;
  }

  pending(): FaultSpec[] {
    return this.queued.map((q) => q.spec);
  }

  clear(): void {
    this.queued = [];
  }
}
