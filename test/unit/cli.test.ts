/**
 * The `langdock-usage` command line as a user runs it: `node dist/cli.js` (the bundle `npm run build` makes)
 * against the real sandbox, for every command and format, with the contract's exit codes, and with no trace of
 * the key in stdout, stderr or any file it wrote.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { LangdockClient } from '../../src/core/api/api';
import { toRequestBody } from '../../src/core/dates/dateRange';
import { sumCells } from '../../src/shared/decimal';
import { type Sandbox, SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { fixture } from './fixtures';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the langdock-usage command line', function () {
  this.timeout(60000);
  let sandbox: Sandbox;
  let dir: string;
  /** Everything any run printed: scanned for the keys at the end. */
  const printed: string[] = [];

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    sandbox = await startSandbox({ seed: 24 });
    dir = await mkdtemp(path.join(tmpdir(), 'langdock-cli-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.reset());

  function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, TZ: 'UTC' };
    const full: NodeJS.ProcessEnv = {
      ...base,
      LANGDOCK_BASE_URL: sandbox.apiUrl,
      LANGDOCK_API_KEY: SANDBOX_KEYS.byok,
      ...env,
    };
    for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: dir, env: full }, (error, stdout, stderr) => {
        printed.push(stdout, stderr);
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
      });
    });
  }
  const file = (name: string) => path.join(dir, name);
  const exportRequests = () => sandbox.requests.filter((r) => r.server === 'api' && r.path.startsWith('/export/'));

  it('prints help for the tool and each command', async () => {
    const main = await cli(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /Usage: langdock-usage <command>/);
    assert.match(main.stdout, /Exit codes: 0 done; 1 usage error/);
    for (const command of ['export', 'trend', 'totals', 'report']) {
      const run = await cli([command, '--help']);
      assert.equal(run.code, 0, command);
      assert.match(run.stdout, new RegExp(`Usage: langdock-usage ${command}`));
    }
    const none = await cli([]);
    assert.equal(none.code, 1, 'no command is a usage error');
  });

  describe('export', () => {
    it('writes the CSV byte for byte as downloaded, to a descriptive file whose path it prints', async () => {
      const range = { from: utcDay(9), to: utcDay(3), timezone: 'Europe/Berlin' };
      const run = await cli([
        'export',
        '--type',
        'models',
        '--from',
        range.from,
        '--to',
        range.to,
        '--timezone',
        range.timezone,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const written = run.stdout.trim();
      assert.equal(written, file(`langdock-models-${range.from}_${range.to}.csv`));
      assert.equal(run.stderr, '', 'no progress on a stderr that is not a terminal');
      const [request] = exportRequests();
      assert.deepEqual(request.range, toRequestBody(range), 'the extension’s request body');
      // The same export through the extension's client: the same bytes.
      const client = new LangdockClient({ baseUrl: sandbox.apiUrl, apiKey: () => SANDBOX_KEYS.byok });
      const envelope = await client.requestExport('models', toRequestBody(range), undefined);
      await client.download(envelope.downloadUrl, file('direct.csv'));
      assert.deepEqual(await readFile(written), await readFile(file('direct.csv')));
    });

    it('writes the rows as JSON with -o, grouped', async () => {
      const run = await cli([
        'export',
        '--type',
        'users',
        '--from',
        utcDay(6),
        '--to',
        utcDay(2),
        '--group-by',
        'model',
        '-o',
        'users.json',
        '--format',
        'json',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '', 'with -o nothing on stdout');
      const rows = JSON.parse(await readFile(file('users.json'), 'utf8')) as Record<string, string | null>[];
      assert.ok(rows.length > 0);
      assert.ok('user_id' in rows[0] && 'model' in rows[0]);
      assert.equal(exportRequests()[0].path, '/export/users');
    });

    it('refuses bad flags, dates and a missing key with exit 1, sending nothing', async () => {
      const cases: [string[], Record<string, string | undefined>, RegExp][] = [
        [['export', '--type', 'modles', '--from', utcDay(3), '--to', utcDay(2)], {}, /Unknown export type "modles"/],
        [
          ['export', '--type', 'models', '--from', '2026-02-30', '--to', utcDay(2)],
          {},
          /2026-02-30 is not a real date/,
        ],
        [['export', '--type', 'models', '--from', utcDay(2), '--to', utcDay(5)], {}, /is after the end date/],
        [
          ['export', '--type', 'models', '--from', utcDay(3), '--to', utcDay(2), '--colour'],
          {},
          /Unknown option '--colour'/,
        ],
        [
          ['export', '--type', 'projects', '--from', utcDay(3), '--to', utcDay(2), '--group-by', 'model'],
          {},
          /cannot be grouped/,
        ],
        [
          ['export', '--type', 'models', '--from', utcDay(3), '--to', utcDay(2)],
          { LANGDOCK_API_KEY: undefined },
          /LANGDOCK_API_KEY/,
        ],
        [
          ['export', '--type', 'models', '--from', utcDay(3), '--to', utcDay(2)],
          { LANGDOCK_BASE_URL: 'http://usage.example.com' },
          /plain http/,
        ],
        [['frobnicate'], {}, /Unknown command "frobnicate"/],
      ];
      for (const [args, env, message] of cases) {
        const run = await cli(args, env);
        assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stderr.trim().split('\n').length, 1, 'one clear line');
      }
      assert.equal(sandbox.requests.length, 0, 'nothing was sent');
    });

    it('exits 2 with Langdock’s message when the key is refused', async () => {
      for (const key of [SANDBOX_KEYS.revoked, SANDBOX_KEYS.noScope]) {
        const run = await cli(['export', '--type', 'models', '--from', utcDay(3), '--to', utcDay(2), '-o', 'x.csv'], {
          LANGDOCK_API_KEY: key,
        });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /HTTP 40[13].*Langdock says: /);
        assert.ok(!run.stderr.includes(key));
      }
      assert.ok(!existsSync(file('x.csv')), 'no file for a refused key');
    });

    it('exits 3 on an API failure after its retries', async () => {
      sandbox.queueFaults(...Array.from({ length: 4 }, () => ({ mode: 'server-error' as const })));
      const run = await cli(['export', '--type', 'models', '--from', utcDay(3), '--to', utcDay(2), '-o', 'y.csv']);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /HTTP 500/);
      assert.equal(exportRequests().length, 4, 'four attempts');
      assert.ok(!existsSync(file('y.csv')));
    });
  });

  describe('trend', () => {
    const days = ['--granularity', 'day', '--from', utcDay(10), '--to', utcDay(6), '--timezone', 'UTC'];

    it('writes the long format, and with --cache fetches a final period once', async () => {
      const run = await cli([
        'trend',
        '--type',
        'models',
        ...days,
        '-o',
        'trend.csv',
        '--format',
        'csv',
        '--cache',
        'cache',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(exportRequests().length, 5);
      const rows = parse<Record<string, string>>(await readFile(file('trend.csv')), { columns: true });
      assert.deepEqual(Object.keys(rows[0]).slice(0, 4), ['period_start', 'period_end', 'name', 'provider']);
      assert.ok(Object.keys(rows[0]).includes('requests') && Object.keys(rows[0]).includes('sum_prompt_tokens'));
      assert.deepEqual([...new Set(rows.map((r) => r.period_start))], [10, 9, 8, 7, 6].map(utcDay));
      assert.ok(rows.every((r) => r.period_start === r.period_end));
      // The sandbox's range export is the exact sum of its days' exports.
      const whole = await cli([
        'export',
        '--type',
        'models',
        '--from',
        utcDay(10),
        '--to',
        utcDay(6),
        '--timezone',
        'UTC',
        '-o',
        'whole.csv',
      ]);
      assert.equal(whole.code, 0);
      const wholeRows = parse<Record<string, string>>(await readFile(file('whole.csv')), { columns: true });
      assert.equal(sumCells(rows.map((r) => r.requests || null)), sumCells(wholeRows.map((r) => r.requests || null)));

      sandbox.reset();
      const again = await cli([
        'trend',
        '--type',
        'models',
        ...days,
        '-o',
        'trend.json',
        '--format',
        'json',
        '--cache',
        'cache',
      ]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(exportRequests().length, 0, 'every period came from the cache');
      const json = JSON.parse(await readFile(file('trend.json'), 'utf8')) as Record<string, string | null>[];
      assert.equal(json.length, rows.length);
      assert.equal(json[0].period_start, rows[0].period_start);
    });

    it('exits 4 with the missing periods named, writing the rest', async () => {
      sandbox.queueFaults({ mode: 'bad-request' });
      const run = await cli(['trend', '--type', 'api-keys', ...days, '-o', 'partial.csv', '--format', 'csv']);
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /^Missing period \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}: Langdock refused the request/m);
      const rows = parse<Record<string, string>>(await readFile(file('partial.csv')), { columns: true });
      assert.equal(new Set(rows.map((r) => r.period_start)).size, 4);
    });

    it('refuses a trend without -o or with too many periods (exit 1, nothing sent)', async () => {
      assert.equal((await cli(['trend', '--type', 'models', ...days, '--format', 'csv'])).code, 1);
      const long = await cli([
        'trend',
        '--type',
        'models',
        '--granularity',
        'day',
        '--from',
        utcDay(200),
        '--to',
        utcDay(1),
        '-o',
        'l.csv',
        '--format',
        'csv',
      ]);
      assert.equal(long.code, 1);
      assert.match(long.stderr, /periods; a trend has at most 92/);
      assert.equal(sandbox.requests.length, 0);
    });
  });

  describe('totals', () => {
    it('gives the table’s per-entity totals as JSON, exact and aligned with the columns', async () => {
      const run = await cli(['totals', fixture('models-byok.csv')], { LANGDOCK_API_KEY: undefined });
      assert.equal(run.code, 0, run.stderr);
      const totals = JSON.parse(run.stdout) as {
        exportType: string;
        columns: { key: string; label: string; aggregate: string }[];
        rows: { name: string; cells: (string | null)[] }[];
        grandTotal: (string | null)[];
      };
      assert.equal(totals.exportType, 'models');
      assert.deepEqual(Object.keys(totals.columns[0]), ['key', 'label', 'aggregate']);
      const requests = totals.columns.findIndex((c) => c.key === 'requests');
      assert.equal(totals.grandTotal[requests], '7272');
      assert.ok(totals.rows.every((r) => r.cells.length === totals.columns.length));
      const cost = totals.columns.findIndex((c) => c.key === 'cost:usd');
      assert.equal(totals.rows.find((r) => r.name === 'gpt-4.1')!.cells[cost], '12.5912', 'never rounded');
      assert.equal(totals.rows.find((r) => r.name === 'gemini-2.5-flash')!.cells[cost], null, 'n/a, not 0');
      assert.equal(sandbox.requests.length, 0, 'offline');
    });

    it('shows one Cost by default, and Langdock’s cost and the audit beside it under --cost-source calculate', async () => {
      const keys = async (...args: string[]) => {
        const run = await cli(['totals', fixture('models-byok.csv'), ...args]);
        assert.equal(run.code, 0, run.stderr);
        return (JSON.parse(run.stdout) as { columns: { key: string }[] }).columns.map((c) => c.key);
      };
      const auto = await keys();
      assert.ok(auto.includes('cost:usd'));
      assert.ok(!auto.includes('total_cost_usd') && !auto.includes('cost:difference'), auto.join());
      assert.deepEqual(await keys('--cost-source', 'auto'), auto);
      const calculate = await keys('--cost-source', 'calculate');
      const at = calculate.indexOf('cost:usd');
      assert.deepEqual(calculate.slice(at, at + 3), ['cost:usd', 'total_cost_usd', 'cost:difference']);
      const md = await cli(['totals', fixture('models-byok.csv'), '--format', 'md']);
      assert.match(md.stdout, /\| Requests \| Cost \| Input tokens \|/);
      assert.doesNotMatch(md.stdout, /Langdock cost|Computed − Langdock/);
      const csv = await cli(['totals', fixture('models-byok.csv'), '--format', 'csv', '--cost-source', 'langdock']);
      assert.match(csv.stdout, /^name,provider,bring_your_keys,requests,cost:usd,sum_prompt_tokens,/);
      const bad = await cli(['totals', fixture('models-byok.csv'), '--cost-source', 'invoice']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--cost-source must be auto, calculate, langdock, not "invoice"/);
    });

    it('derives cost per 1k requests from the Cost shown, also where the export has no Langdock cost', async () => {
      const lines = [
        'period_start,period_end,org_id,name,provider,bring_your_keys,requests,sum_prompt_tokens,sum_completion_tokens',
        '2026-10-01,2026-10-31,org-1,gpt-4.1,openai,false,1200,3000000,800000',
        '2026-10-01,2026-10-31,org-1,gpt-4.1-mini,openai,false,400,1000000,300000',
      ];
      await writeFile(file('no-langdock-cost.csv'), lines.join('\n'));
      const run = await cli(['totals', 'no-langdock-cost.csv']);
      assert.equal(run.code, 0, run.stderr);
      const totals = JSON.parse(run.stdout) as {
        columns: { key: string }[];
        rows: { name: string; cells: (string | null)[] }[];
      };
      const at = (key: string) => totals.columns.findIndex((c) => c.key === key);
      const [cost, per1k, requests] = [at('cost:usd'), at('derived:cost_per_1k_requests'), at('requests')];
      assert.ok(per1k > cost && cost > 0, 'a computed Cost has its cost per 1k requests');
      const known = totals.rows.filter((r) => r.cells[cost] !== null && r.cells[requests] !== '0');
      assert.equal(known.length, 2);
      for (const r of known)
        assert.equal(
          Number(r.cells[per1k]).toFixed(4),
          ((Number(r.cells[cost]) * 1000) / Number(r.cells[requests])).toFixed(4),
          r.name,
        );
    });

    it('gives CSV and Markdown too', async () => {
      const csv = await cli(['totals', fixture('projects.csv'), '--format', 'csv']);
      assert.equal(csv.code, 0);
      assert.match(csv.stdout, /^project_name,project_id,messages/);
      const md = await cli(['totals', fixture('projects.csv'), '--format', 'md']);
      assert.match(md.stdout, /^\| Project \| Project ID \| Messages \|/m);
      assert.equal((await cli(['totals', 'nope.csv'])).code, 1);
      assert.equal((await cli(['totals', fixture('projects.csv'), '--format', 'pdf'])).code, 1);
    });
  });

  describe('report', () => {
    for (const format of ['html', 'md', 'xlsx', 'focus', 'csv']) {
      it(`writes the ${format} report of an export`, async () => {
        const out = `report-${format}.${format === 'focus' ? 'csv' : format}`;
        const run = await cli(['report', '--input', fixture('models-byok.csv'), '--format', format, '-o', out]);
        assert.equal(run.code, 0, run.stderr);
        const content = await readFile(file(out));
        assert.ok(content.length > 300);
        if (format === 'html') assert.match(content.toString(), /<h1>Model usage<\/h1>/);
        if (format === 'md') assert.match(content.toString(), /^## Top 10$/m);
        if (format === 'focus') {
          assert.match(content.toString(), /^BilledCost,BillingAccountId,/);
          assert.match(run.stderr, /1 row without a cost is left out of the FOCUS file/);
        }
        if (format === 'csv') assert.match(content.toString(), /^period_start,period_end,name,provider/);
        if (format === 'xlsx') {
          const wb = new Workbook();
          await wb.xlsx.readFile(file(out));
          assert.ok(wb.getWorksheet('Totals'));
        }
      });
    }

    it('reports one Cost by default, and Langdock’s cost and the audit beside it with --cost-source calculate', async () => {
      const report = async (...args: string[]) => {
        const run = await cli(['report', '--input', fixture('models-byok.csv'), '--format', 'md', ...args]);
        assert.equal(run.code, 0, run.stderr);
        return readFile(file(args.at(-1)!), 'utf8');
      };
      const auto = await report('-o', 'auto.md');
      assert.match(auto, /\| Requests \| Cost \| Input tokens \|/);
      assert.doesNotMatch(auto, /Langdock cost|Computed − Langdock/);
      const calculate = await report('--cost-source', 'calculate', '-o', 'calculate.md');
      assert.match(calculate, /\| Cost \| Langdock cost \| Computed − Langdock \|/);
    });

    it('refuses an unknown format or a missing input', async () => {
      assert.equal(
        (await cli(['report', '--input', fixture('models-byok.csv'), '--format', 'pdf', '-o', 'r.pdf'])).code,
        1,
      );
      assert.equal((await cli(['report', '--input', 'missing.csv', '--format', 'md', '-o', 'r.md'])).code, 1);
    });
  });

  // Last: it scans what every run above printed and wrote.
  describe('afterwards', () => {
    it('never shows the key: not in stdout, stderr, or any file written', async () => {
      const keys = Object.values(SANDBOX_KEYS);
      for (const text of printed) for (const key of keys) assert.ok(!text.includes(key), 'a key was printed');
      const walk = async (folder: string): Promise<string[]> =>
        (
          await Promise.all(
            (await readdir(folder)).map(async (name) => {
              const full = path.join(folder, name);
              return (await stat(full)).isDirectory() ? walk(full) : [full];
            }),
          )
        ).flat();
      const files = await walk(dir);
      assert.ok(files.length > 10);
      for (const f of files) {
        const bytes = (await readFile(f)).toString('latin1');
        for (const key of keys) {
          assert.ok(!bytes.includes(key), `${f} holds a key`);
          assert.ok(!bytes.includes(Buffer.from(key, 'utf16le').toString('latin1')), `${f} holds a key (UTF-16)`);
        }
      }
    });
  });
});
