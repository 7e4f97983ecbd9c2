/**
 * The organisation of a users table: its people grouped by an attribute (department, company, licence type, role)
 * with each group's users, active users, inactive seats, messages, extra usage, cost and idle seat cost. A pure
 * function of the per-user totals, so it runs where the table is (the table worker for a large file).
 *
 * Active: more than 0 messages. Inactive seat: a licence and a known 0 messages. An empty message count is
 * unknown: neither. Every sum is exact; a figure that leaves out unknown values says how many.
 */
import { DecimalScanner, ExactSum, copyDecimal, formatDecimal, parseDecimal, type Decimal } from '../../shared/decimal';
import { primaryColumn } from '../../shared/derived';
import { costColumn } from '../../shared/headline';
import type { OrgAttribute, OrgFigures, OrgMarks, OrganisationResult } from '../../shared/organisation';
import type { CellValue, TotalsRow, TotalsTable } from '../../shared/tableModel';

/** `langdock.seatPrices`: USD per seat per month by licence type, keys in lower case. */
export type SeatPrices = ReadonlyMap<string, Decimal>;

/** What one person counts as, read once from their totals row. */
export type Activity = 'active' | 'inactive' | 'unlicensed' | 'unknown';

interface Member {
  /** Index into the totals rows. */
  row: number;
  activity: Activity;
}

export interface OrgGroupFigures extends OrgFigures, OrgMarks {
  /** The attribute's text; null for an empty one. */
  name: string | null;
  members: Member[];
  /** Members whose cost is unknown or partial. */
  costUnknown: number;
  /** People with a licence (all of them when the table has no licence column), and those of them active. */
  seats: number;
  activeSeats: number;
}

export interface Organisation {
  groupBy: OrgAttribute | null;
  /** By name (the empty attribute last); none when not grouped. */
  groups: OrgGroupFigures[];
  total: OrgGroupFigures;
}

/** The column indices the figures are read from; -1 when the table has no such column. */
export interface OrgColumns {
  attribute: number;
  messages: number;
  license: number;
  cost: number;
  payg: number;
}

export function orgColumns(totals: Pick<TotalsTable, 'columns'>, groupBy: OrgAttribute | null): OrgColumns {
  const { columns } = totals;
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  const messages = primaryColumn(columns);
  const cost = costColumn(columns)?.column;
  return {
    attribute: groupBy ? at(groupBy) : -1,
    messages: messages ? columns.indexOf(messages) : -1,
    license: at('license_type'),
    cost: cost ? columns.indexOf(cost) : -1,
    payg: at('payg_consumption_in_period'),
  };
}

/** The seat prices of the setting's object, without amounts that are not numbers ≥ 0; undefined when none is left. */
export function seatPrices(setting: unknown): SeatPrices | undefined {
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return undefined;
  const prices = new Map<string, Decimal>();
  for (const [licence, amount] of Object.entries(setting)) {
    const price = typeof amount === 'number' && amount >= 0 ? parseDecimal(String(amount)) : undefined;
    if (price) prices.set(licence.trim().toLowerCase(), price);
  }
  // The setting's default is {}: no prices, no idle seat cost (never $0).
  return prices.size > 0 ? prices : undefined;
}

/** A group's running figures. */
class Tally {
  users = 0;
  activeUsers = 0;
  inactiveSeats = 0;
  seats = 0;
  activeSeats = 0;
  messagesUnknown = 0;
  idleUnpriced = 0;
  costUnknown = 0;
  readonly messages = new ExactSum();
  readonly cost = new ExactSum();
  readonly payg = new ExactSum();
  readonly idle = new ExactSum();
  readonly members: Member[] = [];

  constructor(readonly name: string | null) {}

  figures(cols: OrgColumns, prices: SeatPrices | undefined): OrgGroupFigures {
    return {
      name: this.name,
      users: this.users,
      activeUsers: this.activeUsers,
      inactiveSeats: this.inactiveSeats,
      messages: this.messages.toCell(),
      costUsd: cols.cost < 0 ? null : this.cost.toCell(),
      costPartial: cols.cost >= 0 && this.costUnknown > 0,
      // With prices, no idle seat is $0 a month (the figure is known); without them it is absent.
      idleSeatCostPerMonthUsd: prices ? formatDecimal(this.idle.total()) : null,
      messagesUnknown: this.messagesUnknown,
      idleUnpriced: prices ? this.idleUnpriced : 0,
      paygUsd: cols.payg < 0 ? null : this.payg.toCell(),
      members: this.members,
      costUnknown: cols.cost < 0 ? 0 : this.costUnknown,
      seats: this.seats,
      activeSeats: this.activeSeats,
    };
  }
}

