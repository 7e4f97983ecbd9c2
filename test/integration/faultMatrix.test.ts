/**
 * The fault matrix: every failure the sandbox (or the machine) can produce, through the real export command in
 * the real VS Code. For each mode: exactly one message with the action that helps, the command returns
 * undefined, the store has no new entry and no partial file, earlier exports are byte for byte untouched, and
 * no key is in the message. Prints one line per mode and a final count.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { LangdockUsageApi } from '../../src/extension';
import type { Notice } from '../../src/services/notifier';
import type { FaultSpec, RecordedRequest } from '../sandbox/server';
import { fillUp, makeReadOnly, mountsAllowed, type Undo } from './diskFaults';
import {
  closedPort,
  daysAgo,
  exportModels,
  extensionApi,
  keys,
  noticesSince,
  queueFaults,
  resetSandbox,
  sandboxRequests,
  storageChecksums,
  storeRoot,
  useKey,
  withSettings,
} from './helpers';

const range = { from: daysAgo(20), to: daysAgo(1), timezone: 'Europe/Berlin' };

interface FaultCase {
  mode: string;
  faults?: FaultSpec[];
  /** `langdock.*` settings for this run only. */
  settings?: () => Promise<Record<string, unknown>>;
  /** A machine-level fault around the run (needs mounts); returns how to undo it. */
  disk?: (api: LangdockUsageApi) => Promise<Undo>;
  severity: Notice['severity'];
  text: RegExp;
  actions: string[];
  /** What must have reached the sandbox: the API calls and the downloads, oldest first. */
  requests?: (api: RecordedRequest[], downloads: RecordedRequest[]) => void;
}

/** `n` API attempts, each at least `minGapMs` after the previous one (the retry waits really happened). */
const attempts =
  (n: number, minGapMs = 0) =>
  (api: RecordedRequest[]): void => {
    assert.strictEqual(api.length, n, `API attempts: ${api.map((r) => r.status).join(', ')}`);
    for (let i = 1; i < n; i++) {
      const gap = api[i].at - api[i - 1].at;
      // 10 ms for the clocks of two processes rounding differently.
      assert.ok(gap >= minGapMs - 10, `attempt ${i + 1} came ${gap} ms after attempt ${i}, expected ≥ ${minGapMs}`);
    }
  };

const RERUN = ['Re-run'];
/** A failure of the signed link's host: the API setting is not the problem, a fresh link is the cure. */
const RERUN_LOG = ['Re-run', 'Show Log'];
const RETRY_LOG = ['Retry', 'Show Log'];
const RETRY_SETTINGS = ['Retry', 'Open Settings'];
const SHORT_TIMEOUT = () => Promise.resolve({ requestTimeoutSeconds: 5 });

