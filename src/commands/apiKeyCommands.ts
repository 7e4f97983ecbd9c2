import * as vscode from 'vscode';
import { apiKeyProblem } from '../services/apiKey';
import type { Services } from '../services/services';

/** Whether a key is stored, after offering to set one when none is (every export needs it). */
export async function ensureApiKey(services: Services): Promise<boolean> {
  if (await services.apiKey.get()) return true;
  const set = vscode.l10n.t('Set API Key');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Exporting usage needs a Langdock API key with the USAGE_EXPORT_API scope.'),
    set,
  );
  return picked === set && (await setApiKey(services));
}

/**
 * `langdock.setApiKey`: a password box, or the key as a string argument (automation and tests). Returns whether
 * a key was stored.
 */
export async function setApiKey({ apiKey, notifier }: Services, value?: unknown): Promise<boolean> {
  let key = typeof value === 'string' ? value.trim() : undefined;
  if (key !== undefined && apiKeyProblem(key)) {
    notifier.show('error', apiKeyProblem(key)!);
    return false;
  }
  key ??= (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Langdock API Key'),
      prompt: vscode.l10n.t(
        "A workspace API key with the USAGE_EXPORT_API scope. It is kept in VS Code's secret storage.",
      ),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (input) => apiKeyProblem(input.trim()),
    })
  )?.trim();
  if (!key) return false;
  await apiKey.set(key);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Langdock API key saved'), 4000);
  return true;
}

export async function clearApiKey({ apiKey, notifier }: Services): Promise<void> {
  await apiKey.clear();
  notifier.show('info', vscode.l10n.t('The Langdock API key was removed from this computer.'));
}
