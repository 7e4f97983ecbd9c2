/**
 * What a table's `load` message is rendered at (in the worker that holds the table): the header line, the display
 * language and the webview's strings in it, VS Code's l10n bundle, the cost settings and the what-if swaps.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { todayIn } from '../core/dates/dateRange';
import type { WhatIfSwap } from '../core/pricing/costColumns';
import type { ViewSettings } from '../core/table/tableView';
import type { Pricing } from '../services/pricing';
import type { ExportHeader } from '../shared/protocol';
import { groupingLabel, rangeLabel, usageTitle } from '../labels';
import type { TableSource } from './tableSource';
import { localizedStrings } from './webviewHost';

/** The header line; the view sets `canWhatIf` (it knows whether the file has token counts). */
function headerFor(source: TableSource): ExportHeader {
  const { record } = source;
  const fileName = path.basename(source.csvPath);
  if (!record) return { title: fileName, fileName, canRerun: false };
  const compared = source.previous
    ? ` · ${vscode.l10n.t('compared with {0}', rangeLabel(source.previous.record.range))}`
    : '';
  return {
    title: usageTitle(record.type),
    range: `${rangeLabel(record.range)} · ${record.range.timezone}${compared}`,
    ...(record.groupBy ? { grouping: groupingLabel(record.groupBy) } : {}),
    host: record.host,
    createdAt: record.createdAt,
    fileName,
    canRerun: true,
    period: { from: record.range.from, to: record.range.to, today: todayIn(record.range.timezone) },
  };
}

/**
 * How the view of `source` is rendered now: where it is shown, the display language, the cost settings, `swaps`
 * and the columns chosen per export type.
 */
export function viewSettings(
  source: TableSource,
  pricing: Pricing,
  swaps: readonly WhatIfSwap[],
  columnChoices: ViewSettings['columnChoices'],
): ViewSettings {
  const cost = pricing.settings();
  return {
    header: headerFor(source),
    locale: vscode.env.language,
    strings: localizedStrings(),
    csvPath: source.csvPath,
    l10n: vscode.l10n.bundle,
    userPrices: cost.userPrices,
    problems: cost.problems,
    costSource: cost.costSource,
    swaps,
    columnChoices,
  };
}
