import * as vscode from 'vscode';
import { USAGE_TABLE_EDITOR_VIEW_TYPE } from '../views/usagePanel';

/**
 * `langdock.openCsvInTable`: the explorer's and the editor title's "Open in Langdock Usage Table". Takes the
 * clicked file's URI, or uses the active editor's file.
 */
export async function openCsvInTable(arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a CSV file first, or pick one in the Explorer.'));
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, USAGE_TABLE_EDITOR_VIEW_TYPE);
}
