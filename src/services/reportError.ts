/**
 * The one place that turns a failed export into what the user reads: a clear sentence and the action that
 * helps. The API key never appears here: the client's errors do not carry it, and nothing here adds it.
 */
import * as vscode from 'vscode';
import { LangdockApiError } from '../core/api/api';
import { toRequestBody } from '../core/dates/dateRange';
import type { Services } from './services';
import type { NoticeAction } from './notifier';
import { rangeLabel } from '../labels';
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

  const server = error.serverMessage ? ` ${error.serverMessage}` : '';
  switch (error.kind) {
    case 'cancelled':
      log.info('Export cancelled');
      return;
    case 'empty':
      notifier.show('info', vscode.l10n.t('No usage in this period ({0}).', rangeLabel(request.range)), otherRange);
      return;
    case 'auth':
      notifier.show(
        'error',
        vscode.l10n.t('Langdock rejected the API key (401): it may be mistyped or revoked.'),
        setKey,
      );
      return;
    case 'scope':
      notifier.show(
        'error',
        vscode.l10n.t(
          'The API key may not export usage (403). It needs the USAGE_EXPORT_API scope, which only workspace admins can grant.',
        ),
        setKey,
        action(vscode.l10n.t('Open API Key Settings'), () => vscode.env.openExternal(vscode.Uri.parse(API_KEYS_PAGE))),
      );
      return;
    case 'tooLarge':
      notifier.show('error', vscode.l10n.t('The export is too large; narrow the date range.{0}', server), otherRange);
      return;
    case 'badRequest': {
      // The dates sent, beside the server's words: if Langdock's validator ever changes, the cause shows at once.
      const { from, to } = toRequestBody(request.range);
      const sent = vscode.l10n.t('Sent from.date {0}, to.date {1}, timezone {2}.', from.date, to.date, from.timezone);
      log.warn(`Export request refused (HTTP ${error.status ?? 400}): ${error.serverMessage ?? 'no message'}. ${sent}`);
      notifier.show(
        'error',
        vscode.l10n.t('Langdock did not accept the export request:{0} {1}', server || ' (400)', sent),
        otherRange,
      );
      return;
    }
    case 'rateLimited':
      notifier.show(
        'warning',
        error.retryAfterMs
          ? vscode.l10n.t(
              'Langdock is rate limiting requests (429). Try again in {0} s.',
              Math.ceil(error.retryAfterMs / 1000),
            )
          : vscode.l10n.t('Langdock is rate limiting requests (429). Try again in a minute.'),
        retryAction,
      );
      return;
    case 'server':
      notifier.show(
        'error',
        vscode.l10n.t(
          'Langdock had a server error (HTTP {0}) after {1} attempts.',
          error.status ?? '5xx',
          error.attempts,
        ),
        retryAction,
        showLog,
      );
      return;
    case 'proxyAuth':
      notifier.show(
        'error',
        vscode.l10n.t('The proxy requires authentication: {0}', error.message),
        proxySettings,
        showLog,
      );
      return;
    case 'proxyUnreachable':
      notifier.show(
        'error',
        vscode.l10n.t(
          'Could not connect through the proxy: {0}. Check the http.proxy setting or the proxy environment variables.',
          error.message,
        ),
        retryAction,
        proxySettings,
      );
      return;
    case 'certificate':
      notifier.show(
        'error',
        vscode.l10n.t(
          'Secure connection refused: {0}. If your company uses its own certificate authority, trust it through NODE_EXTRA_CA_CERTS or the system certificate store.',
          error.message,
        ),
        showLog,
        settings,
      );
      return;
    case 'network':
    case 'timeout':
      if (error.step === 'download') {
        notifier.show(
          'error',
          error.kind === 'timeout'
            ? vscode.l10n.t('The download of the export stalled. Run the export again for a fresh link.')
            : vscode.l10n.t('Could not download the export file: {0}. Run the export again.', error.message),
          action(vscode.l10n.t('Re-run'), retry),
          showLog,
        );
        return;
      }
      if (error.kind === 'timeout') {
        notifier.show('error', vscode.l10n.t('The Langdock API did not answer in time.'), retryAction, settings);
        return;
      }
      notifier.show(
        'error',
        vscode.l10n.t(
          'Could not reach the Langdock API: {0}. Check the connection, proxy, or the langdock.baseUrl setting.',
          error.message,
        ),
        retryAction,
        settings,
      );
      return;
    case 'downloadExpired':
    case 'downloadInvalid':
    case 'truncated':
      notifier.show(
        'error',
        vscode.l10n.t(
          'The download link expired or did not return a complete CSV. Run the export again for a fresh link.',
        ),
        action(vscode.l10n.t('Re-run'), retry),
      );
      return;
    case 'protocol':
      notifier.show(
        'error',
        vscode.l10n.t('The Langdock API answered in an unexpected way: {0}', error.message),
        showLog,
      );
      return;
  }
}
