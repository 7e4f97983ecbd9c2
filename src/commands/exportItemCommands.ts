/** The actions on a saved export (tree item context menu, the table's buttons, or an id from automation). */
import * as vscode from 'vscode';
import type { ExportRecord } from '../core/store/exportStore';
import type { Services } from '../services/services';
import { type ExportRunner, rerunRequest } from '../services/exportRunner';
import { rangeLabel, typeLabel } from '../labels';
import { COMMANDS } from '../commandIds';
import { compareWithPrevious } from './compareWithPrevious';

/** Accepts a record (from the tree) or an export id (from keybindings and tests). */
async function resolveRecord({ store, notifier }: Services, arg: unknown): Promise<ExportRecord | undefined> {
  const id = typeof arg === 'string' ? arg : (arg as ExportRecord | undefined)?.id;
  const record = id ? await store.get(id) : undefined;
  if (!record) notifier.show('warning', vscode.l10n.t('That export no longer exists.'));
  return record;
}

export async function openCsvInEditor(csvPath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(csvPath));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function registerExportItemCommands(services: Services, runner: ExportRunner): vscode.Disposable[] {
  const withRecord =
    (run: (record: ExportRecord, option?: unknown) => unknown) => async (arg: unknown, option?: unknown) => {
      const record = await resolveRecord(services, arg);
      return record && run(record, option);
    };
  const csvUri = (record: ExportRecord) => vscode.Uri.file(services.store.csvPath(record.id));
  return [
    vscode.commands.registerCommand(
      COMMANDS.openExport,
      withRecord((record) => {
        services.panels.open({ csvPath: services.store.csvPath(record.id), record });
        return true;
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openExportCsv,
      withRecord((record) => openCsvInEditor(csvUri(record).fsPath).then(() => true)),
    ),
    vscode.commands.registerCommand(
      COMMANDS.rerunExport,
      withRecord((record) => runner.run(rerunRequest(record))),
    ),
    vscode.commands.registerCommand(
      COMMANDS.revealExport,
      withRecord((record) => vscode.commands.executeCommand('revealFileInOS', csvUri(record))),
    ),
    vscode.commands.registerCommand(
      COMMANDS.copyExportPath,
      withRecord(async (record) => {
        await vscode.env.clipboard.writeText(csvUri(record).fsPath);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the path of the CSV'), 3000);
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.deleteExport,
      // A second argument `{ confirm: false }` skips the dialog (automation and tests).
      withRecord(async (record, option) => {
        const remove = vscode.l10n.t('Delete');
        const skip = (option as { confirm?: boolean } | undefined)?.confirm === false;
        const picked = skip
          ? remove
          : await vscode.window.showWarningMessage(
              vscode.l10n.t('Delete the {0} export {1}?', typeLabel(record.type), rangeLabel(record.range)),
              { modal: true, detail: vscode.l10n.t('The saved CSV is removed from this computer.') },
              remove,
            );
        if (picked !== remove) return false;
        await services.store.delete(record.id);
        return true;
      }),
    ),
    vscode.commands.registerCommand(
      COMMANDS.compareWithPrevious,
      withRecord((record) => compareWithPrevious(services, runner, record)),
    ),
    vscode.commands.registerCommand(COMMANDS.refreshExports, () => services.store.fireChanged()),
  ];
}
