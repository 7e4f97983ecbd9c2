/** The messages between the extension host and the table worker (see tableWorker.ts and workerTable.ts). */
import type { CellValue, UsageTable } from '../../../shared/tableModel';
import type { TableRequest } from '../heldTable';
import type { RenderedView, ViewSettings } from '../tableView';
import type { TableHints } from '../tablePlan';
import type { UsageBuckets } from '../../pricing/usageBuckets';
import { reasonOf, type Problem } from '../../../shared/template';
import type { Organised, OrganiseRequest } from '../../org/organiseTable';

export type ToWorker =
  /** Reads a table for its caller (a trend, a budget). `progress`: send partial tables while the file loads. */
  | {
      type: 'load';
      id: number;
      csvPath: string;
      hints: TableHints;
      progress?: boolean;
      /** The bundle the file's warnings and read errors are written with (English when absent). */
      l10n?: ViewSettings['l10n'];
    }
  /**
   * Reads and holds a usage panel's table and renders its view at `settings`; `progress`: render the rows read so
   * far on the way.
   */
  | { type: 'open'; id: number; request: TableRequest; settings: ViewSettings; progress: boolean }
  /** The view of the held table at new settings (prices, what-if swaps). */
  | { type: 'render'; id: number; settings: ViewSettings }
  /** The whole table last rendered (for tests). */
  | { type: 'shown'; id: number }
  | { type: 'page'; id: number; start: number; count: number }
  /** The held (or last loaded) table's people grouped by an attribute (issue 23). */
  | ({ type: 'organise'; id: number } & OrganiseRequest)
  /** The held table's grouped view as the webview's packed `organisation` message (see HeldTable.organisedView). */
  | ({ type: 'organisedView'; id: number; chosen: boolean; l10n: ViewSettings['l10n'] } & OrganiseRequest)
  /** The table is closed: stop reading, free the memory here (see releaseHeap) and end. No answer. */
  | { type: 'close' };

/** An error crosses the thread as its name and message: the host shows only those. */
export interface WorkerError {
  name: string;
  message: string;
  /** The error's reason to localize in the host (see `reasonOf`), when it has one. */
  reason?: Problem;
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
  /**
   * A rendered view (its bytes are transferred, not copied); `total`: the raw rows in the file. Its `view.later`
   * pages follow in `viewPage` messages of the same id.
   */
  | { type: 'view'; id: number; view: RenderedView; total: number }
  /** The next page of a `view` with pages `later`; without `data`: no more (the last, or a newer view replaced it). */
  | { type: 'viewPage'; id: number; data?: Uint8Array }
  /** The rendered view of the rows read so far, while an `open` runs. */
  | { type: 'partialView'; id: number; view: RenderedView; total: number; fraction: number }
  | { type: 'shown'; id: number; table: UsageTable | undefined }
  | { type: 'page'; id: number; rows: CellValue[][] }
  | { type: 'organised'; id: number; organised: Organised }
  /** A packed message for the webview (its bytes are transferred). */
  | { type: 'packed'; id: number; data: Uint8Array }
  | { type: 'failed'; id: number; error: WorkerError };

export function toWorkerError(error: unknown): WorkerError {
  const reason = reasonOf(error);
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(reason ? { reason } : {}) }
    : { name: 'Error', message: String(error) };
}

export function fromWorkerError({ name, message, reason }: WorkerError): Error {
  const error = new Error(message);
  error.name = name;
  return reason ? Object.assign(error, { reason }) : error;
}

/** The buffers of a view's messages: posted as a transfer list, they move to the other thread without a copy. */
export function viewBuffers(view: RenderedView): ArrayBuffer[] {
  return view.messages.map((m) => m.buffer as ArrayBuffer);
}
