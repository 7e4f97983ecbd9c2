/** The view state (tab, sort, filter, expanded rows): what survives hiding and reloading the panel. */
import type { ViewState } from '../../shared/protocol';
import { isWarningSignId } from '../../shared/warningSigns';
import { isOrgAttribute } from '../../shared/organisation';

const DEFAULT_STATE: ViewState = { tab: 'totals', filter: '', expanded: [] };

/** A saved state is data from an earlier session: take only what has the right shape, default the rest. */
export function restoreState(saved: unknown): ViewState {
  if (saved === null || typeof saved !== 'object') return { ...DEFAULT_STATE, expanded: [] };
  const s = saved as Record<string, unknown>;
  const state: ViewState = {
    tab: s.tab === 'rows' ? 'rows' : 'totals',
    filter: typeof s.filter === 'string' ? s.filter.slice(0, 1000) : '',
    expanded: Array.isArray(s.expanded) ? s.expanded.filter((k): k is string => typeof k === 'string') : [],
  };
  if (typeof s.csvPath === 'string') state.csvPath = s.csvPath;
  // Opaque here, checked by the host that reads it back.
  if (Array.isArray(s.swaps)) state.swaps = s.swaps as ViewState['swaps'];
  const sort = s.sort as Record<string, unknown> | undefined;
  if (sort && typeof sort.column === 'string' && (sort.direction === 'asc' || sort.direction === 'desc')) {
    state.sort = { column: sort.column, direction: sort.direction, ...(sort.auto === true ? { auto: true } : {}) };
  }
  if (isWarningSignId(s.sign)) state.sign = s.sign;
  if (s.groupBy === 'none' || isOrgAttribute(s.groupBy)) state.groupBy = s.groupBy;
  return state;
}
