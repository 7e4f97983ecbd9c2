/**
 * Fuzz: thousands of mutated CSVs (the fixtures with quotes, commas, CR/LF, BOMs, NULs, long cells, random bytes,
 * cuts and swapped lines) through `parseCsv` and `buildUsageTable`. A parse either fails with a clean Error or
 * succeeds, and then every summed column's grand total equals an independent BigInt sum of the parsed cells, the
 * entity rows add up to it, and every cell of a totalled column is counted or reported (`accountingProblems`).
 * Deterministic seed.
 *
 * The cases run in a worker thread watched from here: a parser stuck in a loop would block mocha's own timeout,
 * but the watchdog terminates the worker and names the case.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseCsv } from '../../src/core/table/csvTable';
import { buildUsageTable } from '../../src/core/table/totals';
import type { UsageTable } from '../../src/shared/tableModel';
import { Rng } from '../sandbox/random';
import { FIXTURES_DIR } from './fixtures';
import { accountingProblems } from './accounting';

const SEED = 20261125;
const CASES = 3000;
/** Per case (parse + totals + the check); the fixtures take a few ms, a 100 KB cell a little more. */
const CASE_BOUND_MS = 1000;
const TOTAL_BOUND_MS = 90_000;
/** Without a finished case for this long, the worker is taken as hung. */
const WATCHDOG_MS = 10_000;

