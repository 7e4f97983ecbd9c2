import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface Notice {
  severity: Severity;
  text: string;
  actions: string[];
}

export interface NoticeAction {
  title: string;
  run: () => unknown;
}

/**
 * Shows messages with actions without blocking the caller, logs them, and remembers the recent ones: the
 * extension's test API exposes that list so integration tests can check what the user was told.
 */
export class Notifier {
  private readonly recent: Notice[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  show(severity: Severity, text: string, ...actions: NoticeAction[]): void {
    const titles = actions.map((a) => a.title);
    this.recent.push({ severity, text, actions: titles });
    if (this.recent.length > 50) this.recent.shift();
    if (severity === 'error') this.log.error(text);
    else if (severity === 'warning') this.log.warn(text);
    else this.log.info(text);
    const show =
      severity === 'error'
        ? vscode.window.showErrorMessage
        : severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void Promise.resolve(show(text, ...titles)).then((picked) => actions.find((a) => a.title === picked)?.run());
  }

  /** The messages shown since start, oldest first. */
  notices(): readonly Notice[] {
    return this.recent;
  }
}
