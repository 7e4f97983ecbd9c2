/**
 * `langdock.compareWithPrevious`: a saved export beside the period just before it (the previous calendar month
 * for a month, the previous week for an ISO week, else as many days right before), same type, grouping, timezone
 * and API host. A final saved export of that period is reused; otherwise it is exported once, like any export.
 */
import * as vscode from 'vscode';
import type { ExportRecord } from '../core/store/exportStore';
import { previousPeriod } from '../core/dates/periods';
import { isReusable } from '../core/trend/trend';
import type { Services } from '../services/services';
import { readSettings } from '../services/settings';
import type { ExportRunner } from '../services/exportRunner';

export interface CompareResult {
  csvPath: string;
  previousCsvPath: string;
}

export async function compareWithPrevious(
  services: Services,
  runner: ExportRunner,
  record: ExportRecord,
): Promise<CompareResult | undefined> {
  const { store, panels } = services;
  const range = previousPeriod(record.range);
  const spec = {
    type: record.type,
    granularity: 'day' as const,
    range,
    ...(record.groupBy ? { groupBy: record.groupBy } : {}),
  };
  const saved = (await store.list())
    .filter((r) => isReusable(r, spec, record.host, range, Date.now()))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!saved && new URL(readSettings().baseUrl).host !== record.host) {
    services.notifier.show(
      'warning',
      vscode.l10n.t('This export came from {0}, but the extension now talks to another API host.', record.host),
    );
    return undefined;
  }
  const previous =
    saved ??
    (await runner.run({
      type: record.type,
      range,
      ...(record.groupBy ? { groupBy: record.groupBy } : {}),
      open: false,
    }));
  if (!previous) return undefined;
  const csvPath = store.csvPath(record.id);
  const previousCsvPath = store.csvPath(previous.id);
  panels.open({ csvPath, record, previous: { csvPath: previousCsvPath, record: previous } });
  return { csvPath, previousCsvPath };
}
