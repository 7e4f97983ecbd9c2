/** Display names for export types, groupings and ranges, localized. */
import * as vscode from 'vscode';
import type { ExportType, GroupBy } from './shared/exportType';
import type { DateRange } from './core/dates/dateRange';
import { relativeTime } from './shared/relativeTime';

export function typeLabel(type: ExportType): string {
  switch (type) {
    case 'models':
      return vscode.l10n.t('Models');
    case 'users':
      return vscode.l10n.t('Users');
    case 'agents':
      return vscode.l10n.t('Agents');
    case 'api-keys':
      return vscode.l10n.t('API keys');
    case 'projects':
      return vscode.l10n.t('Projects');
  }
}

/** "Model usage", "User usage", … for titles. */
export function usageTitle(type: ExportType): string {
  switch (type) {
    case 'models':
      return vscode.l10n.t('Model usage');
    case 'users':
      return vscode.l10n.t('User usage');
    case 'agents':
      return vscode.l10n.t('Agent usage');
    case 'api-keys':
      return vscode.l10n.t('API key usage');
    case 'projects':
      return vscode.l10n.t('Project usage');
  }
}

export function groupingLabel(groupBy: GroupBy | undefined): string {
  switch (groupBy) {
    case undefined:
      return vscode.l10n.t('Not grouped');
    case 'source':
      return vscode.l10n.t('By source');
    case 'deployment':
      return vscode.l10n.t('By deployment');
    case 'model':
      return vscode.l10n.t('By model');
  }
}

export function rangeLabel(range: Pick<DateRange, 'from' | 'to'>): string {
  return range.from === range.to ? range.from : `${range.from} – ${range.to}`;
}

/** "5 min. ago" in VS Code's display language. */
export function ageLabel(iso: string, now = Date.now()): string {
  return relativeTime(iso, now, vscode.env.language, 'short') ?? iso;
}

export function bytesLabel(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(vscode.env.language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
