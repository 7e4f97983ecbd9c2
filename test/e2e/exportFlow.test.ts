/**
 * A person's path through the real VS Code with the packaged extension: the welcome view, Set API Key,
 * Export Model Usage through its prompts, the table on screen (totals, sorting, filtering), the tree, and
 * screenshots in a dark and a light theme.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import type { Frame } from 'playwright-core';
import { env, savedExportFiles, sortSwapAndReload, Workbench } from './workbench';
import { bodyRows, columnTexts, header, sortButton, totalRow } from '../webview/helpers';
import { measureTextContrast } from '../support/contrast';

const number = (text: string) => Number(text.replace(/[^0-9.-]/g, ''));
const isSorted = (values: number[], direction: 'asc' | 'desc') =>
  values.every((v, i) => i === 0 || (direction === 'desc' ? values[i - 1] >= v : values[i - 1] <= v));

describe('a person exports model usage in the real VS Code', () => {
  let wb: Workbench;
  let table: Frame;

  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('shows the welcome view with Set API Key when no key is stored', async () => {
    await wb.showLangdockView();
    const welcome = wb.page.locator('.sidebar .welcome-view-content');
    await welcome.getByRole('button', { name: 'Set API Key' }).waitFor();
    await welcome.getByRole('button', { name: 'Export Model Usage' }).waitFor();
  });

  it('stores the key through the palette', async () => {
    await wb.command('Langdock: Set API Key', () => wb.waitForPrompt('Langdock API Key'));
    assert.strictEqual(await wb.quickInput.locator('input.input').getAttribute('type'), 'password');
    await wb.type(env.keys.byok);
    await wb.page.locator('.statusbar', { hasText: 'Langdock API key saved' }).waitFor({ timeout: 10_000 });
    await wb.page.locator('.sidebar .welcome-view-content', { hasText: 'No exports yet' }).waitFor();
  });

  it('exports the last 30 days through the prompts and shows the table', async () => {
    await wb.command('Langdock: Export Model Usage');
    await wb.waitForPrompt(/Date range/);
    await wb.pick('Last 30 days');
    await wb.waitForPrompt(/Timezone/);
    assert.match(
      await wb.quickInput.locator('.quick-input-list .monaco-list-row').first().innerText(),
      /Europe\/Berlin/,
    );
    await wb.page.keyboard.press('Enter');
    await wb.waitForPrompt(/Grouping/);
    await wb.page.keyboard.press('Enter');

    table = await wb.tableFrame();
    assert.strictEqual(await table.locator('.title').textContent(), 'Model usage');
    assert.strictEqual(
      await wb.page.locator('.tab.active .label-name').first().textContent(),
      `Models · ${await rangeOfTitle(table)}`,
    );
  });

  it('shows per-model totals equal to an independent sum of the saved CSV', async () => {
    const [csv] = savedExportFiles('.csv');
    assert.ok(csv, 'the export was saved');
    const rows: Record<string, string>[] = parse(fs.readFileSync(csv, 'utf8'), { columns: true, bom: true });
    // A total over rows of which some have no value (tokens are BYOK only) carries the partial mark.
    const sum = (col: string) =>
      rows.reduce((s, r) => s + BigInt(r[col] || '0'), 0n).toLocaleString('en-US') +
      (rows.some((r) => r[col] === '') ? '*' : '');
    const total = await totalRow(table);
    const labels = (await table.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    assert.strictEqual(total[labels.indexOf('Requests')], sum('requests'));
    assert.strictEqual(total[labels.indexOf('Input tokens')], sum('sum_prompt_tokens'));
    const models = new Set(rows.map((r) => `${r.name}|${r.provider}`));
    assert.strictEqual((await bodyRows(table)).length, models.size, 'one row per model (BYOK parts merged)');
  });

  it('sorts by requests and by cost, on screen', async () => {
    await sortButton(table, 'Requests').click();
    assert.strictEqual(await header(table, 'Requests').getAttribute('aria-sort'), 'descending');
    assert.ok(isSorted((await columnTexts(table, 'Requests')).map(number), 'desc'));
    await sortButton(table, 'Requests').click();
    assert.strictEqual(await header(table, 'Requests').getAttribute('aria-sort'), 'ascending');
    assert.ok(isSorted((await columnTexts(table, 'Requests')).map(number), 'asc'));
    // One cost column: Langdock's figure where the export has it, else computed ("est.").
    await sortButton(table, 'Cost').click();
    const costs = (await columnTexts(table, 'Cost'))
      .filter((c) => c !== 'n/a')
      .map((c) => number(c.replace('est.', '')));
    assert.ok(costs.length > 1 && isSorted(costs, 'desc'), costs.join());
    await sortButton(table, 'Requests').click();
  });

  it('filters rows and recomputes the total of what is shown', async () => {
    await table.locator('.filter-input').fill('claude');
    await table.waitForFunction(() =>
      [...document.querySelectorAll('.body .row')].every((r) => /claude/i.test(r.textContent ?? '')),
    );
    const shown = (await columnTexts(table, 'Requests')).map(number);
    const labels = (await table.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    assert.strictEqual(
      number((await totalRow(table))[labels.indexOf('Requests')]),
      shown.reduce((a, b) => a + b, 0),
    );
    await table.locator('.filter-input').fill('');
  });

  it('shows every raw row under All rows, paged from the saved file', async () => {
    const [csv] = savedExportFiles('.csv');
    const rows: Record<string, string>[] = parse(fs.readFileSync(csv, 'utf8'), { columns: true, bom: true });
    await table.locator('#tab-rows').click();
    await table.waitForFunction(
      (count) => document.querySelector('.grid')?.getAttribute('aria-rowcount') === String(count),
      rows.length + 2,
    );
    // Pages arrive from the host; a row still waiting for its page shows "Loading…".
    await table.waitForFunction(
      () => document.querySelector('.body .row') !== null && document.querySelector('.body .row.loading') === null,
    );
    const labels = (await table.locator('.head [role=columnheader]').allTextContents()).map((l) => l.trim());
    // The sort chosen on the totals tab applies here too: the first row on screen is some row of the file.
    const first = (await bodyRows(table))[0];
    const inFile = rows.filter(
      (r) =>
        r.name === first[labels.indexOf('Name')] &&
        Number(r.requests).toLocaleString('en-US') === first[labels.indexOf('Requests')],
    );
    assert.strictEqual(inFile.length >= 1, true, first.join(' | '));
    await table.locator('#tab-totals').click();
  });

  it('lists the export at the top of Recent Exports', async () => {
    await wb.showLangdockView();
    await wb.sidebarRows().first().waitFor();
    assert.match(await wb.sidebarRows().first().innerText(), /^Models · \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}/);
  });

  it('opens the saved export from the tree quickly, and restores the sorted table and its what-if after a window reload', async () => {
    await wb.command('View: Close All Editors');
    await wb.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    const started = Date.now();
    await wb.sidebarRows().first().click();
    table = await wb.tableFrame();
    const openMs = Date.now() - started;
    console.log(`table open: ${openMs} ms from the click in Recent Exports to painted rows`);
    table = await sortSwapAndReload(wb, table);
    await wb.screenshot('what-if-after-reload-dark');
    await table.getByRole('button', { name: 'Clear what-if' }).click();
    await header(table, 'What if').waitFor({ state: 'detached' });
  });

  it('follows the theme, dark and light, with readable text in both (screenshots)', async () => {
    await sortButton(table, 'Requests').click();
    const look = async (name: string) => {
      const shot = fs.readFileSync(await wb.screenshot(name));
      const contrast = await table.evaluate(measureTextContrast, 'body');
      assert.ok(contrast.measured > 20, `measured ${contrast.measured} texts`);
      assert.ok(contrast.min >= 4.5, `${name}: contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
      const background = await table.evaluate(() => getComputedStyle(document.body).backgroundColor);
      return { shot, background };
    };
    const dark = await look('usage-table-dark');
    await wb.setTheme('Light Modern');
    const light = await look('usage-table-light');
    await wb.setTheme('Dark Modern');
    assert.notStrictEqual(light.background, dark.background, 'the table follows the theme');
    assert.ok(!light.shot.equals(dark.shot), 'the two screenshots differ');
  });

  it('compares the table with the previous period and reads every change without colour (screenshot)', async () => {
    await table.getByRole('button', { name: 'Compare with previous period' }).click();
    const compared = wb.webview();
    await compared.locator('.head [role=columnheader]', { hasText: 'Δ Requests' }).first().waitFor({ timeout: 60_000 });
    const frame = await wb.tableFrame();
    const changes = await columnTexts(frame, 'Δ Requests');
    assert.ok(changes.length > 3, changes.join(' | '));
    for (const change of changes) assert.match(change, /^(▲ \+[\d,]+|▼ -[\d,]+|0|n\/a)$/, change);
    const words = await columnTexts(frame, 'Change');
    for (const word of words) assert.match(word, /^(up|down|no change|new|vanished)$/, word);
    assert.match((await frame.locator('.figure-count .figure-note').textContent()) ?? '', /vs the previous period/);
    await wb.screenshot('compare-dark');
    await wb.command('View: Close All Editors');
  });

  it('runs a usage trend from the palette and sees the chart and the table fill in (screenshots)', async () => {
    await wb.command('Langdock: Show Usage Trend…');
    await wb.pick('Models');
    await wb.waitForPrompt(/Periods/);
    await wb.pick('Last 6 months');
    await wb.waitForPrompt(/Timezone/);
    await wb.page.keyboard.press('Enter');
    await wb.waitForPrompt(/Grouping/);
    await wb.page.keyboard.press('Enter');
    const trend = wb.webview();
    await trend.locator('.chart canvas').waitFor({ timeout: 60_000 });
    await trend.locator('[role=status]', { hasText: '6 of 6 periods loaded' }).waitFor({ timeout: 60_000 });
    assert.strictEqual(await trend.locator('.title').textContent(), 'Requests by model, monthly');
    assert.match((await trend.locator('canvas').getAttribute('aria-label')) ?? '', /Requests per period/);
    const headers = await trend.locator('.head [role=columnheader]').allTextContents();
    assert.strictEqual(headers.length, 8, headers.join(' | '));
    assert.ok((await trend.locator('.body .row').count()) > 3);
    // This month is still running: marked to date, with its forecast and the method in words.
    assert.match(headers.at(-2) ?? '', /^\d{4}-\d{2} to date \(\d+ of \d+ days\)$/);
    assert.match(
      (await trend.locator('.trend-notes .forecast-note').allTextContents()).join('\n'),
      /Forecast for \d{4}-\d{2}: [\d,]+ \(range [\d,]+ – [\d,]+\); [\d,]+ so far\nMethod: the figure so far ÷ \d+ days × \d+ days/,
    );
    await wb.notification(/Usage trend/).waitFor({ state: 'hidden', timeout: 20_000 });
    await wb.screenshot('usage-trend-dark');
    await wb.setTheme('Light Modern');
    await wb.screenshot('usage-trend-light');
    await wb.setTheme('Dark Modern');

    // After a window reload the trend is back, with its saved periods.
    await wb.command('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench .statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    const restored = wb.webview();
    await restored.locator('[role=status]', { hasText: '6 of 6 periods loaded' }).waitFor({ timeout: 60_000 });
    assert.strictEqual(await restored.locator('.title').textContent(), 'Requests by model, monthly');
    assert.strictEqual((await restored.locator('.head [role=columnheader]').allTextContents()).length, 8);
  });

  it('exports users and sees them grouped by department, then by licence type from the palette (screenshots)', async () => {
    await wb.command('View: Close All Editors');
    await wb.exportThroughPrompts({
      command: 'Langdock: Export Usage…',
      type: [/What to export/, 'Users'],
      range: [/Date range/, 'Last 30 days'],
      timezone: /Timezone/,
      grouping: /Grouping/,
    });
    const users = await wb.tableFrame();
    // The sandbox's people work in several departments: the table opens grouped by department.
    await users.locator('.head [role=columnheader]', { hasText: 'Department' }).first().waitFor();
    assert.strictEqual(await users.locator('#group-by').inputValue(), 'department');
    const groups = await columnTexts(users, 'Department');
    assert.ok(groups.includes('(no department)'), groups.join(' | '));
    const people = number((await users.locator('.figure-entities .figure-value').textContent()) ?? '');
    const sum = (await columnTexts(users, 'Users')).map(number).reduce((a, b) => a + b, 0);
    assert.strictEqual(sum, people, 'the groups add up to everyone');
    await users.locator('.body .row[aria-expanded="false"] .chevron').first().click();
    await users.locator('.body .row.child').first().waitFor();

    await wb.command('Langdock: Show Organisation (Departments, Seats, Adoption)');
    await wb.waitForPrompt('Group the people by');
    await wb.pick('Licence type');
    await users.locator('.head [role=columnheader]', { hasText: 'Licence type' }).first().waitFor({ timeout: 20_000 });
    assert.strictEqual(await users.locator('#group-by').inputValue(), 'license_type');
    await users.locator('#group-by').selectOption('department');
    await users.locator('.head [role=columnheader]', { hasText: 'Department' }).first().waitFor();
    for (const [theme, name] of [
      ['Dark Modern', 'organisation-dark'],
      ['Light Modern', 'organisation-light'],
    ]) {
      await wb.setTheme(theme);
      await wb.screenshot(name);
      const contrast = await users.evaluate(measureTextContrast, 'body');
      assert.ok(contrast.min >= 4.5, `${name}: contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
    }
    await wb.setTheme('Dark Modern');
  });
});

async function rangeOfTitle(frame: Frame): Promise<string> {
  const meta = await frame.locator('.meta-item').first().textContent();
  return (meta ?? '').split(' · ')[0];
}
