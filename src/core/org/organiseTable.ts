/**
 * One request for a table's organisation, answered where the table is: in the table worker for a file read there
 * (a 160k-user export never groups on the extension host), or at once for a small file read in the host.
 */
import type { GroupedView, OrgAttribute, OrganisationResult } from '../../shared/organisation';
import type { TotalsTable } from '../../shared/tableModel';
import { groupedView } from './groupedView';
import { organisationResult, organise, seatPrices } from './organisation';

export interface OrganiseRequest {
  groupBy: OrgAttribute | null;
  /** `langdock.seatPrices` as set (validated here); undefined when it is not. */
  seatPrices?: unknown;
}

export interface Organised {
  view: GroupedView;
  /** The contract's figures; absent without a grouping. */
  result?: OrganisationResult;
}

export function organiseTable(totals: Pick<TotalsTable, 'columns' | 'rows'>, request: OrganiseRequest): Organised {
  const prices = seatPrices(request.seatPrices);
  const org = organise(totals, request.groupBy, prices);
  const view = groupedView(org, totals, prices);
  const { groupBy } = org;
  return groupBy ? { view, result: organisationResult({ ...org, groupBy }) } : { view };
}
