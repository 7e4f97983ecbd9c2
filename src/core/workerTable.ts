/**
 * The host's side of the table worker: `load` starts a worker thread on dist/tableWorker.js, which parses the CSV
 * and keeps its row index, and returns the table with a RowSource whose pages the worker reads. `dispose` stops the
 * thread (closing a panel frees its memory at once).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CellValue, UsageTable } from '../shared/tableModel';
import type { RowSource } from './rowSource';
import type { TableHints } from './totals';
import { UsageBuckets } from './pricing/usageBuckets';
import { type FromWorker, type ToWorker, fromWorkerError } from './tableWorkerProtocol';

type Pending = {
  resolve: (reply: FromWorker) => void;
  reject: (error: Error) => void;
  progress?: (message: Extract<FromWorker, { type: 'progress' }>) => void;
};

/** The table of the rows read so far while a file loads, and how far the read is. */
export interface PartialLoad {
  table: UsageTable;
  rows: RowSource;
  buckets: UsageBuckets | undefined;
  /** 0 to 1. */
  fraction: number;
}

export class WorkerTable implements RowSource {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;
  total = 0;

  constructor(workerScript: string) {
    this.worker = new Worker(workerScript);
    this.worker.on('message', (message: FromWorker) => this.settle(message));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The table worker stopped (exit code ${code}).`)));
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
  ): Promise<{ table: UsageTable; rows: RowSource; buckets: UsageBuckets | undefined }> {
    const progress =
      onProgress &&
      ((m: Extract<FromWorker, { type: 'progress' }>) => {
        this.total = m.total;
        onProgress({
          table: m.table,
          rows: this,
          buckets: m.buckets && UsageBuckets.revive(m.buckets),
          fraction: m.size > 0 ? Math.min(1, m.bytesRead / m.size) : 0,
        });
      });
    const reply = await this.ask({ type: 'load', id: this.nextId++, csvPath, hints, progress: !!onProgress }, progress);
    if (reply.type !== 'loaded') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    this.total = reply.total;
    return { table: reply.table, rows: this, buckets: reply.buckets && UsageBuckets.revive(reply.buckets) };
  }

  async page(start: number, count: number): Promise<CellValue[][]> {
    const reply = await this.ask({ type: 'page', id: this.nextId++, start, count });
    if (reply.type !== 'page') throw new Error(`Unexpected answer from the table worker: ${reply.type}`);
    return reply.rows;
  }

  dispose(): void {
    this.stop(new Error('The table was closed.'));
    void this.worker.terminate();
  }

  private ask(message: ToWorker, progress?: Pending['progress']): Promise<FromWorker> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, progress });
      this.worker.postMessage(message);
    });
  }

  private settle(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') return pending.progress?.(message);
    this.pending.delete(message.id);
    if (message.type === 'failed') pending.reject(fromWorkerError(message.error));
    else pending.resolve(message);
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.pending.values()) reject(this.stopped);
    this.pending.clear();
  }
}

/** The bundled worker's file in an installed extension. */
export function tableWorkerScript(extensionPath: string): string {
  return join(extensionPath, 'dist', 'tableWorker.js');
}

/** Reads one CSV's table in a worker of its own, which stops once it has answered. */
export async function readTableOnce(
  workerScript: string,
  csvPath: string,
  hints: TableHints = {},
): Promise<UsageTable> {
  const worker = new WorkerTable(workerScript);
  try {
    return (await worker.load(csvPath, hints)).table;
  } finally {
    worker.dispose();
  }
}
