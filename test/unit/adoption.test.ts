/**
 * Adoption and seat status over a three-month users trend (issue 23), on hand-made exports whose figures were
 * worked out by hand: active users per department and period (never added up), the active share of seats,
 * messages per active user, and who is active, lapsed, never active or new, with the median days to first use.
 */
import * as assert from 'node:assert/strict';
import { loadUsageTable } from '../../src/core/table/totals';
import { adoptionMetrics, type AdoptionPeriod } from '../../src/core/org/adoption';
import { median, seatStatus, seatTable } from '../../src/core/org/seatStatus';
import { toCsv } from '../../src/webview/common/copyText';
import { scratchFolder } from './fixtures';

const HEADER = 'user_id,name,department,license_type,joined_at,messages_total';
const MONTHS: Record<string, string[]> = {
  '2026-01-01': [
    'u1,Ann,Eng,standard,2025-06-01,5',
    'u2,Bob,Eng,standard,2025-06-01,3',
    'u3,Cy,Sales,standard,2025-06-01,0',
    'u4,Di,,standard,2025-06-01,2',
  ],
  '2026-02-01': [
    'u1,Ann,Eng,standard,2025-06-01,4',
    'u2,Bob,Eng,standard,2025-06-01,0',
    'u3,Cy,Sales,standard,2025-06-01,0',
    'u4,Di,,standard,2025-06-01,',
    'u5,Ed,Sales,standard,2026-02-10,0',
  ],
  '2026-03-01': [
    'u1,Ann,Eng,standard,2025-06-01,6',
    'u2,Bob,Eng,standard,2025-06-01,0',
    'u3,Cy,Sales,standard,2025-06-01,0',
    'u4,Di,,standard,2025-06-01,1',
    'u5,Ed,Sales,standard,2026-02-10,9',
    'u6,Flo,Eng,standard,2026-03-05,2',
    'u7,Gus,Eng,,2026-01-20,0',
  ],
};
const english = (s: string) => s;

