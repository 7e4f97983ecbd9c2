/**
 * The organisation view's shapes, which the host, the worker and the webview all use: the attributes a users
 * table groups by, and the figures of a group (the `langdock.showOrganisation` contract).
 */
import type { TotalsTable } from './tableModel';

/** The attribute columns a table groups by, in the order the Group by control offers them. */
export const ORG_ATTRIBUTES = ['department', 'company_name', 'license_type', 'role'] as const;
export type OrgAttribute = (typeof ORG_ATTRIBUTES)[number];

export function isOrgAttribute(value: unknown): value is OrgAttribute {
  return typeof value === 'string' && (ORG_ATTRIBUTES as readonly string[]).includes(value);
}

/**
 * One group's figures (or the total's). Counts are numbers; money and messages are exact decimal text, null where
 * unknown: no messages column or no known value, no cost column, no `langdock.seatPrices`.
 */
export interface OrgFigures {
  users: number;
  /** People with more than 0 messages. */
  activeUsers: number;
  /** People with a licence and a known 0 messages (an unknown count is neither active nor inactive). */
  inactiveSeats: number;
  /** The sum of the known message counts. */
  messages: string | null;
  /** The sum of the known costs; `costPartial`: some member's cost is unknown. */
  costUsd: string | null;
  costPartial: boolean;
  /** The inactive seats' licence prices per month; null without seat prices. */
  idleSeatCostPerMonthUsd: string | null;
}

/** What the webview needs beyond the contract: where a figure leaves something out. */
export interface OrgMarks {
  /** Members whose message count is unknown (empty), so neither active nor inactive. */
  messagesUnknown: number;
  /** Inactive seats whose licence has no price (left out of the idle cost). */
  idleUnpriced: number;
  /** Extra-usage (PAYG) consumption in the period; null without the column or a known value. */
  paygUsd: string | null;
}

/** The contract's group: `name` is the attribute's text, null for an empty one. */
interface OrgGroup extends OrgFigures {
  name: string | null;
}

/** What `langdock.showOrganisation` returns. */
export interface OrganisationResult {
  groupBy: OrgAttribute;
  groups: OrgGroup[];
  total: OrgFigures;
}

/**
 * Who is in which group of a grouped table, by row index into the users table's totals (the webview builds a
 * group's people rows from its own rows, see orgPeople.ts).
 */
export interface GroupMembers {
  /** Row indices, group after group in the grouped table's row order. */
  rows: number[];
  /** One letter per member, aligned with `rows`: `a` active, `i` inactive seat, `n` no licence, `u` unknown. */
  activity: string;
  /** Where each group's members start in `rows`, and where the last ends (groups + 1 entries). */
  starts: number[];
  /** Seat prices per month by licence type in lower case, as exact decimal text; absent without the setting. */
  prices?: Record<string, string>;
}

/**
 * The grouped view the webview shows: one row per group with its people as children, in the usage table's own
 * shape (so the grid sorts, filters, expands and copies it), and the total's figures for the headline.
 */
export interface GroupedView {
  groupBy: OrgAttribute | null;
  /** Absent when not grouped (the webview asked for the totals only). Its rows come without their people. */
  table?: TotalsTable;
  /** The people of each group of `table`. */
  members?: GroupMembers;
  total: OrgFigures & OrgMarks;
}
