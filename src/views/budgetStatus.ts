/**
 * The budget's status bar item: what the budget service computed, shown (hidden while the budget is off), coloured
 * at 80 % and 100 %, and a click that opens this month's table (or refreshes when there is none yet).
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { BudgetDisplay, BudgetSnapshot } from '../services/budget';

export class BudgetStatus implements BudgetDisplay, vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('langdock.budget', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = vscode.l10n.t('Langdock Budget');
  }

  render(snapshot: BudgetSnapshot): void {
    if (snapshot.state === 'off') {
      this.item.hide();
      return;
    }
    this.item.text = snapshot.text;
    this.item.tooltip = snapshot.tooltip;
    this.item.command = snapshot.exportId
      ? { title: vscode.l10n.t('Open Table'), command: COMMANDS.openExport, arguments: [snapshot.exportId] }
      : COMMANDS.refreshBudget;
    const percent = snapshot.percent ?? 0;
    this.item.backgroundColor =
      percent >= 100
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : percent >= 80
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
