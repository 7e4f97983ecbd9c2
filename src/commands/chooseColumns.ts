/**
 * `langdock.chooseColumns` (the table's Columns… button): the totals' columns of the table shown as a list to
 * tick, the ones on screen ticked; the choice holds for every table of that export type, after a reload too. The
 * argument `{ "show": ["total_cost_usd"], "hide": ["sum_prompt_tokens"] }` (column keys) changes columns without
 * the list, `{ "reset": true }` goes back to the default columns. Returns the keys of the columns now shown.
 */
import * as vscode from 'vscode';
import type { UsagePanels } from '../views/usagePanel';
import type { UsageTableSession } from '../views/usageTableSession';
import type { ColumnPrefs } from '../views/columnPrefs';
import { isExportType } from '../shared/exportType';
import { typeLabel } from '../labels';

interface ChooseColumnsArgs {
  show?: unknown;
  hide?: unknown;
  reset?: unknown;
}

const keysOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];

export async function chooseColumns(
  panels: UsagePanels,
  prefs: ColumnPrefs,
  arg?: unknown,
  session: UsageTableSession | undefined = panels.activeSession(),
): Promise<{ exportType: string; shown: string[] } | undefined> {
  if (!session) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a usage table first.'));
    return undefined;
  }
  const { exportType, columns } = await session.shownColumns();
  if (!isExportType(exportType)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('This CSV is of no known export type: it shows every column.'),
    );
    return undefined;
  }
  const args = (typeof arg === 'object' && arg !== null ? arg : {}) as ChooseColumnsArgs;
  // The first column names the row: always shown.
  const choosable = columns.slice(1);
  if (args.reset === true) await prefs.reset(exportType);
  else if (args.show !== undefined || args.hide !== undefined) {
    const known = new Set(choosable.map((c) => c.key));
    const changes = [
      ...keysOf(args.show).map((k): [string, boolean] => [k, true]),
      ...keysOf(args.hide).map((k): [string, boolean] => [k, false]),
    ].filter(([k]) => known.has(k));
    await prefs.change(exportType, Object.fromEntries(changes));
  } else {
    const picked = await vscode.window.showQuickPick(
      choosable.map((c) => ({ label: c.label, description: c.key, picked: !c.hidden, key: c.key })),
      {
        canPickMany: true,
        title: vscode.l10n.t('Columns of {0} tables', typeLabel(exportType)),
        placeHolder: vscode.l10n.t('Tick the columns to show; every table of this type keeps the choice'),
        matchOnDescription: true,
        // Opened from the table's own button: its webview may take the focus back while it updates.
        ignoreFocusOut: true,
      },
    );
    if (!picked) return undefined;
    const shown = new Set(picked.map((p) => p.key));
    const changes = choosable.filter((c) => shown.has(c.key) === Boolean(c.hidden));
    if (changes.length === 0) return undefined;
    await prefs.change(exportType, Object.fromEntries(changes.map((c) => [c.key, shown.has(c.key)])));
  }
  await panels.rerender(exportType);
  const after = await session.shownColumns();
  return { exportType, shown: after.columns.filter((c) => !c.hidden).map((c) => c.key) };
}
