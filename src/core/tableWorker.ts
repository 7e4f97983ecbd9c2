/**
 * The table worker (bundled as dist/tableWorker.js): parsing, totals, the token sums that cost is priced from, and
 * the row index of a CSV run here, in a worker thread, so that a 100 MB file never stalls the extension host that
 * every other extension shares. While a large file loads it sends the table of the rows read so far now and then;
 * it holds the row index and answers page requests for All rows; the host only relays messages.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { RowSource } from './rowSource';
import type { LoadProgress } from './totals';
import { readUsageTable } from './tableLoad';
import { type FromWorker, type ToWorker, toWorkerError } from './tableWorkerProtocol';
import { ROWS_PAGE_SIZE } from '../shared/protocol';
import type { TotalsTable } from '../shared/tableModel';
import { organiseTable } from './org/organiseTable';

const port = parentPort;
if (!port) throw new Error('tableWorker.js runs only as a worker thread');

/** The first partial table goes out with a full first page of rows, or after this long, whichever comes first. */
const FIRST_PROGRESS_MS = 100;
/**
 * Then at most this often, and never more than a tenth of the time (a partial table of many entities costs), so
 * that the host and the webview, which share the machine with this thread, spend little on tables soon replaced.
 */
const PROGRESS_MS = 500;
const PROGRESS_SHARE = 10;
/** The entities a partial table lists (its grand total counts every row read): many screens, a small message. */
const PARTIAL_ENTITIES = 1000;

let rows: RowSource | undefined;
/** The loaded table's totals, which `organise` groups. */
let totals: TotalsTable | undefined;
const reply = (message: FromWorker) => port.postMessage(message);

/** Sends partial tables of a load at the pace above. */
function progressSender(id: number): (progress: LoadProgress) => void {
  let next = performance.now() + FIRST_PROGRESS_MS;
  let first = true;
  return (progress) => {
    const now = performance.now();
    if (now < next && !(first && progress.rowsRead >= ROWS_PAGE_SIZE)) return;
    const partial = progress.soFar(PARTIAL_ENTITIES);
    if (!partial) return;
    first = false;
    rows = partial.rows;
    reply({
      type: 'progress',
      id,
      table: partial.table,
      total: partial.rows.total,
      bytesRead: progress.bytesRead,
      size: progress.size,
    });
    const spent = performance.now() - now;
    next = performance.now() + Math.max(PROGRESS_MS, spent * PROGRESS_SHARE);
  };
}

async function handle(message: ToWorker): Promise<FromWorker> {
  if (message.type === 'load') {
    const loaded = await readUsageTable(
      message.csvPath,
      message.hints,
      message.progress ? progressSender(message.id) : undefined,
    );
    rows = loaded.rows;
    totals = loaded.table.totals;
    return { type: 'loaded', id: message.id, table: loaded.table, total: loaded.rows.total, buckets: loaded.buckets };
  }
  if (message.type === 'organise') {
    if (!totals) throw new Error('No table is loaded yet.');
    return { type: 'organised', id: message.id, organised: organiseTable(totals, message) };
  }
  if (!rows) throw new Error('No table is loaded yet.');
  return { type: 'page', id: message.id, rows: await rows.page(message.start, message.count) };
}

port.on('message', (message: ToWorker) => {
  handle(message).then(reply, (error: unknown) =>
    reply({ type: 'failed', id: message.id, error: toWorkerError(error) }),
  );
});
