/**
 * Webview benchmark (issues 7 and 17): time from the `load` message to the first painted rows, to the last page of
 * totals rows painted, and to a re-sort, for 100k and 1M totals rows, in headless Chromium on the real bundle. The
 * table is posted as the host posts it: the `load` with the first page of totals rows, then the other pages. Medians
 * of several runs, each on a fresh page.
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
  /** From posting the `load` until the last page of totals rows is in and painted. */
  postToCompleteMs: number;
  /** Messages the table crossed in (the `load` and its pages). */
  messages: number;
  /** Clicking a numeric header (requests) until the re-sorted rows are painted; median over both directions. */
  resortMs: number;
  /** The first of those clicks: a column never sorted by before (its keys are built then). */
  firstSortMs: number;
  /** Body rows in the DOM while showing the table. */
  domRows: number;
}

/** Issue 7: first paint after arrival; issue 17: post to paint for 1M rows, re-sort of 1M rows. */
export const TARGETS = { firstPaintMs: 200, postToPaint1MMs: 1000, resortMs: 150 };

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
      const complete: number[] = [];
      const resort: number[] = [];
      const firstSort: number[] = [];
      let domRows = 0;
      let messages = 0;
      for (let run = 0; run < runs; run++) {
        const wv = await harness.open({ height: 800 });
        try {
          const paint = await wv.loadGenerated(rows);
          post.push(paint.postToPaint);
          arrival.push(paint.arrivalToPaint);
          complete.push(paint.postToComplete);
          messages = paint.pages;
          // Descending, ascending, original, descending: every click is a full re-sort of all rows.
          for (let click = 0; click < 4; click++) {
            const ms = await wv.timeSort('Requests');
            resort.push(ms);
            if (click === 0) firstSort.push(ms);
          }
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
        postToCompleteMs: median(complete),
        messages,
        resortMs: median(resort),
        firstSortMs: median(firstSort),
        domRows,
      });
    }
  } finally {
    await harness.close();
  }
  return result;
}

export function formatWebviewBench(rows: WebviewBenchRow[]): string {
  const head = [
    'rows',
    'first paint (arrival)',
    'first paint (post)',
    'all pages in (post)',
    're-sort',
    'first sort by a column',
    'messages',
    'DOM rows',
  ];
  const lines = rows.map((r) => [
    r.rows.toLocaleString('en'),
    `${r.arrivalToPaintMs.toFixed(0)} ms (target ${TARGETS.firstPaintMs})`,
    `${r.postToPaintMs.toFixed(0)} ms${r.rows >= 1_000_000 ? ` (target ${TARGETS.postToPaint1MMs})` : ''}`,
    `${r.postToCompleteMs.toFixed(0)} ms`,
    `${r.resortMs.toFixed(0)} ms (target ${TARGETS.resortMs})`,
    `${r.firstSortMs.toFixed(0)} ms`,
    String(r.messages),
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
