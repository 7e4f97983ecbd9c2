/**
 * Benchmark of the data core against its floor (issue 7). Generates deterministic models- and users-shaped CSVs
 * of 1, 10 and 100 MB into bench-data/, then times, as medians of several runs, each in a fresh Node process and
 * interleaved (so a busy machine weighs on every mode alike): fs.readFile; csv-parse's raw parse (same stream and
 * options, records dropped); ours (loadUsageTable: streamed parse, kinds, totals and the row index, rows not kept);
 * and the last page: reading the file's last 5000 raw rows back through the index, as All rows asks for them.
 * Wall and CPU (user + system, all threads) times are both shown: CPU time is steadier when other work shares the
 * machine. Peak RSS is the child's maxRSS minus an idle child's.
 *
 *   npx tsc -p tsconfig.test.json && node out/test/bench/core.bench.js [--sizes 1,10,100] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { parse } from 'csv-parse';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadUsageTable } from '../../src/core/table/totals';
import { WorkerTable } from '../../src/core/table/workerTable';
import { Rng } from '../sandbox/random';
import { writeSizedCsv } from './largeFiles';

const ROOT = path.resolve(__dirname, '../../..');
const DATA_DIR = path.join(ROOT, 'bench-data');
const MB = 1024 * 1024;
type Shape = 'models' | 'users';
type Mode = 'idle' | 'readFile' | 'raw' | 'ours' | 'page' | 'stallHost' | 'stallWorker' | 'organise';
/** Issue 17: parse + totals + index at most this many times csv-parse's raw parse, in CPU time. */
const MAX_RATIO = 1.2;
/** What the webview asks for at once (ROWS_PAGE_SIZE). */
const PAGE_ROWS = 5000;
/** Issue 23: grouping a 50 MB users export (about 160k people) by department, once the table is read. */
const ORGANISE_MB = 50;
const ORGANISE_TARGET_MS = 1000;
const DEPARTMENTS = ['Engineering', 'Sales', 'Legal', 'Marketing', 'Finance', '"R&D, Europe"', ''];

/** One header and a row generator per shape; rows are deterministic for a seed. */
const SHAPES: Record<Shape, { header: string; row: (rng: Rng, i: number) => string }> = {
  // models grouped by source in a BYOK workspace: 400 model variants × 5 sources × BYOK or not
  models: {
    header:
      'period_start,period_end,org_id,name,provider,bring_your_keys,source,requests,sum_prompt_tokens,sum_completion_tokens,sum_cached_prompt_tokens,sum_cache_creation_tokens,no_cache_tokens,total_cost_usd',
    row: (rng) => {
      const model = rng.int(0, 399);
      const byok = rng.next() < 0.8;
      const requests = rng.int(1, 20000);
      const prompt = requests * rng.int(200, 4000);
      const cached = Math.floor(prompt * rng.next() * 0.5);
      const completion = requests * rng.int(50, 900);
      const cost = (prompt * 2 + completion * 8) / 1e6;
      const tokens = byok
        ? `${prompt},${completion},${cached},${rng.int(0, 5000)},${prompt - cached},${cost.toFixed(6)}`
        : ',,,,,';
      return `2026-10-01,2026-10-31,9f1c2e7a-4b3d-4c8e-a1f0-6d2b7c9e0a11,model-${model},provider-${model % 7},${byok},${['WEB', 'MOBILE', 'API', 'SLACK', 'TEAMS'][rng.int(0, 4)]},${requests},${tokens}`;
    },
  },
  // one row per user, with JSON-in-cell maps and quoted names
  users: {
    header:
      'period_start,period_end,org_id,user_id,name,email,role,joined_at,department,license_type,messages_total,messages_total_rank,messages_chat,messages_chat_rank,messages_assistants,messages_assistants_rank,assistants_messaged,assistants_to_messages,messages_projects,messages_projects_rank,projects_messaged,projects_to_messages,model_to_messages_total,action_messages,action_messaged,action_to_messages',
    row: (rng, i) => {
      const chat = rng.int(0, 3000);
      const agents = rng.int(0, 800);
      const projects = rng.int(0, 300);
      const a1 = Math.floor(agents / 2);
      return (
        `2026-10-01,2026-10-31,9f1c2e7a-4b3d-4c8e-a1f0-6d2b7c9e0a11,u-${i},"User ${i}, Team ${i % 50}",user${i}@example.com,member,2025-0${rng.int(1, 9)}-1${rng.int(0, 9)},` +
        `${DEPARTMENTS[i % DEPARTMENTS.length]},${i % 9 === 4 ? 'power' : 'standard'},${i % 11 === 3 ? 0 : chat + agents + projects},${i + 1},${chat},${i + 1},${agents},${i + 1},2,"{""asst_${i % 97}"":${a1},""asst_${i % 89}"":${agents - a1}}",` +
        `${projects},${i + 1},1,"{""proj_${i % 31}"":${projects}}","{""gpt-4.1"":${chat},""claude-sonnet-4"":${agents + projects}}",${rng.int(0, 99)},1,"{""Web search"":${rng.int(0, 50)}}"`
      );
    },
  },
};

