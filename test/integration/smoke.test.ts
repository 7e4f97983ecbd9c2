import * as assert from 'assert';
import * as vscode from 'vscode';

describe('extension host', () => {
  it('runs inside a real VS Code', () => {
    assert.ok(vscode.version.startsWith('1.'));
  });
});
