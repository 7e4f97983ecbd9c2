/**
 * Where a usage table is read and held, and what it is asked to read: a small file in the extension host (a worker
 * would cost more than the read), any other in a worker thread of its own, which also reads the previous period's
 * file of a comparison.
 */
import type { TableRequest } from '../core/table/heldTable';
import type { TableHints } from '../core/table/tablePlan';
import {
  InProcessTable,
  pricesScript,
  readsInProcess,
  type TableHandle,
  tableReaderScript,
  tableWorkerScript,
  WorkerTable,
} from '../core/table/workerTable';
import { fileEncoding } from '../services/settings';
import type { TableSource } from './tableSource';

/** A fresh holder for the table of `csvPath` (a reload of the file starts another). */
export function tableHandle(csvPath: string, extensionPath: string): TableHandle {
  return readsInProcess(csvPath)
    ? new InProcessTable(tableReaderScript(extensionPath))
    : new WorkerTable(tableWorkerScript(extensionPath));
}

/** The file to read with its hints, and the previous period's of a comparison. */
export function tableRequest(source: TableSource, extensionPath: string): TableRequest {
  const { csvPath, previous } = source;
  return {
    csvPath,
    hints: tableHints(source, csvPath),
    ...(previous ? { previous: { csvPath: previous.csvPath, hints: tableHints(source, previous.csvPath) } } : {}),
    pricesScript: pricesScript(extensionPath),
  };
}

/** The file's encoding setting and the saved export's type and grouping. */
function tableHints(source: TableSource, csvPath: string): TableHints {
  const encoding = fileEncoding(csvPath);
  return {
    ...(encoding ? { encoding } : {}),
    ...(source.record ? { type: source.record.type } : {}),
    ...(source.record?.groupBy ? { groupBy: source.record.groupBy } : {}),
  };
}
