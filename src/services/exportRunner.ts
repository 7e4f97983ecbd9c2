/**
 * One export, run: request → download → save with a cancellable progress notification, then the table (the export
 * commands, re-runs, comparisons, trends and the budget all export through here). Errors become one message with
 * the action that helps; nothing half-written is kept.
 */
import * as vscode from 'vscode';
import { LangdockClient, type RetryNotice } from '../core/api/api';
import { describeRetry } from '../core/api/retry';
import { type DateRange, toRequestBody } from '../core/dates/dateRange';
import type { ExportType, GroupBy } from '../shared/exportType';
import type { ExportRecord } from '../core/store/exportStore';
import type { Services } from './services';
import { baseUrlProblem, isInsecureBaseUrl, readSettings, type Settings } from './settings';
import { type ProgressReporter, withCancellableProgress } from './progress';
import { reportExportError } from './reportError';
import { bytesLabel, usageTitle } from '../labels';

/** What one export asks for, checked. */
export interface ExportRequest {
  type: ExportType;
  range: DateRange;
  groupBy?: GroupBy;
  open: boolean;
  /** A trend's period: saved outside the recent list (the trend is the entry there). */
  hidden?: boolean;
}

/** The same export again: a re-run of a saved one. */
export function rerunRequest(record: ExportRecord): ExportRequest {
  return { type: record.type, range: record.range, ...(record.groupBy ? { groupBy: record.groupBy } : {}), open: true };
}

export class ExportRunner {
  constructor(private readonly services: Services) {}

  /** Runs one export with progress; every failure is reported here and yields undefined. */
  async run(request: ExportRequest): Promise<ExportRecord | undefined> {
    const { log, panels, store } = this.services;
    const settings = readSettings();
    const client = await this.connect(settings);
    if (!client) return undefined;
    const title = vscode.l10n.t('Exporting {0}', usageTitle(request.type).toLowerCase());
    try {
      const record = await withCancellableProgress(title, (progress, signal) =>
        this.fetchAndSave(client, request, settings, progress, signal),
      );
      log.info(`Saved export ${record.id} (${record.recordCount} records, ${record.fileSize} bytes)`);
      if (request.open) panels.open({ csvPath: store.csvPath(record.id), record });
      return record;
    } catch (error) {
      reportExportError(this.services, error, request, () => this.run(request));
      return undefined;
    }
  }

  /**
   * A client for the configured API once the base URL is usable (and, for plain http, confirmed) and a key is set;
   * undefined after telling the user why not.
   */
  async connect(settings: Settings): Promise<LangdockClient | undefined> {
    const { notifier, apiKey } = this.services;
    const urlProblem = baseUrlProblem(settings.baseUrl);
    if (urlProblem) {
      notifier.show('error', urlProblem, openSettingsAction());
      return undefined;
    }
    if (isInsecureBaseUrl(settings.baseUrl) && !(await confirmInsecure(settings.baseUrl))) return undefined;
    const key = await apiKey.get();
    return key ? this.client(settings, key) : undefined;
  }

  private client(settings: Settings, key: string): LangdockClient {
    const { log } = this.services;
    return new LangdockClient({
      baseUrl: settings.baseUrl,
      apiKey: () => key,
      timeoutMs: settings.requestTimeoutMs,
      network: settings.network,
      log: (line) => log.info(line),
    });
  }

  /**
   * An export in the background (the budget's): no prompt, no progress, no message. Undefined without a key;
   * throws on any failure, including a plain-http URL that would need the person's confirmation.
   */
  async fetchQuietly(request: ExportRequest, signal: AbortSignal): Promise<ExportRecord | undefined> {
    const settings = readSettings();
    const urlProblem = baseUrlProblem(settings.baseUrl);
    if (urlProblem) throw new Error(urlProblem);
    if (isInsecureBaseUrl(settings.baseUrl))
      throw new Error(
        vscode.l10n.t(
          'The API URL {0} is plain http: a background refresh never sends the key over it.',
          settings.baseUrl,
        ),
      );
    const key = await this.services.apiKey.get();
    if (!key) return undefined;
    const silent: ProgressReporter = { report: () => undefined };
    return this.fetchAndSave(this.client(settings, key), request, settings, silent, signal);
  }

  /** Request → download to a temp file → atomic save: nothing half-written survives a failure. */
  async fetchAndSave(
    client: LangdockClient,
    request: ExportRequest,
    settings: Settings,
    progress: ProgressReporter,
    signal: AbortSignal,
  ): Promise<ExportRecord> {
    const { store, log } = this.services;
    progress.report({ message: vscode.l10n.t('Requesting the export…') });
    const envelope = await client.requestExport(request.type, toRequestBody(request.range), request.groupBy, {
      signal,
      onStatus: (notice) => {
        log.info(describeRetry(notice));
        progress.report({ message: retryMessage(notice) });
      },
    });
    const pending = await store.begin(request.type, request.range);
    try {
      progress.report({ message: vscode.l10n.t('Downloading…') });
      await client.download(envelope.downloadUrl, pending.tempCsv, {
        signal,
        onProgress: (bytes) => progress.report({ message: vscode.l10n.t('Downloading… {0}', bytesLabel(bytes)) }),
      });
      progress.report({ message: vscode.l10n.t('Saving…') });
      const metadata = {
        type: request.type,
        range: request.range,
        ...(request.groupBy ? { groupBy: request.groupBy } : {}),
        recordCount: envelope.recordCount,
        host: new URL(settings.baseUrl).host,
        serverFilePath: envelope.filePath,
        ...(request.hidden ? { hidden: true } : {}),
      };
      return await store.commit(pending, metadata, settings.recentExportsLimit);
    } finally {
      await store.abandon(pending);
    }
  }
}

function retryMessage(notice: RetryNotice): string {
  const seconds = Math.max(1, Math.round(notice.delayMs / 1000));
  const why =
    notice.reason === 'rateLimited'
      ? vscode.l10n.t('Rate limited')
      : notice.reason === 'server'
        ? vscode.l10n.t('Server error {0}', notice.status ?? '')
        : vscode.l10n.t('Network error');
  return vscode.l10n.t(
    '{0}, retrying in {1} s (attempt {2} of {3})…',
    why,
    seconds,
    notice.nextAttempt,
    notice.maxAttempts,
  );
}

function openSettingsAction() {
  return {
    title: vscode.l10n.t('Open Settings'),
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'langdock.'),
  };
}

async function confirmInsecure(baseUrl: string): Promise<boolean> {
  const send = vscode.l10n.t('Send Anyway');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('The API URL {0} is plain http: your API key would travel unencrypted. Send it anyway?', baseUrl),
    { modal: true },
    send,
  );
  return picked === send;
}
