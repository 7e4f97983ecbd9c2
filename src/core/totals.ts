/**
 * Per-entity totals of a usage export: one row per model (user, agent, API key, project), the parts it merges
 * (BYOK and non-BYOK, sources, deployments, models) as children, a grand total and the derived ratios.
 *
 * Rows are read once, as they stream in, into the finest groups (entity × part); entity rows and the grand total
 * are exact merges of those groups, so memory grows with the number of groups, not of rows.
 */
import { type CsvShape, type CsvTable, type ColumnKind, plural, streamCsvFile } from './csvTable';
import { ColumnStats } from './columnStats';
import { parseDecimal } from './decimal';
import { derivedCell, derivedColumns } from './derived';
import {
  EXPORT_TYPE_FACTS,
  type ExportType,
  type GroupBy,
  groupingFor,
  inferAggregate,
  knownColumnFact,
  labelFromHeader,
} from './exportTypes';
import type { Aggregate, CellValue, ColumnFormat, TableColumn, TotalsRow, UsageTable } from './tableModel';

export interface TableHints {
  /** The type the export was requested as; detected from the header when absent. */
  type?: ExportType;
  groupBy?: GroupBy;
}

const ENTITY_LABELS: Readonly<Record<ExportType | 'unknown', string>> = {
  models: 'Model',
  users: 'User',
  agents: 'Agent',
  'api-keys': 'API key',
  projects: 'Project',
  unknown: 'Row',
};

/** Same value on every row of an export: shown under All rows, not repeated on every totals row. */
const FILE_WIDE_COLUMNS = new Set(['period_start', 'period_end', 'org_id']);
/** Splits a model into its BYOK and non-BYOK parts, whatever the grouping. */
const BYOK_COLUMN = 'bring_your_keys';

const KIND_FORMATS: Readonly<Record<ColumnKind, ColumnFormat>> = {
  empty: 'text',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'boolean',
  text: 'text',
};

/** Separators inside group keys; control characters that a CSV cell of a name or id does not hold. */
const KEY_SEP = '\u001f';
const PART_SEP = '\u001e';

/**
 * The export type a header belongs to, by the id columns only that type has (the agents export keeps the legacy
 * `assistant_*` names). Models are recognised last, by `name` with `requests`, `provider` or `bring_your_keys`,
 * because users also have a `name`.
 */
export function detectExportType(headers: readonly string[]): ExportType | 'unknown' {
  const has = (h: string) => headers.includes(h);
  if (has('api_key_id') || has('api_key_name')) return 'api-keys';
  if (has('assistant_id') || has('assistant_name')) return 'agents';
  if (has('project_id') || has('project_name')) return 'projects';
  if (has('user_id') || has('messages_total')) return 'users';
  if (has('name') && (has('requests') || has('provider') || has(BYOK_COLUMN))) return 'models';
  return 'unknown';
}