interface Progress {
  type: 'progress';
  index: number;
}
interface Summary {
  type: 'done';
  cases: number;
  parsed: number;
  rejected: Record<string, number>;
  slowestMs: number;
  /** Summed columns compared with the independent sum (with at least one number in them). */
  sumsChecked: number;
  failures: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// mutations

const TOKENS = [
  '"',
  '""',
  ',',
  ',,',
  '\r',
  '\n',
  '\r\n',
  '\n\n',
  '\uFEFF',
  '\0',
  '"a,b"',
  ' ',
  '-',
  '.',
  'e',
  '1e400',
  '1e-99',
  '-0',
  '9'.repeat(40),
];

const lines = (b: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, start)) {
    out.push(b.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
};

function mutate(input: Buffer, rng: Rng): Buffer {
  const at = () => rng.int(0, input.length);
  const splice = (from: number, remove: number, insert: Buffer) =>
    Buffer.concat([input.subarray(0, from), insert, input.subarray(from + remove)]);
  const ls = lines(input);
  switch (rng.int(0, 10)) {
    case 0: // delete a run
      return splice(at(), rng.int(1, 8), Buffer.alloc(0));
    case 1: {
      // duplicate a run
      const from = at();
      return splice(from, 0, input.subarray(from, from + rng.int(1, 30)));
    }
    case 2: // insert quotes, separators, line ends, a BOM or NUL, odd numbers
      return splice(at(), 0, Buffer.from(rng.pick(TOKENS)));
    case 3: // a long cell: text or a huge number
      return splice(
        at(),
        0,
        Buffer.from(rng.next() < 0.5 ? 'x'.repeat(rng.int(1000, 100_000)) : '7'.repeat(rng.int(16, 3000))),
      );
    case 4: {
      // random bytes over a run (invalid UTF-8 included)
      const bytes = Buffer.from(Array.from({ length: rng.int(1, 16) }, () => rng.int(0, 255)));
      return splice(at(), rng.int(0, bytes.length), bytes);
    }
    case 5: // cut anywhere
      return input.subarray(0, at());
    case 6: {
      // swap two lines
      if (ls.length < 2) return input;
      const [i, j] = [rng.int(0, ls.length - 1), rng.int(0, ls.length - 1)];
      [ls[i], ls[j]] = [ls[j], ls[i]];
      return Buffer.concat(ls);
    }
    case 7: {
      // duplicate or drop a line
      if (ls.length === 0) return input;
      const line = rng.int(0, ls.length - 1);
      return Buffer.concat(rng.next() < 0.5 ? [...ls, ls[line]] : ls.filter((_, k) => k !== line));
    }
    case 8: // a BOM at the start (again)
      return Buffer.concat([Buffer.from('\uFEFF'), input]);
    case 9: {
      // a digit run replaced by a signed, fractional or exponent number, so the sums meet hard numbers
      const text = input.toString('latin1');
      const runs = [...text.matchAll(/\d+/g)];
      if (runs.length === 0) return input;
      const run = rng.pick(runs);
      const number = rng.pick([
        `-${rng.int(0, 1e9)}`,
        `${rng.int(0, 1e6)}.${rng.int(0, 1e6)}`,
        `${rng.int(1, 9)}e${rng.int(-20, 20)}`,
        `+.${rng.int(0, 99)}`,
        `${2n ** 70n}`,
      ]);
      return splice(run.index, run[0].length, Buffer.from(number));
    }
    default: // a quote that never closes, at a line start
      return splice(ls.length > 1 ? ls[0].length : 0, 0, Buffer.from('"'));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the independent sum

/** An exact decimal as BigInt units at a scale, parsed here by its own grammar (the one the product documents). */
function exact(text: string): { units: bigint; scale: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] ?? '').length + (m[3] ?? '').length === 0) return undefined;
  const exponent = Number(m[4] ?? 0);
  if (Math.abs(exponent) > 100) return undefined;
  const fraction = m[3] ?? '';
  let units = BigInt(`${m[2] ?? ''}${fraction}` || '0') * (m[1] === '-' ? -1n : 1n);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** Compares two decimals exactly, whatever their scales and trailing zeros. */
function sameValue(a: { units: bigint; scale: number }, b: { units: bigint; scale: number }): boolean {
  const scale = Math.max(a.scale, b.scale);
  return a.units * 10n ** BigInt(scale - a.scale) === b.units * 10n ** BigInt(scale - b.scale);
}

function sumOf(texts: Iterable<string | null>): { units: bigint; scale: number } | undefined {
  let total: { units: bigint; scale: number } | undefined;
  for (const text of texts) {
    const d = text === null ? undefined : exact(text);
    if (!d) continue;
    if (!total) total = { units: 0n, scale: 0 };
    const scale = Math.max(total.scale, d.scale);
    total = {
      units: total.units * 10n ** BigInt(scale - total.scale) + d.units * 10n ** BigInt(scale - d.scale),
      scale,
    };
  }
  return total;
}

/** Problems with the totals of one parsed case, as sentences (empty when all is well), and the sums compared. */
function checkTotals(rows: readonly (string | null)[][], table: UsageTable): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  const { columns, grandTotal, rows: entities } = table.totals;
  columns.forEach((column, t) => {
    if (column.aggregate !== 'sum' || column.derived) return;
    // The totals column is the very object of the file's column: its index in the file is its position there.
    const col = table.columns.indexOf(column);
    const expected = sumOf(rows.map((r) => r[col] ?? null));
    const grand = grandTotal[t];
    const actual = grand === null ? undefined : exact(grand);
    if (grand !== null && !actual)
      problems.push(`column ${col}: the grand total "${grand.slice(0, 40)}" is not a number`);
    else if (!expected !== !actual || (expected && actual && !sameValue(expected, actual))) {
      problems.push(
        `column ${col}: grand total ${grand?.slice(0, 40)} ≠ independent sum ${expected ? `${expected.units}e-${expected.scale}`.slice(0, 40) : 'none'}`,
      );
    }
    const ofEntities = sumOf(entities.map((r) => r.cells[t]));
    if (expected && ofEntities && !sameValue(expected, ofEntities))
      problems.push(`column ${col}: the entity rows do not add up to the grand total`);
    if (expected) compared++;
  });
  return { problems, compared };
}

// ---------------------------------------------------------------------------------------------------------------
// the worker: runs the cases, reports each one, then the summary

