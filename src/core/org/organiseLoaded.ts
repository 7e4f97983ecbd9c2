/** Organises a loaded table where it was read: in its worker, or here for a small file read in the host. */
import { type LoadedTable, WorkerTable } from '../workerTable';
import { type Organised, type OrganiseRequest, organiseTable } from './organiseTable';

export function organiseLoaded({ table, rows }: LoadedTable, request: OrganiseRequest): Promise<Organised> {
  return rows instanceof WorkerTable ? rows.organise(request) : Promise.resolve(organiseTable(table.totals, request));
}
