/**
 * The request-body rules of the Usage Export API (langdock-api.md §2, §5, §6), with the field report's strictness
 * about offsets. Every refusal is a 400 whose message says what to change.
 */
import type { GroupBy } from '../../src/shared/exportType';
import {
  dayInZone,
  dayOf,
  isIanaZone,
  parseWallTime,
  subtractMonths,
  WallTime,
  wallTimeText,
  wallTimeToInstant,
} from './dates';
import { allowedGroupings, SandboxDataType } from './generate';

interface RangeEnd {
  /** The wall time in one spelling, `YYYY-MM-DDTHH:mm:ss.SSS` (no Z), so equal times give equal data. */
  date: string;
  timezone: string;
  wall: WallTime;
  instant: number;
}

interface ExportRequest {
  from: RangeEnd;
  to: RangeEnd;
  groupBy?: GroupBy;
}

export type Validation = { ok: true; request: ExportRequest } | { ok: false; message: string };

/** How far back exports reach, as the admin UI states. */
const HISTORY_MONTHS = 12;

/** Echoes a bit of the caller's value in messages without letting a huge one through. */
const quote = (value: unknown): string => JSON.stringify(value)?.slice(0, 60) ?? 'undefined';

function rangeEnd(body: Record<string, unknown>, field: 'from' | 'to'): RangeEnd | string {
  const value = body[field];
  if (typeof value !== 'object' || value === null)
    return `"${field}" is required: an object with "date" and "timezone"`;
  const { date, timezone } = value as Record<string, unknown>;
  const wall = typeof date === 'string' ? parseWallTime(date) : undefined;
  if (!wall) {
    return (
      `Invalid ${field}.date ${quote(date)}: expected an ISO 8601 date-time ending in Z, like ` +
      '2024-01-01T00:00:00.000Z (a time without Z and numeric offsets such as +01:00 are not accepted)'
    );
  }
  if (typeof timezone !== 'string' || !isIanaZone(timezone)) {
    return `Invalid ${field}.timezone ${quote(timezone)}: expected an IANA time zone such as Europe/Berlin or UTC`;
  }
  return { date: wallTimeText(wall), timezone, wall, instant: wallTimeToInstant(wall, timezone) };
}

function groupBy(type: SandboxDataType, value: unknown, byok: boolean): GroupBy | undefined | { message: string } {
  if (value === undefined || value === null) return undefined;
  const allowed = allowedGroupings(type);
  if (allowed.length === 0) return { message: `group_by is not supported for ${type} exports: omit the field` };
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return { message: `Invalid group_by ${quote(value)} for ${type}: allowed values are ${allowed.join(', ')}` };
  }
  if (value === 'deployment' && !byok) {
    return { message: 'group_by "deployment" is only available for BYOK (bring-your-own-keys) workspaces' };
  }
  return value as GroupBy;
}

export function validateExportBody(type: SandboxDataType, body: unknown, byok: boolean, now: number): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'The request body must be a JSON object with "from" and "to"' };
  }
  const fields = body as Record<string, unknown>;
  const from = rangeEnd(fields, 'from');
  if (typeof from === 'string') return { ok: false, message: from };
  const to = rangeEnd(fields, 'to');
  if (typeof to === 'string') return { ok: false, message: to };
  if (from.instant > to.instant) return { ok: false, message: 'Invalid date range: "from" must not be after "to"' };
  if (dayOf(to.wall) > dayInZone(now, to.timezone)) {
    return { ok: false, message: 'Invalid date range: "to" must not be in the future' };
  }
  const earliest = subtractMonths(dayInZone(now, from.timezone), HISTORY_MONTHS);
  if (dayOf(from.wall) < earliest) {
    return {
      ok: false,
      message: `Invalid date range: data older than ${HISTORY_MONTHS} months cannot be exported (earliest date: ${earliest})`,
    };
  }
  const grouping = groupBy(type, fields.group_by, byok);
  if (typeof grouping === 'object') return { ok: false, message: grouping.message };
  return { ok: true, request: { from, to, groupBy: grouping } };
}
