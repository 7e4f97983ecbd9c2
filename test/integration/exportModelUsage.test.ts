import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import {
  daysAgo,
  exportModels,
  extensionApi,
  keys,
  queueFaults,
  resetSandbox,
  sandboxRequests,
  sandboxUrl,
  storageFiles,
  useKey,
} from './helpers';
import type { LangdockUsageApi } from '../../src/extension';

const range = { from: daysAgo(20), to: daysAgo(1), timezone: 'Europe/Berlin' };

/** The body's `from` and `to` as the real API accepts them: the zone's clock times written with Z. */
const sentRange = {
  from: { date: `${range.from}T00:00:00.000Z`, timezone: range.timezone },
  to: { date: `${range.to}T23:59:59.999Z`, timezone: range.timezone },
};

/** POSTs straight to the sandbox, bypassing the extension. */
function postExport(key: string, body: unknown): Promise<Response> {
  return fetch(`${sandboxUrl}/export/models`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Downloads the same export straight from the sandbox, as an independent source of the expected bytes. */
async function servedCsv(key: string, groupBy?: string): Promise<string> {
  const response = await postExport(key, { ...sentRange, ...(groupBy ? { group_by: groupBy } : {}) });
  const envelope = (await response.json()) as { data: { downloadUrl: string } };
  return (await fetch(envelope.data.downloadUrl)).text();
}

describe('Langdock: Export Model Usage (argument object, sandbox API)', () => {
  let api: LangdockUsageApi;

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(() => resetSandbox());

  it('keeps the key in SecretStorage: set, used, cleared', async () => {
    await useKey(keys.byok);
    assert.strictEqual(await api.hasApiKey(), true);
    await vscode.commands.executeCommand('langdock.clearApiKey');
    assert.strictEqual(await api.hasApiKey(), false);
    assert.strictEqual(await vscode.commands.executeCommand('langdock.setApiKey', 'has a space'), false);
    assert.strictEqual(await api.hasApiKey(), false);
    await useKey(keys.byok);
    assert.strictEqual(await api.hasApiKey(), true);
  });

  for (const workspace of ['byok', 'managed'] as const) {
    const groupings = workspace === 'byok' ? [undefined, 'source', 'deployment'] : [undefined, 'source'];
    for (const groupBy of groupings) {
      it(`exports the ${workspace} workspace ${groupBy ? `grouped by ${groupBy}` : 'per model'} and saves the served bytes`, async () => {
        await useKey(keys[workspace]);
        const record = await exportModels({ ...range, ...(groupBy ? { groupBy } : {}) });
        assert.ok(record, JSON.stringify(api.notices().at(-1)));
        assert.strictEqual(record.type, 'models');
        assert.strictEqual(record.groupBy, groupBy);
        assert.deepStrictEqual(record.range, range);
        const saved = await fs.readFile(
          vscode.Uri.joinPath(vscode.Uri.file(api.exportsFolder), `${record.id}.csv`).fsPath,
          'utf8',
        );
        assert.strictEqual(saved, await servedCsv(keys[workspace], groupBy));
        assert.strictEqual(saved.trim().split('\n').length - 1, record.recordCount);
        if (groupBy) assert.ok(saved.split('\n')[0].split(',').includes(groupBy), 'grouped export has its column');
        assert.strictEqual(saved.includes('total_cost_usd'), workspace === 'byok');
        const listed = await api.listExports();
        assert.strictEqual(listed[0].id, record.id, 'newest first in the store and the tree');
        const items = await api.treeLabels();
        assert.ok(items[0].startsWith('Models · '), items[0]);
      });
    }
  }

  it('sends the documented request: dates ending in Z with the zone, group_by, Bearer key to the API only', async () => {
    await useKey(keys.byok);
    const record = await exportModels({ ...range, groupBy: 'source' });
    assert.ok(record);
    const requests = await sandboxRequests();
    const apiCalls = requests.filter((r) => r.server === 'api');
    const downloads = requests.filter((r) => r.server === 'download');
    assert.strictEqual(apiCalls.length, 1);
    assert.strictEqual(apiCalls[0].path, '/export/models');
    assert.deepStrictEqual(apiCalls[0].range, sentRange);
    assert.strictEqual(apiCalls[0].authorization, true);
    assert.strictEqual(downloads.length, 1);
    assert.strictEqual(downloads[0].authorization, false, 'the key never goes to the download origin');
  });

  it('the sandbox refuses a bare local time and a numeric offset with 400, as the real validator does', async () => {
    const bare = { ...sentRange, from: { ...sentRange.from, date: `${range.from}T00:00:00.000` } };
    const offset = { ...sentRange, to: { ...sentRange.to, date: `${range.to}T23:59:59.999+01:00` } };
    for (const [body, field] of [
      [bare, 'from'],
      [offset, 'to'],
    ] as const) {
      const response = await postExport(keys.byok, body);
      assert.strictEqual(response.status, 400);
      const answer = (await response.json()) as { error: string; message: string };
      assert.strictEqual(answer.error, 'Bad Request');
      assert.match(
        answer.message,
        new RegExp(`^Invalid ${field}\\.date "${body[field].date.replace(/[.+]/g, '\\$&')}"`),
      );
    }
  });

  it('opens the saved CSV in the editor', async () => {
    await useKey(keys.managed);
    const record = await exportModels(range);
    assert.ok(record);
    await vscode.commands.executeCommand('langdock.openExportCsv', record.id);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.ok(editor.document.uri.fsPath.endsWith(`${record.id}.csv`));
    assert.ok(editor.document.getText().startsWith('period_start,'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('re-runs an export with the same parameters and deletes exports', async () => {
    await useKey(keys.byok);
    const first = await exportModels({ ...range, groupBy: 'deployment' });
    assert.ok(first);
    const again = await vscode.commands.executeCommand<typeof first>('langdock.rerunExport', first.id);
    assert.ok(again && again.id !== first.id);
    assert.deepStrictEqual([again.range, again.groupBy], [first.range, first.groupBy]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(
      await vscode.commands.executeCommand('langdock.deleteExport', again.id, { confirm: false }),
      true,
    );
    assert.ok(!(await api.listExports()).some((r) => r.id === again.id));
  });

  it('rejects a bad argument object with a reason and without a request', async () => {
    await useKey(keys.byok);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ from: '2026-02-30', to: range.to }, /not a real date/],
      [{ from: range.to, to: range.from }, /after the end date/],
      [{ ...range, timezone: 'Mars/Olympus' }, /IANA/],
      [{ ...range, groupBy: 'model' }, /grouped by source, deployment/],
      [{ from: daysAgo(500), to: range.to }, /12 months/],
    ];
    for (const [args, message] of cases) {
      assert.strictEqual(await exportModels(args), undefined);
      assert.match(api.notices().at(-1)!.text, message);
    }
    assert.deepStrictEqual(await sandboxRequests(), []);
  });

  describe('errors: one clear message with its action, and the store unchanged', () => {
    const cases: {
      name: string;
      key?: keyof typeof keys;
      faults?: object[];
      groupBy?: string;
      severity: string;
      text: RegExp;
      action?: string;
    }[] = [
      {
        name: '401 revoked key',
        key: 'revoked',
        severity: 'error',
        text: /rejected the API key \(401\)/,
        action: 'Set API Key',
      },
      { name: '403 missing scope', key: 'noScope', severity: 'error', text: /USAGE_EXPORT_API/, action: 'Set API Key' },
      { name: '404 empty period', faults: [{ mode: 'empty' }], severity: 'info', text: /No usage in this period/ },
      {
        name: '200 with no records',
        faults: [{ mode: 'empty-csv' }],
        severity: 'info',
        text: /No usage in this period/,
      },
      {
        name: '400 deployment on a managed workspace',
        key: 'managed',
        groupBy: 'deployment',
        severity: 'error',
        text: /did not accept.*deployment/i,
      },
      {
        name: '400 export too large',
        faults: [{ mode: 'too-large' }],
        severity: 'error',
        text: /too large.*narrow/i,
        action: 'Export Another Range',
      },
      {
        name: '429 beyond the retries',
        faults: [{ mode: 'rate-limit', retryAfter: 0, times: 'forever' }],
        severity: 'warning',
        text: /rate limiting/,
        action: 'Retry',
      },
      {
        name: '500 forever',
        faults: [{ mode: 'server-error', times: 'forever' }],
        severity: 'error',
        text: /server error \(HTTP 500\)/,
        action: 'Retry',
      },
      {
        name: 'expired download link',
        faults: [{ mode: 'expired' }],
        severity: 'error',
        text: /download link expired/,
        action: 'Re-run',
      },
      {
        name: 'HTML instead of CSV',
        faults: [{ mode: 'html' }],
        severity: 'error',
        text: /download link expired/,
        action: 'Re-run',
      },
      {
        name: 'truncated download',
        faults: [{ mode: 'truncated' }],
        severity: 'error',
        text: /complete CSV/,
        action: 'Re-run',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        await useKey(keys.byok);
        const before = await storageFiles(api);
        await useKey(keys[c.key ?? 'byok']);
        if (c.faults) await queueFaults(...(c.faults as never[]));
        const record = await exportModels({ ...range, ...(c.groupBy ? { groupBy: c.groupBy } : {}) });
        assert.strictEqual(record, undefined);
        const notice = api.notices().at(-1)!;
        assert.strictEqual(notice.severity, c.severity);
        assert.match(notice.text, c.text);
        if (c.action) assert.ok(notice.actions.includes(c.action), notice.actions.join());
        assert.deepStrictEqual(await storageFiles(api), before, 'nothing half-written is kept');
        for (const key of Object.values(keys)) assert.ok(!notice.text.includes(key), 'the key is never in a message');
      });
    }

    it('500 then success: retried and saved', async () => {
      await useKey(keys.byok);
      await queueFaults({ mode: 'server-error', times: 1 });
      const record = await exportModels(range);
      assert.ok(record);
      assert.deepStrictEqual(
        (await sandboxRequests()).filter((r) => r.server === 'api').map((r) => r.status),
        [500, 200],
      );
    });
  });
});
