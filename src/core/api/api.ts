/**
 * The Langdock Usage Export API client: `requestExport` asks for an export and returns its envelope,
 * `download` saves the signed CSV to a file. Retries 429, 5xx and network failures with backoff, gives every
 * failure a `LangdockApiError` kind, and keeps the API key to the Authorization header of the API's own origin.
 * Plain Node (no `vscode`), so tests and benchmarks use it as is.
 */
import type { ExportRangeBody } from '../dates/dateRange';
import { parseBaseUrl } from './baseUrl';
import { ExportEnvelope, isNoDataBody, isTooLargeBody, parseEnvelope, parseErrorBody } from './envelope';
import { LangdockApiError, redact, sanitizeServerText } from './errors';
import { problem, type Problem } from '../../shared/template';
import { EXPORT_TYPE_FACTS } from '../schema/exportTypes';
import { ExportType, GroupBy } from '../../shared/exportType';
import { AttemptGuard, discardBody, HttpLog, HttpRequest, HttpResponse, NetworkOptions, readText, send } from './http';
import { DownloadProgress, saveDownload } from './download';
import {
  cancellableSleep,
  cancelledError,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RetryNotice,
  RetryPolicy,
  RetryReason,
  retryDelay,
  Sleep,
} from './retry';

export { LangdockApiError } from './errors';
export type { ApiErrorKind } from './errors';
export type { ExportEnvelope } from './envelope';
export type { NetworkOptions } from './http';
export type { RetryNotice, RetryPolicy } from './retry';

export interface LangdockClientOptions {
  /** e.g. https://api.langdock.com, or a dedicated deployment's https://host/api/public (its path is kept). */
  baseUrl: string;
  /** Asked once per request, so a key changed in another window is used at once and the client never holds it. */
  apiKey: () => string | undefined | Promise<string | undefined>;
  /** Per attempt: time to the answer of a request, or between two chunks of a download. Default 120 s. */
  timeoutMs?: number;
  log?: HttpLog;
  /** Proxy and certificate settings; without them every request goes direct (or through VS Code's own support). */
  network?: NetworkOptions;
  retry?: Partial<RetryPolicy>;
  /** For tests: how to wait, and the jitter's randomness. */
  sleep?: Sleep;
  random?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Told before each retry wait: "Rate limited, retrying in 4 s (attempt 2 of 4)". */
  onStatus?: (notice: RetryNotice) => void;
}

export interface DownloadOptions extends RequestOptions {
  onProgress?: DownloadProgress;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Export answers are small JSON; anything bigger is not one. */
const MAX_REPLY_BYTES = 1024 * 1024;

interface TextReply {
  status: number;
  headers: HttpResponse['headers'];
  text: string;
}

function retryReason(status: number): RetryReason | undefined {
  if (status === 429) return 'rateLimited';
  return status >= 500 && status <= 599 ? 'server' : undefined;
}

export class LangdockClient {
  private readonly base: URL;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(private readonly options: LangdockClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sleep = options.sleep ?? cancellableSleep;
    this.random = options.random ?? Math.random;
  }

  /**
   * POSTs an export request and returns the envelope. Tries the type's paths in order, moving on only when a
   * path answers a 404 that is not the documented "No data found" (an older deployment without that route).
   */
  async requestExport(
    type: ExportType,
    range: ExportRangeBody,
    groupBy?: GroupBy,
    opts: RequestOptions = {},
  ): Promise<ExportEnvelope> {
    const key = (await this.options.apiKey())?.trim();
    if (!key) throw new LangdockApiError('auth', problem('No API key is set.'));
    const body = JSON.stringify({ from: range.from, to: range.to, ...(groupBy ? { group_by: groupBy } : {}) });
    const paths = EXPORT_TYPE_FACTS[type].paths;
    for (const [index, path] of paths.entries()) {
      const { reply, attempts } = await this.post(path, body, key, opts);
      const isLast = index === paths.length - 1;
      if (reply.status === 404 && !isLast && !isNoDataBody(parseErrorBody(reply.text))) continue;
      return this.interpret(reply, attempts, key);
    }
    throw new LangdockApiError('protocol', problem('No API path is known for {0} exports.', type));
  }

