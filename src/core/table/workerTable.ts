/**
 * The host's side of the table worker: a worker thread on dist/tableWorker.js parses the CSV, keeps its row index
 * and, for a usage panel, holds the table and renders the webview's messages (`open`, `render`): the host receives
 * their bytes and forwards them. `load` returns a table itself, for callers that compute with it (trends, budget).
 * `dispose` stops the thread (closing a panel frees its memory at once).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { CellValue, UsageTable } from '../../shared/tableModel';
import type { HeldTable, TableRequest } from './heldTable';
import type { RowSource } from './rowSource';
import type { RenderedView, ViewSettings } from './tableView';
import type { TableHints } from './tablePlan';
import { UsageBuckets } from '../pricing/usageBuckets';
import { type FromWorker, type ToWorker, fromWorkerError } from './worker/tableWorkerProtocol';
import { endAfterGrace } from '../threads/workerEnd';
import { readFraction } from './readFraction';
import { OpenRequests } from '../../shared/openRequests';
import type { Organised, OrganiseRequest } from '../org/organiseTable';

type Progress = Extract<FromWorker, { type: 'progress' | 'partialView' }>;

type Pending = {
  resolve: (reply: FromWorker) => void;
  reject: (error: Error) => void;
  progress?: (message: Progress) => void;
};

/** A view as a handle gives it: its `later` pages come through `rest`, as they are packed. */
export interface ShownView extends RenderedView {
  rest?: AsyncIterable<Uint8Array>;
}

/** The rows read so far of a file still loading, rendered for the webview, and how far the read is (0 to 1). */
export interface PartialViewMessage {
  view: RenderedView;
  fraction: number;
}

/** A usage panel's table, held by a worker thread or, for a small file, by the host itself. */
export interface TableHandle extends RowSource {
  /** Reads the table and renders its view; `onPartial` hears of the rows read so far of a large file. */
  open(
    request: TableRequest,
    settings: ViewSettings,
    onPartial?: (partial: PartialViewMessage) => void,
  ): Promise<ShownView>;
  /** The view again at new settings, without reading the file again. */
  render(settings: ViewSettings): Promise<ShownView>;
  /** The whole table last rendered: what the webview was sent (for tests). */
  shown(): Promise<UsageTable | undefined>;
  /** The table's people grouped by an attribute (issue 23), where the table is held. */
  organise(request: OrganiseRequest): Promise<Organised>;
  /** The same as the webview's packed `organisation` message (see HeldTable.organisedView). */
  organisedView(request: OrganiseRequest, chosen: boolean, l10n: ViewSettings['l10n']): Promise<Uint8Array>;
  dispose(): void;
}

/**
 * The table of the rows read so far while a file loads, and how far the read is. It comes without the token sums:
 * reviving them on the extension host costs it 30–60 ms a time (thousands of exact sums), so costs computed from
 * tokens come with the whole table; Langdock's own cost column is there from the start.
 */
export interface PartialLoad {
  table: UsageTable;
  rows: RowSource;
  /** 0 to 1. */
  fraction: number;
}

export class WorkerTable implements TableHandle {
  private readonly worker: Worker;
  private readonly pending = new OpenRequests<Pending>();
  /** The later pages of views still coming from the worker, by the id of their request. */
  private readonly laterPages = new Map<number, Readable>();
  private stopped: Error | undefined;
  total = 0;
  /** The worker's exit code once it has ended: 0 when it ended itself (see dispose), 1 when it was ended. */
  readonly ended: Promise<number>;

