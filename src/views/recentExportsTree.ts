import * as vscode from 'vscode';
import type { ExportRecord, ExportStore } from '../core/store/exportStore';
import { EXPORT_TYPE_FACTS } from '../core/schema/exportTypes';
import type { TrendRecord, TrendStore } from '../core/store/trendStore';
import { ageLabel, bytesLabel, groupingLabel, rangeLabel, typeLabel } from '../labels';
import { trendLabel } from './trendPanel';
import { COMMANDS } from '../commandIds';

type Entry = ExportRecord | TrendRecord;

const isTrend = (entry: Entry): entry is TrendRecord => 'granularity' in entry;

/**
 * The "Recent Exports" view: saved exports and trends, newest first, read from the stores. A trend's periods are
 * exports of their own, listed only through their trend.
 */
export class RecentExportsTree implements vscode.TreeDataProvider<Entry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: ExportStore,
    private readonly trends: TrendStore,
  ) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  async getChildren(element?: Entry): Promise<Entry[]> {
    if (element) return [];
    const [exports, trends] = await Promise.all([this.store.list(), this.trends.list()]);
    return [...exports.filter((r) => !r.hidden), ...trends].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  getTreeItem(entry: Entry): vscode.TreeItem {
    return isTrend(entry) ? trendItem(entry) : exportItem(entry);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function trendItem(trend: TrendRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(trendLabel(trend));
  item.id = trend.id;
  item.contextValue = 'langdockTrend';
  item.iconPath = new vscode.ThemeIcon('graph');
  const missing = trend.periods.filter((p) => !p.exportId).length;
  item.description = [
    ...(trend.groupBy ? [groupingLabel(trend.groupBy)] : []),
    missing > 0
      ? vscode.l10n.t('{0} of {1} periods missing', missing, trend.periods.length)
      : vscode.l10n.t('{0} periods', trend.periods.length),
    ageLabel(trend.createdAt),
  ].join(' · ');
  item.tooltip = `${trendLabel(trend)} · ${trend.range.timezone} · ${trend.host}`;
  item.command = { command: COMMANDS.openTrend, title: vscode.l10n.t('Open Trend'), arguments: [trend.id] };
  return item;
}

function exportItem(record: ExportRecord): vscode.TreeItem {
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
