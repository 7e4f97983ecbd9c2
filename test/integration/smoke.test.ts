import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, EXTENSION_ID } from './helpers';

describe('extension host', () => {
  it('runs inside a real VS Code', () => {
    assert.ok(vscode.version.startsWith('1.'));
  });

  it('registers every command package.json contributes, and no other langdock command', async () => {
    await extensionApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds commands of its own for each view (`langdock.recentExports.focus` and the like).
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('langdock.') && !c.startsWith('langdock.recentExports.'))
      .sort();
    assert.deepStrictEqual(registered, contributed);
  });
});
