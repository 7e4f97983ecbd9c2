/**
 * A trend's periods: calendar days, ISO weeks (Monday first) and calendar months in the trend's timezone, the
 * first and last clipped to the requested range. Periods are civil dates, so they never move with DST; only "has
 * this period ended, and how long ago" needs the zone's clock, and `periodEndInstant` asks it.
 */
import { type CivilDate, isoWeekday, shiftDays, shiftMonths } from '../../shared/civilDate';
import { type DateRange, dayCount } from './dateRange';

export type Granularity = 'day' | 'week' | 'month';

const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

export function isGranularity(value: unknown): value is Granularity {
  return typeof value === 'string' && (GRANULARITIES as readonly string[]).includes(value);
}

/** A trend never asks for more exports than this: a daily trend over a year would be 366 slow exports. */
export const MAX_PERIODS = 92;

/** The first day of the period that contains `date`. */
function periodStart(date: CivilDate, granularity: Granularity): CivilDate {
  switch (granularity) {
    case 'day':
      return date;
    case 'week':
      return shiftDays(date, -isoWeekday(date));
    case 'month':
      return `${date.slice(0, 8)}01`;
  }
}

/** The first day of the period `count` periods after the one starting at `start` (before, when negative). */
function shiftPeriods(start: CivilDate, granularity: Granularity, count: number): CivilDate {
  switch (granularity) {
    case 'day':
      return shiftDays(start, count);
    case 'week':
      return shiftDays(start, 7 * count);
    case 'month':
      return shiftMonths(start, count);
  }
}

/** The periods of the range in time order, the first and last clipped to it. */
export function splitPeriods(range: DateRange, granularity: Granularity): DateRange[] {
  const periods: DateRange[] = [];
  for (let start = periodStart(range.from, granularity); start <= range.to;) {
    const next = shiftPeriods(start, granularity, 1);
    const end = shiftDays(next, -1);
    periods.push({
      from: start < range.from ? range.from : start,
      to: end > range.to ? range.to : end,
      timezone: range.timezone,
    });
    start = next;
  }
  return periods;
}

/** How many periods the range has, without making them (for validation before anything is built). */
export function periodCount(range: Pick<DateRange, 'from' | 'to'>, granularity: Granularity): number {
  const first = periodStart(range.from, granularity);
  const last = periodStart(range.to, granularity);
  if (granularity === 'day') return dayCount(range);
  if (granularity === 'week') return (dayCount({ from: first, to: last }) - 1) / 7 + 1;
  const months = (date: CivilDate) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(last) - months(first) + 1;
}

/**
 * ISO 8601 week-numbering year and week of a date: the week belongs to the year of its Thursday.
 * @internal exported for its unit test
 */
export function isoWeek(date: CivilDate): { year: number; week: number } {
  const thursday = shiftDays(date, 3 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayCount({ from: `${year}-01-01`, to: thursday }) - 1) / 7) + 1;
  return { year, week };
}

/** A short, sortable name of the period that starts at `from`: `2026-03-29`, `2026-W13`, `2026-03`. */
export function periodKey(from: CivilDate, granularity: Granularity): string {
  if (granularity === 'day') return from;
  if (granularity === 'month') return from.slice(0, 7);
  const { year, week } = isoWeek(from);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The zone's UTC offset in ms at an instant (positive east of Greenwich). */
function zoneOffset(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (instant - (instant % 1000));
}

/**
 * The instant the zone's clock reaches midnight starting `date`. Where a zone skips midnight itself (a few change
 * their clocks at 00:00) this is within an hour of it, close enough for the 48-hour rule.
 */
export function midnightInstant(date: CivilDate, zone: string): number {
  const asUtc = Date.parse(`${date}T00:00:00.000Z`);
  const guess = asUtc - zoneOffset(asUtc, zone);
  return asUtc - zoneOffset(guess, zone);
}

/**
 * The instant a period ends: midnight after its last day, on its zone's clock.
 * @internal exported for its unit test
 */
export function periodEndInstant(period: DateRange): number {
  return midnightInstant(shiftDays(period.to, 1), period.timezone);
}

/** How long after its end a period's numbers are taken as final, so a saved export of it is reused. */
const SETTLED_AFTER_MS = 48 * 3600_000;

/** Whether a period ended more than 48 hours before `now`. */
export function isSettled(period: DateRange, now: number): boolean {
  return now - periodEndInstant(period) > SETTLED_AFTER_MS;
}

/** The last `count` periods up to and including today's (which runs to today). */
export function lastPeriods(today: CivilDate, granularity: Granularity, count: number, timezone: string): DateRange {
  return { from: shiftPeriods(periodStart(today, granularity), granularity, 1 - count), to: today, timezone };
}

/**
 * The period of the same kind just before `range`: the previous calendar month for a whole month, the previous
 * week for a whole ISO week, otherwise the same number of days right before it.
 */
export function previousPeriod(range: DateRange): DateRange {
  const whole = (granularity: Granularity) =>
    periodStart(range.from, granularity) === range.from &&
    shiftDays(shiftPeriods(range.from, granularity, 1), -1) === range.to;
  for (const granularity of ['month', 'week'] as const) {
    if (whole(granularity)) {
      const from = shiftPeriods(range.from, granularity, -1);
      return { from, to: shiftDays(range.from, -1), timezone: range.timezone };
    }
  }
  const days = dayCount(range);
  return { from: shiftDays(range.from, -days), to: shiftDays(range.from, -1), timezone: range.timezone };
}
