import * as vscode from 'vscode';
import { settingId } from '../settingKeys';

/**
 * Opens settings.json at `langdock.modelPrices` with an empty entry for each unpriced model: the setting's schema
 * then asks for `input` and `output` and completes the other fields. An empty entry prices nothing (never $0).
 */
export async function editModelPrices(models: readonly string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('langdock');
  const current = config.inspect<Record<string, unknown>>('modelPrices')?.globalValue ?? {};
  const missing = models.filter((m) => !Object.hasOwn(current, m));
  if (missing.length > 0) {
    const entries = Object.fromEntries(missing.map((m) => [m, {}]));
    await config.update('modelPrices', { ...current, ...entries }, vscode.ConfigurationTarget.Global);
  }
  await vscode.commands.executeCommand('workbench.action.openSettingsJson', {
    revealSetting: { key: settingId('modelPrices') },
  });
}
