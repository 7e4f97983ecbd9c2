/**
 * The extension in German, in the real VS Code started with the display language German: the view, the palette
 * titles, the prompts, the status message and the table speak German, and numbers follow German conventions.
 * (The workbench around it stays English: no language pack is installed.)
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { env, Workbench, writeLargeCsv } from '../workbench';
import { cutHeaders } from '../../webview/helpers';

describe('a German-speaking admin exports model usage', () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => {
    await wb?.close();
  });

  it('sees the view, the commands, the prompts and the table in German', async () => {
    await wb.showLangdockView('Letzte Exporte');
    const welcome = wb.page.locator('.sidebar .welcome-view-content');
    await welcome.getByRole('button', { name: 'API-Schlüssel festlegen' }).waitFor();

    await wb.command('Langdock: API-Schlüssel festlegen', () => wb.waitForPrompt('Langdock-API-Schlüssel'));
    await wb.type(env.keys.byok);
    await wb.page.locator('.statusbar', { hasText: 'Langdock-API-Schlüssel gespeichert' }).waitFor({ timeout: 10_000 });

    await wb.command('Langdock: Modellnutzung exportieren');
    await wb.waitForPrompt(/Zeitraum/);
    await wb.pick('Letzte 30 Tage');
    await wb.waitForPrompt(/Zeitzone/);
    await wb.page.keyboard.press('Enter');
    await wb.waitForPrompt(/Gruppierung/);
    await wb.page.keyboard.press('Enter');

    const table = await wb.tableFrame();
    await table.getByRole('tab', { name: 'Summen pro Modell' }).waitFor();
    await table.getByRole('button', { name: 'Als Markdown kopieren' }).waitFor();
    assert.match((await table.locator('.meta').innerText()).replace(/\s+/g, ' '), /Datensätze/);
    // German grouping and decimal marks: 12.345 requests, 1.234,56 $.
    const total = (await table.locator('.total').first().innerText()).replace(/\s+/g, ' ');
    assert.match(total, /\d\.\d{3}/, total);
    assert.match(total, /\d,\d{2}\s?\$/, total);
    await wb.screenshot('german-table-dark');
  });

  it('sees the organisation of the users in German', async () => {
    await wb.command('View: Close All Editors');
    await wb.exportThroughPrompts({
      command: 'Langdock: Nutzung exportieren…',
      type: [/Was exportiert wird/, 'Benutzer'],
      range: [/Zeitraum/, 'Letzte 30 Tage'],
      timezone: /Zeitzone/,
      grouping: /Gruppierung/,
    });
    const users = await wb.tableFrame();
    await users.locator('.head [role=columnheader]', { hasText: 'Abteilung' }).first().waitFor();
    await users.getByText('Gruppieren nach').waitFor();
    await users.getByText('(keine Abteilung)').waitFor();
    await users.locator('.head [role=columnheader]', { hasText: 'Inaktive Lizenzen' }).first().waitFor();
    // In the workbench's own font, every German header reads whole (a long one on two lines).
    assert.deepStrictEqual(await cutHeaders(users), []);
    await wb.screenshot('german-organisation-dark');
    await wb.command('View: Close All Editors');
  });

  it('reads a large CSV with the progress in German', async () => {
    const name = 'grosse-nutzung.csv';
    writeLargeCsv(path.join(env.workspace, name));
    try {
      const table = await wb.openFromExplorer(name, 'In der Langdock-Nutzungstabelle öffnen');
      await wb.screenshot('german-large-csv-loading-dark');
      assert.match(await table.locator('.load-text').innerText(), /^Wird gelesen… \d+\s% · bisher [\d.]+ Zeilen$/);
      await table.locator('.load-progress').waitFor({ state: 'hidden', timeout: 60_000 });
      assert.match(await table.locator('.meta').innerText(), /800\.000 Datensätze/);
    } finally {
      await wb.command('View: Close All Editors');
      fs.rmSync(path.join(env.workspace, name), { force: true });
    }
  });

  it('sees a trend with the running month and its forecast in German', async () => {
    await wb.command('Langdock: Nutzungstrend anzeigen…');
    await wb.pick('Modelle');
    await wb.waitForPrompt(/Zeiträume/);
    await wb.pick('Letzte 6 Monate');
    await wb.waitForPrompt(/Zeitzone/);
    await wb.page.keyboard.press('Enter');
    await wb.waitForPrompt(/Gruppierung/);
    await wb.page.keyboard.press('Enter');
    const trend = wb.webview();
    await trend.locator('.chart canvas').waitFor({ timeout: 60_000 });
    await trend.locator('.trend-notes .forecast-note').first().waitFor({ timeout: 60_000 });
    assert.strictEqual(await trend.locator('.title').textContent(), 'Anfragen nach Modell, monatlich');
    const headers = await trend.locator('.head [role=columnheader]').allTextContents();
    assert.match(headers.at(-2) ?? '', /^\d{4}-\d{2} bis heute \(\d+ von \d+ Tagen\)$/);
    assert.match(
      (await trend.locator('.trend-notes .forecast-note').allTextContents()).join('\n'),
      /Prognose für \d{4}-\d{2}: [\d.]+ \(Spanne [\d.]+ – [\d.]+\); bisher [\d.]+\nMethode:/,
    );
    await wb.screenshot('german-trend-dark');
    await wb.command('View: Close All Editors');
  });
});
