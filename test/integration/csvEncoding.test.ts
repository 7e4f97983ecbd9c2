/**
 * The encoding of a CSV in the real extension host: a file Excel wrote on Windows (Windows-1252) reads right with
 * a note, and `files.encoding` set for the file in VS Code decides instead of the guess.
 */
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { extensionApi, shownTable } from './helpers';
import type { LangdockUsageApi } from '../../src/extension';

/** `Müller` and `Café` as single bytes, as Excel on a German Windows saves them. */
const CP1252 = Buffer.from('name,requests\r\nM\xfcller,1\r\nCaf\xe9,2\r\n', 'latin1');

describe('CSV encodings in VS Code', function () {
  let api: LangdockUsageApi;
  before(async () => {
    api = await extensionApi();
  });

  async function open(name: string): Promise<ReturnType<typeof shownTable>> {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
    await fs.writeFile(uri.fsPath, CP1252);
    await vscode.commands.executeCommand('langdock.openCsvInTable', uri);
    return shownTable(api, uri.fsPath);
  }

  async function withEncoding<T>(encoding: string | undefined, body: () => Promise<T>): Promise<T> {
    const files = () => vscode.workspace.getConfiguration('files');
    const previous = files().inspect('encoding')?.globalValue;
    await files().update('encoding', encoding, vscode.ConfigurationTarget.Global);
    try {
      return await body();
    } finally {
      await files().update('encoding', previous, vscode.ConfigurationTarget.Global);
    }
  }

  it('reads a file that is not UTF-8 as Windows-1252 and says so', async () => {
    const table = await withEncoding(undefined, () => open('excel-guessed.csv'));
    assert.deepStrictEqual(
      table.totals.rows.map((r) => r.cells[0]),
      ['Müller', 'Café'],
    );
    assert.deepStrictEqual(table.warnings, ['The file is not valid UTF-8: it was read as Windows-1252.']);
  });

  it('follows files.encoding when it is set: windows1252 without a note, utf8 with replacement characters noted', async () => {
    const told = await withEncoding('windows1252', () => open('excel-told.csv'));
    assert.deepStrictEqual(
      told.totals.rows.map((r) => r.cells[0]),
      ['Müller', 'Café'],
    );
    assert.deepStrictEqual(told.warnings, []);
    const utf8 = await withEncoding('utf8', () => open('excel-utf8.csv'));
    assert.strictEqual(utf8.totals.rows[0].cells[0], 'M\ufffdller');
    assert.match(utf8.warnings[0], /not valid UTF-8/);
  });
});