/** Reads one person's row into a tally (their group's and the total's). */
function count(
  rows: readonly TotalsRow[],
  index: number,
  cols: OrgColumns,
  prices: SeatPrices | undefined,
  scanner: DecimalScanner,
  tallies: readonly Tally[],
): void {
  const { cells, unknown } = rows[index];
  const partly = (column: number) => (unknown?.[column] ?? 0) > 0;
  const number = (column: number): Decimal | undefined => {
    const cell = column < 0 ? null : cells[column];
    return cell !== null && scanner.scan(cell) ? copyDecimal(scanner) : undefined;
  };
  const messages = number(cols.messages);
  const licence = cols.license < 0 ? '' : (cells[cols.license] ?? '').trim();
  let activity: Activity;
  // A known count above 0 is active even when some of the person's rows have none.
  if (messages && Number(messages.units) > 0) activity = 'active';
  else if (!messages || partly(cols.messages)) activity = 'unknown';
  else activity = licence ? 'inactive' : 'unlicensed';
  const seat = cols.license < 0 || licence !== '';
  const idlePrice = activity === 'inactive' ? prices?.get(licence.toLowerCase()) : undefined;
  const cost = number(cols.cost);
  const payg = number(cols.payg);
  for (const tally of tallies) {
    tally.users++;
    if (activity === 'active') tally.activeUsers++;
    if (activity === 'inactive') tally.inactiveSeats++;
    if (seat) tally.seats++;
    if (seat && activity === 'active') tally.activeSeats++;
    if (activity === 'unknown') tally.messagesUnknown++;
    if (messages) tally.messages.add(messages);
    if (cost) tally.cost.add(cost);
    if (!cost || partly(cols.cost)) tally.costUnknown++;
    if (payg) tally.payg.add(payg);
    if (idlePrice) tally.idle.add(idlePrice);
    else if (activity === 'inactive') tally.idleUnpriced++;
  }
  tallies[tallies.length - 1].members.push({ row: index, activity });
}

/**
 * Groups the people of a users table by `groupBy` (each person is in exactly one group, an empty attribute in its
 * own), with the total over everyone; `groupBy` null gives the total alone. `prices` undefined: no idle seat cost.
 */
export function organise(
  totals: Pick<TotalsTable, 'columns' | 'rows'>,
  groupBy: OrgAttribute | null,
  prices?: SeatPrices,
): Organisation {
  const cols = orgColumns(totals, groupBy);
  const total = new Tally(null);
  const groups = new Map<string | null, Tally>();
  const scanner = new DecimalScanner();
  const { rows } = totals;
  for (let i = 0; i < rows.length; i++) {
    if (cols.attribute < 0) {
      count(rows, i, cols, prices, scanner, [total]);
      continue;
    }
    const name = attributeName(rows[i].cells[cols.attribute]);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = new Tally(name)));
    count(rows, i, cols, prices, scanner, [total, group]);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name, 'en'),
  );
  return {
    groupBy: cols.attribute < 0 ? null : groupBy,
    groups: sorted.map((g) => g.figures(cols, prices)),
    // The total's members are the groups' (each person once); it keeps its own only when not grouped.
    total: total.figures(cols, prices),
  };
}

/** An attribute's group name: its trimmed text, or null when empty. */
export function attributeName(cell: CellValue | undefined): string | null {
  const text = cell?.trim();
  return text ? text : null;
}

/** The figures the contract names, in its order. */
function contractFigures(g: OrgGroupFigures): OrgFigures {
  const { users, activeUsers, inactiveSeats, messages, costUsd, costPartial, idleSeatCostPerMonthUsd } = g;
  return { users, activeUsers, inactiveSeats, messages, costUsd, costPartial, idleSeatCostPerMonthUsd };
}

/** `langdock.showOrganisation`'s answer for an organisation grouped by an attribute. */
export function organisationResult(org: Organisation & { groupBy: OrgAttribute }): OrganisationResult {
  return {
    groupBy: org.groupBy,
    groups: org.groups.map((g) => ({ name: g.name, ...contractFigures(g) })),
    total: contractFigures(org.total),
  };
}
