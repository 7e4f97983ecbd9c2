/** The checks of the command line's flags, with the core's own rules (the extension's prompts apply the same). */
import { type DateRange, isValidTimezone, rangeProblem, systemTimezone, todayIn } from '../core/dates/dateRange';
import { groupingFor } from '../core/schema/exportTypes';
import { isGranularity, type Granularity } from '../core/dates/periods';
import { EXPORT_TYPES, type ExportType, type GroupBy, isExportType } from '../shared/exportType';
import { english, localize } from '../shared/template';
import { UsageError } from './cliError';

export function exportType(value: string | undefined): ExportType {
  if (value === undefined) throw new UsageError(`--type is required: ${EXPORT_TYPES.join(', ')}.`);
  if (!isExportType(value)) throw new UsageError(`Unknown export type "${value}": use ${EXPORT_TYPES.join(', ')}.`);
  return value;
}

export function granularity(value: string | undefined): Granularity {
  if (!isGranularity(value))
    throw new UsageError(`--granularity must be day, week or month${value ? `, not "${value}"` : ''}.`);
  return value;
}

export function range(from: string | undefined, to: string | undefined, timezone: string | undefined): DateRange {
  if (!from || !to) throw new UsageError('--from and --to are required (YYYY-MM-DD, both days included).');
  const zone = timezone ?? systemTimezone();
  const today = todayIn(isValidTimezone(zone) ? zone : 'UTC');
  const result = { from, to, timezone: zone };
  const problem = rangeProblem(result, today);
  if (problem) throw new UsageError(localize(problem, english));
  return result;
}

export function grouping(type: ExportType, value: string | undefined): GroupBy | undefined {
  if (value === undefined) return undefined;
  const fact = groupingFor(type, value as GroupBy);
  if (!fact) throw new UsageError(`${type} exports cannot be grouped by "${value}".`);
  return fact.value;
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be ${allowed.join(', ')}${value === undefined ? '' : `, not "${value}"`}.`);
}