const cases: FaultCase[] = [
  {
    mode: 'unauthorized',
    faults: [{ mode: 'unauthorized' }],
    severity: 'error',
    text: /rejected the API key \(401\)/,
    actions: ['Set API Key'],
  },
  {
    mode: 'forbidden',
    faults: [{ mode: 'forbidden' }],
    severity: 'error',
    text: /USAGE_EXPORT_API scope/,
    actions: ['Set API Key', 'Open API Key Settings'],
  },
  {
    mode: 'empty',
    faults: [{ mode: 'empty' }],
    severity: 'info',
    text: /^No usage in this period/,
    actions: ['Export Another Range'],
  },
  {
    mode: 'bad-request',
    faults: [{ mode: 'bad-request', message: 'group_by "region" is not supported for this export' }],
    severity: 'error',
    // The dates sent are named beside the server's words, so a changed validator is diagnosed at once.
    text: new RegExp(
      `did not accept the export request: group_by "region" is not supported for this export ` +
        `Sent from\\.date ${range.from}T00:00:00\\.000Z, to\\.date ${range.to}T23:59:59\\.999Z, timezone Europe/Berlin\\.$`,
    ),
    actions: ['Export Another Range'],
  },
  {
    mode: 'rate-limit',
    faults: [{ mode: 'rate-limit', retryAfter: 1, times: 'forever' }],
    severity: 'warning',
    text: /rate limiting requests \(429\)\. Try again in 1 s/,
    actions: ['Retry'],
    requests: attempts(4, 1000),
  },
  {
    mode: 'rate-limit-date',
    faults: [{ mode: 'rate-limit-date', retryAfter: 2, times: 'forever' }],
    severity: 'warning',
    text: /rate limiting requests \(429\)\. Try again in [12] s/,
    actions: ['Retry'],
    // An HTTP-date has whole seconds: "2 s ahead" is a wait of more than 1 s.
    requests: attempts(4, 1000),
  },
  {
    mode: 'rate-limit-bare',
    faults: [{ mode: 'rate-limit-bare', times: 'forever' }],
    severity: 'warning',
    text: /Try again in a minute/,
    actions: ['Retry'],
    requests: attempts(4),
  },
  {
    mode: 'server-error',
    faults: [{ mode: 'server-error', times: 'forever' }],
    severity: 'error',
    text: /server error \(HTTP 500\) after 4 attempts/,
    actions: RETRY_LOG,
    requests: attempts(4),
  },
  {
    mode: 'proxy-502',
    faults: [{ mode: 'proxy-502', times: 'forever' }],
    severity: 'error',
    text: /server error \(HTTP 502\) after 4 attempts/,
    actions: RETRY_LOG,
    requests: attempts(4),
  },
  {
    mode: 'connection-refused',
    settings: async () => ({ baseUrl: `http://127.0.0.1:${await closedPort()}` }),
    severity: 'error',
    text: /Could not reach the Langdock API: connection refused \(127\.0\.0\.1:\d+, ECONNREFUSED\)/,
    actions: RETRY_SETTINGS,
    requests: attempts(0),
  },
  {
    mode: 'connection-reset',
    faults: [{ mode: 'connection-reset', times: 'forever' }],
    severity: 'error',
    text: /connection reset/,
    actions: RETRY_SETTINGS,
    requests: attempts(4),
  },
  {
    mode: 'unresolvable-link',
    faults: [{ mode: 'unresolvable-link' }],
    severity: 'error',
    text: /Could not download the export file: (host not found|host name lookup failed) \(files\.langdock-sandbox\.invalid, (ENOTFOUND|EAI_AGAIN)\)/,
    actions: RERUN_LOG,
    requests: (api, downloads) => {
      attempts(1)(api);
      assert.strictEqual(downloads.length, 0, 'the link points away from the sandbox');
    },
  },
  {
    mode: 'slow',
    faults: [{ mode: 'slow', delayMs: 9000 }],
    settings: SHORT_TIMEOUT,
    severity: 'error',
    text: /did not answer in time/,
    actions: RETRY_SETTINGS,
    // A POST that timed out may still be making an export: it is not sent again.
    requests: attempts(1),
  },
  {
    mode: 'stall',
    faults: [{ mode: 'stall', delayMs: 9000 }],
    settings: SHORT_TIMEOUT,
    severity: 'error',
    text: /download of the export stalled/,
    actions: RERUN_LOG,
    requests: (_api, downloads) => assert.strictEqual(downloads.length, 1),
  },
  {
    mode: 'truncated',
    faults: [{ mode: 'truncated' }],
    severity: 'error',
    text: /did not return a complete CSV/,
    actions: RERUN,
  },
  {
    mode: 'html',
    faults: [{ mode: 'html' }],
    severity: 'error',
    text: /did not return a complete CSV/,
    actions: RERUN,
  },
  {
    mode: 'xml-error',
    faults: [{ mode: 'xml-error' }],
    severity: 'error',
    text: /did not return a complete CSV/,
    actions: RERUN,
  },
  { mode: 'expired', faults: [{ mode: 'expired' }], severity: 'error', text: /download link expired/, actions: RERUN },
  {
    mode: 'bad-envelope',
    faults: [{ mode: 'bad-envelope' }],
    severity: 'error',
    text: /unexpected way: .*"downloadUrl" is not an http\(s\) URL/,
    actions: ['Show Log'],
  },
  {
    mode: 'disk-full',
    disk: (api) => fillUp(path.join(storeRoot(api), 'tmp')),
    severity: 'error',
    text: /Could not save the export: the disk is full\. Earlier exports are untouched\./,
    actions: RETRY_LOG,
  },
  {
    mode: 'read-only',
    disk: (api) => makeReadOnly(storeRoot(api)),
    severity: 'error',
    text: /Could not save the export: the storage folder cannot be written\. Earlier exports are untouched\./,
    actions: RETRY_LOG,
  },
];

