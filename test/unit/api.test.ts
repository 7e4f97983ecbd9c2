/**
 * The Langdock client against the real sandbox over HTTP: every success path, every error kind, the retry
 * arithmetic (with an injected sleep that records its waits), cancellation, redirects, and the promise that the
 * API key goes nowhere but the API's Authorization header.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  ApiErrorKind,
  ExportEnvelope,
  LangdockApiError,
  LangdockClient,
  LangdockClientOptions,
  RetryNotice,
} from '../../src/core/api/api';
import { isInsecureBaseUrl, parseBaseUrl } from '../../src/core/api/baseUrl';
import type { ExportRangeBody } from '../../src/core/dates/dateRange';
import { retryProblem } from '../../src/core/api/retry';
import { bundleLocalize } from '../../src/core/table/tableView';
import { english, localize } from '../../src/shared/template';
import { GERMAN } from './viewSettings';
import { FaultSpec, Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';

const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const RANGE: ExportRangeBody = {
  from: { date: `${utcDay(6)}T00:00:00.000Z`, timezone: 'UTC' },
  to: { date: `${utcDay(0)}T23:59:59.999Z`, timezone: 'UTC' },
};

/** Everything the client said, across the whole file: checked for the keys at the end. */
const said: string[] = [];

async function failure(promise: Promise<unknown>): Promise<LangdockApiError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof LangdockApiError)) throw error;
    said.push(error.message, error.serverMessage ?? '', String(error.stack));
    return error;
  }
  assert.fail('expected a LangdockApiError');
}

async function expectKind(promise: Promise<unknown>, kind: ApiErrorKind): Promise<LangdockApiError> {
  const error = await failure(promise);
  assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
  return error;
}

