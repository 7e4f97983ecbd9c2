/**
 * `langdock.saveReport`: the report of a table, a comparison or a trend as HTML, Markdown, Excel, long CSV or
 * FOCUS. Argument object `{ csvPath?, trendId?, format, path?, open? }` returns `{ path }`; without `path` a save
 * dialog proposes a descriptive name. The report is built in a worker thread on `dist/report.js` (never in the
 * extension host, never at activation) by the same core the `langdock-usage` command line runs: the same numbers.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExportRecord } from '../core/store/exportStore';
import { periodKey } from '../core/dates/periods';
import { isReportFormat, REPORT_EXTENSIONS, REPORT_FORMATS, type ReportFormat } from '../core/report/model';
import type { ReportRequest } from '../core/report/reportJob';
import type { ReportWorkerData } from '../core/report/reportWorker';
import { writeReportInWorker } from '../core/report/reportWorkerClient';
import type { TrendStore } from '../core/store/trendStore';
import type { Pricing } from '../services/pricing';
import type { Services } from '../services/services';
import { fileEncoding, setting } from '../services/settings';
import { rangeLabel, usageTitle } from '../labels';
import type { UsagePanels } from '../views/usagePanel';
import type { TableSource } from '../views/tableSource';
import { savedPrevious } from './compareWithPrevious';

interface SaveReportArgs {
  csvPath?: string;
  trendId?: string;
  format: ReportFormat;
  path?: string;
  open?: boolean;
}

export interface ReportDeps {
  services: Services;
  panels: UsagePanels;
  pricing: Pricing;
  trends: TrendStore;
  /** The trend view the user looks at, if any. */
  activeTrendId(): string | undefined;
  extensionPath: string;
  version: string;
}

/** What to report on: a table (a saved export, any CSV, or a comparison) or a saved trend. */
type Subject = { kind: 'table'; source: TableSource } | { kind: 'trend'; trendId: string };

function formatLabel(format: ReportFormat): { label: string; detail: string } {
  switch (format) {
    case 'html':
      return {
        label: vscode.l10n.t('HTML'),
        detail: vscode.l10n.t('One file for a browser: shows offline, prints cleanly'),
      };
    case 'md':
      return { label: vscode.l10n.t('Markdown'), detail: vscode.l10n.t('Tables for wikis and pull requests') };
    case 'xlsx':
      return {
        label: vscode.l10n.t('Excel'),
        detail: vscode.l10n.t('A workbook: a sheet per table, numbers as numbers'),
      };
    case 'csv':
      return {
        label: vscode.l10n.t('CSV (long format)'),
        detail: vscode.l10n.t('One row per period and entity, every metric'),
      };
    case 'focus':
      return { label: vscode.l10n.t('FOCUS 1.2'), detail: vscode.l10n.t('A cost dataset for FinOps tools') };
  }
}

async function pickFormat(): Promise<ReportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    REPORT_FORMATS.map((format) => ({ ...formatLabel(format), format })),
    { title: vscode.l10n.t('Save Report: Format'), ignoreFocusOut: true },
  );
  return picked?.format;
}

/** The palette without an argument: the table or trend in view, else a saved export or trend to pick. */
async function pickSubject(deps: ReportDeps): Promise<Subject | undefined> {
  const session = deps.panels.activeSession();
  if (session) return { kind: 'table', source: session.tableSource };
  const trendId = deps.activeTrendId();
  if (trendId) return { kind: 'trend', trendId };
  type Item = vscode.QuickPickItem & { subject: Subject };
  const { store } = deps.services;
  const exports = (await store.list()).filter((r) => !r.hidden);
  const items: Item[] = [
    ...exports.map((r) => ({
      label: `$(table) ${usageTitle(r.type)}`,
      description: `${rangeLabel(r.range)} · ${r.host}`,
      subject: { kind: 'table' as const, source: { csvPath: store.csvPath(r.id), record: r } },
    })),
    ...(await deps.trends.list()).map((t) => ({
      label: `$(graph) ${usageTitle(t.type)}`,
      description: `${rangeLabel(t.range)} · ${t.granularity} · ${t.host}`,
      subject: { kind: 'trend' as const, trendId: t.id },
    })),
  ];
  if (items.length === 0) {
    deps.services.notifier.show('info', vscode.l10n.t('Open a usage table or trend first, or export some usage.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Save Report: What to report on'),
    ignoreFocusOut: true,
  });
  return picked?.subject;
}

async function subjectFromArgs(deps: ReportDeps, args: SaveReportArgs): Promise<Subject | string> {
  if (args.trendId !== undefined) return { kind: 'trend', trendId: args.trendId };
  if (args.csvPath === undefined) return vscode.l10n.t('Name a csvPath or a trendId to report on.');
  return { kind: 'table', source: await deps.panels.sourceFor(args.csvPath) };
}

function facts(record: ExportRecord | undefined) {
  return record
    ? {
        type: record.type,
        host: record.host,
        range: record.range,
        ...(record.groupBy ? { groupBy: record.groupBy } : {}),
        exportedAt: record.createdAt,
      }
    : { type: 'unknown' as const };
}

