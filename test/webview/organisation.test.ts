/**
 * The Group by control of a users table in a real Chromium (issue 23): the default grouping by department, the
 * groups on screen against an independent sum of the CSV, expanding a group to its people, switching to another
 * attribute and back to none, the idle seats in the headline, and contrast in three themes. The stub host answers
 * `organise` with the core's own grouping of the same table, as the panel does.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadUsageTable } from '../../src/core/table/totals';
import { organiseTable } from '../../src/core/org/organiseTable';
import { localizeGroupedView } from '../../src/core/org/groupedView';
import { bundleLocalize } from '../../src/core/table/tableView';
import { ORG_ATTRIBUTES, type GroupedView } from '../../src/shared/organisation';
import type { UsageTable } from '../../src/shared/protocol';
import { measureTextContrast } from '../support/contrast';
import { EDITOR_WIDTH, GERMAN, REPO_ROOT, screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { columnTexts, cutHeaders, totalRow } from './helpers';
import type { ThemeName } from './themes';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'users-org.csv');
const PRICES = { standard: 25, power: 60 };
const USERS_HEADER = {
  title: 'User usage',
  range: '2026-10-01 – 2026-10-31 · Europe/Berlin',
  fileName: 'users-org.csv',
  canRerun: true,
};

/** The CSV read by csv-parse, not by the extension: the independent side of the sums. */
function csvRecords(): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(FIXTURE), { columns: true });
}

