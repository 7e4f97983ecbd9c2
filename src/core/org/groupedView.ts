/**
 * The organisation as a table the usage grid shows as it is: one row per group, whose people the webview builds
 * from its own rows when the group is opened (src/shared/orgPeople.ts), and the columns the issue names (users, active users and share, inactive seats, messages and per active user, extra
 * usage, cost and per active user, idle seat cost). Cells that leave out unknown values count them in `unknown`,
 * so the grid marks them partial; unknown is n/a, never 0.
 */
import { formatDecimal } from '../../shared/decimal';
import type { Localize } from '../../shared/template';
import type { ActivityCode } from '../../shared/orgPeople';
import { derivedCell } from '../../shared/derived';
import type { GroupedView, GroupMembers, OrgAttribute } from '../../shared/organisation';
import type { CellValue, DerivedRatio, TableColumn, TotalsRow, TotalsTable } from '../../shared/tableModel';
import {
  type Activity,
  type OrgColumns,
  type Organisation,
  type OrgGroupFigures,
  type SeatPrices,
  orgColumns,
} from './organisation';

/** English: the host translates labels, descriptions and the empty group's name (see views/localizeTable.ts). */
const GROUP_LABELS: Readonly<Record<OrgAttribute, { label: string; emptyGroup: string }>> = {
  department: { label: 'Department', emptyGroup: '(no department)' },
  company_name: { label: 'Company', emptyGroup: '(no company)' },
  license_type: { label: 'Licence type', emptyGroup: '(no licence type)' },
  role: { label: 'Role', emptyGroup: '(no role)' },
};

const ratio = (numerator: string, denominator: string): DerivedRatio => ({
  numerator,
  denominator,
  per: 1,
  ofGrandTotal: false,
});

interface Column {
  column: TableColumn;
  /** The group's (or total's) cell and how many members it leaves out. */
  group?: (g: OrgGroupFigures) => [CellValue, number];
}

function columnsOf(cols: OrgColumns, table: Pick<TotalsTable, 'columns'>, priced: boolean): Column[] {
  const col = (column: Omit<TableColumn, 'aggregate'>): TableColumn => ({
    ...column,
    aggregate: column.derived ? 'none' : 'sum',
  });
  const costKey = cols.cost >= 0 ? table.columns[cols.cost].key : '';
  const out: Column[] = [
    {
      column: col({ key: 'users', label: 'Users', format: 'integer' }),
      group: (g) => [String(g.users), 0],
    },
    {
      column: col({
        key: 'active_users',
        label: 'Active users',
        format: 'integer',
        description: 'People with more than 0 messages in the period',
      }),
      group: (g) => [String(g.activeUsers), g.messagesUnknown],
    },
    {
      column: col({
        key: 'active_share',
        label: 'Active share',
        format: 'percent',
        derived: ratio('active_users', 'users'),
      }),
    },
    {
      column: col({
        key: 'inactive_seats',
        label: 'Inactive seats',
        format: 'integer',
        description: 'People with a licence and 0 messages in the period',
      }),
      group: (g) => [String(g.inactiveSeats), g.messagesUnknown],
    },
  ];
  if (cols.messages >= 0)
    out.push(
      {
        column: col({ key: 'messages_total', label: 'Messages', format: 'integer' }),
        group: (g) => [g.messages, g.messagesUnknown],
      },
      {
        column: col({
          key: 'messages_per_active_user',
          label: 'Messages per active user',
          format: 'decimal',
          derived: ratio('messages_total', 'active_users'),
        }),
      },
    );
  if (cols.payg >= 0)
    out.push({
      column: col({
        key: 'payg_consumption_in_period',
        label: 'Extra usage',
        format: 'usd',
        description: 'Extra-usage (pay as you go) consumption in the period',
      }),
      group: (g) => [g.paygUsd, 0],
    });
  if (cols.cost >= 0)
    out.push(
      {
        column: col({ key: costKey, label: 'Cost', format: 'usd', marked: true }),
        group: (g) => [g.costUsd, g.costUnknown],
      },
      {
        column: col({
          key: 'cost_per_active_user',
          label: 'Cost per active user',
          format: 'usd',
          derived: ratio(costKey, 'active_users'),
        }),
      },
    );
  if (priced)
    out.push({
      column: col({
        key: 'idle_seat_cost',
        label: 'Idle seat cost / month',
        format: 'usd',
        description: "The inactive seats' licence prices per month (langdock.seatPrices)",
        marked: true,
      }),
      group: (g) => [g.idleSeatCostPerMonthUsd, g.idleUnpriced],
    });
  return out;
}