describe('adoption over a users trend', () => {
  const scratch = scratchFolder('langdock-adoption-');
  let periods: AdoptionPeriod[];

  before(async () => {
    periods = await Promise.all(
      Object.entries(MONTHS).map(async ([from, rows], i) => {
        const file = await scratch.write(`m${i}.csv`, [HEADER, ...rows].join('\n') + '\n');
        return {
          info: { key: from.slice(0, 7), from, to: from.replace(/01$/, '28'), status: 'done' as const },
          table: (await loadUsageTable(file)).table,
        };
      }),
    );
  });

  it('counts active users per department in each period, never adding periods up', () => {
    const [active] = adoptionMetrics(periods, english);
    assert.equal(active.key, 'adoption:active_users');
    assert.ok(!active.lines, 'people in different departments add up within a period: stacked');
    assert.deepEqual(
      active.table.rows.map((r) => r.cells),
      [
        ['Eng', '2', '1', '2', null],
        ['Sales', '0', '0', '1', null],
        // Di's February count is empty: unknown, so not active (and not 0 active by a guess).
        ['(no department)', '1', '0', '1', null],
      ],
    );
    assert.deepEqual(active.table.grandTotal, [null, '3', '1', '4', null]);
    assert.match(active.note ?? '', /never added up/);
  });

  it('gives the active share of seats and messages per active user as lines, from sums', () => {
    const [, share, perActive] = adoptionMetrics(periods, english);
    assert.ok(share.lines && perActive.lines);
    // March, Eng: seats Ann, Bob, Flo (Gus has no licence); active Ann and Flo.
    assert.deepEqual(share.table.rows[0].cells, ['Eng', '1', '0.5', '0.666667', null]);
    assert.deepEqual(perActive.table.rows[0].cells, ['Eng', '4', '4', '4', null]);
    assert.deepEqual(perActive.table.rows[1].cells, ['Sales', null, null, '9', null], 'no active user: n/a');
    // March overall: 18 messages by 4 active people.
    assert.equal(perActive.table.grandTotal[3], '4.5');
  });

  it('puts departments beyond the top 8 into Other, its ratio from its sums', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `p${i},P${i},D${i},standard,2025-01-01,${i < 5 ? 0 : 10 + i}`);
    // D0 is the biggest department, so the two smallest are the rest.
    rows.push('p10,P10,D0,standard,2025-01-01,1', 'p11,P11,D0,standard,2025-01-01,1');
    const file = await scratch.write('wide.csv', [HEADER, ...rows].join('\n') + '\n');
    const table = (await loadUsageTable(file)).table;
    const [active, share] = adoptionMetrics(
      [{ info: { key: '2026-01', from: '2026-01-01', to: '2026-01-31', status: 'done' }, table }],
      english,
    );
    assert.equal(active.table.rows.length, 9);
    assert.equal(active.table.rows[0].cells[0], 'D0');
    const other = share.table.rows.at(-1)!;
    assert.equal(other.cells[0], 'Other');
    assert.equal(active.table.rows.at(-1)!.cells[1], '2', 'D8 and D9 are both active');
    assert.equal(other.cells[1], '1', '2 active of 2 seats, not a sum of shares');
  });

  it('lists seat status: active in the latest period, lapsed, never active, new with median days to first use', () => {
    const status = seatStatus(periods, { from: '2026-01-01', to: '2026-03-31' })!;
    assert.equal(status.latest, '2026-03-01');
    const byName = new Map(status.people.map((p) => [p.name, p]));
    assert.deepEqual(
      ['Ann', 'Bob', 'Cy', 'Di', 'Ed', 'Flo', 'Gus'].map((n) => byName.get(n)?.status),
      ['active', 'lapsed', 'never', 'active', 'active', 'active', 'never'],
    );
    // Ed joined on 10 February and first used it in March: 19 days; Flo joined 5 March, active in March: 0.
    assert.equal(byName.get('Ed')?.daysToFirstUse, 19);
    assert.equal(byName.get('Flo')?.daysToFirstUse, 0);
    assert.equal(byName.get('Gus')?.isNew, true);
    assert.equal(byName.get('Gus')?.daysToFirstUse, null, 'never used: no days');
    assert.deepEqual(status.departments, [
      { name: 'Eng', active: 2, lapsed: 1, never: 1, newSeats: 2, medianDaysToFirstUse: '0' },
      { name: 'Sales', active: 1, lapsed: 0, never: 1, newSeats: 1, medianDaysToFirstUse: '19' },
      { name: null, active: 1, lapsed: 0, never: 0, newSeats: 0, medianDaysToFirstUse: null },
    ]);
  });

  it('shows seat status as departments opening to their people, and copies people as CSV safely', () => {
    const table = seatTable(seatStatus(periods, { from: '2026-01-01', to: '2026-03-31' })!, english);
    const eng = table.rows[0];
    assert.deepEqual(eng.cells.slice(0, 7), ['Eng', null, '2', '1', '1', '2', '0']);
    assert.deepEqual(
      eng.children?.map((p) => [p.cells[0], p.cells[1], p.key.split(':')[0]]),
      [
        ['Ann', 'Active', 'active'],
        ['Bob', 'Lapsed', 'lapsed'],
        ['Flo', 'Active', 'active'],
        ['Gus', 'Never active', 'never'],
      ],
    );
    assert.equal(table.rows[2].cells[0], '(no department)');
    assert.deepEqual(table.grandTotal.slice(2, 7), ['4', '1', '2', '3', '9.5'], 'median of 0 (Flo) and 19 (Ed)');
    const csv = toCsv(
      [
        { key: 'name', label: 'Person', format: 'text', aggregate: 'none' },
        { key: 'days', label: 'Days', format: 'decimal', aggregate: 'none' },
      ],
      [
        ['Müller, "Anna"', '3'],
        ['=HYPERLINK()', null],
      ],
    );
    assert.equal(csv, 'Person,Days\r\n"Müller, ""Anna""",3\r\n\'=HYPERLINK(),\r\n');
  });

  it('takes the median of the middle two for an even count, exactly', () => {
    assert.equal(median([4, 1, 3, 2]), '2.5');
    assert.equal(median([1, 3]), '2');
    assert.equal(median([7]), '7');
    assert.equal(median([]), null);
  });
});
