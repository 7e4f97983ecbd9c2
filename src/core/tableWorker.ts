/**
 * The table worker (bundled as dist/tableWorker.js): parsing, totals, the token sums that cost is priced from, and
 * the row index of a CSV run here, in a
 * worker thread, so that a 100 MB file never stalls the extension host that every other extension shares. It holds
 * the file's row index and answers page requests for All rows; the host only relays messages.
 */
import { parentPort } from 'node:worker_threads';
import type { RowSource } from './rowSource';
import { readUsageTable } from './tableLoad';
import { type FromWorker, type ToWorker, toWorkerError } from './tableWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('tableWorker.js runs only as a worker thread');

let rows: RowSource | undefined;
const reply = (message: FromWorker) => port.postMessage(message);

async function handle(message: ToWorker): Promise<FromWorker> {
  if (message.type === 'load') {
    const loaded = await readUsageTable(message.csvPath, message.hints);
    rows = loaded.rows;
    return { type: 'loaded', id: message.id, table: loaded.table, total: loaded.rows.total, buckets: loaded.buckets };
  }
  if (!rows) throw new Error('No table is loaded yet.');
  return { type: 'page', id: message.id, rows: await rows.page(message.start, message.count) };
}

port.on('message', (message: ToWorker) => {
  handle(message).then(reply, (error: unknown) =>
    reply({ type: 'failed', id: message.id, error: toWorkerError(error) }),
  );
});