/** The cells of one row: the sums first, then the ratios of those sums. */
function fill(
  columns: readonly Column[],
  name: CellValue,
  g: OrgGroupFigures,
): { cells: CellValue[]; unknown: number[] } {
  const cells: CellValue[] = [name];
  const unknown: number[] = [0];
  for (const c of columns) {
    const [value, left] = c.group?.(g) ?? [null, 0];
    cells.push(value);
    unknown.push(left);
  }
  const indexOf = new Map(columns.map((c, i) => [c.column.key, i + 1]));
  columns.forEach((c, i) => {
    if (c.column.derived) cells[i + 1] = derivedCell(c.column.derived, cells, cells, indexOf);
  });
  return { cells, unknown };
}

/** The key of the group of people whose attribute is empty. */
const EMPTY_GROUP_KEY = 'group:\u0000';
const groupKey = (name: string | null) => (name === null ? EMPTY_GROUP_KEY : `group:${name}`);

/**
 * The grouped table of an organisation of `totals` (its rows are the members' rows); without a grouping, the
 * total's figures alone.
 */
export function groupedView(
  org: Organisation,
  totals: Pick<TotalsTable, 'columns'>,
  prices: SeatPrices | undefined,
): GroupedView {
  const { groupBy } = org;
  const {
    members: _members,
    name: _name,
    costUnknown: _costUnknown,
    seats: _seats,
    activeSeats: _activeSeats,
    ...total
  } = org.total;
  if (!groupBy) return { groupBy, total };
  const cols = orgColumns(totals, groupBy);
  const columns = columnsOf(cols, totals, prices !== undefined);
  const labels = GROUP_LABELS[groupBy];
  const rows: TotalsRow[] = org.groups.map((g) => {
    const { cells, unknown } = fill(columns, g.name ?? labels.emptyGroup, g);
    return { key: groupKey(g.name), cells, unknown, rowCount: g.users };
  });
  const grand = fill(columns, null, org.total);
  const table: TotalsTable = {
    entity: 'users',
    columns: [
      { key: 'group', label: labels.label, format: 'text', aggregate: 'none' },
      ...columns.map((c) => c.column),
    ],
    rows,
    grandTotal: grand.cells,
    grandUnknown: grand.unknown,
  };
  return { groupBy, table, total, members: membersOf(org, prices) };
}

const ACTIVITY_CODES: Readonly<Record<Activity, ActivityCode>> = {
  active: 'a',
  inactive: 'i',
  unlicensed: 'n',
  unknown: 'u',
};

/** Who is in each group, in the groups' order, and the seat prices the webview shows a person's idle cost at. */
function membersOf(org: Organisation, prices: SeatPrices | undefined): GroupMembers {
  const rows: number[] = [];
  const activity: string[] = [];
  const starts: number[] = [];
  for (const g of org.groups) {
    starts.push(rows.length);
    for (const m of g.members) {
      rows.push(m.row);
      activity.push(ACTIVITY_CODES[m.activity]);
    }
  }
  starts.push(rows.length);
  return {
    rows,
    activity: activity.join(''),
    starts,
    ...(prices
      ? { prices: Object.fromEntries([...prices].map(([licence, price]) => [licence, formatDecimal(price)])) }
      : {}),
  };
}

/** The grouped view's labels and the empty group's name in the display language (every one of them is ours). */
export function localizeGroupedView(view: GroupedView, t: Localize): GroupedView {
  const { table, groupBy } = view;
  if (!table || !groupBy) return view;
  const empty = t(GROUP_LABELS[groupBy].emptyGroup);
  return {
    ...view,
    table: {
      ...table,
      columns: table.columns.map((c) => ({
        ...c,
        label: t(c.label),
        ...(c.description ? { description: t(c.description) } : {}),
      })),
      // The empty attribute's group is the only one the core names (the others are the file's text).
      rows: table.rows.map((row) =>
        row.key === EMPTY_GROUP_KEY ? { ...row, cells: [empty, ...row.cells.slice(1)] } : row,
      ),
    },
  };
}
