/**
 * How much an entity is used on one day: its base rate, a trend over the workspace's life (some entities grow,
 * some shrink), a weekday effect (weekends are quiet) and day-to-day noise. One entity of each type appears only
 * late in the workspace's life and one stops, so that trends show newcomers and leavers. Every day is whole
 * numbers decided by (seed, workspace, type, entity, day) alone, so a range is exactly the sum of its days.
 */
import { DAY_MS } from './dates';
import { Rng } from './random';
import type { WorkspaceContext } from './shapes';

/** The workspace's age at which the trends reach their full effect. */
const TREND_DAYS = 180;
/** This entity of each type is first used this many days after the workspace was created… */
const NEWCOMER = { index: 1, fromDay: 120 };
/** …and this one is last used this many days after it. */
const LEAVER = { index: 2, untilDay: 90 };
/** Sunday first, as Date.getUTCDay counts. */
const WEEKDAY_FACTORS = [0.25, 1.05, 1.1, 1, 1, 0.9, 0.3];

export interface DayOfEntity {
  ws: WorkspaceContext;
  kind: string;
  index: number;
  /** Requests or messages per day before trend, weekday and noise. */
  rate: number;
  /** `YYYY-MM-DD`. */
  day: string;
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;

/** Whole requests (or messages) of the entity on the day; undefined when it did not exist (yet, or any more). */
export function dailyCount({ ws, kind, index, rate, day }: DayOfEntity, createdDay: string): number | undefined {
  const age = dayNumber(day) - dayNumber(createdDay);
  if (age < 0) return undefined;
  if (index === NEWCOMER.index && age < NEWCOMER.fromDay) return undefined;
  if (index === LEAVER.index && age > LEAVER.untilDay) return undefined;
  const growth = Rng.of(ws.seed, ws.orgId, kind, 'trend', index).between(-0.6, 1.8);
  const trend = Math.max(0.05, 1 + (growth * Math.min(age, TREND_DAYS)) / TREND_DAYS);
  const weekday = WEEKDAY_FACTORS[new Date(dayNumber(day) * DAY_MS).getUTCDay()];
  const noise = Rng.of(ws.seed, ws.orgId, kind, 'day', day, index).between(0.85, 1.15);
  return Math.round(rate * trend * weekday * noise);
}
