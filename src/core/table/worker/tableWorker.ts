/**
 * The table worker (bundled as dist/tableWorker.js): parsing, totals, the token sums, pricing and the webview's
 * messages of a CSV run here, in a worker thread, so that a 100 MB file never stalls the extension host that every
 * other extension shares. While a large file loads it sends the rows read so far now and then; it holds the table
 * and its row index, renders the view again at new settings, and answers page requests for All rows; the host
 * only relays messages.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { RowSource } from '../rowSource';
import type { LoadProgress } from '../totals';
import { readFraction } from '../readFraction';
import { HeldTable, type PartialView } from '../heldTable';
import { readUsageTable } from '../tableLoad';
import { bundleLocalize, type Rendering, type ViewSettings } from '../tableView';
import { type FromWorker, type ToWorker, toWorkerError, viewBuffers } from './tableWorkerProtocol';
import { ROWS_PAGE_SIZE } from '../../../shared/protocol';
import type { TotalsTable } from '../../../shared/tableModel';
import { organiseTable } from '../../org/organiseTable';
import { releaseHeapAndExit } from '../../threads/workerEnd';

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
/** The entities a partial table of a plain `load` lists. */
const PARTIAL_ENTITIES = 1000;

let rows: RowSource | undefined;
let held: HeldTable | undefined;
/** The totals of the last plain `load` (langdock.showOrganisation reads a file that way). */
let loadedTotals: TotalsTable | undefined;
/** The settings of the latest `open` or `render`: partial views render at these. */
let settings: ViewSettings | undefined;

/** Bumped by every view rendered: the pages of an older one stop being packed. */
let renders = 0;
/** Aborted when the table is closed: a read still running stops, so that its memory is freed here too. */
const closing = new AbortController();

const reply = (message: FromWorker) =>
  port.postMessage(
    message,
    message.type === 'view' || message.type === 'partialView'
      ? viewBuffers(message.view)
      : message.type === 'packed'
        ? [message.data.buffer as ArrayBuffer]
        : [],
  );

/**
 * Sends the view, then packs and sends its later pages one at a time, letting other requests (a page of All rows)
 * in between; a newer view stops them.
 */
async function sendView(id: number, { view, rest }: Rendering, total: number): Promise<void> {
  const render = ++renders;
  reply({ type: 'view', id, view, total });
  if (!view.later) return;
  try {
    for (const data of rest) {
      port!.postMessage({ type: 'viewPage', id, data } satisfies FromWorker, [data.buffer as ArrayBuffer]);
      await new Promise((resolve) => setImmediate(resolve));
      if (render !== renders) break;
    }
  } finally {
    reply({ type: 'viewPage', id });
  }
}

/**
 * Calls `send` for a load's progress at the pace above. Not once every byte is read: the whole table follows with
 * the last rows parsed, and a table of the rows read so far would only delay it.
 */
function paced(send: (progress: LoadProgress) => boolean): (progress: LoadProgress) => void {
  let next = performance.now() + FIRST_PROGRESS_MS;
  let first = true;
  return (progress) => {
    if (readFraction(progress) === 1) return;
    const now = performance.now();
    if (now < next && !(first && progress.rowsRead >= ROWS_PAGE_SIZE)) return;
    if (!send(progress)) return;
    first = false;
    const spent = performance.now() - now;
    next = performance.now() + Math.max(PROGRESS_MS, spent * PROGRESS_SHARE);
  };
}

function loadProgressSender(id: number): (progress: LoadProgress) => void {
  return paced((progress) => {
    const partial = progress.soFar(PARTIAL_ENTITIES);
    if (!partial) return false;
    rows = partial.rows;
    reply({
      type: 'progress',
      id,
      table: partial.table,
      total: partial.rows.total,
      bytesRead: progress.bytesRead,
      size: progress.size,
    });
    return true;
  });
}

function partialViewSender(
  id: number,
): (progress: LoadProgress, render: (progress: LoadProgress) => PartialView | undefined) => void {
  let render: ((progress: LoadProgress) => PartialView | undefined) | undefined;
  const send = paced((progress) => {
    const partial = render?.(progress);
    if (!partial) return false;
    rows = partial.rows;
    reply({ type: 'partialView', id, view: partial.view, total: partial.rows.total, fraction: partial.fraction });
    return true;
  });
  return (progress, renderer) => {
    render = renderer;
    send(progress);
  };
}

/** Answers a message; undefined when it answered itself (a view and its pages). */
async function handle(message: Exclude<ToWorker, { type: 'close' }>): Promise<FromWorker | undefined> {
  switch (message.type) {
    case 'load': {
      held = undefined;
      loadedTotals = undefined;
      const loaded = await readUsageTable(
        message.csvPath,
        message.hints,
        message.progress ? loadProgressSender(message.id) : undefined,
        bundleLocalize(message.l10n),
        closing.signal,
      );
      rows = loaded.rows;
      loadedTotals = loaded.table.totals;
      return { type: 'loaded', id: message.id, table: loaded.table, total: loaded.rows.total, buckets: loaded.buckets };
    }
    case 'open': {
      settings = message.settings;
      loadedTotals = undefined;
      held = await HeldTable.read(
        message.request,
        () => settings!,
        message.progress ? partialViewSender(message.id) : undefined,
        closing.signal,
      );
      rows = held.rows;
      return void sendView(message.id, held.render(settings, true), held.rows.total);
    }
    case 'render':
      settings = message.settings;
      if (!held) throw new Error('No table is loaded yet.');
      return void sendView(message.id, held.render(settings, true), held.rows.total);
    case 'shown':
      return { type: 'shown', id: message.id, table: held?.shown };
    case 'organise': {
      const organised = held ? held.organise(message) : loadedTotals && organiseTable(loadedTotals, message);
      if (!organised) throw new Error('No table is loaded yet.');
      return { type: 'organised', id: message.id, organised };
    }
    case 'organisedView':
      if (!held) throw new Error('No table is loaded yet.');
      return { type: 'packed', id: message.id, data: held.organisedView(message, message.chosen, message.l10n) };
    case 'page':
      if (!rows) throw new Error('No table is loaded yet.');
      return { type: 'page', id: message.id, rows: await rows.page(message.start, message.count) };
  }
}

/** Drops the table, stops a read and its pages, and ends the thread once it has freed its memory. */
async function close(): Promise<void> {
  closing.abort(new Error('The table was closed.'));
  held = undefined;
  rows = undefined;
  loadedTotals = undefined;
  renders++;
  await releaseHeapAndExit();
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') return void close();
  handle(message).then(
    (answer) => answer && reply(answer),
    (error: unknown) => reply({ type: 'failed', id: message.id, error: toWorkerError(error) }),
  );
});
