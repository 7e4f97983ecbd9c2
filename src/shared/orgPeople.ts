/**
 * The people of a group as rows of the grouped table, built from the users table's own rows where they are shown
 * (the webview builds a group's people when it is opened, so 160k people never cross as grouped rows). The host's
 * organisation says who is in which group and what each person counts as; this says what their cells are.
 */
import { primaryColumn } from './derived';
import { costColumn } from './headline';
import type { GroupMembers } from './organisation';
import type { CellValue, TableColumn, TotalsRow } from './tableModel';

/** What a person counts as: active, an inactive seat, no licence and 0 messages, or unknown (no count). */
export type ActivityCode = 'a' | 'i' | 'n' | 'u';

/** The users table's rows, as the grid or the core holds them. */
export interface PeopleSource {
  columns: readonly TableColumn[];
  row(index: number): readonly CellValue[] | undefined;
  key(index: number): string;
  unknown(index: number): readonly number[] | undefined;
}

const NAME_KEYS = ['name', 'email', 'user_id', 'assistant_name', 'api_key_name'];

/** Builds the people rows of a grouped table's groups from a users table's rows. */
export class PeopleRows {
  private readonly at: (key: string) => number;
  private readonly names: number[];
  private readonly messages: number;
  private readonly cost: number;
  private readonly license: number;

  constructor(
    private readonly columns: readonly TableColumn[],
    private readonly source: PeopleSource,
    private readonly members: GroupMembers,
  ) {
    const keys = source.columns.map((c) => c.key);
    this.at = (key) => keys.indexOf(key);
    this.names = NAME_KEYS.map(this.at).filter((i) => i >= 0);
    const messages = primaryColumn(source.columns);
    const cost = costColumn(source.columns)?.column;
    this.messages = messages ? source.columns.indexOf(messages) : -1;
    this.cost = cost ? source.columns.indexOf(cost) : -1;
    this.license = this.at('license_type');
  }

  /** The people of the group at `group` (its index among the grouped table's rows, as the host sent them). */
  of(group: number): TotalsRow[] {
    const { starts, rows, activity } = this.members;
    const out: TotalsRow[] = [];
    for (let m = starts[group]; m < starts[group + 1]; m++) {
      out.push(this.person(rows[m], activity[m] as ActivityCode));
    }
    return out;
  }

  private person(index: number, activity: ActivityCode): TotalsRow {
    const cells = this.source.row(index) ?? [];
    const unknown = this.source.unknown(index);
    const known = activity !== 'u';
    const flag = (yes: boolean): CellValue => (known ? (yes ? '1' : '0') : null);
    const active = activity === 'a';
    const read = (column: number): CellValue => (column < 0 ? null : (cells[column] ?? null));
    const partly = (column: number) => (column >= 0 && (unknown?.[column] ?? 0) > 0 ? 1 : 0);
    const licence = this.license < 0 ? '' : (cells[this.license] ?? '').trim().toLowerCase();
    const name = this.names.map((i) => cells[i]?.trim()).find((text) => text) ?? this.source.key(index);
    const out: CellValue[] = [];
    const left: number[] = [];
    for (const { key } of this.columns) {
      let value: CellValue;
      let partial = 0;
      switch (key) {
        case 'group':
          value = name;
          break;
        case 'users':
          value = '1';
          break;
        case 'active_users':
        case 'active_share':
          value = flag(active);
          break;
        case 'inactive_seats':
          value = flag(activity === 'i');
          break;
        case 'messages_total':
          value = read(this.messages);
          partial = partly(this.messages);
          break;
        case 'messages_per_active_user':
          value = active ? read(this.messages) : null;
          break;
        case 'cost_per_active_user':
          value = active ? read(this.cost) : null;
          break;
        case 'idle_seat_cost':
          value = activity === 'i' ? (this.members.prices?.[licence] ?? null) : known ? '0' : null;
          break;
        default: {
          // The sums the person's row has under the same key: extra usage, cost.
          const column = this.at(key);
          value = read(column);
          partial = partly(column);
        }
      }
      out.push(value);
      left.push(partial);
    }
    return { key: this.source.key(index), rowCount: 1, cells: out, unknown: left };
  }
}
