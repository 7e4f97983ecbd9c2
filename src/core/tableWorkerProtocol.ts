/** The messages between the extension host and the table worker (see tableWorker.ts and workerTable.ts). */
import type { CellValue, UsageTable } from '../shared/tableModel';
import type { TableHints } from './totals';
import type { UsageBuckets } from './pricing/usageBuckets';
import type { Organised, OrganiseRequest } from './org/organiseTable';

export type ToWorker =
  /** `progress`: send partial tables while the file loads. */
  | { type: 'load'; id: number; csvPath: string; hints: TableHints; progress?: boolean }
  | { type: 'page'; id: number; start: number; count: number }
  /** The loaded table's people grouped by an attribute (issue 23). */
  | ({ type: 'organise'; id: number } & OrganiseRequest);

/** An error crosses the thread as its name and message: the host shows only those. */
export interface WorkerError {
  name: string;
  message: string;
}

export type FromWorker =
  /** `buckets`: the token sums cost is priced from, when the file has token columns (a structured clone). */
  | { type: 'loaded'; id: number; table: UsageTable; total: number; buckets?: UsageBuckets }
  /** The table of the rows read so far (its totals capped at the first entities), while a load runs. */
  | {
      type: 'progress';
      id: number;
      table: UsageTable;
      total: number;
      bytesRead: number;
      size: number;
    }
  | { type: 'page'; id: number; rows: CellValue[][] }
  | { type: 'organised'; id: number; organised: Organised }
  | { type: 'failed'; id: number; error: WorkerError };

export function toWorkerError(error: unknown): WorkerError {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

export function fromWorkerError({ name, message }: WorkerError): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
