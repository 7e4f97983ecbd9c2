/**
 * Which totals columns the usage tables show, remembered per export type in the global state: a choice made in
 * one panel holds for every panel of that type, now and after a window reload. The choices are applied where a
 * table's view is rendered (core/table/columnChoices.ts).
 */
import type * as vscode from 'vscode';
import { type ColumnChoices, type ColumnChoicesByType, readColumnChoices } from '../core/table/columnChoices';
import type { ExportType } from '../shared/exportType';

const MEMENTO_KEY = 'langdock.columns';

export class ColumnPrefs {
  constructor(private readonly memento: vscode.Memento) {}

  all(): ColumnChoicesByType {
    return readColumnChoices(this.memento.get(MEMENTO_KEY));
  }

  /** Shows and hides columns of one export type (column key → shown); columns not named keep their state. */
  async change(type: ExportType, shown: ColumnChoices): Promise<void> {
    const all = this.all();
    await this.memento.update(MEMENTO_KEY, { ...all, [type]: { ...all[type], ...shown } });
  }

  /** Back to the default columns of one export type. */
  async reset(type: ExportType): Promise<void> {
    const { [type]: _dropped, ...rest } = this.all();
    await this.memento.update(MEMENTO_KEY, rest);
  }
}
