import * as vscode from 'vscode';
import * as path from 'path';
import type { UsagePanels } from './usagePanel';

/**
 * "Langdock Usage Table" for any CSV on disk (`priority: option`: offered by Open With…, never the default).
 * The file is streamed from disk by the host, not opened as a TextDocument, so files beyond VS Code's 50 MB
 * document limit open too; the table reloads when the file changes.
 */
export class UsageTableEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly panels: UsagePanels) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    if (document.uri.scheme !== 'file') {
      panel.webview.html = '';
      void vscode.window.showErrorMessage(vscode.l10n.t('The Langdock Usage Table opens files on this computer only.'));
      return;
    }
    const csvPath = document.uri.fsPath;
    const session = this.panels.createSession(panel, await this.panels.sourceFor(csvPath));
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(csvPath)), path.basename(csvPath)),
    );
    watcher.onDidChange(() => session.reload());
    watcher.onDidCreate(() => session.reload());
    panel.onDidDispose(() => {
      watcher.dispose();
    });
  }
}
