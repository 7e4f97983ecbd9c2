/** Display names of export types and groupings, in the language of `t` (the host's and the reports' one copy). */
import type { ExportType, GroupBy } from '../../shared/exportType';
import type { Localize } from '../../shared/template';
import type { DateRange } from '../dates/dateRange';

/** "Model usage", "User usage", … for titles. */
export function usageTitleIn(type: ExportType | 'unknown', t: Localize): string {
  switch (type) {
    case 'models':
      return t('Model usage');
    case 'users':
      return t('User usage');
    case 'agents':
      return t('Agent usage');
    case 'api-keys':
      return t('API key usage');
    case 'projects':
      return t('Project usage');
    case 'unknown':
      return t('Usage');
  }
}

export function groupingLabelIn(groupBy: GroupBy | undefined, t: Localize): string {
  switch (groupBy) {
    case undefined:
      return t('Not grouped');
    case 'source':
      return t('By source');
    case 'deployment':
      return t('By deployment');
    case 'model':
      return t('By model');
  }
}

export function rangeLabel(range: Pick<DateRange, 'from' | 'to'>): string {
  return range.from === range.to ? range.from : `${range.from} – ${range.to}`;
}
