/**
 * The key's path in the real VS Code: a redirect to another origin is followed without Authorization, downloads
 * never carry it, and a plain-http base URL that is not loopback holds the export at a confirmation before
 * anything is sent.
 */
import * as assert from 'assert';
import type { LangdockUsageApi } from '../../src/extension';
import {
  daysAgo,
  exportModels,
  extensionApi,
  keys,
  noticesSince,
  queueFaults,
  resetSandbox,
  sandboxRequests,
  sandboxUrl,
  useKey,
  withSettings,
} from './helpers';
import { waitFor } from '../support/waitFor';

const range = { from: daysAgo(10), to: daysAgo(1), timezone: 'Europe/Berlin' };

describe('security: where the key goes', () => {
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
    await useKey(keys.byok);
  });
  beforeEach(() => resetSandbox());

  it('follows a redirect to another origin without the Authorization header', async () => {
    await queueFaults({ mode: 'redirect' });
    const record = await exportModels(range);
    assert.ok(record, JSON.stringify(api.notices().at(-1)));
    assert.deepStrictEqual(
      (await sandboxRequests()).map((r) => [
        r.server,
        r.method,
        r.path.replace(/\/(files|relay)\/.*/, '/$1/…'),
        r.status,
        r.authorization,
      ]),
      [
        ['api', 'POST', '/export/models', 307, true],
        ['download', 'POST', '/relay/…', 200, false],
        ['download', 'GET', '/files/…', 200, false],
      ],
    );
  });

  it('sends the key to the API only, never to the download origin (both workspaces, grouped or not)', async () => {
    for (const [key, groupBy] of [
      [keys.byok, 'deployment'],
      [keys.managed, undefined],
    ] as const) {
      await useKey(key);
      assert.ok(await exportModels({ ...range, ...(groupBy ? { groupBy } : {}) }));
    }
    await useKey(keys.byok);
    const requests = await sandboxRequests();
    assert.deepStrictEqual(
      requests.map((r) => [r.server, r.authorization]),
      [
        ['api', true],
        ['download', false],
        ['api', true],
        ['download', false],
      ],
    );
  });

  it('holds a plain-http, non-loopback base URL at a confirmation and sends nothing meanwhile', async () => {
    // 0.0.0.0 is not loopback by name, yet on Linux it connects to the sandbox on 127.0.0.1: a request sent
    // without the user's consent would reach the sandbox and show up in its records.
    const insecure = sandboxUrl.replace('127.0.0.1', '0.0.0.0');
    const reachable = await fetch(`${insecure}/__sandbox/requests`);
    assert.ok(reachable.ok, 'the insecure URL reaches the sandbox');
    const before = [...api.notices()];
    let settled = false;
    await withSettings({ baseUrl: insecure }, async () => {
      void Promise.resolve(exportModels(range)).then(() => (settled = true));
      const asked = await waitFor(() => noticesSince(api, before).find((n) => n.actions.includes('Send Anyway')), {
        what: 'the confirmation before sending the key over plain http',
      });
      assert.match(asked.text, /plain http: your API key would travel unencrypted/);
      assert.strictEqual(settled, false, 'the export waits for the user to confirm');
      assert.deepStrictEqual(await sandboxRequests(), [], 'nothing was sent before the confirmation');
    });
    // The modal cannot be answered from the extension host (no command closes a dialog; only a person or the
    // e2e layer's keyboard can): the export stays parked on it, unsent, for the rest of the run; restoring the
    // setting releases nothing.
    assert.strictEqual(settled, false);
    assert.deepStrictEqual(await sandboxRequests(), []);
  });
});
