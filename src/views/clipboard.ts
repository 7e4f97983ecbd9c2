import * as vscode from 'vscode';

/** Puts what a webview built from its shown table on the clipboard, and says so in the status bar. */
export async function copyShown(format: 'markdown' | 'tsv', text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(
    format === 'markdown' ? vscode.l10n.t('Copied as Markdown') : vscode.l10n.t('Copied as TSV'),
    3000,
  );
}
