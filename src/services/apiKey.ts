import * as vscode from 'vscode';

const SECRET_KEY = 'langdock.apiKey';

/**
 * The API key in VS Code's SecretStorage: the only place it is kept. Mirrors "is there a key" into the
 * `langdock.hasApiKey` context key (for the welcome view and menus) and follows changes made in other windows.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // The client asks for the key on every request, so only the context key needs to follow other windows.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) void this.refreshContext();
    });
  }

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_KEY);
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key);
    await this.refreshContext();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.refreshContext();
  }

  async refreshContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'langdock.hasApiKey', Boolean(await this.get()));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Why a pasted key is not acceptable, or undefined. */
export function apiKeyProblem(value: string): string | undefined {
  if (!value) return vscode.l10n.t('Enter the API key.');
  if (/\s/.test(value)) return vscode.l10n.t('An API key has no spaces or line breaks.');
  return undefined;
}
