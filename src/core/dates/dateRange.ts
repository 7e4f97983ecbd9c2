/**
 * Date ranges as the Usage Export API wants them: whole civil days in an IANA timezone. Presets are computed from
 * "today" in the chosen zone, so "Today" in Berlin shortly after midnight is not UTC's today.
 */
import {
  addDays,
  addMonthsClamped,
  type CivilDate,
  daysInclusive,
  daysInMonth,
  formatYmd as format,
  parseYmd as parse,
  type Ymd,
} from '../../shared/civilDate';
import { type Problem, problem } from '../../shared/template';

export interface DateRange {
  from: CivilDate;
  to: CivilDate;
  timezone: string;
}

export interface ExportRangeBody {
  from: { date: string; timezone: string };
  to: { date: string; timezone: string };
}

export type PresetId =
  'today' | 'yesterday' | 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'lastQuarter' | 'yearToDate';

export const PRESET_IDS: readonly PresetId[] = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'yearToDate',
];

/** Langdock keeps 12 months of history. */
const HISTORY_MONTHS = 12;

export function isValidTimezone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The system's IANA zone, or UTC where the runtime does not know it. */
export function systemTimezone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimezone(zone) ? zone : 'UTC';
}

/** Every IANA zone the runtime knows, UTC first. */
export function knownTimezones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

/** Today's civil date in the zone at the instant `now`. */
export function todayIn(timezone: string, now: Date = new Date()): CivilDate {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return format({ y: get('year'), m: get('month'), d: get('day') });
}

/**
 * The first day Langdock still has data for, as of `today`.
 * @internal exported for its unit test
 */
export function earliestAllowed(today: CivilDate): CivilDate {
  return format(addMonthsClamped(parse(today)!, -HISTORY_MONTHS));
}

export function presetRange(preset: PresetId, timezone: string, now: Date = new Date()): DateRange {
  const today = parse(todayIn(timezone, now))!;
  const quarterStart = (date: Ymd): Ymd => ({ y: date.y, m: Math.floor((date.m - 1) / 3) * 3 + 1, d: 1 });
  const range = (from: Ymd, to: Ymd): DateRange => ({ from: format(from), to: format(to), timezone });
  switch (preset) {
    case 'today':
      return range(today, today);
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return range(yesterday, yesterday);
    }
    case 'last7':
      return range(addDays(today, -6), today);
    case 'last30':
      return range(addDays(today, -29), today);
    case 'thisMonth':
      return range({ ...today, d: 1 }, today);
    case 'lastMonth': {
      const start = addMonthsClamped({ ...today, d: 1 }, -1);
      return range(start, { ...start, d: daysInMonth(start.y, start.m) });
    }
    case 'thisQuarter':
      return range(quarterStart(today), today);
    case 'lastQuarter': {
      const start = addMonthsClamped(quarterStart(today), -3);
      const end = addDays(quarterStart(today), -1);
      return range(start, end);
    }
    case 'yearToDate':
      return range({ y: today.y, m: 1, d: 1 }, today);
  }
}

/**
 * Why a single date entered by the user is not acceptable, or undefined when it is. `today` is in the
 * export's timezone.
 */
export function dateProblem(input: string, today: CivilDate): Problem | undefined {
  const value = input.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return problem('Enter a date as YYYY-MM-DD.');
  if (!parse(value)) return problem('{0} is not a real date.', value);
  if (value > today) return problem('{0} is in the future (today is {1}).', value, today);
  const earliest = earliestAllowed(today);
  if (value < earliest) return problem('Langdock keeps 12 months of usage: choose {0} or later.', earliest);
  return undefined;
}

/** Why a range is not acceptable, or undefined when it is. */
export function rangeProblem(range: DateRange, today: CivilDate): Problem | undefined {
  if (!isValidTimezone(range.timezone)) return problem('"{0}" is not an IANA timezone.', range.timezone);
  const endProblem = dateProblem(range.from, today) ?? dateProblem(range.to, today);
  if (endProblem) return endProblem;
  if (range.from > range.to) return problem('The start date {0} is after the end date {1}.', range.from, range.to);
  return undefined;
}

/**
 * The request body's `from` and `to`: the first and last millisecond of the range's days on the zone's clock,
 * written with a trailing `Z` (`2026-11-01T00:00:00.000Z` … `2026-11-30T23:59:59.999Z`) and the IANA zone beside
 * each. Langdock strips the `Z` and reads the clock time in `timezone`, so the meaning is local midnight; the `Z`
 * is what its validator demands (a bare local time and a numeric offset are both refused with 400, per a
 * production client's field report). The strings never change with DST: the API applies the zone.
 */
export function toRequestBody(range: DateRange): ExportRangeBody {
  return {
    from: { date: `${range.from}T00:00:00.000Z`, timezone: range.timezone },
    to: { date: `${range.to}T23:59:59.999Z`, timezone: range.timezone },
  };
}

/** Number of days in the range, both ends included. */
export function dayCount(range: Pick<DateRange, 'from' | 'to'>): number {
  return daysInclusive(range.from, range.to)!;
}
