/**
 * The organisation of a users table (issue 23) on a hand-made export (test/fixtures/users-org.csv) whose every
 * figure was worked out by hand: groups, active and inactive seats, unknown message counts, cost with unknown
 * members, idle seat cost with an unpriced licence, the grouped table the webview shows.
 */
import * as assert from 'node:assert/strict';
import { loadUsageTable } from '../../src/core/table/totals';
import { groupedView } from '../../src/core/org/groupedView';
import { organisationResult, organise, seatPrices } from '../../src/core/org/organisation';
import { PeopleRows } from '../../src/shared/orgPeople';
import type { TotalsTable } from '../../src/shared/tableModel';
import { fixture } from './fixtures';

const PRICES = seatPrices({ standard: 25, power: 60 });

describe('organisation', () => {
  let totals: TotalsTable;
  before(async () => {
    totals = (await loadUsageTable(fixture('users-org.csv'))).table.totals;
  });

  it('groups by department: active, inactive, unknown, cost partial, idle seats priced case-insensitively', () => {
    const org = organise(totals, 'department', PRICES);
    assert.deepEqual(organisationResult({ ...org, groupBy: 'department' }), {
      groupBy: 'department',
      groups: [
        // Ann 10 messages; Bob 0 on a Power licence (60); Cy 0 without a licence: no seat.
        {
          name: 'Engineering',
          users: 3,
          activeUsers: 1,
          inactiveSeats: 1,
          messages: '10',
          costUsd: '0.3',
          costPartial: false,
          idleSeatCostPerMonthUsd: '60',
        },
        // Di's count is empty (unknown: neither), Ed's 0 on an unpriced licence; Di's cost unknown.
        {
          name: 'R&D, "Labs"',
          users: 2,
          activeUsers: 0,
          inactiveSeats: 1,
          messages: '0',
          costUsd: '0.05',
          costPartial: true,
          idleSeatCostPerMonthUsd: '0',
        },
        // Flo 7 messages; the nameless u7 0 on standard (25).
        {
          name: null,
          users: 2,
          activeUsers: 1,
          inactiveSeats: 1,
          messages: '7',
          costUsd: '1.005',
          costPartial: false,
          idleSeatCostPerMonthUsd: '25',
        },
      ],
      total: {
        users: 7,
        activeUsers: 2,
        inactiveSeats: 3,
        messages: '17',
        costUsd: '1.355',
        costPartial: true,
        idleSeatCostPerMonthUsd: '85',
      },
    });
    assert.equal(org.total.messagesUnknown, 1);
    assert.equal(org.total.idleUnpriced, 1, "Ed's enterprise licence has no price");
    assert.equal(org.groups[0].paygUsd, '1.5');
    assert.equal(org.total.paygUsd, '3.85');
  });

  it('leaves the idle seat cost out (null, not 0) without seat prices, and groups by licence and role', () => {
    const byLicence = organise(totals, 'license_type');
    assert.deepEqual(
      byLicence.groups.map((g) => [g.name, g.users, g.inactiveSeats, g.idleSeatCostPerMonthUsd]),
      [
        ['enterprise', 1, 1, null],
        ['Power', 1, 1, null],
        ['standard', 4, 1, null],
        [null, 1, 0, null],
      ],
    );
    assert.equal(byLicence.total.idleSeatCostPerMonthUsd, null);
    const byRole = organise(totals, 'role', PRICES);
    assert.deepEqual(
      byRole.groups.map((g) => [g.name, g.users, g.activeUsers]),
      [
        ['admin', 1, 1],
        ['editor', 1, 1],
        ['member', 5, 0],
      ],
    );
  });

  it('every person is in exactly one group, and the groups add up to the total', () => {
    for (const by of ['department', 'company_name', 'license_type', 'role'] as const) {
      const org = organise(totals, by, PRICES);
      const rows = org.groups.flatMap((g) => g.members.map((m) => m.row)).sort((a, b) => a - b);
      assert.deepEqual(rows, [0, 1, 2, 3, 4, 5, 6], by);
      assert.equal(
        org.groups.reduce((n, g) => n + g.inactiveSeats, 0),
        org.total.inactiveSeats,
        by,
      );
    }
  });

  it('without a grouping gives the total alone', () => {
    const org = organise(totals, null, PRICES);
    assert.deepEqual(org.groups, []);
    assert.equal(org.total.users, 7);
    assert.equal(org.total.idleSeatCostPerMonthUsd, '85');
  });

  it('reads seat prices from the setting, case-insensitively, leaving out what is not an amount', () => {
    const prices = seatPrices({ Standard: 25, ' POWER ': 60.5, broken: 'x', negative: -1 });
    assert.deepEqual([...(prices?.keys() ?? [])], ['standard', 'power']);
    assert.equal(seatPrices('nonsense'), undefined);
    assert.equal(seatPrices({}), undefined, "the setting's default: no prices");
  });

  it('builds the grouped table: group rows with their people, ratios, partial counts and the empty group', () => {
    const view = groupedView(organise(totals, 'department', PRICES), totals, PRICES);
    const table = view.table!;
    const keys = table.columns.map((c) => c.key);
    assert.deepEqual(keys, [
      'group',
      'users',
      'active_users',
      'active_share',
      'inactive_seats',
      'messages_total',
      'messages_per_active_user',
      'payg_consumption_in_period',
      'total_cost_usd',
      'cost_per_active_user',
      'idle_seat_cost',
    ]);
    const row = (name: string) => table.rows.find((r) => r.cells[0] === name)!;
    const cell = (name: string, key: string) => row(name).cells[keys.indexOf(key)];
    assert.equal(cell('Engineering', 'active_share'), '0.333333');
    assert.equal(cell('Engineering', 'cost_per_active_user'), '0.3');
    assert.equal(cell('R&D, "Labs"', 'messages_per_active_user'), null, 'no active user: n/a, not 0');
    assert.equal(row('R&D, "Labs"').unknown?.[keys.indexOf('messages_total')], 1);
    assert.equal(row('R&D, "Labs"').unknown?.[keys.indexOf('idle_seat_cost')], 1);
    assert.equal(cell('(no department)', 'idle_seat_cost'), '25');
    // The people, as the webview builds them from its own rows when a group opens.
    const people = new PeopleRows(
      table.columns,
      {
        columns: totals.columns,
        row: (i) => totals.rows[i].cells,
        key: (i) => totals.rows[i].key,
        unknown: (i) => totals.rows[i].unknown,
      },
      view.members!,
    );
    const group = (name: string) => people.of(table.rows.findIndex((r) => r.cells[0] === name));
    const noDepartment = group('(no department)');
    assert.deepEqual(
      noDepartment.map((c) => c.cells[0]),
      ['Flo Fox', 'u7'],
      'a person without name or e-mail shows by id',
    );
    assert.deepEqual(
      noDepartment.map((c) => c.cells[keys.indexOf('idle_seat_cost')]),
      ['0', '25'],
      "Flo is active ($0 idle); u7's standard seat is idle",
    );
    const [di, ed] = group('R&D, "Labs"');
    assert.deepEqual(
      ['active_users', 'inactive_seats', 'messages_total', 'idle_seat_cost'].map((k) => di.cells[keys.indexOf(k)]),
      [null, null, null, null],
      'an unknown count is neither active nor inactive, and no idle cost',
    );
    assert.equal(ed.cells[keys.indexOf('idle_seat_cost')], null, 'an unpriced licence: n/a, not 0');
    assert.equal(ed.cells[keys.indexOf('payg_consumption_in_period')], '2.25');
    assert.deepEqual(
      group('Engineering').map((c) => [
        c.cells[0],
        c.cells[keys.indexOf('active_share')],
        c.cells[keys.indexOf('cost_per_active_user')],
      ]),
      [
        ['Ann Alder', '1', '0.1'],
        ['Bob Brook', '0', null],
        ['Cy Cole', '0', null],
      ],
    );
    assert.equal(table.grandTotal[keys.indexOf('users')], '7');
    assert.equal(table.grandTotal[keys.indexOf('idle_seat_cost')], '85');
    assert.equal(table.grandTotal[keys.indexOf('active_share')], '0.285714');
    assert.equal(view.total.inactiveSeats, 3);
  });

  it('shows the columns the export has: no cost, no extra usage, no idle cost without prices', () => {
    const slim = {
      columns: totals.columns.filter((c) => !['total_cost_usd', 'payg_consumption_in_period'].includes(c.key)),
      rows: [],
    };
    const view = groupedView(organise(slim, 'department'), slim, undefined);
    assert.ok(
      !view.table!.columns.some((c) => ['total_cost_usd', 'idle_seat_cost', 'cost_per_active_user'].includes(c.key)),
    );
  });
});