  /**
   * `l10n`: the display language's bundle (`vscode.l10n.bundle`) for what a `load` writes, the file's warnings and
   * why it cannot be read; English when absent. (An `open` brings its own, in its settings.)
   */
  constructor(
    workerScript: string,
    private readonly l10n?: ViewSettings['l10n'],
  ) {
    this.worker = new Worker(workerScript);
    this.worker.on('message', (message: FromWorker) => this.settle(message));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The table worker stopped (exit code ${code}).`)));
    this.ended = new Promise((resolve) => this.worker.once('exit', resolve));
  }

  /**
   * Parses the CSV in the worker: the table, with this object as the source of its raw rows, and the token sums
   * to price (undefined without token columns). With `onProgress`, the tables of the rows read so far come on the
   * way (a large file); their rows are the ones read so far.
   */
  async load(
    csvPath: string,
    hints: TableHints = {},
    onProgress?: (partial: PartialLoad) => void,
  ): Promise<LoadedTable> {
    const progress =
      onProgress &&
      ((m: Progress) => {
        if (m.type !== 'progress') return;
        this.total = m.total;
        onProgress({
          table: m.table,
          rows: this,
          fraction: readFraction(m),
        });
      });
    const reply = await this.ask(
      (id) => ({ type: 'load', id, csvPath, hints, progress: !!onProgress, l10n: this.l10n }),
      progress,
    );
    if (reply.type !== 'loaded') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    this.total = reply.total;
    return { table: reply.table, rows: this, buckets: reply.buckets && UsageBuckets.revive(reply.buckets) };
  }

  async open(
    request: TableRequest,
    settings: ViewSettings,
    onPartial?: (partial: PartialViewMessage) => void,
  ): Promise<ShownView> {
    const progress =
      onPartial &&
      ((m: Progress) => {
        if (m.type !== 'partialView') return;
        this.total = m.total;
        onPartial({ view: m.view, fraction: m.fraction });
      });
    const reply = await this.ask((id) => ({ type: 'open', id, request, settings, progress: !!onPartial }), progress);
    return this.viewOf(reply);
  }

  async render(settings: ViewSettings): Promise<ShownView> {
    return this.viewOf(await this.ask((id) => ({ type: 'render', id, settings })));
  }

  async shown(): Promise<UsageTable | undefined> {
    const reply = await this.ask((id) => ({ type: 'shown', id }));
    if (reply.type !== 'shown') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    return reply.table;
  }

  private viewOf(reply: FromWorker): ShownView {
    if (reply.type !== 'view') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    this.total = reply.total;
    const rest = this.laterPages.get(reply.id);
    return rest ? { ...reply.view, rest } : reply.view;
  }

  async page(start: number, count: number): Promise<CellValue[][]> {
    const reply = await this.ask((id) => ({ type: 'page', id, start, count }));
    if (reply.type !== 'page') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    return reply.rows;
  }

  /** The loaded table's organisation, grouped in the worker. */
  async organise(request: OrganiseRequest): Promise<Organised> {
    const reply = await this.ask((id) => ({ type: 'organise', id, ...request }));
    if (reply.type !== 'organised') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    return reply.organised;
  }

  async organisedView(request: OrganiseRequest, chosen: boolean, l10n: ViewSettings['l10n']): Promise<Uint8Array> {
    const reply = await this.ask((id) => ({ type: 'organisedView', id, ...request, chosen, l10n }));
    if (reply.type !== 'packed') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    return reply.data;
  }

  /** The worker frees its memory and ends itself (see workerEnd.ts), or is ended after a grace time. */
  dispose(): void {
    this.stop(new Error('The table was closed.'));
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    endAfterGrace(this.worker);
  }

  private ask(message: (id: number) => ToWorker, progress?: Pending['progress']): Promise<FromWorker> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.worker.postMessage(message(this.pending.start({ resolve, reject, progress })));
    });
  }

  private settle(message: FromWorker): void {
    if (message.type === 'progress' || message.type === 'partialView')
      return this.pending.peek(message.id)?.progress?.(message);
    if (message.type === 'viewPage') return this.pageCame(message.id, message.data);
    if (message.type === 'view' && message.view.later)
      this.laterPages.set(message.id, new Readable({ objectMode: true, read: () => undefined }));
    const pending = this.pending.finish(message.id);
    if (!pending) return;
    if (message.type === 'failed') pending.reject(fromWorkerError(message.error));
    else pending.resolve(message);
  }

  /** A later page of a view, or its end (no `data`). */
  private pageCame(id: number, data: Uint8Array | undefined): void {
    const pages = this.laterPages.get(id);
    if (!pages) return;
    pages.push(data ?? null);
    if (!data) this.laterPages.delete(id);
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.pending.drain()) reject(this.stopped);
    for (const pages of this.laterPages.values()) pages.destroy(this.stopped);
    this.laterPages.clear();
  }
}

/** A CSV's table, its raw rows, and the token sums to price (undefined without token columns). */
export interface LoadedTable {
  table: UsageTable;
  rows: RowSource;
  buckets: UsageBuckets | undefined;
}

/**
 * Files up to this size are read in the extension host itself. Measured on a busy 2-core machine: a worker takes
 * 30–130 ms to start before it reads a byte, while a 6 KB export (a month of models by source) is read here in about
 * 12 ms of CPU, 30 ms the first time with the reader's loading; 32 KB took 30–55 ms the first time, too close to
 * a stall every other extension would feel, and a 256 KB file 30–85 ms every time: those belong in the worker.
 */
const IN_PROCESS_MAX_BYTES = 16 * 1024;

/** The file's size in bytes; undefined when it cannot be stat'ed. */
export function fileSize(csvPath: string): number | undefined {
  try {
    return statSync(csvPath).size;
  } catch {
    return undefined;
  }
}

/** Whether the file is small enough to read in the extension host (a file that cannot be stat'ed is not). */
export function readsInProcess(csvPath: string): boolean {
  return (fileSize(csvPath) ?? Infinity) <= IN_PROCESS_MAX_BYTES;
}

/**
 * A small CSV's table held in this thread, read and rendered by the worker's own code from `readerScript`
 * (dist/tableReader.js, required on demand; Node keeps it after the first time).
 */
export class InProcessTable implements TableHandle {
  private held: HeldTable | undefined;
  total = 0;

  constructor(private readonly readerScript: string) {}

  async open(request: TableRequest, settings: ViewSettings): Promise<ShownView> {
    // A runtime require of a file next to the bundle: esbuild must not inline the CSV reader into extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const reader = require(this.readerScript) as { HeldTable: typeof HeldTable };
    this.held = await reader.HeldTable.read(request, () => settings);
    this.total = this.held.rows.total;
    return this.held.render(settings).view;
  }

  render(settings: ViewSettings): Promise<ShownView> {
    if (!this.held) return Promise.reject(new Error('No table is loaded yet.'));
    return Promise.resolve(this.held.render(settings).view);
  }

  shown(): Promise<UsageTable | undefined> {
    return Promise.resolve(this.held?.shown);
  }

  organise(request: OrganiseRequest): Promise<Organised> {
    if (!this.held) return Promise.reject(new Error('No table is loaded yet.'));
    return Promise.resolve(this.held.organise(request));
  }

  organisedView(request: OrganiseRequest, chosen: boolean, l10n: ViewSettings['l10n']): Promise<Uint8Array> {
    if (!this.held) return Promise.reject(new Error('No table is loaded yet.'));
    return Promise.resolve(this.held.organisedView(request, chosen, l10n));
  }

  page(start: number, count: number): Promise<CellValue[][]> {
    if (!this.held) return Promise.reject(new Error('No table is loaded yet.'));
    return this.held.rows.page(start, count);
  }

  dispose(): void {
    this.held = undefined;
  }
}

/** The bundled worker's file in an installed extension. */
export function tableWorkerScript(extensionPath: string): string {
  return join(extensionPath, 'dist', 'tableWorker.js');
}

/** The price list's bundle (required on first use by whoever prices a table). */
export function pricesScript(extensionPath: string): string {
  return join(extensionPath, 'dist', 'prices.js');
}

/** The bundled in-thread reader's file in an installed extension. */
export function tableReaderScript(extensionPath: string): string {
  return join(extensionPath, 'dist', 'tableReader.js');
}

/**
 * Reads one CSV's table in a worker of its own, which stops once it has answered. `l10n`: the display language's
 * bundle, for the file's warnings and why it cannot be read (English without one).
 */
export async function readTableOnce(
  workerScript: string,
  csvPath: string,
  hints: TableHints,
  l10n: ViewSettings['l10n'],
): Promise<UsageTable> {
  const worker = new WorkerTable(workerScript, l10n);
  try {
    return (await worker.load(csvPath, hints)).table;
  } finally {
    worker.dispose();
  }
}
