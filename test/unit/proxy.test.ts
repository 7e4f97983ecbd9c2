/**
 * Proxy support in plain Node: which requests take the proxy (`proxyFor`), and the client through the test
 * proxy to a sandbox on 127.0.0.2 over http (the HTTPS tunnels run in the integration suite, where the test CA
 * can be trusted): forwarded requests, credentials, a 407, an unreachable proxy, and no request around it.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LangdockApiError, LangdockClient } from '../../src/core/api/api';
import type { ExportRangeBody } from '../../src/core/dates/dateRange';
import { proxyFor, type ProxySettings } from '../../src/core/api/proxy';
import { startProxy, TestProxy } from '../proxy/proxy';
import { Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';

const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const RANGE: ExportRangeBody = {
  from: { date: `${utcDay(6)}T00:00:00.000Z`, timezone: 'UTC' },
  to: { date: `${utcDay(0)}T23:59:59.999Z`, timezone: 'UTC' },
};

describe('proxyFor', () => {
  const target = new URL('https://langdock.corp.example:8443/api/public');
  const route = (settings: ProxySettings, url = target) => proxyFor(url, settings)?.url.host;

  it('takes http.proxy before the environment, and the environment without it', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128' };
    assert.equal(route({ url: 'http://setting-proxy:8080', env }), 'setting-proxy:8080');
    assert.equal(route({ url: '', env }), 'env-proxy:3128');
    assert.equal(route({ env: { http_proxy: 'env-proxy:3128' } }), 'env-proxy:3128');
    assert.equal(route({ env: {} }), undefined);
  });

  it('goes direct for localhost, http.proxySupport off, and no-proxy entries (the setting replaces NO_PROXY)', () => {
    const proxy = { url: 'http://p:1' };
    assert.equal(route(proxy, new URL('http://127.0.0.1:9/')), undefined);
    assert.equal(route(proxy, new URL('http://localhost:9/')), undefined);
    assert.equal(route(proxy, new URL('http://127.0.0.2:9/')), 'p:1');
    assert.equal(route({ ...proxy, support: 'off' }), undefined);
    assert.equal(route({ ...proxy, noProxy: ['corp.example'] }), undefined);
    assert.equal(route({ ...proxy, noProxy: ['.corp.example:8443'] }), undefined);
    assert.equal(route({ ...proxy, noProxy: ['corp.example:443'] }), 'p:1');
    assert.equal(route({ ...proxy, noProxy: ['*'] }), undefined);
    assert.equal(route({ ...proxy, env: { NO_PROXY: 'other.example,langdock.corp.example' } }), undefined);
    assert.equal(route({ ...proxy, noProxy: ['other.example'], env: { NO_PROXY: 'langdock.corp.example' } }), 'p:1');
    assert.equal(route({ url: 'socks5://p:1' }), undefined, 'a SOCKS proxy is left to VS Code');
  });

  it('sends http.proxyAuthorization, else the proxy URL user info as Basic, and strips it from the URL', () => {
    const fromUrl = proxyFor(target, { url: 'http://al%40ice:s3cret@p:1' })!;
    assert.equal(fromUrl.authorization, `Basic ${Buffer.from('al@ice:s3cret').toString('base64')}`);
    assert.equal(fromUrl.url.href, 'http://p:1/');
    assert.equal(
      proxyFor(target, { url: 'http://u:p@p:1', authorization: 'Negotiate abc' })!.authorization,
      'Negotiate abc',
    );
    assert.equal(proxyFor(target, { url: 'http://p:1' })!.source, 'http.proxy');
    assert.equal(proxyFor(target, { env: { https_proxy: 'http://p:1' } })!.source, 'HTTPS_PROXY');
  });
});

describe('LangdockClient through a proxy (http targets)', function () {
  this.timeout(20000);
  let sandbox: Sandbox;
  let proxy: TestProxy;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ seed: 5, host: '127.0.0.2' });
    proxy = await startProxy();
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-proxy-test-'));
  });
  after(async () => {
    await Promise.all([sandbox.close(), proxy.close()]);
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sandbox.reset();
    await fetch(`${proxy.url}/__proxy/reset`, { method: 'POST' });
  });

  const client = (network: ProxySettings, logs: string[] = []) =>
    new LangdockClient({
      baseUrl: `${sandbox.apiUrl}/api/public`,
      apiKey: () => SANDBOX_KEYS.byok,
      timeoutMs: 5000,
      network: { proxy: network },
      log: (line) => logs.push(line),
      sleep: () => Promise.resolve(),
    });

  it('forwards the export request and the download, every request matched by port in the proxy log', async () => {
    const logs: string[] = [];
    const c = client({ url: proxy.url }, logs);
    const envelope = await c.requestExport('models', RANGE);
    await c.download(envelope.downloadUrl, path.join(dir, 'models.csv'));
    const ports = new Set(proxy.log.map((e) => e.upstreamPort));
    assert.equal(sandbox.requests.length, 2);
    for (const r of sandbox.requests) assert.ok(ports.has(r.peerPort), `${r.method} ${r.path} came through the proxy`);
    assert.deepEqual(
      proxy.log.map((e) => [e.method, e.status, e.auth]),
      [
        ['POST', 200, 'none'],
        ['GET', 200, 'none'],
      ],
    );
    assert.equal(sandbox.requests[1].authorization, false, 'no Authorization on the download');
    assert.ok(
      logs.every((line) => line.includes(`via proxy 127.0.0.1:${proxy.port}`)),
      logs.join('\n'),
    );
  });

  it('a 407 is proxyAuth and is not retried; the right credentials pass', async () => {
    const authorization = `Basic ${Buffer.from('user:pw').toString('base64')}`;
    await fetch(`${proxy.url}/__proxy/require-auth`, { method: 'POST', body: JSON.stringify({ authorization }) });
    const error = await client({ url: proxy.url })
      .requestExport('models', RANGE)
      .catch((e: unknown) => e);
    assert.ok(error instanceof LangdockApiError);
    assert.equal(error.kind, 'proxyAuth');
    assert.match(error.message, /proxy 127\.0\.0\.1:\d+ requires authentication \(HTTP 407\): none were sent/);
    assert.equal(sandbox.requests.length, 0);
    assert.ok(await client({ url: `http://user:pw@127.0.0.1:${proxy.port}` }).requestExport('models', RANGE));
    assert.ok(await client({ url: proxy.url, authorization }).requestExport('models', RANGE));
    assert.deepEqual(
      proxy.log.map((e) => [e.status, e.auth]),
      [
        [407, 'none'],
        [200, 'ok'],
        [200, 'ok'],
      ],
    );
  });

  it('a cancel and a timeout stop a request waiting behind the proxy', async () => {
    sandbox.queueFaults({ mode: 'slow', delayMs: 3000 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const cancelled = await client({ url: proxy.url })
      .requestExport('models', RANGE, undefined, { signal: abort.signal })
      .catch((e: unknown) => e);
    assert.equal((cancelled as LangdockApiError).kind, 'cancelled');
    sandbox.queueFaults({ mode: 'slow', delayMs: 3000 });
    const c = new LangdockClient({
      baseUrl: sandbox.apiUrl,
      apiKey: () => SANDBOX_KEYS.byok,
      timeoutMs: 300,
      network: { proxy: { url: proxy.url } },
    });
    const timedOut = await c.requestExport('models', RANGE).catch((e: unknown) => e);
    assert.equal((timedOut as LangdockApiError).kind, 'timeout');
  });

  it('an unreachable proxy is named, retried like the network, and nothing goes around it', async () => {
    const error = await client({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } })
      .requestExport('models', RANGE)
      .catch((e: unknown) => e);
    assert.ok(error instanceof LangdockApiError);
    assert.equal(error.kind, 'proxyUnreachable');
    assert.match(error.message, /connection refused \(proxy 127\.0\.0\.1:9 from HTTP_PROXY, ECONNREFUSED\)/);
    assert.equal(error.attempts, 4);
    assert.equal(sandbox.requests.length, 0);
  });
});
