import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { BudgetService } from '../services/budget';
import type { Services } from '../services/services';
import { readBudgetSettings } from '../services/settings';

/** `langdock.refreshBudget`: fetches this month's models export now (or says how to turn the budget on). */
export function registerBudget(services: Services, budget: BudgetService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.refreshBudget, () => {
    if (readBudgetSettings().monthlyBudgetUsd === undefined)
      services.notifier.show(
        'info',
        vscode.l10n.t("Set langdock.monthlyBudgetUsd to see this month's cost against a budget in the status bar."),
        {
          title: vscode.l10n.t('Open Settings'),
          run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'langdock.monthlyBudgetUsd'),
        },
      );
    return budget.refresh(true);
  });
}