async function runCases(): Promise<void> {
  const fixtures = readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(FIXTURES_DIR, name)) }));
  const summary: Summary = {
    type: 'done',
    cases: 0,
    parsed: 0,
    rejected: {},
    slowestMs: 0,
    sumsChecked: 0,
    failures: [],
  };
  const rng = new Rng(SEED);
  for (let index = 0; index < CASES; index++) {
    const source = rng.pick(fixtures);
    let bytes: Buffer = source.bytes;
    for (let m = rng.int(1, 4); m > 0; m--) bytes = mutate(bytes, rng);
    parentPort!.postMessage({ type: 'progress', index } satisfies Progress);
    const label = `case ${index} (${source.name}, ${bytes.length} bytes)`;
    const started = performance.now();
    try {
      const parsed = await parseCsv(bytes);
      summary.parsed++;
      const table = buildUsageTable(parsed);
      const { problems, compared } = checkTotals(parsed.rows, table);
      summary.sumsChecked += compared;
      problems.push(...accountingProblems(parsed.rows, table));
      for (const problem of problems) summary.failures.push(`${label}: ${problem}`);
    } catch (error) {
      if (!(error instanceof Error)) summary.failures.push(`${label}: threw a non-Error ${String(error)}`);
      else if (error.name !== 'CsvParseError') summary.failures.push(`${label}: ${error.name}: ${error.message}`);
      else {
        const reason = error.message.replace(/ line \d+/, ' line N');
        summary.rejected[reason] = (summary.rejected[reason] ?? 0) + 1;
      }
    }
    const ms = performance.now() - started;
    summary.slowestMs = Math.max(summary.slowestMs, ms);
    if (ms > CASE_BOUND_MS) summary.failures.push(`${label}: took ${Math.round(ms)} ms`);
    summary.cases++;
  }
  parentPort!.postMessage(summary);
}

if (!isMainThread && workerData === 'fuzz') {
  void runCases();
} else {
  describe('fuzz: mutated CSVs through parse and totals', function () {
    this.timeout(TOTAL_BOUND_MS + WATCHDOG_MS);

    it(`${CASES} cases: a clean error or totals equal to an independent sum, each within ${CASE_BOUND_MS} ms`, async () => {
      const started = Date.now();
      const worker = new Worker(__filename, { workerData: 'fuzz' });
      let last = -1;
      const summary = await new Promise<Summary>((resolve, reject) => {
        let watchdog: NodeJS.Timeout;
        const arm = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(() => {
            void worker.terminate();
            reject(new Error(`case ${last} (seed ${SEED}) ran longer than ${WATCHDOG_MS} ms: a hang`));
          }, WATCHDOG_MS);
        };
        arm();
        worker.on('message', (message: Progress | Summary) => {
          if (message.type === 'progress') {
            last = message.index;
            arm();
          } else {
            clearTimeout(watchdog);
            resolve(message);
          }
        });
        worker.on('error', (error) => {
          clearTimeout(watchdog);
          reject(new Error(`the worker crashed at case ${last}: ${error.stack ?? error.message}`));
        });
      });
      await worker.terminate();
      const elapsed = Date.now() - started;
      const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
      console.log(
        `fuzz: ${summary.cases} cases (seed ${SEED}) in ${elapsed} ms: ${summary.parsed} parsed, ${summary.sumsChecked} column totals ` +
          `compared with an independent sum, ` +
          `${rejected} rejected with a clean CsvParseError, slowest case ${Math.round(summary.slowestMs)} ms`,
      );
      for (const [reason, count] of Object.entries(summary.rejected)) console.log(`  ${count}× ${reason}`);
      assert.deepEqual(summary.failures.slice(0, 20), []);
      assert.equal(summary.cases, CASES);
      assert.ok(elapsed < TOTAL_BOUND_MS, `took ${elapsed} ms`);
    });
  });
}
