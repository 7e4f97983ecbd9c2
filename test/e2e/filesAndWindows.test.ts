/**
 * More of a person's paths in the real VS Code: any CSV from the workspace through "Reopen Editor With…",
 * cancelling an export from its progress notification, and two windows exporting at the same time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { env, listedEntryCount, savedExportFiles, sortSwapAndReload, Workbench, writeLargeCsv } from './workbench';
import { totalRow } from '../webview/helpers';

async function sandbox(pathname: string, body: unknown): Promise<void> {
  const response = await fetch(`${env.sandboxUrl}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
  assert.ok(response.ok);
}

/** Export Model Usage through its prompts: a preset, the default zone, no grouping. */
async function exportThroughPrompts(wb: Workbench, preset: string): Promise<void> {
  await wb.command('Langdock: Export Model Usage', () => wb.waitForPrompt(/Date range/));
  await wb.pick(preset);
  await wb.waitForPrompt(/Timezone/);
  await wb.page.keyboard.press('Enter');
  await wb.waitForPrompt(/Grouping/);
  await wb.page.keyboard.press('Enter');
}

async function treeLabels(wb: Workbench): Promise<string[]> {
  await wb.showLangdockView();
  return wb.sidebarRows().allInnerTexts();
}

describe('any CSV from the workspace in the Langdock Usage Table', () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.open();
  });
  after(() => wb?.close());

  /** Opens a workspace file by name (Quick Open), then reopens its editor as the Langdock Usage Table. */
  async function reopenAsTable(name: string) {
    await wb.page.keyboard.press('Control+P');
    await wb.quickInput.locator('input.input').fill(name);
    await wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab.active', { hasText: name }).waitFor();
    await wb.command('View: Reopen Editor With...', () =>
      wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Langdock Usage Table' }).waitFor(),
    );
    await wb.pick('Langdock Usage Table');
    return wb.tableFrame();
  }

  it('opens users.csv with "Reopen Editor With…" and shows per-user totals', async () => {
    const table = await reopenAsTable('users.csv');
    assert.strictEqual(await table.locator('[role=tab][aria-selected=true]').textContent(), 'Per-user totals');
    const rows: Record<string, string>[] = parse(
      fs.readFileSync(path.join(env.workspace, 'fixtures', 'users.csv'), 'utf8'),
      {
        columns: true,
        bom: true,
      },
    );
    const expected = rows.reduce((s, r) => s + BigInt(r.messages_total || '0'), 0n).toLocaleString('en-US');
    const labels = (await table.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    assert.strictEqual((await totalRow(table))[labels.indexOf('Messages')], expected);
    await wb.screenshot('open-with-users-csv');
  });

  it('brings an editor tab back after a window reload with its sort and what-if swap, as a panel', async () => {
    await wb.command('View: Close All Editors');
    await wb.page.locator('iframe.webview.ready').first().waitFor({ state: 'detached' });
    const table = await sortSwapAndReload(wb, await reopenAsTable('models-byok.csv'));
    await wb.page.locator('.tab.active', { hasText: 'models-byok.csv' }).waitFor();
    await wb.screenshot('editor-what-if-after-reload');
    await table.getByRole('button', { name: 'Clear what-if' }).click();
    await table.locator('.notice.hypothetical').waitFor({ state: 'detached' });
  });
});

describe('a large CSV from the workspace', () => {
  let wb: Workbench;
  const name = 'large-usage.csv';
  before(async () => {
    writeLargeCsv(path.join(env.workspace, name));
    wb = await Workbench.open();
  });
  after(async () => {
    await wb?.close();
    fs.rmSync(path.join(env.workspace, name), { force: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot('failed-large-csv');
  });

  for (const theme of ['Dark Modern', 'Light Modern']) {
    it(`shows its first rows with the reading progress at once (${theme})`, async () => {
      await wb.setTheme(theme);
      const table = await wb.openFromExplorer(name, 'Open in Langdock Usage Table');
      await wb.screenshot(`large-csv-loading-${/dark/i.test(theme) ? 'dark' : 'light'}`);
      assert.match(await table.locator('.load-text').innerText(), /^Reading… \d+% · [\d,]+ rows so far$/);
      // The whole table replaces the rows read so far.
      await table.locator('.load-progress').waitFor({ state: 'hidden', timeout: 60_000 });
      assert.match(await table.locator('.meta').innerText(), /800,000 records/);
      await wb.command('View: Close All Editors');
    });
  }
});

describe('cancelling and two windows', () => {
  let a: Workbench;
  let b: Workbench;
  before(async () => {
    a = await Workbench.open();
    await a.setApiKey(env.keys.byok);
  });
  after(async () => {
    await b?.page.close();
    await a?.close();
  });

  it('cancels an export from its progress notification and keeps nothing', async () => {
    const before = savedExportFiles('.json');
    await sandbox('/__sandbox/faults', { faults: [{ mode: 'slow', delayMs: 8000 }] });
    await exportThroughPrompts(a, 'Yesterday');
    const progress = a.notification(/Exporting model usage/);
    await progress.waitFor({ timeout: 10_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached', timeout: 10_000 });
    await a.page.waitForTimeout(9000);
    assert.deepStrictEqual(savedExportFiles('.json'), before, 'no export was saved');
    assert.strictEqual(
      await a.page.locator('.notifications-toasts .notification-toast').count(),
      0,
      'no error after a cancel',
    );
    await sandbox('/__sandbox/reset', {});
  });

  it('two windows export at the same time and both trees show both exports', async () => {
    b = await Workbench.open(a);
    const before = savedExportFiles('.json').length;
    const listedBefore = listedEntryCount();
    await Promise.all([exportThroughPrompts(a, 'Last 7 days'), exportThroughPrompts(b, 'This month')]);
    for (const wb of [a, b]) {
      await wb.showLangdockView();
      await wb.page.waitForFunction(
        (count) => document.querySelectorAll('.sidebar .pane .monaco-list-row').length === count,
        listedBefore + 2,
        { timeout: 30_000 },
      );
    }
    assert.strictEqual(savedExportFiles('.json').length, before + 2, 'both exports were kept');
    // Without the age ("now", "1 min ago"): the two windows may draw their trees on either side of a minute.
    const withoutAge = (labels: string[]) => labels.map((label) => label.replace(/ · [^·]*$/, ''));
    const labelsA = await treeLabels(a);
    assert.deepStrictEqual(withoutAge(await treeLabels(b)), withoutAge(labelsA), 'both windows list the same exports');
    assert.ok(labelsA.some((l) => l.startsWith('Models · ')));
    await b.screenshot('second-window');
  });
});
