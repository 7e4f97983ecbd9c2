/**
 * Trend panels come back after a window reload, like table panels: VS Code hands back each panel with the state
 * its webview saved (the trend's id), and the saved trend is shown in it again. A trend deleted since closes.
 */
import * as vscode from 'vscode';
import type { TrendStore } from '../core/store/trendStore';
import type { TrendPanels } from './trendPanel';

interface TrendPanelState {
  trendId?: unknown;
}

export class TrendPanelSerializer implements vscode.WebviewPanelSerializer<TrendPanelState> {
  constructor(
    private readonly panels: TrendPanels,
    private readonly trends: TrendStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: TrendPanelState | undefined): Promise<void> {
    const record = typeof state?.trendId === 'string' ? await this.trends.get(state.trendId) : undefined;
    if (!record) {
      this.log.info('A trend panel of a trend no longer saved was closed after the reload');
      panel.dispose();
      return;
    }
    this.log.info(`Trend ${record.id} restored after the reload`);
    this.panels.adopt(panel, record);
  }
}
