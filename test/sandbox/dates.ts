/**
 * Calendar arithmetic for the sandbox, done the way the API documents it: a request date is a wall-clock time in
 * an IANA time zone written with a trailing Z that the API strips, so it must be turned into an instant before
 * ranges can be compared.
 */

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DDTHH:mm:ss(.sss)Z`, as Langdock's validator is reported to demand: the Z is required. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/**
 * Parses `YYYY-MM-DDTHH:mm:ss(.sss)Z`; anything else gives undefined: a bare local time, a numeric offset, a date
 * without a time.
 */
export function parseWallTime(text: string): WallTime | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  // `.5` is 500 ms, as in ISO 8601.
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC rolls 31 February over into March; a real date survives the round trip.
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second, ms };
}

export function isIanaZone(zone: string): boolean {
  // Intl also accepts offsets in newer engines; the API documents zone names only.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, as if it were UTC (so the difference is the zone's offset). */
function wallClockAsUtc(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), instant % 1000);
}

/** The instant at which the zone's clock shows `wall` (the earlier one in a DST overlap, close enough for tests). */
export function wallTimeToInstant(wall: WallTime, zone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  const firstGuess = asUtc - (wallClockAsUtc(asUtc, zone) - asUtc);
  return asUtc - (wallClockAsUtc(firstGuess, zone) - firstGuess);
}

/** `YYYY-MM-DD` of an instant in a zone. */
export function dayInZone(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function dayOf(wall: WallTime): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `YYYY-MM-DDTHH:mm:ss.SSS`, without a zone. */
export function wallTimeText(wall: WallTime): string {
  return `${dayOf(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}.${pad(wall.ms, 3)}`;
}

/** `YYYY-MM-DD` minus whole months, clamped to the month's end (31 March - 1 month = 28/29 February). */
export function subtractMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Every `YYYY-MM-DD` from `first` to `last`, both included; empty when `first` is after `last`. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00.000Z`); t <= Date.parse(`${last}T00:00:00.000Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export const maxDay = (a: string, b: string): string => (a > b ? a : b);
