/**
 * Seat status over a trend of users exports (issue 23), the list an admin reclaims licences from: who is active in
 * the latest period, who lapsed (active earlier in the range, not now), who was never active in the range, and the
 * new seats (joined in the range) with the days from joining to their first active period, per department.
 */
import type { DateRange } from '../dates/dateRange';
import type { CellValue, TableColumn, TotalsRow, TotalsTable, UsageTable } from '../../shared/tableModel';
import type { AdoptionPeriod } from './adoption';
import { attributeName } from './organisation';
import { entityId } from '../schema/entityId';
import { primaryColumn } from '../../shared/derived';
import { parseDecimal } from '../../shared/decimal';

/** `unknown`: no period of the range has a message count for the person. */
type SeatState = 'active' | 'lapsed' | 'never' | 'unknown';

interface SeatPerson {
  name: string;
  department: string | null;
  licence: string | null;
  status: SeatState;
  joinedAt: string | null;
  /** Joined within the trend's range. */
  isNew: boolean;
  /** The first and last period (`from` day) with messages; null when none. */
  firstActive: string | null;
  lastActive: string | null;
  /** Days from joining to the start of the first active period (0 when active in the period joined); new seats only. */
  daysToFirstUse: number | null;
}

interface SeatDepartment {
  name: string | null;
  active: number;
  lapsed: number;
  never: number;
  newSeats: number;
  /** Median days from joining to first use of the new seats that were used; null when none was. */
  medianDaysToFirstUse: string | null;
}

