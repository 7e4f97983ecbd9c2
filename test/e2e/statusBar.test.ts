/**
 * The spend budget as a person meets it in the real VS Code: set `langdock.monthlyBudgetUsd` and the status bar
 * shows this month's cost against it; a click opens this month's table. Screenshots for the README and the note.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { env, Workbench } from './workbench';
import { waitFor } from '../support/waitFor';

describe('the spend budget in the status bar', () => {
  let wb: Workbench;
  let settings: string;

  before(async () => {
    settings = fs.readFileSync(env.settingsFile, 'utf8');
    wb = await Workbench.open();
  });
  after(async () => {
    // The budget stays off for whatever runs next.
    fs.writeFileSync(env.settingsFile, settings);
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it("shows this month's cost against the budget, and a click opens this month's table", async () => {
    await wb.command('Langdock: Set API Key', () => wb.waitForPrompt('Langdock API Key'));
    await wb.type(env.keys.byok);
    await wb.page.locator('.statusbar', { hasText: 'Langdock API key saved' }).waitFor({ timeout: 10_000 });
    // As a person sets it: the Settings editor, searched for the setting, a number typed into its box.
    await wb.command('Preferences: Open Settings (UI)');
    await wb.page.locator('.settings-editor').waitFor();
    await wb.page.keyboard.type('langdock.monthlyBudgetUsd');
    const setting = wb.page.locator('.settings-editor .setting-item-contents', { hasText: 'Monthly Budget Usd' });
    await setting.waitFor({ timeout: 10_000 });
    const box = setting.locator('input').first();
    await box.fill('2000');
    await box.press('Tab');
    await waitFor(() => fs.readFileSync(env.settingsFile, 'utf8').includes('monthlyBudgetUsd'), {
      what: 'the setting written to settings.json',
    });
    assert.match(fs.readFileSync(env.settingsFile, 'utf8'), /"langdock.monthlyBudgetUsd": 2000/);
    await wb.command('View: Close All Editors');

    const item = wb.page.locator('.statusbar-item', { hasText: 'of $2,000' });
    await item.waitFor({ timeout: 60_000 });
    assert.match((await item.innerText()).trim(), /^\$[\d,]+ of \$2,000 · \d+ %$/);
    await wb.screenshot('budget-status-bar');

    await item.click();
    const table = await wb.tableFrame();
    const range = await table.locator('.meta-item').first().textContent();
    assert.match(range ?? '', /^(\d{4}-\d{2})-01( – \1-\d{2})? · Europe\/Berlin$/, "this month's range");
    assert.ok(await table.locator('.figure-cost .figure-value').isVisible());
    await wb.screenshot('budget-table');
  });
});
