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
    this.remember({ severity, text, actions: titles });
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

  /**
   * A modal warning that asks before something is done: true when `button` is picked, false on Cancel. Listed
   * with the notices while it waits, so a test sees what is being asked (no test can answer a modal dialog).
   */
  async confirm(text: string, button: string): Promise<boolean> {
    this.remember({ severity: 'warning', text, actions: [button] });
    this.log.warn(text);
    return (await vscode.window.showWarningMessage(text, { modal: true }, button)) === button;
  }

  private remember(notice: Notice): void {
    this.recent.push(notice);
    if (this.recent.length > 50) this.recent.shift();
  }

  /** The messages shown since start, oldest first. */
  notices(): readonly Notice[] {
    return this.recent;
  }
}
