/**
 * Civil dates (`YYYY-MM-DD`, a day on a calendar with no clock or zone), once for the host and the webview: read,
 * written and counted through UTC midnight, which has no DST jumps.
 */

/** A civil date, `YYYY-MM-DD`. */
export type CivilDate = string;

export interface Ymd {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatYmd({ y, m, d }: Ymd): CivilDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The parts of a real date; undefined for anything else (`2026-02-30`, `26-1-1`). */
export function parseYmd(date: string): Ymd | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const ymd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  if (ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m)) return undefined;
  return ymd;
}

export function addDays(date: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** `months` calendar months later, clamped to the month's end (31 March - 1 month = 28/29 Feb). */
export function addMonthsClamped({ y, m, d }: Ymd, months: number): Ymd {
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return { y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) };
}

/** The civil date `days` days after `date` (before, when negative). */
export function shiftDays(date: CivilDate, days: number): CivilDate {
  return formatYmd(addDays(parseYmd(date)!, days));
}

/** The civil date `months` calendar months after `date`, clamped to the month's end. */
export function shiftMonths(date: CivilDate, months: number): CivilDate {
  return formatYmd(addMonthsClamped(parseYmd(date)!, months));
}

/** The last day of the month `m` (1–12) of `y`. */
export function lastDayOfMonth(y: number, m: number): CivilDate {
  return formatYmd({ y, m, d: daysInMonth(y, m) });
}

/** Monday = 0 … Sunday = 6. */
export function isoWeekday(date: CivilDate): number {
  const { y, m, d } = parseYmd(date)!;
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Days from `from` to `to`, both included; undefined when either is not a real date. */
export function daysInclusive(from: string, to: string): number | undefined {
  const a = parseYmd(from);
  const b = parseYmd(to);
  if (!a || !b) return undefined;
  return (Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000 + 1;
}
