import * as assert from 'assert';
import {
  dateProblem,
  dayCount,
  earliestAllowed,
  presetRange,
  rangeProblem,
  todayIn,
  toRequestBody,
  PRESET_IDS,
} from '../../src/core/dates/dateRange';

describe('dateRange', () => {
  // 2026-11-24 23:30 UTC is already the 25th in Berlin (UTC+1) and still the 24th in New York.
  const lateEvening = new Date('2026-11-24T23:30:00Z');

  it('computes today in the chosen timezone, not in UTC', () => {
    assert.strictEqual(todayIn('UTC', lateEvening), '2026-11-24');
    assert.strictEqual(todayIn('Europe/Berlin', lateEvening), '2026-11-25');
    assert.strictEqual(todayIn('America/New_York', lateEvening), '2026-11-24');
    assert.strictEqual(todayIn('Pacific/Kiritimati', lateEvening), '2026-11-25');
  });

  it('resolves every preset in Berlin', () => {
    const expected: Record<string, [string, string]> = {
      today: ['2026-11-25', '2026-11-25'],
      yesterday: ['2026-11-24', '2026-11-24'],
      last7: ['2026-11-19', '2026-11-25'],
      last30: ['2026-10-27', '2026-11-25'],
      thisMonth: ['2026-11-01', '2026-11-25'],
      lastMonth: ['2026-10-01', '2026-10-31'],
      thisQuarter: ['2026-10-01', '2026-11-25'],
      lastQuarter: ['2026-07-01', '2026-09-30'],
      yearToDate: ['2026-01-01', '2026-11-25'],
    };
    for (const preset of PRESET_IDS) {
      const range = presetRange(preset, 'Europe/Berlin', lateEvening);
      assert.deepStrictEqual([range.from, range.to], expected[preset], preset);
      assert.strictEqual(range.timezone, 'Europe/Berlin');
    }
  });

  it('handles year and leap boundaries', () => {
    const jan = new Date('2028-01-10T12:00:00Z');
    assert.deepStrictEqual(presetRange('lastMonth', 'UTC', jan), {
      from: '2027-12-01',
      to: '2027-12-31',
      timezone: 'UTC',
    });
    assert.deepStrictEqual(presetRange('lastQuarter', 'UTC', jan), {
      from: '2027-10-01',
      to: '2027-12-31',
      timezone: 'UTC',
    });
    const march = new Date('2028-03-05T12:00:00Z');
    assert.deepStrictEqual(presetRange('lastMonth', 'UTC', march), {
      from: '2028-02-01',
      to: '2028-02-29',
      timezone: 'UTC',
    });
    assert.strictEqual(earliestAllowed('2028-02-29'), '2027-02-28');
  });

  it('explains what is wrong with a date', () => {
    const today = '2026-11-25';
    assert.strictEqual(dateProblem('2026-11-01', today), undefined);
    assert.strictEqual(dateProblem(' 2026-11-25 ', today), undefined);
    assert.match(dateProblem('11/01/2026', today)!.message, /YYYY-MM-DD/);
    assert.deepStrictEqual(dateProblem('2026-02-30', today), {
      message: '{0} is not a real date.',
      args: ['2026-02-30'],
    });
    assert.deepStrictEqual(dateProblem('2026-11-26', today)!.args, ['2026-11-26', today]);
    assert.deepStrictEqual(dateProblem('2025-11-24', today)!.args, ['2025-11-25']);
    assert.strictEqual(dateProblem('2025-11-25', today), undefined);
  });

  it('checks ranges: order, zone, both ends', () => {
    const today = '2026-11-25';
    assert.strictEqual(
      rangeProblem({ from: '2026-11-01', to: '2026-11-02', timezone: 'Asia/Tokyo' }, today),
      undefined,
    );
    assert.match(rangeProblem({ from: '2026-11-03', to: '2026-11-02', timezone: 'UTC' }, today)!.message, /after/);
    assert.match(
      rangeProblem({ from: '2026-11-01', to: '2026-11-02', timezone: 'Mars/Olympus' }, today)!.message,
      /IANA/,
    );
    assert.match(rangeProblem({ from: '2026-11-01', to: '2027-01-01', timezone: 'UTC' }, today)!.message, /future/);
  });

  it('builds the request body as the zone clock times written with Z, never an offset or a bare local time', () => {
    const body = toRequestBody({ from: '2026-11-01', to: '2026-11-24', timezone: 'Europe/Berlin' });
    assert.deepStrictEqual(body, {
      from: { date: '2026-11-01T00:00:00.000Z', timezone: 'Europe/Berlin' },
      to: { date: '2026-11-24T23:59:59.999Z', timezone: 'Europe/Berlin' },
    });
    assert.strictEqual(dayCount({ from: '2026-10-20', to: '2026-11-02' }), 14);
  });

  it('keeps the same strings on DST days: the API applies the zone', () => {
    // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25; New York on 2026-03-08 and 2026-11-01.
    const cases: [string, string, string][] = [
      ['Europe/Berlin', '2026-03-29', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25', '2026-10-25'],
      ['America/New_York', '2026-03-08', '2026-03-08'],
      ['America/New_York', '2026-10-31', '2026-11-01'],
    ];
    for (const [timezone, from, to] of cases) {
      assert.deepStrictEqual(toRequestBody({ from, to, timezone }), {
        from: { date: `${from}T00:00:00.000Z`, timezone },
        to: { date: `${to}T23:59:59.999Z`, timezone },
      });
    }
  });
});
