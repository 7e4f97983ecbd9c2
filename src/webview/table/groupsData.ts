/**
 * The grouped totals (issue 23): the host's group rows, whose people are built from the per-person totals already
 * in the page when a group is first opened (or a filter looks into it), so the people never cross twice.
 */
import type { CellValue, TableColumn, TotalsTable } from '../../shared/protocol';
import type { GroupMembers } from '../../shared/organisation';
import { PeopleRows } from '../../shared/orgPeople';
import { type RowCounts, type TabData, TotalsData } from '../common/tabData';

type Child = ReturnType<TabData['children']>[number];

export class GroupsData implements TabData {
  readonly grouped = true;
  readonly loaded = true;
  readonly complete = true;
  readonly version = 0;
  private readonly groups: TotalsData;
  private readonly people: PeopleRows;
  private readonly built = new Map<number, readonly Child[]>();

  constructor(table: TotalsTable, members: GroupMembers, persons: TotalsData) {
    this.groups = new TotalsData(table);
    this.people = new PeopleRows(
      table.columns,
      {
        columns: persons.columns,
        row: (i) => persons.row(i),
        key: (i) => persons.key(i),
        unknown: (i) => persons.counts(i).unknown,
      },
      members,
    );
  }

  get columns(): readonly TableColumn[] {
    return this.groups.columns;
  }
  get length(): number {
    return this.groups.length;
  }
  row(index: number): CellValue[] {
    return this.groups.row(index);
  }
  cell(index: number, column: number): CellValue {
    return this.groups.cell(index, column);
  }
  children(index: number): readonly Child[] {
    let people = this.built.get(index);
    if (!people) this.built.set(index, (people = this.people.of(index)));
    return people;
  }
  counts(index: number): RowCounts {
    return this.groups.counts(index);
  }
  key(index: number): string {
    return this.groups.key(index);
  }
}
