/**
 * Which column plays which role in a usage export's totals: the columns that identify an entity and name it, the
 * parts it merges (BYOK and not, the grouping), the numbers aggregated and the descriptive columns; and the export
 * type a header belongs to.
 */
import type { ColumnKind } from '../csv/columnKinds';
import { EXPORT_TYPE_FACTS, columnKeys, groupingFor, inferAggregate, knownColumnFact } from '../schema/exportTypes';
import { type ExportType, type GroupBy } from '../../shared/exportType';
import type { Aggregate } from '../../shared/tableModel';
import type { CsvEncoding } from '../csv/csvEncoding';

export interface TableHints {
  /** The type the export was requested as; detected from the header when absent. */
  type?: ExportType;
  groupBy?: GroupBy;
  /** The encoding to read the file with (`files.encoding`); detected when absent. */
  encoding?: CsvEncoding;
}

/** Same value on every row of an export: shown under All rows, not repeated on every totals row. */
const FILE_WIDE_COLUMNS = new Set(['period_start', 'period_end', 'org_id']);
/** Splits a model into its BYOK and non-BYOK parts, whatever the grouping. */
export const BYOK_COLUMN = 'bring_your_keys';

/**
 * The export type a header belongs to, by the id columns only that type has (the agents export keeps the legacy
 * `assistant_*` names). Models are recognised last, by `name` with `requests`, `provider` or `bring_your_keys`,
 * because users also have a `name`.
 */
export function detectExportType(headers: readonly string[]): ExportType | 'unknown' {
  const names = new Set(columnKeys(headers));
  const has = (h: string) => names.has(h);
  if (has('api_key_id') || has('api_key_name')) return 'api-keys';
  if (has('assistant_id') || has('assistant_name')) return 'agents';
  if (has('project_id') || has('project_name')) return 'projects';
  if (has('user_id') || has('messages_total')) return 'users';
  if (has('name') && (has('requests') || has('provider') || has(BYOK_COLUMN))) return 'models';
  return 'unknown';
}

/** The role of every column in the totals, by index into the header. */
export interface Plan {
  type: ExportType | 'unknown';
  /** Together identify one entity; empty means every row is its own entity. */
  keyCols: number[];
  /** Shown as the entity's name; -1 when there is none. */
  nameCol: number;
  /** Identify one part (child) of an entity: the grouping column, BYOK. */
  partCols: number[];
  /** Columns whose numbers are aggregated, with how; `statKnown` false for undocumented columns. */
  statCols: number[];
  statAggregates: Aggregate[];
  statKnown: boolean[];
  /** Columns shown with their value when all rows of a group agree, else n/a. */
  attrCols: number[];
}

export function planTable(
  headers: readonly string[],
  type: ExportType | 'unknown',
  hints: TableHints,
  kinds?: readonly ColumnKind[],
): Plan | undefined {
  // By key: a documented name is found whatever its case and spaces, and only on its first column.
  const keys = columnKeys(headers);
  const at = (h: string) => keys.indexOf(h);
  let keyCols: number[] = [];
  let nameCol = -1;
  if (type !== 'unknown') {
    const facts = EXPORT_TYPE_FACTS[type];
    keyCols = facts.entityKey.map(at).filter((i) => i >= 0);
    nameCol = at(facts.entityName);
    if (keyCols.length === 0 && nameCol >= 0) keyCols = [nameCol];
  }
  if (keyCols.length === 0) {
    // No documented identity: the first text column names the entity, which needs every value seen first.
    if (!kinds) return undefined;
    nameCol = kinds.indexOf('text');
    keyCols = nameCol >= 0 ? [nameCol] : [];
  }
  if (nameCol < 0) nameCol = keyCols[0] ?? -1;

  const partCols = partColumns(keys, type, hints.groupBy)
    .map(at)
    .filter((i) => i >= 0 && !keyCols.includes(i));
  const taken = new Set([...keyCols, nameCol, ...partCols]);
  const plan: Plan = {
    type,
    keyCols,
    nameCol,
    partCols,
    statCols: [],
    statAggregates: [],
    statKnown: [],
    attrCols: [],
  };
  headers.forEach((header, i) => {
    if (taken.has(i)) return;
    const fact = knownColumnFact(header);
    if (fact && fact.aggregate !== 'none') {
      addStat(plan, i, fact.aggregate, true);
    } else if (fact) {
      if (!FILE_WIDE_COLUMNS.has(keys[i])) plan.attrCols.push(i);
    } else {
      // Undocumented: numeric or not is only known at the end, so it is tracked both ways.
      addStat(plan, i, inferAggregate(header), false);
      plan.attrCols.push(i);
    }
  });
  return plan;
}

function addStat(plan: Plan, col: number, aggregate: Aggregate, known: boolean): void {
  plan.statCols.push(col);
  plan.statAggregates.push(aggregate);
  plan.statKnown.push(known);
}

function partColumns(keys: readonly string[], type: ExportType | 'unknown', groupBy: GroupBy | undefined): string[] {
  const columns = new Set<string>();
  if (type !== 'unknown') {
    const hinted = groupBy && groupingFor(type, groupBy);
    if (hinted) columns.add(hinted.column);
    for (const g of EXPORT_TYPE_FACTS[type].groupings) if (keys.includes(g.column)) columns.add(g.column);
  }
  columns.add(BYOK_COLUMN);
  return [...columns];
}
