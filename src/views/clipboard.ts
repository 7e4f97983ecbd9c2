import * as vscode from 'vscode';

/** Puts what a webview built from its shown table on the clipboard, and says so in the status bar. */
export async function copyShown(format: 'markdown' | 'tsv' | 'csv', text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  const said = {
    markdown: () => vscode.l10n.t('Copied as Markdown'),
    tsv: () => vscode.l10n.t('Copied as TSV'),
    csv: () => vscode.l10n.t('Copied as CSV'),
  };
  vscode.window.setStatusBarMessage(said[format](), 3000);
}
