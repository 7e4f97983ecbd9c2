/**
 * The organisation as a table the usage grid shows as it is: one row per group with its people as children, and
 * the columns the issue names (users, active users and share, inactive seats, messages and per active user, extra
 * usage, cost and per active user, idle seat cost). Cells that leave out unknown values count them in `unknown`,
 * so the grid marks them partial; unknown is n/a, never 0.
 */
import { formatDecimal } from '../../shared/decimal';
import { derivedCell } from '../../shared/derived';
import type { GroupedView, OrgAttribute } from '../../shared/organisation';
import type { CellValue, DerivedRatio, TableColumn, TotalsRow, TotalsTable } from '../../shared/tableModel';
import { type Member, type OrgColumns, type Organisation, type OrgGroupFigures, orgColumns } from './organisation';

/** English: the host translates labels, descriptions and the empty group's name (see views/localizeTable.ts). */
export const GROUP_LABELS: Readonly<Record<OrgAttribute, { label: string; emptyGroup: string }>> = {
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
  /** One person's cell and whether it is partial. */
  person?: (m: Member, row: TotalsRow) => [CellValue, boolean];
}

function columnsOf(cols: OrgColumns, table: Pick<TotalsTable, 'columns'>, priced: boolean): Column[] {
  const col = (column: Omit<TableColumn, 'aggregate'>): TableColumn => ({
    ...column,
    aggregate: column.derived ? 'none' : 'sum',
  });
  const cell = (row: TotalsRow, index: number): [CellValue, boolean] => [
    row.cells[index] ?? null,
    (row.unknown?.[index] ?? 0) > 0,
  ];
  const known = (m: Member) => m.activity !== 'unknown';
  const flag = (m: Member, yes: boolean): [CellValue, boolean] => [known(m) ? (yes ? '1' : '0') : null, false];
  const costKey = cols.cost >= 0 ? table.columns[cols.cost].key : '';
  const out: Column[] = [
    {
      column: col({ key: 'users', label: 'Users', format: 'integer' }),
      group: (g) => [String(g.users), 0],
      person: () => ['1', false],
    },
    {
      column: col({
        key: 'active_users',
        label: 'Active users',
        format: 'integer',
        description: 'People with more than 0 messages in the period',
      }),
      group: (g) => [String(g.activeUsers), g.messagesUnknown],
      person: (m) => flag(m, m.activity === 'active'),
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
      person: (m) => flag(m, m.activity === 'inactive'),
    },
  ];
  if (cols.messages >= 0)
    out.push(
      {
        column: col({ key: 'messages_total', label: 'Messages', format: 'integer' }),
        group: (g) => [g.messages, g.messagesUnknown],
        person: (_, row) => cell(row, cols.messages),
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
      person: (_, row) => cell(row, cols.payg),
    });
  if (cols.cost >= 0)
    out.push(
      {
        column: col({ key: costKey, label: 'Cost', format: 'usd', marked: true }),
        group: (g) => [g.costUsd, g.costUnknown],
        person: (_, row) => cell(row, cols.cost),
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
      person: (m) => [
        m.idlePrice ? formatDecimal(m.idlePrice) : m.activity === 'inactive' || !known(m) ? null : '0',
        false,
      ],
    });
  return out;
}

/** The cells of one row: the sums first, then the ratios of those sums. */
function fill(
  columns: readonly Column[],
  name: CellValue,
  pick: (c: Column) => [CellValue, number | boolean] | undefined,
): { cells: CellValue[]; unknown: number[] } {
  const cells: CellValue[] = [name];
  const unknown: number[] = [0];
  for (const c of columns) {
    const [value, left] = pick(c) ?? [null, 0];
    cells.push(value);
    unknown.push(typeof left === 'boolean' ? (left ? 1 : 0) : left);
  }
  const indexOf = new Map(columns.map((c, i) => [c.column.key, i + 1]));
  columns.forEach((c, i) => {
    if (c.column.derived) cells[i + 1] = derivedCell(c.column.derived, cells, cells, indexOf);
  });
  return { cells, unknown };
}

/** A person's name: the name, else the e-mail, else the id, else the row's key (user-level data disabled). */
function personName(totals: Pick<TotalsTable, 'columns'>): (row: TotalsRow) => string {
  const at = ['name', 'email', 'user_id', 'assistant_name', 'api_key_name']
    .map((key) => totals.columns.findIndex((c) => c.key === key))
    .filter((i) => i >= 0);
  return (row) => at.map((i) => row.cells[i]?.trim()).find((text) => text) ?? row.key;
}

/** The key of the group of people whose attribute is empty. */
export const EMPTY_GROUP_KEY = 'group:\u0000';
const groupKey = (name: string | null) => (name === null ? EMPTY_GROUP_KEY : `group:${name}`);

/**
 * The grouped table of an organisation of `totals` (its rows are the members' rows); without a grouping, the
 * total's figures alone.
 */
export function groupedView(
  org: Organisation,
  totals: Pick<TotalsTable, 'columns' | 'rows'>,
  priced: boolean,
): GroupedView {
  const { groupBy } = org;
  const { members: _members, name: _name, costUnknown: _costUnknown, ...total } = org.total;
  if (!groupBy) return { groupBy, total };
  const cols = orgColumns(totals, groupBy);
  const columns = columnsOf(cols, totals, priced);
  const labels = GROUP_LABELS[groupBy];
  const name = personName(totals);
  const rows: TotalsRow[] = org.groups.map((g) => {
    const children = g.members.map((m): TotalsRow => {
      const row = totals.rows[m.row];
      return { key: row.key, rowCount: 1, ...fill(columns, name(row), (c) => c.person?.(m, row)) };
    });
    const { cells, unknown } = fill(columns, g.name ?? labels.emptyGroup, (c) => c.group?.(g));
    return { key: groupKey(g.name), cells, unknown, rowCount: g.users, children };
  });
  const grand = fill(columns, null, (c) => c.group?.(org.total));
  const table: TotalsTable = {
    entityLabel: labels.label,
    columns: [
      { key: 'group', label: labels.label, format: 'text', aggregate: 'none' },
      ...columns.map((c) => c.column),
    ],
    rows,
    grandTotal: grand.cells,
    grandUnknown: grand.unknown,
  };
  return { groupBy, table, total };
}
