import type * as vscode from 'vscode';
import type { ExportRecord, ExportStore } from '../core/store/exportStore';
import type { ApiKeyStore } from './apiKey';
import type { Notifier } from './notifier';

/** A saved export's CSV and record. */
interface SavedExport {
  csvPath: string;
  record: ExportRecord;
}

/**
 * Where a saved export's table opens, alone or beside the export of the period before it: the usage panels
 * (views/usagePanel.ts), handed in so that services never import views.
 */
interface ExportTables {
  open(source: SavedExport & { previous?: SavedExport }): unknown;
}

/** The services built once in `activate` and handed to the commands that need them. */
export interface Services {
  log: vscode.LogOutputChannel;
  notifier: Notifier;
  apiKey: ApiKeyStore;
  store: ExportStore;
  panels: ExportTables;
}