function generate(shape: Shape, megabytes: number): Promise<string> {
  const rng = new Rng(megabytes * 1000 + shape.length);
  return writeSizedCsv(DATA_DIR, shape, megabytes, SHAPES[shape].header, (i) => SHAPES[shape].row(rng, i));
}

interface Sample {
  ms: number;
  cpuMs: number;
  maxRss: number;
  /** For the stall modes: the event loop's longest and mean delay while the file opened, in ms. */
  stallMaxMs?: number;
  stallMeanMs?: number;
}

/** The compiled worker entry; the extension starts the bundled dist/tableWorker.js, built from the same source. */
const WORKER = path.join(__dirname, '../../src/core/table/worker/tableWorker.js');

/**
 * How long the event loop stalls while a file opens, as the extension host would feel it: in this thread
 * (`stallHost`, the way it was) or through the table worker (`stallWorker`, the way it is).
 */
async function stall(
  mode: 'stallHost' | 'stallWorker',
  file: string,
): Promise<Pick<Sample, 'stallMaxMs' | 'stallMeanMs'>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  if (mode === 'stallHost') await loadUsageTable(file);
  else {
    const worker = new WorkerTable(WORKER);
    try {
      // With the tables of the rows read so far, as the panel asks: receiving them is the host's work too.
      await worker.load(file, {}, () => undefined);
    } finally {
      worker.dispose();
    }
  }
  histogram.disable();
  return { stallMaxMs: histogram.max / 1e6, stallMeanMs: histogram.mean / 1e6 };
}

/**
 * Reads the file in the table worker, then times its grouping by department there and the grouped view's way back
 * (what the panel's Group by and langdock.showOrganisation ask for).
 */
async function organiseInWorker(file: string): Promise<Sample> {
  const worker = new WorkerTable(WORKER);
  try {
    await worker.load(file);
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const { view } = await worker.organise({ groupBy: 'department', seatPrices: { standard: 25, power: 60 } });
    if (view.total.users !== worker.total) throw new Error('not everyone is in a group');
    const used = process.cpuUsage(cpu);
    return {
      ms: Number(process.hrtime.bigint() - start) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    worker.dispose();
  }
}

/** Runs one measurement in this (child) process and prints a Sample; `page` times only the page, not the load. */
async function child(mode: Mode, file: string): Promise<void> {
  if (mode === 'organise') {
    process.stdout.write(JSON.stringify(await organiseInWorker(file)));
    return;
  }
  const loaded = mode === 'page' ? await loadUsageTable(file) : undefined;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  if (mode === 'readFile') readFileSync(file);
  if (mode === 'raw') await rawParse(file);
  if (mode === 'ours') {
    const { table, rows } = await loadUsageTable(file);
    if (rows.total !== table.rowCount) throw new Error('row count mismatch');
  }
  const stalls = mode === 'stallHost' || mode === 'stallWorker' ? await stall(mode, file) : {};
  if (loaded) {
    const { total } = loaded.rows;
    const page = await loaded.rows.page(Math.max(0, total - PAGE_ROWS), PAGE_ROWS);
    if (page.length !== Math.min(total, PAGE_ROWS)) throw new Error('short page');
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const sample: Sample = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
    ...stalls,
  };
  process.stdout.write(JSON.stringify(sample));
}

/** The floor issue 17 measures against: csv-parse on the same read stream, with these options, records dropped. */
function rawParse(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
    parser.on('data', () => undefined);
    parser.on('end', resolve);
    parser.on('error', reject);
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('error', reject)
      .pipe(parser);
  });
}

