/**
 * What api.test.ts leaves open about retries: that the waits really happen between the attempts the sandbox
 * receives (its arrival times, with the real timer), that Retry-After in seconds and as an HTTP-date is waited
 * for real up to the cap, that downloads and network failures back off the same way, and that cancelling stops
 * the steps api.test.ts does not cover: between the request and the download, before the download answers, and
 * during a download's retry wait.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LangdockApiError, LangdockClient, LangdockClientOptions, RetryNotice } from '../../src/core/api/api';
import type { ExportRangeBody } from '../../src/core/dates/dateRange';
import { parseRetryAfter, retryDelay, DEFAULT_RETRY_POLICY } from '../../src/core/api/retry';
import { FaultSpec, Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import type { RecordedRequest } from '../sandbox/exchange';

const day = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const RANGE: ExportRangeBody = {
  from: { date: `${day(6)}T00:00:00.000Z`, timezone: 'UTC' },
  to: { date: `${day(0)}T23:59:59.999Z`, timezone: 'UTC' },
};
/** Timer and scheduling slack on a busy 2-core machine. */
const SLACK_MS = 400;

async function kindOf(promise: Promise<unknown>): Promise<LangdockApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LangdockApiError, String(error));
    return error;
  }
  assert.fail('expected a LangdockApiError');
}

/** Milliseconds between consecutive requests, as the sandbox saw them arrive. */
const gaps = (requests: readonly RecordedRequest[]): number[] => requests.slice(1).map((r, i) => r.at - requests[i].at);

function assertSpaced(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length, `gaps ${actual.join(', ')}`);
  actual.forEach((gap, i) =>
    assert.ok(
      gap >= expected[i] - 5 && gap < expected[i] + SLACK_MS,
      `gap ${i + 1}: ${gap} ms, expected ${expected[i]} ms`,
    ),
  );
}

describe('retries: number and spacing of attempts, cancellation at every step', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ seed: 5 });
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-retry-test-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.reset());

  const client = (opts: Partial<LangdockClientOptions> = {}): LangdockClient =>
    new LangdockClient({ baseUrl: sandbox.apiUrl, apiKey: () => SANDBOX_KEYS.byok, timeoutMs: 5000, ...opts });
  const queue = (...faults: FaultSpec[]): void => sandbox.queueFaults(...faults);
  const on = (server: 'api' | 'download') => sandbox.requests.filter((r) => r.server === server);

  it('waits the computed backoff for real between the attempts the server receives', async () => {
    queue({ mode: 'server-error', times: 'forever' });
    const notices: RetryNotice[] = [];
    // random 1: the top of each jitter window, so the waits are exactly 150, 300, 600 ms.
    const error = await kindOf(
      client({ retry: { baseDelayMs: 150, maxDelayMs: 1000 }, random: () => 1 }).requestExport(
        'models',
        RANGE,
        undefined,
        {
          onStatus: (n) => notices.push(n),
        },
      ),
    );
    assert.equal(error.kind, 'server');
    assert.equal(error.attempts, 4);
    assert.deepEqual(
      notices.map((n) => [n.delayMs, n.nextAttempt]),
      [
        [150, 2],
        [300, 3],
        [600, 4],
      ],
    );
    assertSpaced(gaps(on('api')), [150, 300, 600]);
  });

  it('waits out Retry-After in seconds and as an HTTP-date, shortened to the cap', async () => {
    // 1 s as seconds (under the cap); then an HTTP-date an hour ahead, cut to the 1.5 s cap; then the answer.
    queue({ mode: 'rate-limit', retryAfter: 1 }, { mode: 'rate-limit-date', retryAfter: 3600 });
    const envelope = await client({ retry: { retryAfterCapMs: 1500 } }).requestExport('models', RANGE);
    assert.ok(envelope.recordCount > 0);
    assert.deepEqual(
      on('api').map((r) => r.status),
      [429, 429, 200],
    );
    assertSpaced(gaps(on('api')), [1000, 1500]);
  });

  it('an HTTP-date already past means no wait; an unreadable one falls back to the backoff', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:59:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(
      retryDelay(2, parseRetryAfter('soon', now), DEFAULT_RETRY_POLICY, () => 0.5),
      1000,
    );
  });

  it('network failures and downloads back off like requests: 4 attempts, 0.5·1 s, 0.5·2 s, 0.5·4 s', async () => {
    const delays: number[] = [];
    const recording = client({ random: () => 0.5, sleep: (ms) => Promise.resolve(void delays.push(ms)) });
    const refused = await kindOf(
      client({
        baseUrl: 'http://127.0.0.1:9',
        random: () => 0.5,
        sleep: (ms) => Promise.resolve(void delays.push(ms)),
      }).requestExport('models', RANGE),
    );
    assert.equal(refused.kind, 'network');
    assert.deepEqual(delays.splice(0), [500, 1000, 2000]);

    const envelope = await recording.requestExport('models', RANGE);
    queue({ mode: 'server-error', on: 'download', times: 'forever' });
    const failed = await kindOf(recording.download(envelope.downloadUrl, path.join(dir, 'never.csv')));
    assert.equal(failed.kind, 'server');
    assert.equal(on('download').length, 4);
    assert.deepEqual(delays, [500, 1000, 2000]);
    assert.equal(existsSync(path.join(dir, 'never.csv')), false);
  });

  describe('cancellation (api.test.ts covers: before the request, during a slow POST, during a Retry-After wait, mid-body)', () => {
    it('between the request and the download: the link is never fetched', async () => {
      const controller = new AbortController();
      const envelope = await client().requestExport('models', RANGE, undefined, { signal: controller.signal });
      controller.abort();
      const error = await kindOf(
        client().download(envelope.downloadUrl, path.join(dir, 'a.csv'), { signal: controller.signal }),
      );
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.attempts, 0);
      assert.equal(on('download').length, 0);
    });

    it('while the download has not answered yet: cut off at once, no file', async () => {
      const envelope = await client().requestExport('models', RANGE);
      queue({ mode: 'slow', on: 'download', delayMs: 3000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await kindOf(
        client().download(envelope.downloadUrl, path.join(dir, 'b.csv'), { signal: controller.signal }),
      );
      assert.equal(error.kind, 'cancelled');
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      assert.equal(existsSync(path.join(dir, 'b.csv')), false);
    });

    it("during a download's retry wait: the wait ends at once and no further attempt is made", async () => {
      const envelope = await client().requestExport('models', RANGE);
      queue({ mode: 'server-error', on: 'download', times: 'forever' });
      const controller = new AbortController();
      const started = Date.now();
      const error = await kindOf(
        client({ retry: { baseDelayMs: 10_000 }, random: () => 1 }).download(
          envelope.downloadUrl,
          path.join(dir, 'c.csv'),
          {
            signal: controller.signal,
            onStatus: () => setTimeout(() => controller.abort(), 50),
          },
        ),
      );
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.attempts, 1);
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(on('download').length, 1);
      assert.equal(existsSync(path.join(dir, 'c.csv')), false);
    });
  });
});
