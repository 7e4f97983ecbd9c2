/**
 * The sandbox must speak the API as langdock-api.md describes it, or every test built on it proves nothing. These
 * tests talk to a real sandbox over HTTP (Node's own fetch and http, not the client under test).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { EXPORT_TYPE_FACTS } from '../../src/core/schema/exportTypes';
import { dayInZone, subtractMonths } from '../sandbox/dates';
import { exportColumns, generateCsv } from '../sandbox/generate';
import { FAULT_MODES, Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';

const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** A UTC range ending today, `days` long. */
function lastDays(days: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    from: { date: `${utcDay(days - 1)}T00:00:00.000Z`, timezone: 'UTC' },
    to: { date: `${utcDay(0)}T23:59:59.999Z`, timezone: 'UTC' },
    ...extra,
  };
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, skip_empty_lines: true });
}

describe('sandbox server', function () {
  this.timeout(20000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ seed: 7 });
  });
  after(async () => {
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  async function post(
    route: string,
    body: unknown,
    opts: { key?: string | null; headers?: Record<string, string>; redirect?: RequestRedirect } = {},
  ): Promise<Reply> {
    const key = opts.key === undefined ? SANDBOX_KEYS.byok : opts.key;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.headers };
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    return reply(
      await fetch(`${sandbox.apiUrl}${route}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        redirect: opts.redirect ?? 'manual',
      }),
    );
  }

  async function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
    return reply(await fetch(url, { headers }));
  }

  async function exportCsv(route: string, body: unknown, key?: string): Promise<{ envelope: any; csv: string }> {
    const res = await post(route, body, { key });
    assert.equal(res.status, 200, res.text);
    const download = await get(res.json.data.downloadUrl);
    assert.equal(download.status, 200, download.text);
    return { envelope: res.json, csv: download.text };
  }

  describe('routes and envelopes', () => {
    const types = ['models', 'users', 'assistants', 'agents', 'api-keys', 'projects'] as const;
    for (const type of types) {
      for (const suffix of ['', '/csv']) {
        it(`POST /export/${type}${suffix} returns the CSV envelope and a matching file`, async () => {
          const { envelope, csv } = await exportCsv(`/export/${type}${suffix}`, lastDays(7));
          const data = envelope.data;
          assert.equal(envelope.success, true);
          assert.deepEqual(Object.keys(data).sort(), [
            'dataType',
            'dateRange',
            'downloadUrl',
            'filePath',
            'recordCount',
          ]);
          assert.equal(data.dataType, type === 'api-keys' ? 'api_keys' : type);
          assert.match(
            data.filePath,
            new RegExp(
              `^${type}-usage/ws_byok_[0-9a-f]+/${type}-usage-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}\\.csv$`,
            ),
          );
          const url = new URL(data.downloadUrl);
          assert.equal(url.origin, sandbox.downloadOrigin);
          assert.notEqual(url.origin, sandbox.apiUrl);
          assert.ok(url.searchParams.get('X-Sandbox-Signature'));
          assert.ok(Number(url.searchParams.get('X-Sandbox-Expires')) > Date.now());
          assert.equal(data.recordCount, rows(csv).length);
          assert.ok(data.recordCount > 0);
          assert.equal(data.dateRange.from, `${utcDay(6)}T00:00:00.000Z`);
          assert.equal(data.dateRange.to, `${utcDay(0)}T23:59:59.999Z`);
        });
      }
      it(`POST /export/${type}/json returns rows and metadata`, async () => {
        const res = await post(`/export/${type}/json`, lastDays(7));
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.success, true);
        assert.ok(Array.isArray(res.json.data));
        assert.deepEqual(res.json.metadata, {
          dataType: type === 'api-keys' ? 'api_keys' : type,
          recordCount: res.json.data.length,
        });
        const family = type === 'assistants' ? 'agents' : type;
        assert.deepEqual(Object.keys(res.json.data[0]), exportColumns(family, true));
      });
    }

    it('serves the same API under /api/public, like a dedicated deployment', async () => {
      const res = await post('/api/public/export/models', lastDays(3));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.data.dataType, 'models');
    });

    it('answers an unknown route with a plain 404 that is not the "No data found" body', async () => {
      for (const route of ['/export/workflows', '/export/models/xml', '/nope']) {
        const res = await post(route, lastDays(3));
        assert.equal(res.status, 404);
        assert.equal(res.json, undefined, `${route} answered JSON`);
        assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      }
    });

    it('refuses other methods on export routes', async () => {
      const res = await get(`${sandbox.apiUrl}/export/models`);
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
    });

    it('sends a request id with every API answer', async () => {
      const res = await post('/export/models', lastDays(3));
      assert.match(res.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{16}$/);
    });
  });

  describe('authentication', () => {
    it('401 without a key, with a revoked key and with an unknown key, in the documented shape', async () => {
      for (const key of [null, SANDBOX_KEYS.revoked, 'sk-ld-unknown']) {
        const res = await post('/export/models', lastDays(3), { key });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { error: 'Unauthorized', message: 'Invalid or missing API key' });
      }
    });

    it('403 for a key without the USAGE_EXPORT_API scope', async () => {
      const res = await post('/export/models', lastDays(3), { key: SANDBOX_KEYS.noScope });
      assert.equal(res.status, 403);
      assert.deepEqual(Object.keys(res.json), ['error', 'message']);
      assert.match(res.json.message, /USAGE_EXPORT_API/);
    });

    it('never records the key, only that an Authorization header was there', async () => {
      await post('/export/models', lastDays(3));
      const recorded = JSON.stringify(sandbox.requests);
      assert.ok(!recorded.includes(SANDBOX_KEYS.byok));
      assert.equal(sandbox.requests[0].authorization, true);
    });
  });

  describe('body validation', () => {
    async function badRequest(body: unknown, pattern: RegExp, route = '/export/models', key?: string): Promise<void> {
      const res = await post(route, body, { key });
      assert.equal(res.status, 400, `expected 400 for ${JSON.stringify(body)}: ${res.text}`);
      assert.deepEqual(Object.keys(res.json), ['error', 'message']);
      assert.match(res.json.message, pattern);
    }
    const day = utcDay(3);

    it('accepts YYYY-MM-DDTHH:mm:ss(.sss)Z, with or without milliseconds, and gives both the same data', async () => {
      const withMs = await exportCsv('/export/models', lastDays(5));
      const body = lastDays(5) as { from: { date: string }; to: { date: string } };
      body.from.date = body.from.date.replace('.000Z', 'Z');
      assert.match(body.from.date, /T00:00:00Z$/);
      const withoutMs = await exportCsv('/export/models', body);
      assert.equal(withoutMs.csv, withMs.csv);
    });

    it('rejects a bare local time in either field, naming the field and the value sent', async () => {
      const bare = `${day}T00:00:00.000`;
      await badRequest(
        { from: { date: bare, timezone: 'UTC' }, to: { date: `${day}T23:59:59.999Z`, timezone: 'UTC' } },
        new RegExp(`Invalid from\\.date "${bare}".*ending in Z`),
      );
      await badRequest(
        {
          from: { date: `${day}T00:00:00.000Z`, timezone: 'UTC' },
          to: { date: `${day}T23:59:59.999`, timezone: 'UTC' },
        },
        /Invalid to\.date ".*T23:59:59\.999"/,
      );
    });

    it('rejects numeric offsets, as in the field report', async () => {
      for (const offset of ['+00:00', '+01:00', '-05:00', '+0100']) {
        await badRequest(
          {
            from: { date: `${day}T00:00:00.000${offset}`, timezone: 'UTC' },
            to: { date: `${day}T23:59:59.999Z`, timezone: 'UTC' },
          },
          /from\.date.*offsets/,
        );
      }
    });

    it('rejects malformed and impossible dates', async () => {
      for (const date of [
        `${day}`,
        `${day}Z`,
        `${day}T00:00Z`,
        `${day} 00:00:00.000Z`,
        '2026-02-30T00:00:00.000Z',
        `${day}T24:00:00.000Z`,
        `${day}T00:00:00.0000Z`,
        42,
      ]) {
        await badRequest(
          { from: { date, timezone: 'UTC' }, to: { date: `${day}T23:59:59.999Z`, timezone: 'UTC' } },
          /Invalid from\.date/,
        );
      }
    });

    it('rejects time zones that are not IANA names', async () => {
      for (const timezone of ['Mars/Olympus', '+01:00', '', 5]) {
        await badRequest(
          { from: { date: `${day}T00:00:00.000Z`, timezone: 'UTC' }, to: { date: `${day}T23:59:59.999Z`, timezone } },
          /Invalid to\.timezone/,
        );
      }
    });

    it('accepts different zones for from and to', async () => {
      const today = dayInZone(Date.now(), 'Europe/Berlin');
      const res = await post('/export/models', {
        from: { date: `${day}T00:00:00.000Z`, timezone: 'Europe/Berlin' },
        to: { date: `${today}T23:59:59.999Z`, timezone: 'Europe/Berlin' },
      });
      assert.equal(res.status, 200, res.text);
    });

    it('rejects a body that is not a JSON object or lacks from/to', async () => {
      await badRequest('{nope', /not valid JSON/);
      await badRequest('', /JSON object/);
      await badRequest([], /JSON object/);
      await badRequest({ to: { date: `${day}T00:00:00.000Z`, timezone: 'UTC' } }, /"from" is required/);
      await badRequest({ from: { date: `${day}T00:00:00.000Z`, timezone: 'UTC' } }, /"to" is required/);
    });

    it('rejects from after to, a future end and data older than 12 months', async () => {
      await badRequest(
        {
          from: { date: `${utcDay(1)}T00:00:00.000Z`, timezone: 'UTC' },
          to: { date: `${utcDay(2)}T23:59:59.999Z`, timezone: 'UTC' },
        },
        /"from" must not be after "to"/,
      );
      await badRequest(
        {
          from: { date: `${utcDay(1)}T00:00:00.000Z`, timezone: 'UTC' },
          to: { date: `${utcDay(-2)}T00:00:00.000Z`, timezone: 'UTC' },
        },
        /future/,
      );
      const tooOld = subtractMonths(utcDay(0), 13);
      await badRequest(
        {
          from: { date: `${tooOld}T00:00:00.000Z`, timezone: 'UTC' },
          to: { date: `${utcDay(0)}T00:00:00.000Z`, timezone: 'UTC' },
        },
        /older than 12 months/,
      );
    });

    it('applies the group_by rules of each type and names the allowed values', async () => {
      for (const [route, groupBy] of [
        ['/export/models', 'source'],
        ['/export/models', 'deployment'],
        ['/export/users', 'model'],
        ['/export/agents', 'model'],
        ['/export/assistants', 'model'],
        ['/export/api-keys', 'model'],
      ]) {
        const res = await post(route, lastDays(3, { group_by: groupBy }));
        assert.equal(res.status, 200, `${route} ${groupBy}: ${res.text}`);
      }
      await badRequest(lastDays(3, { group_by: 'model' }), /allowed values are source, deployment/);
      await badRequest(lastDays(3, { group_by: 'source' }), /allowed values are model/, '/export/users');
      await badRequest(lastDays(3, { group_by: 7 }), /allowed values are model/, '/export/api-keys/json');
      await badRequest(lastDays(3, { group_by: 'model' }), /not supported for projects/, '/export/projects');
      await badRequest(
        lastDays(3, { group_by: 'deployment' }),
        /only available for BYOK/,
        '/export/models',
        SANDBOX_KEYS.managed,
      );
    });
  });

  describe('synthetic data', () => {
    it('is deterministic per seed and request, and differs between seeds', async () => {
      const a = await exportCsv('/export/users', lastDays(10));
      const b = await exportCsv('/export/users', lastDays(10));
      assert.equal(a.csv, b.csv);
      const other = await startSandbox({ seed: 8 });
      try {
        const res = await reply(
          await fetch(`${other.apiUrl}/export/users/json`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SANDBOX_KEYS.byok}` },
            body: JSON.stringify(lastDays(10)),
          }),
        );
        const mine = await post('/export/users/json', lastDays(10));
        assert.notDeepEqual(res.json.data, mine.json.data);
      } finally {
        await other.close();
      }
    });

    it('has the documented columns, with BYOK columns only for the BYOK workspace', async () => {
      const byok = rows((await exportCsv('/export/models', lastDays(7))).csv);
      const managed = rows((await exportCsv('/export/models', lastDays(7), SANDBOX_KEYS.managed)).csv);
      assert.deepEqual(Object.keys(byok[0]), [
        'period_start',
        'period_end',
        'org_id',
        'name',
        'provider',
        'bring_your_keys',
        'requests',
        'sum_prompt_tokens',
        'sum_completion_tokens',
        'sum_cached_prompt_tokens',
        'sum_cache_creation_tokens',
        'no_cache_tokens',
        'total_cost_usd',
      ]);
      assert.deepEqual(Object.keys(managed[0]), [
        'period_start',
        'period_end',
        'org_id',
        'name',
        'provider',
        'bring_your_keys',
        'requests',
      ]);
      assert.ok(managed.every((r) => r.bring_your_keys === 'false'));
      assert.ok(byok.some((r) => r.bring_your_keys === 'true'));
      const nonByok = byok.filter((r) => r.bring_your_keys === 'false');
      assert.ok(nonByok.length > 0, 'a BYOK workspace also has non-BYOK rows');
      assert.ok(nonByok.every((r) => r.sum_prompt_tokens === '' && r.total_cost_usd === ''));
      assert.ok(
        byok.filter((r) => r.bring_your_keys === 'true').every((r) => /^\d+(\.\d{1,6})?$/.test(r.total_cost_usd)),
      );
      const providers = new Set(byok.map((r) => `${r.name}/${r.provider}`));
      for (const known of [
        'gpt-4.1/openai',
        'claude-sonnet-4/anthropic',
        'gemini-2.5-pro/google',
        'mistral-large/mistral',
      ])
        assert.ok(providers.has(known), known);
      assert.ok(
        byok.every(
          (r) => r.period_start === utcDay(6) && r.period_end === utcDay(0) && r.org_id.startsWith('ws_byok_'),
        ),
      );
    });

    it('writes the documented columns of every other type', async () => {
      const expectations: Record<string, string[]> = {
        users: [
          'user_id',
          'name',
          'email',
          'role',
          'messages_total',
          'messages_total_rank',
          'assistants_to_messages',
          'model_to_messages_total',
          'action_to_messages',
          'payg_utilization_pct_current',
        ],
        agents: [
          'assistant_id',
          'assistant_name',
          'messages',
          'unique_users',
          'active_users',
          'conversations',
          'messages_per_user',
          'assistant_owner_email',
          'max_completion_tokens',
        ],
        'api-keys': [
          'api_key_id',
          'api_key_name',
          'requests',
          'total_cost_usd',
          'cached_prompt_tokens',
          'cache_creation_tokens',
          'no_cache_tokens',
        ],
        projects: ['project_id', 'project_name', 'project_owner_id', 'project_owner_email', 'messages'],
      };
      for (const [type, columns] of Object.entries(expectations)) {
        const header = Object.keys(rows((await exportCsv(`/export/${type}`, lastDays(7))).csv)[0]);
        for (const column of columns) assert.ok(header.includes(column), `${type} lacks ${column}`);
      }
      const managedKeys = Object.keys(
        rows((await exportCsv('/export/api-keys', lastDays(7), SANDBOX_KEYS.managed)).csv)[0],
      );
      assert.ok(managedKeys.includes('total_cost_usd'), 'total_cost_usd is a base column for api-keys');
      assert.ok(!managedKeys.includes('sum_prompt_tokens'));
    });

    it('quotes names with commas and quotes, and JSON-in-cell columns, as valid CSV', async () => {
      const users = rows((await exportCsv('/export/users', lastDays(14))).csv);
      for (const user of users) {
        for (const column of [
          'assistants_to_messages',
          'projects_to_messages',
          'model_to_messages_total',
          'action_to_messages',
        ]) {
          const map = JSON.parse(user[column]);
          assert.equal(typeof map, 'object');
        }
        const perModel = JSON.parse(user.model_to_messages_total) as Record<string, number>;
        assert.equal(
          Object.values(perModel).reduce((a, b) => a + b, 0),
          Number(user.messages_total),
        );
      }
      assert.ok(
        users.some((u) => u.name.includes(',')),
        'a user name with a comma',
      );
      const agents = rows((await exportCsv('/export/agents', lastDays(14))).csv);
      assert.ok(
        agents.some((a) => a.assistant_name.includes('"')),
        'an agent name with quotes',
      );
      assert.ok(
        agents.some((a) => a.assistant_name.includes(',')),
        'an agent name with a comma',
      );
    });

    it('ranks users by messages (1 = most)', async () => {
      const users = rows((await exportCsv('/export/users', lastDays(14))).csv);
      const top = users.find((u) => u.messages_total_rank === '1');
      assert.ok(top);
      assert.equal(Number(top.messages_total), Math.max(...users.map((u) => Number(u.messages_total))));
    });

    it('scales totals with the length of the range', async () => {
      const sum = async (days: number): Promise<number> =>
        rows((await exportCsv('/export/models', lastDays(days))).csv).reduce(
          (total, r) => total + Number(r.requests),
          0,
        );
      const week = await sum(7);
      const month = await sum(28);
      assert.ok(month / week > 3 && month / week < 5.5, `28 days gave ${month}, 7 days ${week}`);
    });

    it('makes one row per entity and group in grouped exports, in the column exportTypes names', async () => {
      const bySource = rows((await exportCsv('/export/models', lastDays(7, { group_by: 'source' }))).csv);
      const column = EXPORT_TYPE_FACTS.models.groupings.find((g) => g.value === 'source')?.column ?? '';
      assert.ok(bySource.every((r) => ['WEB', 'MOBILE', 'API', 'SLACK', 'TEAMS'].includes(r[column])));
      const keys = bySource.map((r) => `${r.name}|${r.provider}|${r.bring_your_keys}|${r.source}`);
      assert.equal(new Set(keys).size, keys.length, 'no duplicate entity×group');
      const deployments = rows((await exportCsv('/export/models', lastDays(7, { group_by: 'deployment' }))).csv);
      assert.ok(deployments.some((r) => r.deployment === 'azure-openai-swedencentral'));
      assert.ok(
        deployments.filter((r) => r.bring_your_keys === 'false').every((r) => r.deployment === 'langdock-managed'),
      );
      for (const type of ['users', 'agents', 'api-keys'] as const) {
        const grouped = rows((await exportCsv(`/export/${type}`, lastDays(7, { group_by: 'model' }))).csv);
        const entity = EXPORT_TYPE_FACTS[type].entityKey[0];
        assert.ok(
          grouped.every((r) => r.model),
          `${type} rows carry a model`,
        );
        const pairs = grouped.map((r) => `${r[entity]}|${r.model}`);
        assert.equal(new Set(pairs).size, pairs.length);
        assert.ok(
          new Set(grouped.map((r) => r[entity])).size < grouped.length,
          `${type}: some entity has several models`,
        );
      }
    });

    it('answers 404 "No data found" for a period before the workspace existed', async () => {
      const before = subtractMonths(sandbox.workspaceCreated, 2);
      const res = await post('/export/models', {
        from: { date: `${before}T00:00:00.000Z`, timezone: 'UTC' },
        to: { date: `${subtractMonths(sandbox.workspaceCreated, 1)}T23:59:59.999Z`, timezone: 'UTC' },
      });
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { error: 'No data found', message: 'No usage data found for the selected period' });
    });

    it('generateCsv makes big deterministic files of the models and users shapes', () => {
      for (const type of ['models', 'users'] as const) {
        const csv = generateCsv({
          type,
          rows: 2500,
          seed: 3,
          byok: true,
          groupBy: type === 'models' ? 'source' : 'model',
        });
        assert.equal(
          csv,
          generateCsv({ type, rows: 2500, seed: 3, byok: true, groupBy: type === 'models' ? 'source' : 'model' }),
        );
        const parsed = rows(csv);
        assert.equal(parsed.length, 2500);
        assert.deepEqual(Object.keys(parsed[0]), exportColumns(type, true, type === 'models' ? 'source' : 'model'));
      }
      const managed = rows(generateCsv({ type: 'models', rows: 10, byok: false }));
      assert.ok(!('total_cost_usd' in managed[0]));
      assert.notEqual(
        generateCsv({ type: 'users', rows: 50, seed: 1 }),
        generateCsv({ type: 'users', rows: 50, seed: 2 }),
      );
    });
  });

  describe('download origin', () => {
    it('serves the CSV as text/csv; charset=utf-8 without any credentials', async () => {
      const res = await post('/export/models', lastDays(3));
      const download = await fetch(res.json.data.downloadUrl);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'text/csv; charset=utf-8');
      const recorded = sandbox.requests.filter((r) => r.server === 'download');
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0].authorization, false);
      assert.ok(!recorded[0].path.includes('Signature'), 'the signed query is not recorded');
    });

    it('refuses a request that carries any Authorization header, and records it', async () => {
      const res = await post('/export/models', lastDays(3));
      for (const value of [`Bearer ${SANDBOX_KEYS.byok}`, 'Basic Zm9vOmJhcg==']) {
        const download = await get(res.json.data.downloadUrl, { Authorization: value });
        assert.equal(download.status, 400);
        assert.match(download.text, /<Code>InvalidArgument<\/Code>/);
      }
      assert.deepEqual(
        sandbox.requests.filter((r) => r.server === 'download').map((r) => r.authorization),
        [true, true],
      );
    });

    it('refuses a tampered signature and an expired link with S3-style XML', async () => {
      const res = await post('/export/models', lastDays(3));
      const tampered = res.json.data.downloadUrl.replace(
        /Signature=([0-9a-f])/,
        (_: string, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
      );
      const bad = await get(tampered);
      assert.equal(bad.status, 403);
      assert.match(bad.text, /SignatureDoesNotMatch/);
      // Links that expired a second before they were made: no waiting for one to run out.
      const shortLived = await startSandbox({ linkTtlMs: -1000 });
      try {
        const envelope = await reply(
          await fetch(`${shortLived.apiUrl}/export/models`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SANDBOX_KEYS.byok}` },
            body: JSON.stringify(lastDays(3)),
          }),
        );
        const expired = await get(envelope.json.data.downloadUrl);
        assert.equal(expired.status, 403);
        assert.match(expired.headers.get('content-type') ?? '', /xml/);
        assert.match(expired.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
      } finally {
        await shortLived.close();
      }
    });
  });

  describe('faults by header', () => {
    const body = lastDays(3);
    const fault = async (header: string, route = '/export/models'): Promise<Reply> =>
      post(route, body, { headers: { 'X-Sandbox-Fault': header } });

    it('401, 403, 404-empty, plain 404, 400 with a message and too-large', async () => {
      assert.equal((await fault('unauthorized')).status, 401);
      assert.equal((await fault('forbidden')).status, 403);
      assert.deepEqual((await fault('empty')).json, {
        error: 'No data found',
        message: 'No usage data found for the selected period',
      });
      const notFound = await fault('not-found');
      assert.equal(notFound.status, 404);
      assert.equal(notFound.json, undefined);
      assert.deepEqual((await fault('bad-request; message=Bad thing happened')).json, {
        error: 'Bad Request',
        message: 'Bad thing happened',
      });
      const tooLarge = await fault('too-large');
      assert.equal(tooLarge.status, 400);
      assert.equal(
        tooLarge.json.message,
        'Export too large: 1500000 rows exceeds limit of 1000000. Please narrow the date range.',
      );
    });

    it('429 with Retry-After in seconds, as an HTTP-date, and without it', async () => {
      const seconds = await fault('rate-limit; retryAfter=3');
      assert.equal(seconds.status, 429);
      assert.equal(seconds.headers.get('retry-after'), '3');
      const date = await fault('rate-limit-date; retryAfter=30');
      const at = Date.parse(date.headers.get('retry-after') ?? '');
      assert.ok(at > Date.now() + 25_000 && at < Date.now() + 31_000, `HTTP-date ${date.headers.get('retry-after')}`);
      const bare = await fault('rate-limit-bare');
      assert.equal(bare.status, 429);
      assert.equal(bare.headers.get('retry-after'), null);
    });

    it('5xx as JSON, a proxy 502 as HTML and a dropped connection', async () => {
      const server = await fault('server-error');
      assert.equal(server.status, 500);
      assert.deepEqual(Object.keys(server.json), ['error', 'message']);
      assert.equal((await fault('server-error; status=503')).status, 503);
      const proxy = await fault('proxy-502');
      assert.equal(proxy.status, 502);
      assert.match(proxy.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(proxy.json, undefined);
      await assert.rejects(fault('connection-reset'));
      assert.equal(sandbox.requests.at(-1)?.status, 0);
    });

    it('slow: waits delayMs, then answers normally', async () => {
      const started = Date.now();
      const res = await fault('slow; delayMs=300');
      assert.equal(res.status, 200);
      assert.ok(Date.now() - started >= 290);
    });

    it('redirect: 307 to the download origin, which answers only a client that dropped the key', async () => {
      const res = await fault('redirect');
      assert.equal(res.status, 307);
      const location = res.headers.get('location') ?? '';
      assert.ok(location.startsWith(`${sandbox.downloadOrigin}/relay/`));
      const leaked = await reply(
        await fetch(location, {
          method: 'POST',
          headers: { Authorization: `Bearer ${SANDBOX_KEYS.byok}` },
          body: JSON.stringify(body),
        }),
      );
      assert.equal(leaked.status, 400);
      const clean = await reply(await fetch(location, { method: 'POST', body: JSON.stringify(body) }));
      assert.equal(clean.status, 200, clean.text);
      assert.equal(clean.json.data.dataType, 'models');
      assert.deepEqual(
        sandbox.requests.filter((r) => r.server === 'download').map((r) => r.authorization),
        [true, false],
      );
    });

    it('redirect-same-origin: a relative 307 to the /api/public form of the route', async () => {
      const res = await fault('redirect-same-origin', '/export/users');
      assert.equal(res.status, 307);
      assert.equal(res.headers.get('location'), '/api/public/export/users');
    });

    it('empty-csv: recordCount 0 and a header-only file', async () => {
      const res = await fault('empty-csv');
      assert.equal(res.json.data.recordCount, 0);
      const csv = (await get(res.json.data.downloadUrl)).text;
      assert.equal(csv, exportColumns('models', true).join(',') + '\n');
    });

    it('download modes set on the API call apply to the link it returns', async () => {
      const expired = await fault('expired');
      assert.equal((await get(expired.json.data.downloadUrl)).status, 403);
      const html = await get((await fault('html')).json.data.downloadUrl);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /^<!DOCTYPE html>/);
      const xml = await get((await fault('xml-error')).json.data.downloadUrl);
      assert.equal(xml.status, 200);
      assert.match(xml.text, /^<\?xml/);
    });

    it('truncated: promises more bytes than it sends, then drops the connection', async () => {
      const url = new URL((await fault('truncated')).json.data.downloadUrl);
      const outcome = await new Promise<{ promised: number; received: number; error: boolean }>((resolve) => {
        httpRequest(url, (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          const done = (error: boolean): void =>
            resolve({ promised: Number(res.headers['content-length']), received, error });
          res.on('error', () => done(true));
          res.on('aborted', () => done(true));
          res.on('end', () => done(false));
        }).end();
      });
      assert.ok(outcome.promised > outcome.received, JSON.stringify(outcome));
      assert.ok(outcome.received > 0);
    });

    it('bad-envelope: 200 JSON that no client should trust', async () => {
      const res = await fault('bad-envelope');
      assert.equal(res.status, 200);
      assert.equal(res.json.data.downloadUrl, 'javascript:alert(1)');
      assert.equal(typeof res.json.data.recordCount, 'string');
    });

    it('stall: half the file, a pause, then the rest', async () => {
      const res = await fault('stall; delayMs=300');
      const started = Date.now();
      const download = await get(res.json.data.downloadUrl);
      assert.ok(Date.now() - started >= 290);
      assert.equal(download.status, 200);
      assert.equal(Number(download.headers.get('content-length')), Buffer.byteLength(download.text));
      assert.equal(rows(download.text).length, res.json.data.recordCount);
    });

    it('a malformed fault header is a sandbox error, not silence', async () => {
      const res = await fault('no-such-mode');
      assert.equal(res.status, 500);
      assert.match(res.json.message, /unknown fault mode/);
    });
  });

  describe('fault queue over HTTP', () => {
    const control = async (method: string, route: string, value?: unknown): Promise<Reply> =>
      reply(
        await fetch(`${sandbox.apiUrl}/__sandbox/${route}`, {
          method,
          body: value === undefined ? undefined : JSON.stringify(value),
        }),
      );

    it('applies queued faults in order, `times` times, then answers normally', async () => {
      const queued = await control('POST', 'faults', {
        faults: [
          { mode: 'server-error', times: 2 },
          { mode: 'rate-limit', retryAfter: 2 },
        ],
      });
      assert.deepEqual(queued.json, { queued: 2 });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/export/models', lastDays(2))).status);
      assert.deepEqual(statuses, [500, 500, 429, 200]);
    });

    it('"forever" lasts until reset, and reset clears requests too', async () => {
      await control('POST', 'faults', { faults: [{ mode: 'server-error', times: 'forever' }] });
      for (let i = 0; i < 3; i++) assert.equal((await post('/export/models', lastDays(2))).status, 500);
      assert.equal((await control('GET', 'faults')).json.faults.length, 1);
      await control('POST', 'reset');
      assert.equal((await control('GET', 'requests')).json.requests.length, 0);
      assert.equal((await post('/export/models', lastDays(2))).status, 200);
    });

    it('sends download faults to the download origin, leaving the API call alone', async () => {
      await control('POST', 'faults', {
        faults: [
          { mode: 'truncated' },
          { mode: 'server-error', on: 'download' },
          { mode: 'slow', delayMs: 10, on: 'download' },
        ],
      });
      const res = await post('/export/models', lastDays(2));
      assert.equal(res.status, 200);
      await assert.rejects(fetch(res.json.data.downloadUrl).then((r) => r.text()));
      assert.equal((await get(res.json.data.downloadUrl)).status, 500);
      assert.equal((await get(res.json.data.downloadUrl)).status, 200);
      assert.deepEqual(
        sandbox.requests.map((r) => r.fault),
        [undefined, 'truncated', 'server-error', 'slow'],
      );
    });

    it('lists recorded requests over HTTP without keys or signed queries', async () => {
      const res = await post('/export/models', lastDays(2));
      await get(res.json.data.downloadUrl);
      const listed = await control('GET', 'requests');
      assert.deepEqual(
        listed.json.requests.map((r: { server: string; method: string; status: number; authorization: boolean }) => [
          r.server,
          r.method,
          r.status,
          r.authorization,
        ]),
        [
          ['api', 'POST', 200, true],
          ['download', 'GET', 200, false],
        ],
      );
      assert.ok(!listed.text.includes(SANDBOX_KEYS.byok));
      assert.ok(!listed.text.includes('Signature'));
    });

    it('refuses unknown modes and bad shapes with 400', async () => {
      const unknown = await control('POST', 'faults', { faults: [{ mode: 'meteor' }] });
      assert.equal(unknown.status, 400);
      assert.match(unknown.json.message, /unknown fault mode "meteor"/);
      assert.equal((await control('POST', 'faults', { mode: 'empty' })).status, 400);
      assert.equal((await control('POST', 'faults', { faults: [{ mode: 'slow', delayMs: -1 }] })).status, 400);
    });

    it('knows every documented mode', () => {
      for (const mode of [
        'unauthorized',
        'forbidden',
        'empty',
        'bad-request',
        'too-large',
        'rate-limit',
        'rate-limit-date',
        'rate-limit-bare',
        'server-error',
        'slow',
        'truncated',
        'expired',
        'html',
        'xml-error',
        'redirect',
        'empty-csv',
        'proxy-502',
        'stall',
        'bad-envelope',
      ]) {
        assert.ok((FAULT_MODES as readonly string[]).includes(mode), mode);
      }
    });
  });

  describe('standalone', () => {
    it('npm run sandbox: prints the URLs and keys and stops on SIGTERM', async () => {
      const child = spawn(process.execPath, [path.join(__dirname, '..', 'sandbox', 'main.js')], {
        env: { ...process.env, SANDBOX_PORT: '0' },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => output.includes('Ctrl-C') && resolve());
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
      });
      const apiUrl = /API URL:\s+(\S+)/.exec(output)?.[1] ?? '';
      assert.match(output, /Download origin:\s+http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(output.includes(SANDBOX_KEYS.byok) && output.includes(SANDBOX_KEYS.managed));
      const res = await fetch(`${apiUrl}/export/projects`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SANDBOX_KEYS.managed}` },
        body: JSON.stringify(lastDays(2)),
      });
      assert.equal(res.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    });
  });
});