function measure(mode: Mode, file: string): Sample {
  const result = spawnSync(process.execPath, [__filename, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`${mode} ${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const sizes = arg('--sizes', '1,10,100').split(',').map(Number);
  const runs = Number(arg('--runs', '5'));
  const idleRss = median(Array.from({ length: 3 }, () => measure('idle', __filename).maxRss));
  const lines = [
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}; ` +
      `medians of ${runs} runs (3 at 100 MB), wall ms (CPU ms); idle RSS ${(idleRss / MB).toFixed(0)} MB subtracted`,
    '',
    '| file | rows | readFile | csv-parse raw | ours | ours / raw (target ≤ 1.2 in CPU at 10 and 100 MB) | | ours MB/s | peak RSS / file | last 5000-row page |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const modes: Mode[] = ['readFile', 'raw', 'ours', 'page'];
  for (const megabytes of sizes) {
    for (const shape of ['models', 'users'] as const) {
      const file = await generate(shape, megabytes);
      const bytes = statSync(file).size;
      const n = megabytes >= 100 ? Math.min(runs, 3) : runs;
      const samples = new Map<Mode, Sample[]>(modes.map((m) => [m, []]));
      for (let i = 0; i < n; i++) for (const mode of modes) samples.get(mode)!.push(measure(mode, file));
      const med = (mode: Mode, key: 'ms' | 'cpuMs' | 'maxRss') => median(samples.get(mode)!.map((r) => r[key]));
      const show = (mode: Mode) => `${med(mode, 'ms').toFixed(0)} (${med(mode, 'cpuMs').toFixed(0)})`;
      const cpuRatio = med('ours', 'cpuMs') / med('raw', 'cpuMs');
      const ratio = `${(med('ours', 'ms') / med('raw', 'ms')).toFixed(2)} (${cpuRatio.toFixed(2)})`;
      // Issue 17's target is for the 10 and 100 MB files; at 1 MB start-up costs dominate.
      const verdict = megabytes < 10 ? '' : cpuRatio <= MAX_RATIO ? 'ok' : 'MISSED';
      const rows = readFileSync(file, 'latin1').split('\n').length - 2;
      const rss = med('ours', 'maxRss') - idleRss;
      process.stdout.write(
        `| ${shape} ${megabytes} MB | ${rows.toLocaleString('en')} | ${show('readFile')} | ${show('raw')} | ${show('ours')} | ` +
          `${ratio} | ${verdict} | ${(bytes / MB / (med('ours', 'ms') / 1000)).toFixed(0)} | ${(rss / bytes).toFixed(1)}× | ${show('page')} |\n`,
      );
    }
  }
  process.stdout.write(
    [
      '',
      'Extension host event loop while the file opens: longest stall (mean), ms; target: longest < 50 ms with the worker',
      '',
      '| file | in the host thread (before) | through the table worker (now) | |',
      '|---|---:|---:|---|',
      '',
    ].join('\n'),
  );
  for (const megabytes of sizes) {
    for (const shape of ['models', 'users'] as const) {
      const file = await generate(shape, megabytes);
      const n = megabytes >= 100 ? Math.min(runs, 3) : runs;
      const worst = (mode: Mode) => {
        const samples = Array.from({ length: n }, () => measure(mode, file));
        return {
          max: median(samples.map((s) => s.stallMaxMs ?? NaN)),
          mean: median(samples.map((s) => s.stallMeanMs ?? NaN)),
        };
      };
      const host = worst('stallHost');
      const worker = worst('stallWorker');
      const show = ({ max, mean }: { max: number; mean: number }) => `${max.toFixed(0)} (${mean.toFixed(1)})`;
      process.stdout.write(
        `| ${shape} ${megabytes} MB | ${show(host)} | ${show(worker)} | ${worker.max < 50 ? 'ok' : 'MISSED'} |\n`,
      );
    }
  }
  const users = await generate('users', ORGANISE_MB);
  const people = readFileSync(users, 'latin1').split('\n').length - 2;
  const grouped = Array.from({ length: runs }, () => measure('organise', users));
  const ms = median(grouped.map((s) => s.ms));
  process.stdout.write(
    [
      '',
      `Grouping by department after the table is read, in the table worker, with the grouped view's way back; target < ${ORGANISE_TARGET_MS} ms`,
      '',
      '| file | people | wall ms (CPU ms) | |',
      '|---|---:|---:|---|',
      `| users ${ORGANISE_MB} MB | ${people.toLocaleString('en')} | ${ms.toFixed(0)} (${median(grouped.map((s) => s.cpuMs)).toFixed(0)}) | ${ms < ORGANISE_TARGET_MS ? 'ok' : 'MISSED'} |`,
      '',
    ].join('\n'),
  );
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Mode, process.argv[4]).catch((err) => {
    process.stderr.write(String(err?.stack ?? err));
    process.exit(1);
  });
} else {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err));
    process.exit(1);
  });
}
