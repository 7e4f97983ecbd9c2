/**
 * The rows of one entity part (or a merge of parts) reduced to what the totals show: the aggregated numbers and,
 * for descriptive columns, the value all rows agree on.
 *
 * A group of one row keeps only that row (which the All rows view keeps anyway): running state is built when a
 * second row arrives. Most exports have one row per entity (users, agents, keys, projects), so this saves a dozen
 * objects per entity and the garbage collector the work of promoting them.
 */
import { ColumnStats, singleValueResult } from './columnStats';
import type { DecimalScanner } from '../../shared/decimal';
import type { Aggregate, CellValue } from '../../shared/tableModel';

export interface GroupColumns {
  /** Columns aggregated as numbers, and how. */
  statCols: readonly number[];
  aggregates: readonly Aggregate[];
  /** Columns shown as the value all rows agree on (entity, part and descriptive columns). */
  tracked: readonly number[];
  /** Shared by every group of a table; only ever used synchronously. */
  scanner: DecimalScanner;
}

/** The running state of a group with more than one row. */
export class GroupState {
  readonly stats: ColumnStats[];
  /** Per tracked column: the first value seen, and whether another, different value followed. */
  private readonly values: CellValue[];
  private readonly mixed: boolean[];

  constructor(private readonly columns: GroupColumns) {
    this.stats = columns.aggregates.map((a) => new ColumnStats(a));
    this.values = new Array<CellValue>(columns.tracked.length).fill(null);
    this.mixed = new Array<boolean>(columns.tracked.length).fill(false);
  }

  /** Adds every number and tracked value of a row (non-numbers are skipped: the builder has counted them). */
  addRow(row: readonly CellValue[]): void {
    const { statCols, scanner } = this.columns;
    for (let j = 0; j < statCols.length; j++) {
      const text = row[statCols[j]];
      if (text !== null && scanner.scan(text)) this.stats[j].add(scanner);
    }
    this.seeRow(row);
  }

  seeRow(row: readonly CellValue[]): void {
    const { tracked } = this.columns;
    for (let j = 0; j < tracked.length; j++) this.see(j, row[tracked[j]]);
  }

  merge(other: GroupState): void {
    for (let j = 0; j < other.stats.length; j++) this.stats[j].merge(other.stats[j]);
    for (let j = 0; j < other.values.length; j++) {
      this.see(j, other.values[j]);
      this.mixed[j] ||= other.mixed[j];
    }
  }

  first(j: number): CellValue {
    return this.values[j];
  }

  uniform(j: number): CellValue {
    return this.mixed[j] ? null : this.values[j];
  }

  private see(j: number, value: CellValue): void {
    if (value === null) return; // an empty cell says nothing about the group's value
    const current = this.values[j];
    if (current === null) this.values[j] = value;
    else if (current !== value) this.mixed[j] = true;
  }
}

export class Group {
  rowCount = 0;
  /** The group's row while it has exactly one. */
  private only: readonly CellValue[] | undefined;
  private state: GroupState | undefined;

  constructor(
    readonly key: string,
    readonly entityKey: string,
    private readonly columns: GroupColumns,
  ) {}

  /**
   * Takes a row. Returns the running state the caller must add the row's numbers and values to, or undefined when
   * the row is the group's first and is simply kept.
   */
  add(row: readonly CellValue[]): GroupState | undefined {
    if (this.rowCount++ === 0) {
      // A copy the size of the row: the parser's array has room to spare, and a kept row is kept for good.
      this.only = row.slice();
      return undefined;
    }
    return this.materialize();
  }

  /** Merges another group into this one (entity rows from their parts, the grand total from everything). */
  absorb(other: Group): void {
    const state = this.materialize();
    if (other.state) state.merge(other.state);
    else if (other.only) state.addRow(other.only);
    this.rowCount += other.rowCount;
  }

  /** The aggregated cell of stat column `j`: n/a when no row had a number. */
  stat(j: number): CellValue {
    if (this.state) return this.state.stats[j].result();
    const text = this.only?.[this.columns.statCols[j]] ?? null;
    if (text === null || !this.columns.scanner.scan(text)) return null;
    return singleValueResult(this.columns.aggregates[j], this.columns.scanner, text);
  }

  /** How many rows had a number in stat column `j`. */
  count(j: number): number {
    if (this.state) return this.state.stats[j].count;
    const text = this.only?.[this.columns.statCols[j]] ?? null;
    return text !== null && this.columns.scanner.scan(text) ? 1 : 0;
  }

  /** The first value of tracked column `j` (for entity names and keys). */
  first(j: number): CellValue {
    return this.state ? this.state.first(j) : this.onlyValue(j);
  }

  /** The value every row agreed on for tracked column `j`, or n/a. */
  uniform(j: number): CellValue {
    return this.state ? this.state.uniform(j) : this.onlyValue(j);
  }

  private onlyValue(j: number): CellValue {
    return this.only?.[this.columns.tracked[j]] ?? null;
  }

  private materialize(): GroupState {
    if (!this.state) {
      this.state = new GroupState(this.columns);
      if (this.only) this.state.addRow(this.only);
      this.only = undefined;
    }
    return this.state;
  }
}
