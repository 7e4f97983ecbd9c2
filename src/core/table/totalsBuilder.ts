/**
 * Aggregates a usage export's rows one at a time as they stream in, into the finest groups (entity × part), and
 * turns the groups into the totals table: entity rows and the grand total are exact merges of those groups.
 */
import type { CsvShape } from '../csv/csvReader';
import { type ColumnKind, isGroupedNumber } from '../csv/columnKinds';
import { clipName } from '../csv/csvWarnings';
import { english, type Localize } from '../../shared/template';
import { DecimalScanner } from '../../shared/decimal';
import { ColumnStats } from './columnStats';
import { derivedColumns } from './derived';
import { derivedCell, derivedUnknown, primaryColumn } from '../../shared/derived';
import { costColumn } from '../../shared/headline';
import { Group, type GroupColumns } from './entityGroup';
import { columnKeys, inferAggregate, knownColumnFact, labelFromHeader } from '../schema/exportTypes';
import { parseBoolean } from '../../shared/boolean';
import type { CellValue, ColumnFormat, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import { BYOK_COLUMN, type Plan, planTable, detectExportType, type TableHints } from './tablePlan';

const KIND_FORMATS: Readonly<Record<ColumnKind, ColumnFormat>> = {
  empty: 'text',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'boolean',
  text: 'text',
};

/** Groups by the cells of the key columns, then the part columns, one map level per column. */
type GroupIndex = Map<CellValue, GroupIndex | Group>;

/** Separators inside group keys; control characters that a CSV cell of a name or id does not hold. */
const KEY_SEP = '\u001f';
const PART_SEP = '\u001e';

type TotalsLayout = ReturnType<TotalsBuilder['totalsLayout']>;

/**
 * Aggregates rows one at a time as they stream in; `finish` turns the groups into the UsageTable. Create it with
 * `TotalsBuilder.forHeader` while streaming, or `forTable` once the column kinds are known.
 */
export class TotalsBuilder {
  /** The groups in order of first appearance, and an index to find a row's group without building a key string. */
  private readonly leaves: Group[] = [];
  private readonly index: GroupIndex = new Map();
  /** keyCols then partCols: the path of a row's group in `index`. */
  private readonly path: number[];
  private readonly columns: GroupColumns;
  /**
   * Per stat column: cells that are not numbers, and of those the ones with thousands separators. Left out of the
   * totals; once the column turns out numeric, a warning counts them.
   */
  private readonly badCells: number[];
  private readonly groupedCells: number[];
  /** The BYOK column, whose `TRUE`, `1` and `yes` must make one part, not three; -1 when there is none. */
  private readonly byokCol: number;
  private rowIndex = 0;
  /** The grand total, kept as rows arrive: cheaper than merging every group at the end. */
  private readonly grand: ColumnStats[];

  private constructor(
    private readonly headers: readonly string[],
    private readonly plan: Plan,
  ) {
    // keyCols, nameCol, partCols, attrCols: the columns tracked as "the value all rows agree on"
    const tracked = [...new Set([...plan.keyCols, plan.nameCol, ...plan.partCols, ...plan.attrCols])].filter(
      (i) => i >= 0,
    );
    this.columns = { statCols: plan.statCols, aggregates: plan.statAggregates, tracked, scanner: new DecimalScanner() };
    this.badCells = plan.statCols.map(() => 0);
    this.groupedCells = plan.statCols.map(() => 0);
    this.byokCol = plan.partCols.find((c) => columnKeys(headers)[c] === BYOK_COLUMN) ?? -1;
    this.path = [...plan.keyCols, ...plan.partCols];
    this.grand = plan.statAggregates.map((a) => new ColumnStats(a));
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

  /** Returns the key of the row's group: the key of the totals row (or part) it went into. */
  add(cells: readonly CellValue[]): string {
    const row = this.canonicalBoolean(cells);
    const group = this.groupOf(row);
    const state = group.add(row);
    // Every number is checked here, once, whether or not the group aggregates it yet.
    const { statCols } = this.plan;
    const { scanner } = this.columns;
    for (let j = 0; j < statCols.length; j++) {
      const text = row[statCols[j]];
      if (text === null) continue;
      if (scanner.scan(text)) {
        state?.stats[j].add(scanner);
        this.grand[j].add(scanner);
      } else {
        this.badCells[j]++;
        if (isGroupedNumber(text)) this.groupedCells[j]++;
      }
    }
    state?.seeRow(row);
    return group.key;
  }

  /** The row with its BYOK cell spelled `true` or `false` (a copy, made only when it is spelled otherwise). */
  private canonicalBoolean(row: readonly CellValue[]): readonly CellValue[] {
    const text = this.byokCol < 0 ? null : row[this.byokCol];
    if (text === null || text === 'true' || text === 'false') return row;
    const value = parseBoolean(text);
    if (value === undefined) return row;
    const copy = row.slice();
    copy[this.byokCol] = String(value);
    return copy;
  }

  /** The table of the rows added so far; with `maxEntities`, the totals list the first entities seen only. */
  finish(shape: CsvShape, maxEntities = Infinity, t: Localize = english): UsageTable {
    const keys = columnKeys(this.headers);
    const columns = this.headers.map((h, i) => describeColumn(h, keys[i], shape.kinds[i] ?? 'empty', i));
    const layout = this.totalsLayout(columns, shape.kinds);
    const { head, aggregated, derived, attrs, grandUnknown } = layout;
    const totals: UsageTable['totals'] = {
      entity: this.plan.type,
      columns: [...head, ...aggregated]
        .map((e) => e.column)
        .concat(
          derived,
          attrs.map((e) => e.column),
        ),
      rows: this.totalsRows(layout, maxEntities),
      grandTotal: [
        ...layout.grandCells,
        ...derived.map((c) => derivedCell(c.derived!, layout.grandCells, layout.grandCells, layout.aggIndex)),
        ...attrs.map(() => null),
      ],
    };
    if (grandUnknown.some((n) => n > 0)) totals.grandUnknown = grandUnknown;
    return {
      exportType: this.plan.type,
      columns,
      rowCount: shape.rowCount,
      totals,
      warnings: [...shape.warnings, ...this.numberWarnings(aggregated, t)],
    };
  }

  /**
   * The totals columns in order (entity, aggregated, derived, attributes), the grand total's aggregated cells and
   * how many rows each grand total cell leaves out. A derived column is kept only where the grand total has a
   * value for it.
   */
  private totalsLayout(columns: readonly TableColumn[], kinds: readonly ColumnKind[]) {
    const { head, aggregated, attrs } = this.layout(columns, kinds);
    // Derived cells read aggregated cells by key from a row laid out like the totals columns.
    const aggIndex = new Map(aggregated.map((e, i) => [e.column.key, head.length + i]));
    const grandCells: CellValue[] = [...head.map(() => null), ...aggregated.map((e) => this.grand[e.stat].result())];
    const derived = derivedColumns(aggregated.map((e) => e.column)).filter(
      (c) => derivedCell(c.derived!, grandCells, grandCells, aggIndex) !== null,
    );
    const grandCounts = [...head.map(() => this.rowIndex), ...aggregated.map((e) => this.grand[e.stat].count)];
    const grandRatios = derived.map((c) => derivedCell(c.derived!, grandCells, grandCells, aggIndex));
    const grandUnknown = unknownCells(grandCells, grandCounts, this.rowIndex, derived, grandRatios, aggIndex);
    attrs.forEach(() => grandUnknown.push(0));
    return { head, aggregated, derived, attrs, aggIndex, grandCells, grandUnknown };
  }

  /** One row per entity; an entity made of several parts (BYOK and not, sources, deployments) lists them. */
  private totalsRows(
    { head, aggregated, derived, attrs, aggIndex, grandCells }: TotalsLayout,
    maxEntities: number,
  ): TotalsRow[] {
    // Plain index loops: this runs once per group and entity, mostly before the compiler has optimized it, and
    // spreads and callbacks cost more there (measured on the 10 MB models file: 4,000 groups).
    const rowOf = (g: Group, children?: TotalsRow[]): TotalsRow => {
      const cells: CellValue[] = [];
      for (let i = 0; i < head.length; i++) cells.push(head[i].cell(g));
      for (let i = 0; i < aggregated.length; i++) cells.push(aggregated[i].cell(g));
      const ratios: CellValue[] = [];
      for (let i = 0; i < derived.length; i++)
        ratios.push(derivedCell(derived[i].derived!, cells, grandCells, aggIndex));
      // One row has a number or n/a in each cell: only a merge of rows can leave some out.
      let unknown: number[] | undefined;
      if (g.rowCount > 1) {
        const counts: number[] = [];
        for (let i = 0; i < head.length; i++) counts.push(g.rowCount);
        for (let i = 0; i < aggregated.length; i++) counts.push(g.count(aggregated[i].stat));
        unknown = unknownCells(cells, counts, g.rowCount, derived, ratios, aggIndex);
      }
      for (let i = 0; i < ratios.length; i++) cells.push(ratios[i]);
      for (let i = 0; i < attrs.length; i++) cells.push(attrs[i].cell(g));
      const row: TotalsRow = { key: g.key, cells, rowCount: g.rowCount };
      if (unknown && unknown.some((n) => n > 0)) {
        for (let i = 0; i < attrs.length; i++) unknown.push(0);
        row.unknown = unknown;
      }
      if (children) row.children = children;
      return row;
    };
    // Without part columns every group is an entity of its own (a users export: 300,000 of them, no map needed).
    if (this.plan.partCols.length === 0) return this.leaves.slice(0, maxEntities).map((g) => rowOf(g));
    return [...groupBy(this.leaves, (l) => l.entityKey, maxEntities)].map(([entityKey, parts]) =>
      parts.length === 1
        ? rowOf(parts[0])
        : rowOf(
            this.merged(entityKey, parts),
            parts.map((p) => rowOf(p)),
          ),
    );
  }

  private layout(columns: readonly TableColumn[], kinds: readonly ColumnKind[]) {
    const { plan } = this;
    const entry = (col: number, cell: (g: Group) => CellValue) => ({ column: columns[col], cell });
    const first = (col: number) => {
      const j = this.columns.tracked.indexOf(col);
      return entry(col, (g) => g.first(j));
    };
    const uniform = (col: number) => {
      const j = this.columns.tracked.indexOf(col);
      return entry(col, (g) => g.uniform(j));
    };
    const entityCols = [plan.nameCol, ...plan.keyCols.filter((c) => c !== plan.nameCol)].filter((c) => c >= 0);
    const head = [...entityCols.map(first), ...plan.partCols.map(uniform)];
    const aggregated = plan.statCols.flatMap((col, j) => {
      const isNumber = plan.statKnown[j] || kinds[col] === 'integer' || kinds[col] === 'decimal';
      return isNumber && columns[col].aggregate !== 'none' ? [{ ...entry(col, (g) => g.stat(j)), stat: j }] : [];
    });
    const shown = new Set(aggregated.map((e) => e.column));
    const attrs = plan.attrCols.filter((col) => !shown.has(columns[col])).map(uniform);
    return { head, aggregated: figuresFirst(aggregated), attrs };
  }

  /**
   * Finds (or makes) the group of a row by walking nested maps with the row's own cells, so the common case
   * allocates nothing; pooled cells also hash once. The joined key strings are built only for a new group.
   */
  private groupOf(row: readonly CellValue[]): Group {
    const { path, plan } = this;
    const rowIndex = this.rowIndex++;
    if (plan.keyCols.length === 0) return this.newGroup(`#${rowIndex}`, `#${rowIndex}`);
    let map = this.index;
    const last = path.length - 1;
    for (let i = 0; i < last; i++) {
      const cell = row[path[i]];
      let next = map.get(cell) as GroupIndex | undefined;
      if (!next) map.set(cell, (next = new Map()));
      map = next;
    }
    let group = map.get(row[path[last]]) as Group | undefined;
    if (!group) {
      const entityKey = joinKey(row, plan.keyCols);
      group = this.newGroup(
        plan.partCols.length === 0 ? entityKey : entityKey + PART_SEP + joinKey(row, plan.partCols),
        entityKey,
      );
      map.set(row[path[last]], group);
    }
    return group;
  }

  private newGroup(key: string, entityKey: string): Group {
    const group = new Group(key, entityKey, this.columns);
    this.leaves.push(group);
    return group;
  }

  private merged(key: string, parts: readonly Group[]): Group {
    const group = new Group(key, key, this.columns);
    for (const p of parts) group.absorb(p);
    return group;
  }

  /**
   * Every cell of a totalled column is either in its totals or counted here: the warning names the column by its
   * number and label (a documented label, or one made from the header) and says how many cells were left out.
   */
  private numberWarnings(aggregated: readonly { column: TableColumn; stat: number }[], t: Localize): string[] {
    return aggregated.flatMap(({ column, stat: j }) => {
      const bad = this.badCells[j];
      if (bad === 0) return [];
      const grouped = this.groupedCells[j];
      // A documented label is in the display language, like the column's own; a header from the file is as written.
      const label = clipName(knownColumnFact(column.key) ? t(column.label) : column.label);
      const col = String(this.plan.statCols[j] + 1);
      if (bad === 1)
        return grouped === 0
          ? t('1 cell of column {0} ({1}) is not a number; it was left out of the totals.', col, label)
          : t(
              '1 cell of column {0} ({1}) is not a number (it uses thousands separators, such as 1,234, which may also mean 1.234); it was left out of the totals.',
              col,
              label,
            );
      const count = String(bad);
      if (grouped === 0)
        return t('{0} cells of column {1} ({2}) are not numbers; they were left out of the totals.', count, col, label);
      if (grouped === bad)
        return t(
          '{0} cells of column {1} ({2}) are not numbers (they use thousands separators, such as 1,234, which may also mean 1.234); they were left out of the totals.',
          count,
          col,
          label,
        );
      return t(
        '{0} cells of column {1} ({2}) are not numbers ({3} use thousands separators, such as 1,234, which may also mean 1.234); they were left out of the totals.',
        count,
        col,
        label,
        String(grouped),
      );
    });
  }
}

/**
 * How many rows each cell of a totals row leaves out (the rows with no number there), aligned with the entity and
 * aggregated cells (`counts`: how many rows each has a value from) followed by the derived ones (`ratios`, the
 * row's derived cells). A cell with no
 * value at all leaves out nothing: it shows n/a; a derived cell follows `derivedUnknown`.
 */
function unknownCells(
  cells: readonly CellValue[],
  counts: readonly number[],
  rowCount: number,
  derived: readonly TableColumn[],
  ratios: readonly CellValue[],
  aggIndex: ReadonlyMap<string, number>,
): number[] {
  const unknown: number[] = [];
  for (let i = 0; i < counts.length; i++) unknown.push(cells[i] === null ? 0 : rowCount - counts[i]);
  const unknownOf = (key: string) => unknown[aggIndex.get(key) ?? -1] ?? 0;
  for (let k = 0; k < derived.length; k++) unknown.push(derivedUnknown(derived[k].derived!, ratios[k], unknownOf));
  return unknown;
}

/** Requests (or messages) and cost lead the aggregated columns, before the token detail; the rest keep file order. */
function figuresFirst<E extends { column: TableColumn }>(entries: E[]): E[] {
  const columns = entries.map((e) => e.column);
  const lead = [primaryColumn(columns), costColumn(columns)?.column].filter((c) => c !== undefined);
  return [...lead.map((c) => entries[columns.indexOf(c)]), ...entries.filter((e) => !lead.includes(e.column))];
}

function joinKey(row: readonly CellValue[], cols: readonly number[]): string {
  if (cols.length === 1) return row[cols[0]] ?? '';
  let key = row[cols[0]] ?? '';
  for (let i = 1; i < cols.length; i++) key += KEY_SEP + (row[cols[i]] ?? '');
  return key;
}

/** Groups items by key, keeping the order in which each key first appears; keys after the first `limit` are left out. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string, limit = Infinity): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else if (groups.size < limit) groups.set(key, [item]);
  }
  return groups;
}

/**
 * A column of the file: documented facts when there are some, else a label from the header and a detected format.
 * A repeated documented name says which column it is, so the two are told apart on screen.
 */
function describeColumn(header: string, key: string, kind: ColumnKind, index: number): TableColumn {
  const fact = knownColumnFact(header);
  if (fact)
    return key.includes('#') ? { key, ...fact, label: `${fact.label} (column ${index + 1})` } : { key, ...fact };
  const numeric = kind === 'integer' || kind === 'decimal';
  return {
    key,
    label: header.trim() ? labelFromHeader(header) : `Column ${index + 1}`,
    format: KIND_FORMATS[kind],
    aggregate: numeric ? inferAggregate(header) : 'none',
  };
}