  /**
   * GETs a signed download link into `destFile` (the caller's temp path) with no Authorization header: the link
   * is its own credential and may point anywhere. On failure nothing is left at `destFile`.
   */
  async download(url: string, destFile: string, opts: DownloadOptions = {}): Promise<{ bytes: number }> {
    try {
      return await this.fetchFile(url, destFile, opts);
    } catch (error) {
      throw error instanceof LangdockApiError ? error.inDownload() : error;
    }
  }

  private async fetchFile(url: string, destFile: string, opts: DownloadOptions): Promise<{ bytes: number }> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new LangdockApiError('downloadInvalid', problem('The download link is not a URL.'));
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new LangdockApiError('downloadInvalid', problem('The download link is not an http(s) URL.'));
    }
    const request: HttpRequest = { method: 'GET', url: target, headers: { Accept: 'text/csv, */*;q=0.5' } };
    const { reply, attempts, guard } = await this.withRetries(
      opts,
      (g, attempt) => this.send(request, g, attempt),
      discardBody,
    );
    try {
      const status = reply.status;
      if (retryReason(status)) {
        discardBody(reply);
        throw this.exhausted(status, reply.headers, attempts);
      }
      return { bytes: await saveDownload(reply, destFile, { guard, onProgress: opts.onProgress }) };
    } catch (error) {
      throw error instanceof LangdockApiError ? error.withAttempts(attempts) : error;
    } finally {
      guard.dispose();
    }
  }

  private url(path: string): URL {
    const url = new URL(this.base.href);
    // A root base reads back as "/", a dedicated one as "/api/public": join without doubling the slash.
    url.pathname = `${this.base.pathname.replace(/\/+$/, '')}${path}`;
    return url;
  }

  private send(request: HttpRequest, guard: AttemptGuard, attempt: number): Promise<HttpResponse> {
    return send(request, {
      guard,
      attempt,
      maxAttempts: this.policy.maxAttempts,
      log: this.options.log,
      network: this.options.network,
    });
  }

  private async post(
    path: string,
    body: string,
    key: string,
    opts: RequestOptions,
  ): Promise<{ reply: TextReply; attempts: number }> {
    const request: HttpRequest = {
      method: 'POST',
      url: this.url(path),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body,
      authorization: { origin: this.base.origin, value: `Bearer ${key}` },
    };
    const { reply, attempts, guard } = await this.withRetries(
      opts,
      async (g, attempt) => {
        const response = await this.send(request, g, attempt);
        // Read within the attempt, so the timeout covers the body too.
        return { status: response.status, headers: response.headers, text: await readText(response, MAX_REPLY_BYTES) };
      },
      () => undefined,
    );
    guard.dispose();
    return { reply, attempts };
  }

  /**
   * Runs attempts until one gives an answer that is not worth retrying, or the attempts run out (then the last
   * answer is returned for the caller to turn into an error). Network failures are retried too; timeouts are
   * not (the export may still be materializing, and another POST would start another one).
   */
  private async withRetries<T extends { status: number; headers: HttpResponse['headers'] }>(
    opts: RequestOptions,
    run: (guard: AttemptGuard, attempt: number) => Promise<T>,
    release: (reply: T) => void,
  ): Promise<{ reply: T; attempts: number; guard: AttemptGuard }> {
    const { maxAttempts } = this.policy;
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) throw cancelledError(attempt - 1);
      const guard = new AttemptGuard(opts.signal, this.timeoutMs);
      let notice: RetryNotice;
      try {
        const reply = await run(guard, attempt);
        const reason = retryReason(reply.status);
        if (!reason || attempt >= maxAttempts) return { reply, attempts: attempt, guard };
        release(reply);
        guard.dispose();
        const retryAfter = parseRetryAfter(reply.headers.get('retry-after'), Date.now());
        notice = {
          reason,
          status: reply.status,
          delayMs: retryDelay(attempt, retryAfter, this.policy, this.random),
          nextAttempt: attempt + 1,
          maxAttempts,
        };
      } catch (error) {
        guard.dispose();
        const failure = error instanceof LangdockApiError ? error.withAttempts(attempt) : error;
        // A proxy that cannot be reached is retried like the network it stands for.
        const retryable =
          failure instanceof LangdockApiError &&
          (failure.kind === 'network' || failure.kind === 'proxyUnreachable') &&
          !failure.status;
        if (!retryable || attempt >= maxAttempts) throw failure;
        notice = {
          reason: 'network',
          delayMs: retryDelay(attempt, undefined, this.policy, this.random),
          nextAttempt: attempt + 1,
          maxAttempts,
        };
      }
      opts.onStatus?.(notice);
      await this.wait(notice.delayMs, opts.signal, attempt);
    }
  }

  private async wait(ms: number, signal: AbortSignal | undefined, attempts: number): Promise<void> {
    try {
      await this.sleep(ms, signal ?? new AbortController().signal);
    } catch (error) {
      throw signal?.aborted ? cancelledError(attempts) : error;
    }
    if (signal?.aborted) throw cancelledError(attempts);
  }

  /** A 429 or 5xx that was still there on the last attempt. */
  private exhausted(status: number, headers: HttpResponse['headers'], attempts: number): LangdockApiError {
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(headers.get('retry-after'), Date.now());
      return new LangdockApiError(
        'rateLimited',
        problem('Rate limited by Langdock (HTTP 429) after {0} attempts.', String(attempts)),
        { status, attempts, retryAfterMs },
      );
    }
    return new LangdockApiError(
      'server',
      problem('Langdock server error (HTTP {0}) after {1} attempts.', String(status), String(attempts)),
      { status, attempts },
    );
  }

  /** The final answer to an export request: the envelope, or the error it means. */
  private interpret(reply: TextReply, attempts: number, key: string): ExportEnvelope {
    const { status } = reply;
    if (status >= 200 && status <= 299) {
      let envelope: ExportEnvelope;
      try {
        envelope = parseEnvelope(reply.text);
      } catch (error) {
        throw error instanceof LangdockApiError ? error.withAttempts(attempts) : error;
      }
      if (envelope.recordCount === 0)
        throw new LangdockApiError(
          'empty',
          problem('No usage data in the selected period (the export has no records).'),
          { status, attempts },
        );
      return envelope;
    }
    if (retryReason(status)) throw this.exhausted(status, reply.headers, attempts);

    const body = parseErrorBody(reply.text);
    const raw = body.message ?? body.error;
    const serverMessage = raw ? sanitizeServerText(redact(raw, key)) : undefined;
    const details = { status, attempts, serverMessage };
    const said = serverMessage ? `: ${serverMessage}` : '.';
    switch (status) {
      case 400:
        if (isTooLargeBody(body)) return this.fail('tooLarge', problem('The export is too large{0}', said), details);
        return this.fail('badRequest', problem('Langdock refused the request (HTTP {0}){1}', '400', said), details);
      case 401:
        return this.fail('auth', problem('Langdock rejected the API key (HTTP 401).'), details);
      case 403:
        return this.fail(
          'scope',
          problem('The API key may not export usage (HTTP 403): it needs the USAGE_EXPORT_API scope.'),
          details,
        );
      case 404:
        if (isNoDataBody(body)) return this.fail('empty', problem('No usage data in the selected period.'), details);
        return this.fail(
          'protocol',
          problem('The export endpoint was not found (HTTP 404): check the base URL.'),
          details,
        );
    }
    if (status >= 400 && status <= 499)
      return this.fail(
        'badRequest',
        problem('Langdock refused the request (HTTP {0}){1}', String(status), said),
        details,
      );
    return this.fail('protocol', problem('Unexpected answer from Langdock (HTTP {0}).', String(status)), details);
  }

  private fail(
    kind: LangdockApiError['kind'],
    reason: Problem,
    details: { status: number; attempts: number; serverMessage?: string },
  ): never {
    throw new LangdockApiError(kind, reason, details);
  }
}