describe('group by in a users table', function () {
  let harness: Harness;
  let table: UsageTable;
  let views: Record<string, GroupedView>;
  const problems: string[] = [];
  const opened: WebviewPage[] = [];

  before(async () => {
    harness = await startHarness();
    table = (await loadUsageTable(FIXTURE)).table;
    views = Object.fromEntries(
      [...ORG_ATTRIBUTES, null].map((groupBy) => [
        groupBy ?? 'none',
        organiseTable(table.totals, { groupBy, seatPrices: PRICES }).view,
      ]),
    );
  });
  after(async () => {
    for (const wv of opened) problems.push(...(await wv.problems()));
    await harness?.close();
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
  });

  /** A page whose stub host answers `organise` as the panel would. */
  async function open(theme: ThemeName = 'dark', answers = views, width = 1280): Promise<WebviewPage> {
    const wv = await harness.open({ theme, width, height: 520 });
    opened.push(wv);
    await wv.page.evaluate((answers) => {
      const w = window as unknown as Record<string, unknown>;
      w.__onPost = (m: { type: string; groupBy: string | null }) => {
        if (m.type !== 'organise') return;
        setTimeout(() => window.postMessage({ type: 'organisation', view: answers[m.groupBy ?? 'none'] }, '*'));
      };
    }, answers);
    await wv.load(table, { header: USERS_HEADER });
    return wv;
  }

  it('opens grouped by department, and the groups add up to the CSV read independently', async () => {
    const wv = await open();
    const { page } = wv;
    await page.waitForSelector('.body .row[aria-expanded]');
    assert.equal(await page.locator('#group-by').inputValue(), 'department');
    assert.deepEqual(await page.locator('#group-by option').allTextContents(), [
      'None',
      'Department',
      'Company',
      'Licence type',
      'Role',
    ]);
    const records = csvRecords();
    const departments = new Set(records.map((r) => r.department.trim() || '(no department)'));
    const names = await columnTexts(page, 'Department');
    assert.deepEqual([...names].sort(), [...departments].sort());
    // A partial mark (*) follows a figure that leaves out unknown counts.
    const count = (texts: string[]) => texts.reduce((n, t) => n + Number(t.replace(/[^\d.]/g, '')), 0);
    assert.equal(count(await columnTexts(page, 'Users')), records.length);
    const messages = records.reduce((n, r) => n + (r.messages_total ? Number(r.messages_total) : 0), 0);
    assert.equal(count(await columnTexts(page, 'Messages')), messages);
    const active = records.filter((r) => Number(r.messages_total) > 0).length;
    assert.equal(count(await columnTexts(page, 'Active users')), active);
    const inactive = records.filter((r) => r.license_type && r.messages_total === '0').length;
    assert.equal(count(await columnTexts(page, 'Inactive seats')), inactive);
    const total = await totalRow(page);
    assert.ok(total.includes(String(records.length)), `the total row counts everyone: ${total.join(' | ')}`);
    // The headline: inactive seats at their prices; Ed's enterprise licence has none, so partial.
    const idle = page.locator('.headline .figure-idle-seats');
    assert.equal(await idle.locator('.figure-value').textContent(), '3 · $85.00/month');
    assert.match((await idle.locator('.figure-note').textContent()) ?? '', /partial: 1 without a seat price/);
  });

  it('expands a group to its people, switches to another attribute, and back to no grouping', async () => {
    const wv = await open();
    const { page } = wv;
    await page.waitForSelector('.body .row[aria-expanded]');
    const engineering = page.locator('.body .row', { hasText: 'Engineering' }).first();
    await engineering.locator('.chevron').click();
    assert.equal(await engineering.getAttribute('aria-expanded'), 'true');
    const people = await page.locator('.body .row.child').allTextContents();
    for (const name of ['Ann Alder', 'Bob Brook', 'Cy Cole'])
      assert.ok(
        people.some((p) => p.includes(name)),
        name,
      );
    assert.equal(people.length, 3);

    await page.locator('#group-by').selectOption('role');
    await page.waitForFunction(() => document.querySelector('[role=columnheader]')?.textContent?.includes('Role'));
    assert.deepEqual((await columnTexts(page, 'Role')).sort(), ['admin', 'editor', 'member']);
    const posted = await wv.posted();
    assert.deepEqual(
      posted.filter((m) => m.type === 'organise').map((m) => (m as { groupBy: unknown }).groupBy),
      ['department', 'role'],
    );

    await page.locator('#group-by').selectOption('none');
    await page.waitForFunction(() => document.querySelectorAll('.body .row').length === 7);
    assert.equal(await page.locator('.body .row[aria-expanded]').count(), 0, 'one row per person again');
    // The choice is kept with the view state: a reload opens ungrouped.
    await wv.reload();
    await wv.load(table, { header: USERS_HEADER });
    await page.waitForFunction(() => document.querySelectorAll('.body .row').length === 7);
    assert.equal(await page.locator('#group-by').inputValue(), 'none');
  });

  it('does not offer a grouping for a table without attribute columns', async () => {
    const wv = await harness.open({ theme: 'dark' });
    opened.push(wv);
    const slim = await loadUsageTable(path.join(REPO_ROOT, 'test', 'fixtures', 'agents.csv'));
    await wv.load(slim.table);
    assert.equal(await wv.page.locator('#group-by').count(), 0);
  });

  for (const [language, l10n] of [
    ['English', undefined],
    ['German', GERMAN],
  ] as const)
    it(`reads every header of the grouped view whole at 1280 px with the sidebar open (${language})`, async () => {
      const t = bundleLocalize(l10n);
      const localized = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, localizeGroupedView(v, t)]));
      const wv = await open('dark', localized, EDITOR_WIDTH);
      await wv.page.waitForSelector('.body .row[aria-expanded]');
      const labels = await wv.page.locator('.head [role=columnheader] .label').allTextContents();
      assert.ok(labels.includes(t('Messages per active user')), labels.join(' | '));
      const side = await wv.page.evaluate(() => {
        const grid = document.querySelector<HTMLElement>('.grid')!;
        return `${grid.scrollWidth} / ${grid.clientWidth}`;
      });
      assert.deepEqual(await cutHeaders(wv.page), [], side);
      await screenshot(wv.page, `organisation-headers-${language}`);
    });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`is readable in ${theme}`, async () => {
      const wv = await open(theme);
      const { page } = wv;
      await page.waitForSelector('.body .row[aria-expanded]');
      await page.locator('.body .row', { hasText: 'Engineering' }).first().locator('.chevron').click();
      await screenshot(page, `organisation-${theme}`);
      for (const selector of ['.toolbar', '.headline', '.grid']) {
        const contrast = await page.evaluate(measureTextContrast, selector);
        assert.ok(contrast.measured > 0, selector);
        assert.ok(contrast.min >= 4.5, `${selector}: contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
      }
    });
  }
});
