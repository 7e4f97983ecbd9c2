import * as assert from 'node:assert/strict';
import { toRequestBody } from '../../src/core/dates/dateRange';
import {
  isoWeek,
  isSettled,
  lastPeriods,
  midnightInstant,
  periodCount,
  periodEndInstant,
  periodKey,
  previousPeriod,
  splitPeriods,
  Granularity,
} from '../../src/core/dates/periods';

const pairs = (from: string, to: string, granularity: Granularity, timezone = 'UTC') =>
  splitPeriods({ from, to, timezone }, granularity).map((p) => [p.from, p.to]);

describe('periods', () => {
  it('splits into calendar months, clipping the first and last to the range', () => {
    assert.deepEqual(pairs('2026-01-15', '2026-04-10', 'month'), [
      ['2026-01-15', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-01', '2026-03-31'],
      ['2026-04-01', '2026-04-10'],
    ]);
    assert.equal(periodCount({ from: '2026-01-15', to: '2026-04-10' }, 'month'), 4);
  });

  it('knows month ends and the leap day', () => {
    assert.deepEqual(pairs('2028-01-31', '2028-03-01', 'month'), [
      ['2028-01-31', '2028-01-31'],
      ['2028-02-01', '2028-02-29'],
      ['2028-03-01', '2028-03-01'],
    ]);
    assert.deepEqual(pairs('2028-02-28', '2028-03-01', 'day'), [
      ['2028-02-28', '2028-02-28'],
      ['2028-02-29', '2028-02-29'],
      ['2028-03-01', '2028-03-01'],
    ]);
    assert.deepEqual(pairs('2027-02-27', '2027-03-01', 'day').length, 3);
    assert.deepEqual(previousPeriod({ from: '2028-03-01', to: '2028-03-31', timezone: 'UTC' }), {
      from: '2028-02-01',
      to: '2028-02-29',
      timezone: 'UTC',
    });
  });

  it('splits into ISO weeks, Monday first, across a year end', () => {
    // 2026-12-28 is a Monday; 2027-01-03 a Sunday; ISO week 53 of 2026.
    assert.deepEqual(pairs('2026-12-24', '2027-01-12', 'week'), [
      ['2026-12-24', '2026-12-27'],
      ['2026-12-28', '2027-01-03'],
      ['2027-01-04', '2027-01-10'],
      ['2027-01-11', '2027-01-12'],
    ]);
    assert.equal(periodCount({ from: '2026-12-24', to: '2027-01-12' }, 'week'), 4);
    assert.deepEqual(isoWeek('2026-12-28'), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek('2027-01-03'), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek('2027-01-04'), { year: 2027, week: 1 });
    // 2024-12-30 (a Monday) is in week 1 of 2025.
    assert.deepEqual(isoWeek('2024-12-30'), { year: 2025, week: 1 });
    assert.equal(periodKey('2024-12-30', 'week'), '2025-W01');
    assert.equal(periodKey('2026-03-01', 'month'), '2026-03');
    assert.equal(periodKey('2026-03-29', 'day'), '2026-03-29');
  });

  it('a single day is one period of each granularity', () => {
    for (const g of ['day', 'week', 'month'] as const)
      assert.deepEqual(pairs('2026-05-06', '2026-05-06', g), [['2026-05-06', '2026-05-06']]);
  });

  it('keeps whole civil days across DST changes in Europe/Berlin and America/New_York', () => {
    // Berlin springs forward on 2026-03-29 (23 h day) and falls back on 2026-10-25 (25 h day).
    for (const [zone, spring, fall] of [
      ['Europe/Berlin', '2026-03-29', '2026-10-25'],
      ['America/New_York', '2026-03-08', '2026-11-01'],
    ]) {
      for (const day of [spring, fall]) {
        const periods = splitPeriods({ from: day, to: day, timezone: zone }, 'day');
        assert.deepEqual(toRequestBody(periods[0]), {
          from: { date: `${day}T00:00:00.000Z`, timezone: zone },
          to: { date: `${day}T23:59:59.999Z`, timezone: zone },
        });
      }
      const hours = (day: string) =>
        (periodEndInstant({ from: day, to: day, timezone: zone }) - midnightInstant(day, zone)) / 3600_000;
      assert.equal(hours(spring), 23, `${zone} spring`);
      assert.equal(hours(fall), 25, `${zone} fall`);
      // The week that holds the change is still Monday to Sunday.
      const weeks = splitPeriods({ from: '2026-03-01', to: '2026-03-31', timezone: zone }, 'week');
      assert.ok(weeks.slice(1, -1).every((w) => new Date(`${w.from}T00:00:00Z`).getUTCDay() === 1));
    }
    assert.equal(midnightInstant('2026-03-29', 'Europe/Berlin'), Date.parse('2026-03-28T23:00:00Z'));
    assert.equal(midnightInstant('2026-03-30', 'Europe/Berlin'), Date.parse('2026-03-29T22:00:00Z'));
    assert.equal(midnightInstant('2026-11-02', 'America/New_York'), Date.parse('2026-11-02T05:00:00Z'));
  });

  it('takes a period as settled 48 hours after its end on its own clock', () => {
    const march = { from: '2026-03-01', to: '2026-03-31', timezone: 'Europe/Berlin' };
    // March ends at 2026-03-31T22:00Z in Berlin (CEST).
    assert.equal(isSettled(march, Date.parse('2026-04-02T22:00:00Z')), false);
    assert.equal(isSettled(march, Date.parse('2026-04-02T22:00:01Z')), true);
    const ny = { ...march, timezone: 'America/New_York' };
    assert.equal(isSettled(ny, Date.parse('2026-04-03T03:59:00Z')), false);
    assert.equal(isSettled(ny, Date.parse('2026-04-03T04:01:00Z')), true);
  });

  it('makes the "last N" spans end today, starting on a period boundary', () => {
    assert.deepEqual(lastPeriods('2026-11-25', 'month', 12, 'UTC'), {
      from: '2025-12-01',
      to: '2026-11-25',
      timezone: 'UTC',
    });
    assert.deepEqual(lastPeriods('2026-11-25', 'week', 4, 'UTC').from, '2026-11-02');
    assert.deepEqual(lastPeriods('2026-11-25', 'day', 30, 'UTC').from, '2026-10-27');
  });

  it('finds the previous period: calendar month, ISO week, or the same number of days', () => {
    const prev = (from: string, to: string) => {
      const p = previousPeriod({ from, to, timezone: 'UTC' });
      return [p.from, p.to];
    };
    assert.deepEqual(prev('2026-03-01', '2026-03-31'), ['2026-02-01', '2026-02-28']);
    assert.deepEqual(prev('2026-01-01', '2026-01-31'), ['2025-12-01', '2025-12-31']);
    assert.deepEqual(prev('2026-11-23', '2026-11-29'), ['2026-11-16', '2026-11-22']);
    assert.deepEqual(prev('2026-11-10', '2026-11-24'), ['2026-10-26', '2026-11-09']);
  });
});