/** The role of every column in the totals, by index into the header. */
interface Plan {
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

function planTable(headers: readonly string[], type: ExportType | 'unknown', hints: TableHints, kinds?: readonly ColumnKind[]): Plan | undefined {
  const at = (h: string) => headers.indexOf(h);
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

  const partCols = partColumns(headers, type, hints.groupBy)
    .map(at)
    .filter((i) => i >= 0 && !keyCols.includes(i));
  const taken = new Set([...keyCols, nameCol, ...partCols]);
  const plan: Plan = { type, keyCols, nameCol, partCols, statCols: [], statAggregates: [], statKnown: [], attrCols: [] };
  headers.forEach((header, i) => {
    if (taken.has(i)) return;
    const fact = knownColumnFact(header);
    if (fact && fact.aggregate !== 'none') {
      addStat(plan, i, fact.aggregate, true);
    } else if (fact) {
      if (!FILE_WIDE_COLUMNS.has(header)) plan.attrCols.push(i);
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

function partColumns(headers: readonly string[], type: ExportType | 'unknown', groupBy: GroupBy | undefined): string[] {
  const columns = new Set<string>();
  if (type !== 'unknown') {
    const hinted = groupBy && groupingFor(type, groupBy);
    if (hinted) columns.add(hinted.column);
    for (const g of EXPORT_TYPE_FACTS[type].groupings) if (headers.includes(g.column)) columns.add(g.column);
  }
  columns.add(BYOK_COLUMN);
  return [...columns];
}

/** The finest unit of aggregation: one entity × part, or a merge of several. */
class Group {
  rowCount = 0;
  readonly stats: ColumnStats[];
  /** Per tracked column: the first value seen, and whether another, different value followed. */
  readonly values: CellValue[];
  readonly mixed: boolean[];

  constructor(readonly key: string, readonly entityKey: string, aggregates: readonly Aggregate[], tracked: number) {
    this.stats = aggregates.map((a) => new ColumnStats(a));
    this.values = new Array<CellValue>(tracked).fill(null);
    this.mixed = new Array<boolean>(tracked).fill(false);
  }

  merge(other: Group): void {
    this.rowCount += other.rowCount;
    other.stats.forEach((s, j) => this.stats[j].merge(s));
    other.values.forEach((v, j) => this.see(j, v));
    other.mixed.forEach((m, j) => (this.mixed[j] ||= m));
  }

  see(j: number, value: CellValue): void {
    if (value === null) return; // an empty cell says nothing about the group's value
    const current = this.values[j];
    if (current === null) this.values[j] = value;
    else if (current !== value) this.mixed[j] = true;
  }

  /** The value every row agreed on, or null (n/a). */
  uniform(j: number): CellValue {
    return this.mixed[j] ? null : this.values[j];
  }
}

/**
 * Aggregates rows one at a time as they stream in; `finish` turns the groups into the UsageTable. Create it with
 * `TotalsBuilder.forHeader` while streaming, or `forTable` once the column kinds are known.
 */
export class TotalsBuilder {
  private readonly leaves = new Map<string, Group>();
  /** keyCols, nameCol, partCols, attrCols: the columns tracked as "first value / mixed". */
  private readonly tracked: number[];
  /** Per stat column: still all numbers. An undocumented column stops being read at its first text cell. */
  private readonly numeric: boolean[];
  /** Per stat column: cells of a documented numeric column that are not numbers (left out, and warned about). */
  private readonly badCells: number[];
  private rowIndex = 0;

  private constructor(private readonly headers: readonly string[], private readonly plan: Plan) {
    this.tracked = [...new Set([...plan.keyCols, plan.nameCol, ...plan.partCols, ...plan.attrCols])].filter((i) => i >= 0);
    this.numeric = plan.statCols.map(() => true);
    this.badCells = plan.statCols.map(() => 0);
  }

  /** A builder that can take rows as they stream in, or undefined when the entity can only be chosen at the end. */
  static forHeader(headers: readonly string[], hints: TableHints = {}): TotalsBuilder | undefined {
    const plan = planTable(headers, hints.type ?? detectExportType(headers), hints);
    return plan && new TotalsBuilder(headers, plan);
  }

  static forTable(shape: CsvShape, hints: TableHints = {}): TotalsBuilder {
    const plan = planTable(shape.headers, hints.type ?? detectExportType(shape.headers), hints, shape.kinds);
    return new TotalsBuilder(shape.headers, plan!); // with kinds a plan always exists
  }

  add(row: readonly CellValue[]): void {
    const { plan } = this;
    const entityKey = plan.keyCols.length === 0 ? `#${this.rowIndex}` : joinKey(row, plan.keyCols);
    const key = plan.partCols.length === 0 ? entityKey : entityKey + PART_SEP + joinKey(row, plan.partCols);
    this.rowIndex++;
    let group = this.leaves.get(key);
    if (!group) {
      group = new Group(key, entityKey, plan.statAggregates, this.tracked.length);
      this.leaves.set(key, group);
    }
    group.rowCount++;
    const { statCols, statKnown } = plan;
    for (let j = 0; j < statCols.length; j++) {
      const text = row[statCols[j]];
      if (text === null || !this.numeric[j]) continue;
      const d = parseDecimal(text);
      if (d) group.stats[j].add(d);
      else if (statKnown[j]) this.badCells[j]++;
      else this.numeric[j] = false;
    }
    const { tracked } = this;
    for (let j = 0; j < tracked.length; j++) group.see(j, row[tracked[j]]);
  }

  finish(shape: CsvShape): UsageTable {
    const { plan } = this;
    const columns = this.headers.map((h, i) => describeColumn(h, shape.kinds[i] ?? 'empty', i));
    const { head, aggregated, attrs } = this.layout(columns, shape.kinds);
    const aggIndex = new Map(aggregated.map((e, i) => [e.column.key, i]));

    const leaves = [...this.leaves.values()];
    const grandAgg = aggregated.map((e) => e.cell(this.merged('', leaves)));
    const derived = derivedColumns(aggregated.map((e) => e.column)).filter(
      (c) => derivedCell(c.derived!, grandAgg, grandAgg, aggIndex) !== null,
    );
    const derivedCells = (agg: CellValue[]) => derived.map((c) => derivedCell(c.derived!, agg, grandAgg, aggIndex));
    const rowOf = (g: Group, children?: TotalsRow[]): TotalsRow => {
      const agg = aggregated.map((e) => e.cell(g));
      const cells = [...head.map((e) => e.cell(g)), ...agg, ...derivedCells(agg), ...attrs.map((e) => e.cell(g))];
      return { key: g.key, cells, rowCount: g.rowCount, ...(children ? { children } : {}) };
    };
    const rows = [...groupBy(leaves, (l) => l.entityKey)].map(([entityKey, parts]) =>
      parts.length === 1 ? rowOf(parts[0]) : rowOf(this.merged(entityKey, parts), parts.map((p) => rowOf(p))),
    );

    return {
      exportType: plan.type,
      columns,
      rowCount: shape.rowCount,
      totals: {
        entityLabel: ENTITY_LABELS[plan.type],
        columns: [...head, ...aggregated].map((e) => e.column).concat(derived, attrs.map((e) => e.column)),
        rows,
        grandTotal: [...head.map(() => null), ...grandAgg, ...derivedCells(grandAgg), ...attrs.map(() => null)],
      },
      warnings: [...shape.warnings, ...this.numberWarnings()],
    };
  }

  /**
   * Which columns the totals show, in order, and how each is read from a group: the entity (its name first),
   * the part columns, the aggregated numbers, then attributes (derived ratios go between the last two).
   */
  private layout(columns: readonly TableColumn[], kinds: readonly ColumnKind[]) {
    const { plan } = this;
    const entry = (col: number, cell: (g: Group) => CellValue) => ({ column: columns[col], cell });
    const first = (col: number) => {
      const j = this.tracked.indexOf(col);
      return entry(col, (g) => g.values[j]);
    };
    const uniform = (col: number) => {
      const j = this.tracked.indexOf(col);
      return entry(col, (g) => g.uniform(j));
    };
    const entityCols = [plan.nameCol, ...plan.keyCols.filter((c) => c !== plan.nameCol)].filter((c) => c >= 0);
    const head = [...entityCols.map(first), ...plan.partCols.map(uniform)];
    const aggregated = plan.statCols.flatMap((col, j) => {
      const isNumber = plan.statKnown[j] || (this.numeric[j] && (kinds[col] === 'integer' || kinds[col] === 'decimal'));
      return isNumber && columns[col].aggregate !== 'none' ? [entry(col, (g) => g.stats[j].result())] : [];
    });
    const shown = new Set(aggregated.map((e) => e.column));
    const attrs = plan.attrCols.filter((col) => !shown.has(columns[col])).map(uniform);
    return { head, aggregated, attrs };
  }

  private merged(key: string, parts: readonly Group[]): Group {
    const group = new Group(key, key, this.plan.statAggregates, this.tracked.length);
    for (const p of parts) group.merge(p);
    return group;
  }

  /** Only documented columns count bad cells, so the warning names them by their label, never by file text. */
  private numberWarnings(): string[] {
    return this.plan.statCols.flatMap((col, j) => {
      const bad = this.badCells[j];
      if (bad === 0) return [];
      const label = knownColumnFact(this.headers[col])?.label;
      const what = bad === 1 ? 'is not a number; it was' : 'are not numbers; they were';
      return [`${plural(bad, 'cell')} of column ${col + 1} (${label}) ${what} left out of the totals.`];
    });
  }
}

function joinKey(row: readonly CellValue[], cols: readonly number[]): string {
  if (cols.length === 1) return row[cols[0]] ?? '';
  let key = row[cols[0]] ?? '';
  for (let i = 1; i < cols.length; i++) key += KEY_SEP + (row[cols[i]] ?? '');
  return key;
}

/** Groups items by key, keeping the order in which each key first appears. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A column of the file: documented facts when there are some, else a label from the header and a detected format. */
export function describeColumn(header: string, kind: ColumnKind, index: number): TableColumn {
  const fact = knownColumnFact(header);
  if (fact) return { key: header, ...fact };
  const numeric = kind === 'integer' || kind === 'decimal';
  return {
    key: header,
    label: header.trim() ? labelFromHeader(header) : `Column ${index + 1}`,
    format: KIND_FORMATS[kind],
    aggregate: numeric ? inferAggregate(header) : 'none',
  };
}

/** Totals of a table already in memory. */
export function buildUsageTable(table: CsvTable, hints: TableHints = {}): UsageTable {
  const builder = TotalsBuilder.forTable(table, hints);
  for (const row of table.rows) builder.add(row);
  return builder.finish(table);
}

/**
 * The host's entry point: streams the file once, aggregating as rows arrive, and returns the table with every raw
 * row (aligned with `table.columns`, empty cells null) for the All rows view.
 */
export async function loadUsageTable(
  filePath: string,
  hints: TableHints = {},
  signal?: AbortSignal,
): Promise<{ table: UsageTable; rows: CellValue[][] }> {
  const rows: CellValue[][] = [];
  let builder: TotalsBuilder | undefined;
  const shape = await streamCsvFile(
    filePath,
    {
      header: (headers) => (builder = TotalsBuilder.forHeader(headers, hints)),
      row: (cells) => {
        rows.push(cells);
        builder?.add(cells);
      },
    },
    signal,
  );
  if (!builder) return { table: buildUsageTable({ ...shape, rows }, hints), rows };
  return { table: builder.finish(shape), rows };
}
