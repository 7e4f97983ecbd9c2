/** Display names for export types, groupings and ranges, localized. */
import * as vscode from 'vscode';
import type { ExportType, GroupBy } from './shared/exportType';
import { groupingLabelIn, rangeLabel, usageTitleIn } from './core/report/usageNames';
import { relativeTime } from './shared/relativeTime';
import { formatBytes } from './shared/bytes';
import { localize, type Problem, reasonOf } from './shared/template';

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
  return usageTitleIn(type, vscode.l10n.t);
}

export function groupingLabel(groupBy: GroupBy | undefined): string {
  return groupingLabelIn(groupBy, vscode.l10n.t);
}

export { rangeLabel };

/** "5 min. ago" in VS Code's display language. */
export function ageLabel(iso: string, now = Date.now()): string {
  return relativeTime(iso, now, vscode.env.language, 'short') ?? iso;
}

export function bytesLabel(bytes: number): string {
  return formatBytes(bytes, vscode.env.language);
}

/** A sentence from the core (a reason, a problem with an input) in the display language. */
export function problemText(problem: Problem): string;
export function problemText(problem: Problem | undefined): string | undefined;
export function problemText(problem: Problem | undefined): string | undefined {
  return problem && localize(problem, (message, ...args) => vscode.l10n.t(message, ...args));
}

/** Why something failed, in the display language: the reason it carries localized (`reasonOf`), else its message. */
export function errorText(error: unknown): string {
  const reason = reasonOf(error);
  if (reason) return problemText(reason);
  return error instanceof Error ? error.message : String(error);
}