describe('LangdockClient', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  let dir: string;
  let delays: number[];
  let notices: Array<{ message: string; notice: RetryNotice }>;
  let logLines: string[];

  before(async () => {
    sandbox = await startSandbox({ seed: 11 });
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-api-test-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.reset();
    delays = [];
    notices = [];
    logLines = [];
  });

  function client(opts: Partial<LangdockClientOptions> & { key?: string } = {}): LangdockClient {
    const { key = SANDBOX_KEYS.byok, ...rest } = opts;
    return new LangdockClient({
      baseUrl: sandbox.apiUrl,
      apiKey: () => key,
      timeoutMs: 5000,
      log: (line) => {
        logLines.push(line);
        said.push(line);
      },
      // Waits are recorded, not slept: the spacing is proven without slowing the tests.
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      ...rest,
    });
  }

  const onStatus = (notice: RetryNotice): void => {
    const message = localize(retryProblem(notice), english);
    notices.push({ message, notice });
    said.push(message);
  };
  const queue = (...faults: FaultSpec[]): void => sandbox.queueFaults(...faults);
  const apiRequests = () => sandbox.requests.filter((r) => r.server === 'api');
  const file = (name: string): string => path.join(dir, name);

  describe('requestExport', () => {
    it('returns the envelope for a BYOK and a managed workspace', async () => {
      for (const key of [SANDBOX_KEYS.byok, SANDBOX_KEYS.managed]) {
        const envelope = await client({ key }).requestExport('models', RANGE, undefined, { onStatus });
        assert.equal(envelope.dataType, 'models');
        assert.ok(envelope.recordCount > 0);
        assert.match(envelope.filePath, /^models-usage\//);
        assert.ok(envelope.downloadUrl.startsWith(sandbox.downloadOrigin));
        assert.deepEqual(envelope.dateRange, { from: `${utcDay(6)}T00:00:00.000Z`, to: `${utcDay(0)}T23:59:59.999Z` });
      }
      assert.equal(notices.length, 0);
      assert.deepEqual(
        apiRequests().map((r) => [r.path, r.status, r.authorization]),
        [
          ['/export/models', 200, true],
          ['/export/models', 200, true],
        ],
      );
    });

    it('exports every type, with and without each grouping', async () => {
      const cases: Array<
        [Parameters<LangdockClient['requestExport']>[0], Parameters<LangdockClient['requestExport']>[2]]
      > = [
        ['models', 'source'],
        ['models', 'deployment'],
        ['users', undefined],
        ['users', 'model'],
        ['agents', 'model'],
        ['api-keys', undefined],
        ['api-keys', 'model'],
        ['projects', undefined],
      ];
      for (const [type, groupBy] of cases) {
        const envelope = await client().requestExport(type, RANGE, groupBy);
        assert.equal(envelope.dataType, type === 'api-keys' ? 'api_keys' : type);
      }
    });

    it('keeps the path of a dedicated base URL and tolerates a trailing slash', async () => {
      await client({ baseUrl: `${sandbox.apiUrl}/api/public/` }).requestExport('projects', RANGE);
      assert.equal(apiRequests()[0].path, '/api/public/export/projects');
    });

    it('validates the base URL', () => {
      for (const bad of [
        'ftp://example.com',
        'not a url',
        'https://user:pw@example.com',
        'https://example.com/?x=1',
        'https://example.com/#x',
      ]) {
        assert.throws(() => client({ baseUrl: bad }), RangeError, bad);
      }
      assert.equal(parseBaseUrl('https://ld.example.com/api/public//').href, 'https://ld.example.com/api/public');
    });

    it('calls plain http insecure unless it stays on this machine', () => {
      for (const safe of [
        'https://ld.example.com',
        'http://localhost:8080',
        'http://127.0.0.1',
        'http://127.4.5.6',
        'http://[::1]:9',
      ]) {
        assert.equal(isInsecureBaseUrl(safe), false, safe);
      }
      for (const clear of ['http://ld.example.com', 'http://127.example.com', 'http://10.0.0.1', 'http://[::2]']) {
        assert.equal(isInsecureBaseUrl(clear), true, clear);
      }
    });

    it('falls back from /export/agents to /export/assistants only on a route-unknown 404', async () => {
      queue({ mode: 'not-found' });
      const envelope = await client().requestExport('agents', RANGE);
      assert.equal(envelope.dataType, 'assistants');
      assert.deepEqual(
        apiRequests().map((r) => [r.path, r.status]),
        [
          ['/export/agents', 404],
          ['/export/assistants', 200],
        ],
      );

      sandbox.reset();
      queue({ mode: 'empty' });
      await expectKind(client().requestExport('agents', RANGE), 'empty');
      assert.deepEqual(
        apiRequests().map((r) => r.path),
        ['/export/agents'],
        'an empty period is not a missing route',
      );
    });
  });

  describe('error kinds', () => {
    it('auth: a revoked key (401), and no key at all without a request', async () => {
      const revoked = await expectKind(client({ key: SANDBOX_KEYS.revoked }).requestExport('models', RANGE), 'auth');
      assert.equal(revoked.status, 401);
      assert.equal(revoked.attempts, 1);
      const none = await expectKind(client({ key: '  ' }).requestExport('models', RANGE), 'auth');
      assert.equal(none.attempts, 0);
      assert.equal(apiRequests().length, 1);
    });

    it('scope: a key without USAGE_EXPORT_API (403)', async () => {
      const error = await expectKind(client({ key: SANDBOX_KEYS.noScope }).requestExport('users', RANGE), 'scope');
      assert.equal(error.status, 403);
    });

    it('empty: 404 "No data found", and a 200 with recordCount 0', async () => {
      const before = {
        from: { date: '2000-01-01T00:00:00.000Z', timezone: 'UTC' },
        to: { date: '2000-01-02T00:00:00.000Z', timezone: 'UTC' },
      };
      await expectKind(client().requestExport('models', before), 'badRequest'); // beyond the 12 months
      const created = new Date(`${sandbox.workspaceCreated}T00:00:00Z`).getTime();
      const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
      const empty = {
        from: { date: `${day(created - 40 * DAY_MS)}T00:00:00.000Z`, timezone: 'UTC' },
        to: { date: `${day(created - 10 * DAY_MS)}T23:59:59.999Z`, timezone: 'UTC' },
      };
      const notFound = await expectKind(client().requestExport('models', empty), 'empty');
      assert.equal(notFound.status, 404);
      queue({ mode: 'empty-csv' });
      const zero = await expectKind(client().requestExport('models', RANGE), 'empty');
      assert.equal(zero.status, 200);
    });

    it("badRequest: carries the API's message (a numeric offset, deployment grouping on a managed workspace)", async () => {
      const offset = { ...RANGE, from: { date: `${utcDay(3)}T00:00:00.000+00:00`, timezone: 'UTC' } };
      const error = await expectKind(client().requestExport('models', offset), 'badRequest');
      assert.equal(error.status, 400);
      assert.match(error.serverMessage ?? '', /numeric offsets/);
      assert.ok(error.message.includes(error.serverMessage ?? '-'));
      const deployment = await expectKind(
        client({ key: SANDBOX_KEYS.managed }).requestExport('models', RANGE, 'deployment'),
        'badRequest',
      );
      assert.match(deployment.serverMessage ?? '', /only available for BYOK/);
    });

    it('badRequest: sanitizes the server message (control characters, length, an echoed key)', async () => {
      queue({
        mode: 'bad-request',
        message: `bad\u0007\u202Ething\r\nfor key ${SANDBOX_KEYS.byok} ${'x'.repeat(1000)}`,
      });
      const error = await expectKind(client().requestExport('models', RANGE), 'badRequest');
      const message = error.serverMessage ?? '';
      assert.ok(!/[\p{Cc}\u202e]/u.test(message), JSON.stringify(message));
      assert.ok(message.length <= 300);
      assert.ok(message.startsWith('bad thing for key [redacted]'), message);
      assert.ok(!error.message.includes(SANDBOX_KEYS.byok));
    });

    it('tooLarge: the OpenAPI "Export too large" 400', async () => {
      queue({ mode: 'too-large' });
      const error = await expectKind(client().requestExport('users', RANGE), 'tooLarge');
      assert.match(error.serverMessage ?? '', /narrow the date range/);
    });

    it('server: 500 forever, after every attempt', async () => {
      queue({ mode: 'server-error', times: 'forever' });
      const error = await expectKind(client().requestExport('models', RANGE), 'server');
      assert.equal(error.status, 500);
      assert.equal(error.attempts, 4);
      assert.equal(apiRequests().length, 4);
    });

    it('server: a proxy 502 with an HTML body is retried, then reported as a server error', async () => {
      queue({ mode: 'proxy-502', times: 'forever' });
      const error = await expectKind(client({ retry: { maxAttempts: 2 } }).requestExport('models', RANGE), 'server');
      assert.equal(error.status, 502);
      assert.equal(error.attempts, 2);
    });

    it('rateLimited: 429 after the retries, with the last Retry-After', async () => {
      queue({ mode: 'rate-limit', retryAfter: 7, times: 'forever' });
      const error = await expectKind(client().requestExport('models', RANGE), 'rateLimited');
      assert.equal(error.status, 429);
      assert.equal(error.attempts, 4);
      assert.equal(error.retryAfterMs, 7000);
    });

    it('network: connection refused, retried, with the system code', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await expectKind(
        client({ baseUrl: `http://127.0.0.1:${port}` }).requestExport('models', RANGE),
        'network',
      );
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.attempts, 4);
      assert.equal(delays.length, 3);
      assert.match(error.message, /connection refused/);
    });

    it('network: a host that does not resolve', async () => {
      const error = await expectKind(
        client({ baseUrl: 'http://langdock-sandbox.invalid', retry: { maxAttempts: 1 } }).requestExport(
          'models',
          RANGE,
        ),
        'network',
      );
      assert.ok(['ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? ''), error.code);
      assert.equal(error.step, 'request');
    });

    it('network: a dropped connection is retried and can then succeed', async () => {
      queue({ mode: 'connection-reset' });
      await client().requestExport('models', RANGE, undefined, { onStatus });
      assert.deepEqual(
        notices.map((n) => n.notice.reason),
        ['network'],
      );
      assert.equal(apiRequests().length, 2);
    });

    it('timeout: a slow answer is cut off per attempt and not retried', async () => {
      // An answer a minute away: only the 200 ms timeout can end this before the test's own timeout.
      queue({ mode: 'slow', delayMs: 60_000 });
      const error = await expectKind(client({ timeoutMs: 200 }).requestExport('models', RANGE), 'timeout');
      assert.equal(error.attempts, 1);
      assert.equal(apiRequests().length, 1);
    });

    it('protocol: an unknown route, and an envelope that cannot be trusted', async () => {
      queue({ mode: 'not-found' });
      const route = await expectKind(client().requestExport('models', RANGE), 'protocol');
      assert.equal(route.status, 404);
      assert.match(route.message, /base URL/);
      queue({ mode: 'bad-envelope' });
      const envelope = await expectKind(client().requestExport('models', RANGE), 'protocol');
      assert.match(envelope.message, /downloadUrl/);
      assert.ok(!envelope.message.includes('javascript'));
    });

    it('cancelled: before the first request, nothing is sent', async () => {
      const controller = new AbortController();
      controller.abort();
      await expectKind(client().requestExport('models', RANGE, undefined, { signal: controller.signal }), 'cancelled');
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('retries', () => {
    it('500 then success: exponential backoff with full jitter', async () => {
      queue({ mode: 'server-error', times: 2 });
      const envelope: ExportEnvelope = await client().requestExport('models', RANGE, undefined, { onStatus });
      assert.ok(envelope.recordCount > 0);
      assert.deepEqual(delays, [500, 1000]); // random 0.5 × 1000·2^0, × 1000·2^1
      assert.deepEqual(
        notices.map((n) => n.message),
        [
          'Server error (HTTP 500), retrying in 1 s (attempt 2 of 4)…',
          'Server error (HTTP 500), retrying in 1 s (attempt 3 of 4)…',
        ],
      );
      assert.deepEqual(
        apiRequests().map((r) => r.status),
        [500, 500, 200],
      );
    });

    it('429 without Retry-After backs off up to maxDelayMs, the jitter spanning 0…ceiling', async () => {
      queue({ mode: 'rate-limit-bare', times: 'forever' });
      await expectKind(
        client({ retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 3000 } }).requestExport('models', RANGE),
        'rateLimited',
      );
      assert.deepEqual(delays, [500, 1000, 1500, 1500]);
      sandbox.reset();
      delays = [];
      queue({ mode: 'rate-limit-bare', times: 2 });
      await client({ random: () => 0 }).requestExport('models', RANGE);
      assert.deepEqual(delays, [0, 0]);
      sandbox.reset();
      delays = [];
      queue({ mode: 'rate-limit-bare', times: 2 });
      await client({ random: () => 0.999 }).requestExport('models', RANGE);
      assert.deepEqual(delays, [999, 1998]);
    });

    it('honours Retry-After in seconds and tells the UI', async () => {
      queue({ mode: 'rate-limit', retryAfter: 4 });
      await client().requestExport('models', RANGE, undefined, { onStatus });
      assert.deepEqual(delays, [4000]);
      assert.equal(notices[0].message, 'Rate limited, retrying in 4 s (attempt 2 of 4)…');
      // A template, like the API's errors: the export's progress says it in the display language.
      assert.equal(
        localize(retryProblem(notices[0].notice), bundleLocalize(GERMAN)),
        'Anfragen begrenzt, neuer Versuch in 4 s (Versuch 2 von 4)…',
      );
      assert.equal(
        localize(retryProblem({ ...notices[0].notice, reason: 'server', status: 503 }), bundleLocalize(GERMAN)),
        'Serverfehler (HTTP 503), neuer Versuch in 4 s (Versuch 2 von 4)…',
      );
      assert.deepEqual(notices[0].notice, {
        reason: 'rateLimited',
        status: 429,
        delayMs: 4000,
        nextAttempt: 2,
        maxAttempts: 4,
      });
    });

    it('honours Retry-After as an HTTP-date', async () => {
      queue({ mode: 'rate-limit-date', retryAfter: 20 });
      await client().requestExport('models', RANGE);
      assert.equal(delays.length, 1);
      // An HTTP-date has whole seconds: the wait is between 19 and 20 s.
      assert.ok(delays[0] > 18_000 && delays[0] <= 20_000, String(delays[0]));
    });

    it('caps a long Retry-After', async () => {
      queue({ mode: 'rate-limit', retryAfter: 3600 }, { mode: 'rate-limit-date', retryAfter: 3600 });
      await client({ retry: { retryAfterCapMs: 5000 } }).requestExport('models', RANGE);
      assert.deepEqual(delays, [5000, 5000]);
    });

    it('cancel during a Retry-After wait: cancelled at once, no further request', async () => {
      queue({ mode: 'rate-limit', retryAfter: 30, times: 'forever' });
      const controller = new AbortController();
      const real = client({ sleep: undefined });
      // A 30 s wait: only the cancel can end it before the test's own timeout, and no second attempt follows.
      const pending = real.requestExport('models', RANGE, undefined, {
        signal: controller.signal,
        onStatus: () => setTimeout(() => controller.abort(), 50),
      });
      const error = await expectKind(pending, 'cancelled');
      assert.equal(error.attempts, 1);
      assert.equal(apiRequests().length, 1);
    });

    it('cancel during a slow request', async () => {
      // An answer a minute away: only the cancel can end this before the test's own timeout.
      queue({ mode: 'slow', delayMs: 60_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await expectKind(client().requestExport('models', RANGE, undefined, { signal: controller.signal }), 'cancelled');
    });
  });

  describe('redirects', () => {
    it('drops the Authorization header on a redirect to another origin', async () => {
      queue({ mode: 'redirect' });
      const envelope = await client().requestExport('models', RANGE);
      assert.ok(envelope.recordCount > 0);
      assert.deepEqual(
        sandbox.requests.map((r) => [r.server, r.method, r.status, r.authorization]),
        [
          ['api', 'POST', 307, true],
          ['download', 'POST', 200, false],
        ],
      );
    });

    it('keeps it on a (relative) redirect within the API origin', async () => {
      queue({ mode: 'redirect-same-origin' });
      await client().requestExport('users', RANGE);
      assert.deepEqual(
        sandbox.requests.map((r) => [r.path, r.status, r.authorization]),
        [
          ['/export/users', 307, true],
          ['/api/public/export/users', 200, true],
        ],
      );
    });

    it('gives up after five redirects', async () => {
      queue({ mode: 'redirect-same-origin', times: 'forever' });
      const error = await expectKind(client().requestExport('models', RANGE), 'protocol');
      assert.match(error.message, /Too many redirects/);
      assert.equal(sandbox.requests.length, 6);
    });
  });

  describe('download', () => {
    async function exported(key: string = SANDBOX_KEYS.byok): Promise<ExportEnvelope> {
      return client({ key }).requestExport('users', RANGE);
    }

    it('saves exactly the served bytes, without any Authorization header, reporting progress', async () => {
      for (const key of [SANDBOX_KEYS.byok, SANDBOX_KEYS.managed]) {
        const envelope = await exported(key);
        const dest = file(`ok-${key.length}.csv`);
        const progress: Array<[number, number | undefined]> = [];
        const result = await client({ key }).download(envelope.downloadUrl, dest, {
          onProgress: (bytes, total) => progress.push([bytes, total]),
        });
        const saved = await readFile(dest);
        const served = Buffer.from(await (await fetch(envelope.downloadUrl)).arrayBuffer());
        assert.ok(saved.equals(served));
        assert.equal(result.bytes, saved.length);
        assert.deepEqual(progress.at(-1), [saved.length, saved.length]);
        assert.equal(parse(saved, { columns: true }).length, envelope.recordCount);
      }
      const downloads = sandbox.requests.filter((r) => r.server === 'download');
      assert.ok(downloads.length >= 2);
      assert.ok(downloads.every((r) => r.authorization === false && r.status === 200));
    });

    it('truncated: the file is removed', async () => {
      queue({ mode: 'truncated' });
      const envelope = await exported();
      const dest = file('truncated.csv');
      await expectKind(client().download(envelope.downloadUrl, dest), 'truncated');
      assert.equal(existsSync(dest), false);
    });

    it('downloadExpired: an expired link (403) leaves no file', async () => {
      queue({ mode: 'expired' });
      const envelope = await exported();
      const dest = file('expired.csv');
      const error = await expectKind(client().download(envelope.downloadUrl, dest), 'downloadExpired');
      assert.equal(error.status, 403);
      assert.equal(existsSync(dest), false);
      const tampered = envelope.downloadUrl.replace('X-Sandbox-Signature=', 'X-Sandbox-Signature=00');
      await expectKind(client().download(tampered, dest), 'downloadExpired');
    });

    it('downloadInvalid: an HTML login page, an XML error labelled as binary, a non-http link', async () => {
      for (const mode of ['html', 'xml-error'] as const) {
        queue({ mode });
        const envelope = await exported();
        const dest = file(`${mode}.csv`);
        await expectKind(client().download(envelope.downloadUrl, dest), 'downloadInvalid');
        assert.equal(existsSync(dest), false, mode);
      }
      await expectKind(client().download('javascript:alert(1)', file('js.csv')), 'downloadInvalid');
      await expectKind(client().download('not a url', file('js.csv')), 'downloadInvalid');
    });

    it('retries a 500 from storage, then saves the file', async () => {
      queue({ mode: 'server-error', on: 'download' });
      const envelope = await exported();
      const dest = file('retried.csv');
      await client().download(envelope.downloadUrl, dest, { onStatus });
      assert.deepEqual(
        sandbox.requests.filter((r) => r.server === 'download').map((r) => r.status),
        [500, 200],
      );
      assert.equal(notices.length, 1);
      assert.ok(existsSync(dest));
    });

    it('network: a download whose connection keeps dropping', async () => {
      queue({ mode: 'connection-reset', on: 'download', times: 'forever' });
      const envelope = await exported();
      const dest = file('reset.csv');
      const error = await expectKind(
        client({ retry: { maxAttempts: 2 } }).download(envelope.downloadUrl, dest),
        'network',
      );
      assert.equal(error.attempts, 2);
      assert.equal(error.step, 'download', 'a failure of the file host is not blamed on the API');
      assert.equal(existsSync(dest), false);
    });

    it('cancel mid-download: cancelled promptly, the partial file removed', async () => {
      // The second half of the file a minute away: only the cancel can end this before the test's own timeout.
      queue({ mode: 'stall', delayMs: 60_000 });
      const envelope = await exported();
      const dest = file('cancelled.csv');
      const controller = new AbortController();
      const pending = client().download(envelope.downloadUrl, dest, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expectKind(pending, 'cancelled');
      assert.equal(existsSync(dest), false);
    });

    it('timeout: a download that stalls longer than the timeout', async () => {
      queue({ mode: 'stall', delayMs: 3000 });
      const envelope = await exported();
      const dest = file('stalled.csv');
      await expectKind(client({ timeoutMs: 300 }).download(envelope.downloadUrl, dest), 'timeout');
      assert.equal(existsSync(dest), false);
    });

    it('a download that stalls less than the timeout succeeds (the timer restarts with each chunk)', async () => {
      queue({ mode: 'stall', delayMs: 300 });
      const envelope = await exported();
      const dest = file('slow-ok.csv');
      await client({ timeoutMs: 500 }).download(envelope.downloadUrl, dest);
      assert.equal(parse(await readFile(dest), { columns: true }).length, envelope.recordCount);
    });

    it('a file-system failure is passed on as is, not as a download error', async () => {
      const envelope = await exported();
      await assert.rejects(
        client().download(envelope.downloadUrl, path.join(dir, 'missing-dir', 'x.csv')),
        (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
      );
    });
  });

  describe('logging and the key', () => {
    it('logs one line per HTTP attempt: method, origin and path, status, duration, attempt, request id', async () => {
      queue({ mode: 'server-error', times: 1 });
      const envelope = await client().requestExport('models', RANGE);
      await client().download(envelope.downloadUrl, file('logged.csv'));
      assert.equal(logLines.length, 3);
      assert.match(
        logLines[0],
        new RegExp(
          `^POST ${sandbox.apiUrl.replace(/\./g, '\\.')}/export/models → 500 in \\d+ ms \\(attempt 1/4, request id req_[0-9a-f]{16}\\)$`,
        ),
      );
      assert.match(logLines[1], /→ 200 in \d+ ms \(attempt 2\/4, request id req_/);
      assert.match(
        logLines[2],
        new RegExp(
          `^GET ${sandbox.downloadOrigin.replace(/\./g, '\\.')}/files/models-usage/\\S+\\.csv → 200 in \\d+ ms \\(attempt 1/4, request id [0-9A-F]+\\)$`,
        ),
      );
      assert.ok(logLines.every((line) => !line.includes('?') && !line.includes('Signature')));
    });

    it('logs failed attempts with their error code, and structured fields', async () => {
      const entries: unknown[] = [];
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await failure(
        client({
          baseUrl: `http://127.0.0.1:${port}`,
          retry: { maxAttempts: 1 },
          log: (line, entry) => {
            said.push(line);
            entries.push(entry);
          },
        }).requestExport('models', RANGE),
      );
      assert.equal(entries.length, 1);
      assert.deepEqual(
        { ...(entries[0] as object), durationMs: 0 },
        {
          method: 'POST',
          url: `http://127.0.0.1:${port}/export/models`,
          durationMs: 0,
          attempt: 1,
          maxAttempts: 1,
          error: 'ECONNREFUSED',
        },
      );
    });

    it('no key appears in any error message, status line or log line of this file', () => {
      assert.ok(said.length > 50, `only ${said.length} texts collected`);
      for (const key of Object.values(SANDBOX_KEYS)) {
        const leaks = said.filter((text) => text.includes(key));
        assert.deepEqual(leaks, [], `the key ${key.slice(0, 14)}… leaked`);
      }
    });
  });
});
