/**
 * Webview benchmark (issue 7): time from the `load` message to the first painted rows, and to a re-sort, for 100k
 * and 1M totals rows, in headless Chromium on the real bundle. Medians of several runs, each on a fresh page.
 * Run after `npm run build && npm run compile-tests`: `node out/test/webview/webview.bench.js [runs]`; the
 * project's bench script can also call `runWebviewBench` and print the rows itself.
 */
import { startHarness } from './harness';

export interface WebviewBenchRow {
  rows: number;
  /** From posting the message (its structured clone included, as in VS Code) to the first painted rows. */
  postToPaintMs: number;
  /** From the message's arrival in the webview to the first painted rows: the webview's own work. */
  arrivalToPaintMs: number;
  /** Clicking a numeric header (requests) until the re-sorted rows are painted; median over both directions. */
  resortMs: number;
  /** Body rows in the DOM while showing the table. */
  domRows: number;
}

export const TARGETS = { firstPaintMs: 200, resortMs: 150 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runWebviewBench(sizes: number[] = [100_000, 1_000_000], runs = 3): Promise<WebviewBenchRow[]> {
  const harness = await startHarness();
  const result: WebviewBenchRow[] = [];
  try {
    for (const rows of sizes) {
      const post: number[] = [];
      const arrival: number[] = [];
      const resort: number[] = [];
      let domRows = 0;
      for (let run = 0; run < runs; run++) {
        const wv = await harness.open({ height: 800 });
        try {
          const paint = await wv.loadGenerated(rows);
          post.push(paint.postToPaint);
          arrival.push(paint.arrivalToPaint);
          // Descending, ascending, original, descending: every click is a full re-sort of all rows.
          for (let click = 0; click < 4; click++) resort.push(await wv.timeSort('Requests'));
          domRows = await wv.page.locator('.body .row').count();
          const problems = await wv.problems();
          if (problems.length > 0) throw new Error(problems.join('\n'));
        } finally {
          await wv.close();
        }
      }
      result.push({
        rows,
        postToPaintMs: median(post),
        arrivalToPaintMs: median(arrival),
        resortMs: median(resort),
        domRows,
      });
    }
  } finally {
    await harness.close();
  }
  return result;
}

export function formatWebviewBench(rows: WebviewBenchRow[]): string {
  const head = ['rows', 'first paint (arrival)', 'first paint (post)', 're-sort', 'DOM rows'];
  const lines = rows.map((r) => [
    r.rows.toLocaleString('en'),
    `${r.arrivalToPaintMs.toFixed(0)} ms (target ${TARGETS.firstPaintMs})`,
    `${r.postToPaintMs.toFixed(0)} ms`,
    `${r.resortMs.toFixed(0)} ms (target ${TARGETS.resortMs})`,
    String(r.domRows),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [format(head), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 3);
  runWebviewBench(undefined, runs).then(
    (rows) =>
      process.stdout.write(`Webview (headless Chromium, medians of ${runs} runs)\n${formatWebviewBench(rows)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
