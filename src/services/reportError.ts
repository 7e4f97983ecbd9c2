/**
 * The one place that turns a failed export into what the user reads: a clear sentence and the action that
 * helps. The API key never appears here: the client's errors do not carry it, and nothing here adds it.
 */
import * as vscode from 'vscode';
import { type ApiErrorKind, LangdockApiError } from '../core/api/api';
import { toRequestBody } from '../core/dates/dateRange';
import type { Services } from './services';
import type { NoticeAction, Severity } from './notifier';
import { errorText, rangeLabel } from '../labels';
import type { ExportRequest } from './exportRunner';
import { COMMANDS } from '../commandIds';

const API_KEYS_PAGE = 'https://app.langdock.com/settings/workspace/products/api';

export function reportExportError(
  services: Services,
  error: unknown,
  request: ExportRequest,
  retry: () => unknown,
): void {
  const { notifier, log } = services;
  const action = (title: string, run: () => unknown): NoticeAction => ({ title, run });
  const retryAction = action(vscode.l10n.t('Retry'), retry);
  const setKey = action(vscode.l10n.t('Set API Key'), () => vscode.commands.executeCommand(COMMANDS.setApiKey));
  const showLog = action(vscode.l10n.t('Show Log'), () => log.show());
  const otherRange = action(vscode.l10n.t('Export Another Range'), () =>
    vscode.commands.executeCommand(request.type === 'models' ? COMMANDS.exportModelUsage : COMMANDS.exportUsage),
  );
  const settings = action(vscode.l10n.t('Open Settings'), () =>
    vscode.commands.executeCommand('workbench.action.openSettings', 'langdock.'),
  );
  const proxySettings = action(vscode.l10n.t('Open Proxy Settings'), () =>
    vscode.commands.executeCommand('workbench.action.openSettings', 'http.proxy'),
  );

  if (!(error instanceof LangdockApiError)) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const reason =
      code === 'ENOSPC'
        ? vscode.l10n.t('the disk is full')
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? vscode.l10n.t('the storage folder cannot be written')
          : ((error as Error)?.message ?? String(error));
    log.error(`Export failed: ${(error as Error)?.stack ?? String(error)}`);
    notifier.show(
      'error',
      vscode.l10n.t('Could not save the export: {0}. Earlier exports are untouched.', reason),
      retryAction,
      showLog,
    );
    return;
  }

  const report = API_ERROR_REPORTS[error.kind](error, {
    request,
    server: error.serverMessage ? ` ${error.serverMessage}` : '',
    log,
    actions: { retry: retryAction, setKey, showLog, otherRange, settings, proxySettings, action },
  });
  if (report) notifier.show(report.severity, report.text, ...report.actions);
}

interface Report {
  severity: Severity;
  text: string;
  actions: NoticeAction[];
}

interface ReportContext {
  request: ExportRequest;
  /** The server's own words, with a leading space, or empty. */
  server: string;
  log: vscode.LogOutputChannel;
  actions: Record<'retry' | 'setKey' | 'showLog' | 'otherRange' | 'settings' | 'proxySettings', NoticeAction> & {
    action(title: string, run: () => unknown): NoticeAction;
  };
}

const report = (severity: Severity, text: string, ...actions: NoticeAction[]): Report => ({ severity, text, actions });

/** A network failure or a stall: of the download (a fresh link helps) or of the API request. */
function unreachable(error: LangdockApiError, { actions }: ReportContext): Report {
  if (error.step === 'download') {
    return report(
      'error',
      error.kind === 'timeout'
        ? vscode.l10n.t('The download of the export stalled. Run the export again for a fresh link.')
        : vscode.l10n.t('Could not download the export file: {0}. Run the export again.', errorText(error)),
      actions.action(vscode.l10n.t('Re-run'), actions.retry.run),
      actions.showLog,
    );
  }
  if (error.kind === 'timeout')
    return report('error', vscode.l10n.t('The Langdock API did not answer in time.'), actions.retry, actions.settings);
  return report(
    'error',
    vscode.l10n.t(
      'Could not reach the Langdock API: {0}. Check the connection, proxy, or the langdock.baseUrl setting.',
      errorText(error),
    ),
    actions.retry,
    actions.settings,
  );
}

