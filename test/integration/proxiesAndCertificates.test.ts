/**
 * Corporate networks, through the real export command in the real VS Code: a forward proxy (test/proxy) from
 * `http.proxy` or the environment, a proxy that wants credentials or is not there, and dedicated deployments over
 * HTTPS whose certificates come from a company CA (trusted by the run through NODE_EXTRA_CA_CERTS) or from a CA
 * nobody trusts. Every claim is read off the proxy's own log and the sandboxes' request logs: each request the
 * sandbox saw came from a connection the proxy opened (matched by port), and none went around it.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExportRecord } from '../../src/core/store/exportStore';
import { EXPORT_TYPES } from '../../src/shared/exportType';
import type { LangdockUsageApi } from '../../src/extension';
import type { ProxyLogEntry } from '../proxy/proxy';
import type { FaultSpec, RecordedRequest } from '../sandbox/server';
import { closedPort, daysAgo, extensionApi, keys, noticesSince, storageChecksums, useKey, withConfig } from './helpers';
import { skipUnlessExpected } from '../support/skip';

interface CorpSandbox {
  apiUrl: string;
  downloadOrigin: string;
  controlUrl: string;
}
interface CorpSetup {
  /** Both origins with certificates of the trusted test company CA (127.0.0.2). */
  corp: CorpSandbox;
  /** The API's certificate from an untrusted CA, the download's trusted (127.0.0.3). */
  rogueApi: CorpSandbox;
  /** The API trusted, the download origin's certificate from an untrusted CA (127.0.0.4). */
  rogueDownload: CorpSandbox;
  proxyUrl: string;
}

const setup = JSON.parse(process.env.LANGDOCK_CORP ?? 'null') as CorpSetup | null;
const range = { from: daysAgo(20), to: daysAgo(1), timezone: 'Europe/Berlin' };
const authority = (origin: string) => new URL(origin).host;

async function control(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `control ${url}: ${response.status}`);
  return response.json();
}

const requestsOf = async (s: CorpSandbox) =>
  ((await control(`${s.controlUrl}/__sandbox/requests`)) as { requests: RecordedRequest[] }).requests;
const faultsFor = (s: CorpSandbox, ...faults: FaultSpec[]) => control(`${s.controlUrl}/__sandbox/faults`, { faults });
const proxyLog = async () => ((await control(`${setup!.proxyUrl}/__proxy/log`)) as { log: ProxyLogEntry[] }).log;