describe('fault matrix: every failure through the real command', () => {
  let api: LangdockUsageApi;
  let canMount = false;
  let ok = 0;
  let modes = 0;

  before(async () => {
    api = await extensionApi();
    canMount = await mountsAllowed();
    await resetSandbox();
    await useKey(keys.byok);
    // An earlier export whose bytes every case checks.
    if ((await api.listExports()).length === 0) assert.ok(await exportModels(range), 'a first export to protect');
  });
  beforeEach(() => resetSandbox());
  after(() => console.log(`fault matrix: ${modes} modes, ${ok} ok`));

  for (const c of cases) {
    it(c.mode, async function () {
      modes++;
      if (c.disk && !canMount) {
        console.log(`fault ${c.mode}: skipped (this machine does not allow mounts)`);
        this.skip();
      }
      await useKey(keys.byok);
      const before = await storageChecksums(api);
      const shown = [...api.notices()];
      if (c.faults) await queueFaults(...c.faults);
      const settings = c.settings ? await c.settings() : {};
      const undo = c.disk ? await c.disk(api) : undefined;
      let record: unknown;
      try {
        record = await withSettings(settings, async () => exportModels(range));
      } finally {
        await undo?.();
      }

      assert.strictEqual(record, undefined, 'the command returns nothing');
      const told = noticesSince(api, shown);
      assert.strictEqual(told.length, 1, `exactly one message: ${JSON.stringify(told)}`);
      const [notice] = told;
      assert.strictEqual(notice.severity, c.severity, notice.text);
      assert.match(notice.text, c.text);
      assert.deepStrictEqual(notice.actions, c.actions);
      for (const key of Object.values(keys)) assert.ok(!notice.text.includes(key), 'no key in the message');
      assert.deepStrictEqual(
        await storageChecksums(api),
        before,
        'no new entry, no partial file, earlier exports untouched',
      );
      const requests = await sandboxRequests();
      const downloads = requests.filter((r) => r.server === 'download');
      assert.ok(
        downloads.every((r) => !r.authorization),
        'no Authorization on a download',
      );
      c.requests?.(
        requests.filter((r) => r.server === 'api'),
        downloads,
      );
      console.log(
        `fault ${c.mode}: ${notice.severity} "${notice.text}" [${notice.actions.join(', ')}] store unchanged`,
      );
      ok++;
    });
  }

  it('server-error once: retried, saved, no message', async () => {
    modes++;
    await useKey(keys.byok);
    const before = await storageChecksums(api);
    const shown = [...api.notices()];
    await queueFaults({ mode: 'server-error', times: 1 });
    const record = await exportModels(range);
    assert.ok(record, JSON.stringify(noticesSince(api, shown)));
    assert.deepStrictEqual(noticesSince(api, shown), [], 'a recovered export tells nothing');
    const after = await storageChecksums(api);
    const added = Object.keys(after).filter((file) => !(file in before));
    assert.deepStrictEqual(added.map((f) => path.basename(f)).sort(), [`${record.id}.csv`, `${record.id}.json`]);
    for (const [file, sum] of Object.entries(before)) assert.strictEqual(after[file], sum, `${file} untouched`);
    attempts(2)((await sandboxRequests()).filter((r) => r.server === 'api'));
    console.log(`fault server-error-once: recovered after 2 attempts, 1 new export, no message`);
    ok++;
  });
});
