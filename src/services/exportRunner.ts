/**
 * One export, run: request → download → save with a cancellable progress notification, then the table (the export
 * commands, re-runs, comparisons, trends and the budget all export through here). Errors become one message with
 * the action that helps; nothing half-written is kept.
 */
import * as vscode from 'vscode';
import { LangdockClient } from '../core/api/api';
import { retryProblem } from '../core/api/retry';
import type { DateRange } from '../core/dates/dateRange';
import { fetchExport } from '../core/store/fetchExport';
import type { ExportType, GroupBy } from '../shared/exportType';
import type { ExportRecord } from '../core/store/exportStore';
import type { Services } from './services';
import { isInsecureBaseUrl } from '../core/api/baseUrl';
import { baseUrlProblem, readSettings, type Settings } from './settings';
import { type ProgressReporter, withCancellableProgress } from './progress';
import { reportExportError } from './reportError';
import { bytesLabel, problemText, usageTitle } from '../labels';
import { english, localize } from '../shared/template';

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
    if (
      isInsecureBaseUrl(settings.baseUrl) &&
      !(await notifier.confirm(
        vscode.l10n.t(
          'The API URL {0} is plain http: your API key would travel unencrypted. Send it anyway?',
          settings.baseUrl,
        ),
        vscode.l10n.t('Send Anyway'),
      ))
    )
      return undefined;
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
  fetchAndSave(
    client: LangdockClient,
    request: ExportRequest,
    settings: Settings,
    progress: ProgressReporter,
    signal: AbortSignal,
  ): Promise<ExportRecord> {
    const { store, log } = this.services;
    const phases = {
      requesting: vscode.l10n.t('Requesting the export…'),
      downloading: vscode.l10n.t('Downloading…'),
      saving: vscode.l10n.t('Saving…'),
    };
    return fetchExport(
      client,
      store,
      request,
      { host: settings.apiHost, keep: settings.recentExportsLimit },
      {
        signal,
        onStatus: (notice) => {
          const retry = retryProblem(notice);
          log.info(localize(retry, english));
          progress.report({ message: problemText(retry) });
        },
        onPhase: (phase) => progress.report({ message: phases[phase] }),
        onBytes: (bytes) => progress.report({ message: vscode.l10n.t('Downloading… {0}', bytesLabel(bytes)) }),
      },
    );
  }
}

function openSettingsAction() {
  return {
    title: vscode.l10n.t('Open Settings'),
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'langdock.'),
  };
}