/** The report request of a subject: a saved export gets its saved comparison, when the period before is saved. */
async function requestFor(
  deps: ReportDeps,
  subject: Subject,
): Promise<{ request: ReportRequest; name: string } | string> {
  const { store } = deps.services;
  if (subject.kind === 'trend') {
    const trend = await deps.trends.get(subject.trendId);
    if (!trend) return vscode.l10n.t('That trend no longer exists.');
    const hints = { type: trend.type, ...(trend.groupBy ? { groupBy: trend.groupBy } : {}) };
    return {
      name: `${usageTitle(trend.type)} ${trend.granularity} ${trend.range.from} ${trend.range.to}`,
      request: {
        kind: 'trend',
        hints,
        facts: {
          type: trend.type,
          host: trend.host,
          range: trend.range,
          granularity: trend.granularity,
          ...(trend.groupBy ? { groupBy: trend.groupBy } : {}),
        },
        periods: trend.periods.map((p) => ({
          key: periodKey(p.from, trend.granularity),
          from: p.from,
          to: p.to,
          ...(p.exportId ? { csvPath: store.csvPath(p.exportId) } : {}),
          ...(p.error ? { error: p.error } : {}),
        })),
      },
    };
  }
  const { csvPath, record } = subject.source;
  const previous = subject.source.previous?.record ?? (record && savedPrevious(await store.list(), record));
  const encoding = fileEncoding(csvPath);
  return {
    name: record
      ? `${usageTitle(record.type)} ${record.range.from} ${record.range.to}`
      : path.basename(csvPath, '.csv'),
    request: {
      kind: 'table',
      csvPath,
      hints: {
        ...(encoding ? { encoding } : {}),
        ...(record ? { type: record.type } : {}),
        ...(record?.groupBy ? { groupBy: record.groupBy } : {}),
      },
      facts: { ...facts(record), fileName: path.basename(csvPath) },
      ...(previous ? { previous: { csvPath: store.csvPath(previous.id), range: previous.range } } : {}),
    },
  };
}

async function pickPath(name: string, format: ReportFormat): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = `${name
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()}${format === 'focus' ? ' FOCUS' : ''}.${REPORT_EXTENSIONS[format]}`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save Report'),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file) } : {}),
    filters: { [formatLabel(format).label]: [REPORT_EXTENSIONS[format]] },
  });
  return uri?.fsPath;
}

/** Everything the report worker needs, as plain data: the cost settings, the display language, the group floor. */
function workerData(deps: ReportDeps, request: ReportRequest, format: ReportFormat, outPath: string): ReportWorkerData {
  const { userPrices, costSource, problems } = deps.pricing.settings();
  return {
    request,
    format,
    outPath,
    pricesScript: path.join(deps.extensionPath, 'dist', 'prices.js'),
    pricing: { userPrices, costSource, problems },
    bundle: vscode.l10n.bundle,
    locale: vscode.env.language,
    minGroupSize: Math.max(1, setting('report.minGroupSize')),
    includeNames: setting('report.includeNames'),
    generator: `Langdock Usage for VS Code ${deps.version}`,
    now: new Date().toISOString(),
  };
}

async function openReport(file: string, format: ReportFormat): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (format === 'html' || format === 'xlsx') await vscode.env.openExternal(uri);
  else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

export async function saveReport(
  deps: ReportDeps,
  args?: unknown,
  fromView?: Subject,
): Promise<{ path: string } | undefined> {
  const { notifier, log } = deps.services;
  const given = args && typeof args === 'object' ? (args as SaveReportArgs) : undefined;
  if (given && given.format !== undefined && !isReportFormat(given.format)) {
    notifier.show(
      'error',
      vscode.l10n.t('Unknown report format "{0}": use html, md, xlsx, focus or csv.', String(given.format)),
    );
    return undefined;
  }
  let subject: Subject | string | undefined = fromView;
  if (!subject)
    subject =
      given && (given.csvPath !== undefined || given.trendId !== undefined)
        ? await subjectFromArgs(deps, given)
        : await pickSubject(deps);
  if (typeof subject === 'string') {
    notifier.show('error', subject);
    return undefined;
  }
  if (!subject) return undefined;
  const format = given?.format ?? (await pickFormat());
  if (!format) return undefined;
  const planned = await requestFor(deps, subject);
  if (typeof planned === 'string') {
    notifier.show('warning', planned);
    return undefined;
  }
  const outPath = given?.path ?? (await pickPath(planned.name, format));
  if (!outPath) return undefined;
  try {
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving the report…') },
      () =>
        writeReportInWorker(
          path.join(deps.extensionPath, 'dist', 'report.js'),
          workerData(deps, planned.request, format, outPath),
        ),
    );
    log.info(`Saved a ${format} report (${written.bytes} bytes) to ${written.path}`);
    for (const warning of written.warnings) notifier.show('warning', warning);
    if (given?.open) await openReport(written.path, format);
    else if (!given)
      notifier.show('info', vscode.l10n.t('Report saved: {0}', path.basename(written.path)), {
        title: vscode.l10n.t('Open'),
        run: () => openReport(written.path, format),
      });
    return { path: written.path };
  } catch (error) {
    notifier.show('error', vscode.l10n.t('Could not save the report: {0}', (error as Error).message));
    return undefined;
  }
}

/** The table's and the trend view's toolbar button. */
export const reportOnTable = (deps: ReportDeps, source: TableSource) =>
  saveReport(deps, undefined, { kind: 'table', source });
export const reportOnTrend = (deps: ReportDeps, trendId: string) =>
  saveReport(deps, undefined, { kind: 'trend', trendId });