function downloadFailed(_error: LangdockApiError, { actions }: ReportContext): Report {
  return report(
    'error',
    vscode.l10n.t('The download link expired or did not return a complete CSV. Run the export again for a fresh link.'),
    actions.action(vscode.l10n.t('Re-run'), actions.retry.run),
  );
}

/**
 * What the user reads for each kind of client error, and the actions offered. A record over every kind: a new
 * kind does not compile until it has its message here (none falls through unreported).
 */
const API_ERROR_REPORTS: Readonly<
  Record<ApiErrorKind, (error: LangdockApiError, context: ReportContext) => Report | undefined>
> = {
  cancelled: (_error, { log }) => {
    log.info('Export cancelled');
    return undefined;
  },
  empty: (_error, { request, actions }) =>
    report('info', vscode.l10n.t('No usage in this period ({0}).', rangeLabel(request.range)), actions.otherRange),
  auth: (_error, { actions }) =>
    report(
      'error',
      vscode.l10n.t('Langdock rejected the API key (401): it may be mistyped or revoked.'),
      actions.setKey,
    ),
  scope: (_error, { actions }) =>
    report(
      'error',
      vscode.l10n.t(
        'The API key may not export usage (403). It needs the USAGE_EXPORT_API scope, which only workspace admins can grant.',
      ),
      actions.setKey,
      actions.action(vscode.l10n.t('Open API Key Settings'), () =>
        vscode.env.openExternal(vscode.Uri.parse(API_KEYS_PAGE)),
      ),
    ),
  tooLarge: (_error, { server, actions }) =>
    report('error', vscode.l10n.t('The export is too large; narrow the date range.{0}', server), actions.otherRange),
  badRequest: (error, { request, server, log, actions }) => {
    // The dates sent, beside the server's words: if Langdock's validator ever changes, the cause shows at once.
    const { from, to } = toRequestBody(request.range);
    const sent = vscode.l10n.t('Sent from.date {0}, to.date {1}, timezone {2}.', from.date, to.date, from.timezone);
    log.warn(`Export request refused (HTTP ${error.status ?? 400}): ${error.serverMessage ?? 'no message'}. ${sent}`);
    return report(
      'error',
      vscode.l10n.t('Langdock did not accept the export request:{0} {1}', server || ' (400)', sent),
      actions.otherRange,
    );
  },
  rateLimited: (error, { actions }) =>
    report(
      'warning',
      error.retryAfterMs
        ? vscode.l10n.t(
            'Langdock is rate limiting requests (429). Try again in {0} s.',
            Math.ceil(error.retryAfterMs / 1000),
          )
        : vscode.l10n.t('Langdock is rate limiting requests (429). Try again in a minute.'),
      actions.retry,
    ),
  server: (error, { actions }) =>
    report(
      'error',
      vscode.l10n.t(
        'Langdock had a server error (HTTP {0}) after {1} attempts.',
        error.status ?? '5xx',
        error.attempts,
      ),
      actions.retry,
      actions.showLog,
    ),
  proxyAuth: (error, { actions }) =>
    report(
      'error',
      vscode.l10n.t('The proxy requires authentication: {0}', errorText(error)),
      actions.proxySettings,
      actions.showLog,
    ),
  proxyUnreachable: (error, { actions }) =>
    report(
      'error',
      vscode.l10n.t(
        'Could not connect through the proxy: {0}. Check the http.proxy setting or the proxy environment variables.',
        errorText(error),
      ),
      actions.retry,
      actions.proxySettings,
    ),
  certificate: (error, { actions }) =>
    report(
      'error',
      vscode.l10n.t(
        'Secure connection refused: {0}. If your company uses its own certificate authority, trust it through NODE_EXTRA_CA_CERTS or the system certificate store.',
        errorText(error),
      ),
      actions.showLog,
      actions.settings,
    ),
  network: unreachable,
  timeout: unreachable,
  downloadExpired: downloadFailed,
  downloadInvalid: downloadFailed,
  truncated: downloadFailed,
  protocol: (error, { actions }) =>
    report(
      'error',
      vscode.l10n.t('The Langdock API answered in an unexpected way: {0}', errorText(error)),
      actions.showLog,
    ),
};
