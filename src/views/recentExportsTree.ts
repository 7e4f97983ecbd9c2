import * as vscode from 'vscode';
import type { ExportRecord, ExportStore } from '../core/exportStore';
import { EXPORT_TYPE_FACTS } from '../core/exportTypes';
import { ageLabel, bytesLabel, groupingLabel, rangeLabel, typeLabel } from './labels';
import { COMMANDS } from '../commands/commandIds';

/** The "Recent Exports" view: a flat list of saved exports, newest first, read from the store. */
export class RecentExportsTree implements vscode.TreeDataProvider<ExportRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: ExportStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  getChildren(element?: ExportRecord): Promise<ExportRecord[]> {
    return element ? Promise.resolve([]) : this.store.list();
  }

  getTreeItem(record: ExportRecord): vscode.TreeItem {
    const item = new vscode.TreeItem(`${typeLabel(record.type)} · ${rangeLabel(record.range)}`);
    item.id = record.id;
    item.contextValue = 'langdockExport';
    item.iconPath = new vscode.ThemeIcon(EXPORT_TYPE_FACTS[record.type].icon);
    const parts = [
      ...(record.groupBy ? [groupingLabel(record.groupBy)] : []),
      vscode.l10n.t('{0} rows', new Intl.NumberFormat(vscode.env.language).format(record.recordCount)),
      ageLabel(record.createdAt),
    ];
    item.description = parts.join(' · ');
    item.tooltip = tooltip(record);
    item.command = { command: COMMANDS.openExport, title: vscode.l10n.t('Open Table'), arguments: [record] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function tooltip(record: ExportRecord): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(typeLabel(record.type))}** · ${escape(rangeLabel(record.range))}\n\n`);
  const rows: [string, string][] = [
    [vscode.l10n.t('Timezone'), record.range.timezone],
    [vscode.l10n.t('Grouping'), groupingLabel(record.groupBy)],
    [vscode.l10n.t('Records'), new Intl.NumberFormat(vscode.env.language).format(record.recordCount)],
    [vscode.l10n.t('Exported'), new Date(record.createdAt).toLocaleString(vscode.env.language)],
    [vscode.l10n.t('API host'), record.host],
    [vscode.l10n.t('File size'), bytesLabel(record.fileSize)],
  ];
  for (const [name, value] of rows) md.appendMarkdown(`${escape(name)}: ${escape(value)}  \n`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