/** Runs `body` with these variables in the extension host's environment (the extension reads it per export). */
async function withEnv<T>(values: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const previous = Object.keys(values).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, values);
  try {
    return await body();
  } finally {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const exportOf = (type: string, open = false) =>
  vscode.commands.executeCommand<ExportRecord | undefined>('langdock.exportUsage', { type, ...range, open });

/** Every request `s` saw came over a connection the proxy opened, and the proxy tunnelled (not forwarded) it. */
function throughProxy(requests: RecordedRequest[], log: ProxyLogEntry[]): void {
  const tunnels = new Map(
    log.filter((e) => e.method === 'CONNECT' && e.status === 200).map((e) => [e.upstreamPort, e]),
  );
  for (const r of requests)
    assert.ok(tunnels.has(r.peerPort), `${r.server} ${r.method} ${r.path} came through a proxy tunnel`);
  assert.ok(
    log.every((e) => e.method === 'CONNECT'),
    'https targets are tunnelled, never forwarded in clear',
  );
}

describe('corporate networks: proxies, company CAs, dedicated deployments over HTTPS', function () {
  let api: LangdockUsageApi;

  before(async function () {
    if (!setup) skipUnlessExpected(this, 'no proxies and company CA were set up (LANGDOCK_CORP)');
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(async () => {
    if (!setup) return;
    await Promise.all(
      [setup.corp, setup.rogueApi, setup.rogueDownload].map((s) => control(`${s.controlUrl}/__sandbox/reset`, {})),
    );
    await control(`${setup.proxyUrl}/__proxy/reset`, {});
  });

  /** One failing export: exactly one message, nothing saved; returns the message. */
  async function failsWith(run: () => Thenable<unknown>, text: RegExp, actions: string[]) {
    const before = await storageChecksums(api);
    const shown = [...api.notices()];
    assert.strictEqual(await run(), undefined, 'the command returns nothing');
    const told = noticesSince(api, shown);
    assert.strictEqual(told.length, 1, `exactly one message: ${JSON.stringify(told)}`);
    assert.match(told[0].text, text);
    assert.deepStrictEqual(told[0].actions, actions);
    assert.ok(!/fetch failed/i.test(told[0].text));
    for (const key of Object.values(keys)) assert.ok(!told[0].text.includes(key), 'no key in the message');
    assert.deepStrictEqual(await storageChecksums(api), before, 'nothing saved');
    console.log(`corporate: "${told[0].text}" [${told[0].actions.join(', ')}]`);
    return told[0];
  }

  it('dedicated deployment https://host:port/api/public with the company CA: every type exports (direct)', async () => {
    const { corp } = setup!;
    await withConfig({ 'langdock.baseUrl': `${corp.apiUrl}/api/public` }, async () => {
      for (const type of EXPORT_TYPES)
        assert.ok(await exportOf(type), `${type}: ${JSON.stringify(api.notices().at(-1))}`);
    });
    const requests = await requestsOf(corp);
    assert.deepStrictEqual(
      requests.map((r) => `${r.server} ${r.method} ${r.status}`),
      EXPORT_TYPES.flatMap(() => ['api POST 200', 'download GET 200']),
    );
    assert.ok(requests.every((r) => r.path.startsWith('/api/public/') || r.server === 'download'));
    assert.ok(
      requests.filter((r) => r.server === 'download').every((r) => !r.authorization),
      'no Authorization on a download',
    );
    assert.deepStrictEqual(await proxyLog(), [], 'no proxy configured, none used');
    console.log(`corporate: dedicated deployment ${corp.apiUrl}/api/public, ${EXPORT_TYPES.length} types over HTTPS`);
  });

  it('http.proxy: the API request and the download each go through a CONNECT tunnel; every type exports', async () => {
    const { corp, proxyUrl } = setup!;
    await withConfig({ 'langdock.baseUrl': `${corp.apiUrl}/api/public`, 'http.proxy': proxyUrl }, async () => {
      for (const type of EXPORT_TYPES)
        assert.ok(await exportOf(type), `${type}: ${JSON.stringify(api.notices().at(-1))}`);
    });
    const requests = await requestsOf(corp);
    const log = await proxyLog();
    assert.strictEqual(requests.length, EXPORT_TYPES.length * 2);
    throughProxy(requests, log);
    assert.deepStrictEqual(
      log.map((e) => e.target),
      EXPORT_TYPES.flatMap(() => [authority(corp.apiUrl), authority(corp.downloadOrigin)]),
    );
    assert.ok(
      requests.filter((r) => r.server === 'download').every((r) => !r.authorization),
      'no Authorization on a download',
    );
    assert.ok(log.every((e) => e.auth === 'none' && (e.bytesUp ?? 0) > 0));
    console.log(
      `corporate: ${log.length} tunnels through ${proxyUrl}, ${requests.length} sandbox requests matched by port`,
    );
  });

  it('HTTPS_PROXY from the environment is used; NO_PROXY and http.noProxy send the host direct', async () => {
    const { corp, proxyUrl } = setup!;
    const host = new URL(corp.apiUrl).hostname;
    await withConfig({ 'langdock.baseUrl': corp.apiUrl }, async () => {
      await withEnv({ HTTPS_PROXY: proxyUrl }, async () => assert.ok(await exportOf('models')));
      throughProxy(await requestsOf(corp), await proxyLog());
      assert.strictEqual((await proxyLog()).length, 2);

      await control(`${corp.controlUrl}/__sandbox/reset`, {});
      await withEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: `example.invalid,${host}` }, async () =>
        assert.ok(await exportOf('models')),
      );
      await withConfig({ 'http.proxy': proxyUrl, 'http.noProxy': [host] }, async () =>
        assert.ok(await exportOf('users')),
      );
    });
    assert.strictEqual((await requestsOf(corp)).length, 4);
    assert.strictEqual((await proxyLog()).length, 2, 'the bypassed exports never reached the proxy');
  });

  it('a proxy answering 407: "The proxy requires authentication" with the proxy settings; http.proxyAuthorization passes', async () => {
    const { corp, proxyUrl } = setup!;
    const authorization = `Basic ${Buffer.from('corp-user:corp-pass').toString('base64')}`;
    await control(`${proxyUrl}/__proxy/require-auth`, { authorization });
    await withConfig({ 'langdock.baseUrl': corp.apiUrl, 'http.proxy': proxyUrl }, async () => {
      await failsWith(
        () => exportOf('models'),
        /^The proxy requires authentication: The proxy 127\.0\.0\.1:\d+ requires authentication \(HTTP 407\)/,
        ['Open Proxy Settings', 'Show Log'],
      );
      assert.deepStrictEqual(await requestsOf(corp), [], 'nothing reached the API');
      await withConfig({ 'http.proxyAuthorization': authorization }, async () => assert.ok(await exportOf('models')));
    });
    const log = await proxyLog();
    assert.deepStrictEqual(
      log.map((e) => `${e.status} ${e.auth}`),
      ['407 none', '200 ok', '200 ok'],
    );
    throughProxy(
      await requestsOf(corp),
      log.filter((e) => e.status === 200),
    );
  });

  it('a proxy that cannot be reached is named (not the API), retried, nothing saved', async () => {
    const { corp } = setup!;
    const port = await closedPort();
    await withConfig({ 'langdock.baseUrl': corp.apiUrl, 'http.proxy': `http://127.0.0.1:${port}` }, async () => {
      await failsWith(
        () => exportOf('models'),
        new RegExp(
          `^Could not connect through the proxy: connection refused \\(proxy 127\\.0\\.0\\.1:${port} from http\\.proxy, ECONNREFUSED\\)`,
        ),
        ['Retry', 'Open Proxy Settings'],
      );
    });
    assert.deepStrictEqual(await requestsOf(corp), [], 'nothing went around the proxy');
  });

  for (const via of ['direct', 'through the proxy'] as const) {
    it(`an API certificate from an untrusted CA (${via}): the host and the problem are named, no request sent`, async () => {
      const { rogueApi, proxyUrl } = setup!;
      await withConfig(
        { 'langdock.baseUrl': rogueApi.apiUrl, 'http.proxy': via === 'direct' ? '' : proxyUrl },
        async () => {
          await failsWith(
            () => exportOf('models'),
            new RegExp(
              `^Secure connection refused: ${authority(rogueApi.apiUrl).replace(/\./g, '\\.')}: its certificate .*\\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\\)`,
            ),
            ['Show Log', 'Open Settings'],
          );
        },
      );
      assert.deepStrictEqual(await requestsOf(rogueApi), [], 'no request (and no body) reached the API');
      const log = await proxyLog();
      assert.strictEqual(log.length, via === 'direct' ? 0 : 1, JSON.stringify(log));
    });

    it(`a download origin with an untrusted certificate (${via}): named, nothing saved`, async () => {
      const { rogueDownload, proxyUrl } = setup!;
      await withConfig(
        { 'langdock.baseUrl': rogueDownload.apiUrl, 'http.proxy': via === 'direct' ? '' : proxyUrl },
        async () => {
          await failsWith(
            () => exportOf('models'),
            new RegExp(
              `^Secure connection refused: ${authority(rogueDownload.downloadOrigin).replace(/\./g, '\\.')}: its certificate`,
            ),
            ['Show Log', 'Open Settings'],
          );
        },
      );
      const requests = await requestsOf(rogueDownload);
      assert.deepStrictEqual(
        requests.map((r) => `${r.server} ${r.status}`),
        ['api 200'],
        'the export was asked for; the file never fetched',
      );
      if (via !== 'direct') throughProxy(requests, await proxyLog());
    });
  }

  it('through the proxy: a 500 is retried over a new tunnel, and a slow API times out', async () => {
    const { corp, proxyUrl } = setup!;
    await withConfig(
      { 'langdock.baseUrl': corp.apiUrl, 'http.proxy': proxyUrl, 'langdock.requestTimeoutSeconds': 5 },
      async () => {
        await faultsFor(corp, { mode: 'server-error', times: 1 });
        assert.ok(await exportOf('models'), 'recovered after a retry');
        const requests = await requestsOf(corp);
        assert.deepStrictEqual(
          requests.map((r) => `${r.server} ${r.status}`),
          ['api 500', 'api 200', 'download 200'],
        );
        throughProxy(requests, await proxyLog());

        await faultsFor(corp, { mode: 'slow', delayMs: 9000 });
        await failsWith(() => exportOf('models'), /did not answer in time/, ['Retry', 'Open Settings']);
      },
    );
  });
});