export interface SeatStatus {
  /** The latest period with its export (its `from` day). */
  latest: string;
  departments: SeatDepartment[];
  people: SeatPerson[];
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS;

/**
 * The median of whole numbers as exact decimal text (the mean of the middle two for an even count).
 * @internal exported for its unit test
 */
export function median(values: readonly number[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return String(sorted[mid]);
  const sum = sorted[mid - 1] + sorted[mid];
  return sum % 2 === 0 ? String(sum / 2) : `${(sum - 1) / 2}.5`;
}

interface Seen {
  person: SeatPerson;
  /** Per done period, in order: true active, false a known 0, undefined no row or no count. */
  activity: (boolean | undefined)[];
}

export function seatStatus(
  periods: readonly AdoptionPeriod[],
  range: Pick<DateRange, 'from' | 'to'>,
): SeatStatus | undefined {
  const done = periods.filter(
    (p): p is AdoptionPeriod & { table: UsageTable } => p.info.status === 'done' && !!p.table,
  );
  if (done.length === 0) return undefined;
  const people = new Map<string, Seen>();
  done.forEach(({ table }, period) => {
    const at = (key: string) => table.totals.columns.findIndex((c) => c.key === key);
    const messages = primaryColumn(table.totals.columns);
    const m = messages ? table.totals.columns.indexOf(messages) : -1;
    const [name, email, id, department, licence, joined] = [
      'name',
      'email',
      'user_id',
      'department',
      'license_type',
      'joined_at',
    ].map(at);
    const text = (cells: readonly CellValue[], i: number) => (i < 0 ? null : attributeName(cells[i]));
    for (const row of table.totals.rows) {
      const key = entityId('users', table, row);
      let seen = people.get(key);
      if (!seen) {
        seen = {
          person: {
            name: text(row.cells, name) ?? text(row.cells, email) ?? text(row.cells, id) ?? row.key,
            department: null,
            licence: null,
            status: 'unknown',
            joinedAt: null,
            isNew: false,
            firstActive: null,
            lastActive: null,
            daysToFirstUse: null,
          },
          activity: new Array<boolean | undefined>(done.length).fill(undefined),
        };
        people.set(key, seen);
      }
      // The latest export says where a person is now.
      seen.person.department = text(row.cells, department);
      seen.person.licence = text(row.cells, licence);
      seen.person.joinedAt = text(row.cells, joined) ?? seen.person.joinedAt;
      // Active as in the organisation: a known count above 0 (even when some of the person's rows have none).
      const value = m < 0 ? null : row.cells[m];
      const number = value === null ? undefined : parseDecimal(value);
      const partly = (row.unknown?.[m] ?? 0) > 0;
      seen.activity[period] = number && Number(number.units) > 0 ? true : number && !partly ? false : undefined;
    }
  });
  const latest = done.length - 1;
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  for (const { person, activity } of people.values()) {
    const first = activity.indexOf(true);
    const last = activity.lastIndexOf(true);
    person.firstActive = first < 0 ? null : done[first].info.from;
    person.lastActive = last < 0 ? null : done[last].info.from;
    person.status =
      activity[latest] === true
        ? 'active'
        : first >= 0
          ? 'lapsed'
          : activity.some((a) => a === false)
            ? 'never'
            : 'unknown';
    const joined = person.joinedAt ? dayNumber(person.joinedAt) : NaN;
    person.isNew = joined >= from && joined <= to;
    if (person.isNew && person.firstActive) person.daysToFirstUse = Math.max(0, dayNumber(person.firstActive) - joined);
  }
  const all = [...people.values()].map((s) => s.person);
  const departments = new Map<string | null, SeatPerson[]>();
  for (const person of all) departments.set(person.department, [...(departments.get(person.department) ?? []), person]);
  return {
    latest: done[latest].info.from,
    departments: [...departments]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en')))
      .map(([name, members]) => ({
        name,
        active: members.filter((p) => p.status === 'active').length,
        lapsed: members.filter((p) => p.status === 'lapsed').length,
        never: members.filter((p) => p.status === 'never').length,
        newSeats: members.filter((p) => p.isNew).length,
        medianDaysToFirstUse: median(members.flatMap((p) => (p.daysToFirstUse === null ? [] : [p.daysToFirstUse]))),
      })),
    people: all,
  };
}

/** English in, display text out (the host's l10n). */
type Translate = (english: string) => string;

const STATE_LABELS: Readonly<Record<SeatState, { label: string }>> = {
  active: { label: 'Active' },
  lapsed: { label: 'Lapsed' },
  never: { label: 'Never active' },
  unknown: { label: 'Unknown' },
};

/**
 * Seat status as a table the trend view shows in the usage grid: one row per department with its counts and median,
 * its people as children (their status, licence, dates). Keys of the people rows start with their status, so the
 * view can filter to them.
 */
export function seatTable(status: SeatStatus, t: Translate): TotalsTable {
  const column = (key: string, label: string, format: TableColumn['format'], aggregate: TableColumn['aggregate']) => ({
    key,
    label,
    format,
    aggregate,
  });
  const columns: TableColumn[] = [
    column('name', t('Department'), 'text', 'none'),
    column('status', t('Status'), 'text', 'none'),
    column('active', t('Active'), 'integer', 'sum'),
    column('lapsed', t('Lapsed'), 'integer', 'sum'),
    column('never', t('Never active'), 'integer', 'sum'),
    column('new', t('New seats'), 'integer', 'sum'),
    {
      ...column('days', t('Days to first use'), 'decimal', 'none'),
      description: t('New seats: median days from joining to the first active period'),
    },
    column('license_type', t('Licence type'), 'text', 'none'),
    column('joined_at', t('Joined'), 'date', 'none'),
    column('first_active', t('First active'), 'date', 'none'),
    column('last_active', t('Last active'), 'date', 'none'),
  ];
  const flag = (yes: boolean) => (yes ? '1' : '0');
  const rows: TotalsRow[] = status.departments.map((d) => {
    const people = status.people.filter((p) => p.department === d.name);
    return {
      key: `department:${d.name ?? ''}`,
      rowCount: people.length,
      cells: [
        d.name ?? t('(no department)'),
        null,
        String(d.active),
        String(d.lapsed),
        String(d.never),
        String(d.newSeats),
        d.medianDaysToFirstUse,
        null,
        null,
        null,
        null,
      ],
      children: people.map((p, i) => ({
        key: `${p.status}${p.isNew ? ':new' : ''}:${d.name ?? ''}:${i}`,
        rowCount: 1,
        cells: [
          p.name,
          t(STATE_LABELS[p.status].label),
          flag(p.status === 'active'),
          flag(p.status === 'lapsed'),
          flag(p.status === 'never'),
          flag(p.isNew),
          p.daysToFirstUse === null ? null : String(p.daysToFirstUse),
          p.licence,
          p.joinedAt,
          p.firstActive,
          p.lastActive,
        ],
      })),
    };
  });
  const sum = (pick: (d: SeatDepartment) => number) => String(status.departments.reduce((n, d) => n + pick(d), 0));
  return {
    entity: 'users',
    columns,
    rows,
    grandTotal: [
      null,
      null,
      sum((d) => d.active),
      sum((d) => d.lapsed),
      sum((d) => d.never),
      sum((d) => d.newSeats),
      median(status.people.flatMap((p) => (p.daysToFirstUse === null ? [] : [p.daysToFirstUse]))),
      null,
      null,
      null,
      null,
    ],
  };
}
