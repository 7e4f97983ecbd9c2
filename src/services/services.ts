import type * as vscode from 'vscode';
import type { ExportStore } from '../core/store/exportStore';
import type { ApiKeyStore } from './apiKey';
import type { Notifier } from './notifier';
import type { UsagePanels } from '../views/usagePanel';

/** The services built once in `activate` and handed to the commands that need them. */
export interface Services {
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  apiKey: ApiKeyStore;
  store: ExportStore;
  panels: UsagePanels;
}
