/**
 * Columns that fit: every export type's default columns, rendered as the worker renders them (priced, chosen,
 * localized), fit a 1280 px window with the sidebar open without a side scroll bar, in English and German; the
 * rest is behind the Columns… button, which the keyboard reaches and which says how many columns it hides.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readUsageTable } from '../../src/core/table/tableLoad';
import { renderView, type ViewSettings } from '../../src/core/table/tableView';
import { createPriceBook } from '../../src/core/pricing/listPrices';
import type { UsageTable } from '../../src/shared/tableModel';
import { WEBVIEW_STRINGS } from '../../src/shared/protocol';
import { COST_KEYS } from '../../src/shared/costKeys';
import { measureTextContrast } from '../support/contrast';
import { EDITOR_WIDTH, GERMAN, REPO_ROOT, screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { columnTexts, cutHeaders, header, sortButton } from './helpers';

const FIXTURES = [
  'models-byok.csv',
  'models-byok-by-source.csv',
  'models-byok-by-deployment.csv',
  'models-byok-pricing.csv',
  'models-managed.csv',
  'users.csv',
  'users-by-model.csv',
  'users-org.csv',
  'agents.csv',
  'agents-by-model.csv',
  'api-keys.csv',
  'api-keys-by-model.csv',
  'projects.csv',
];

async function rendered(
  fixture: string,
  l10n: ViewSettings['l10n'],
  columnChoices: ViewSettings['columnChoices'] = {},
  swaps: ViewSettings['swaps'] = [],
): Promise<UsageTable> {
  const { table, buckets } = await readUsageTable(path.join(REPO_ROOT, 'test/fixtures', fixture), {});
  const settings: ViewSettings = {
    header: { title: fixture, fileName: fixture, canRerun: false },
    locale: l10n ? 'de' : 'en',
    strings: {},
    csvPath: fixture,
    l10n,
    userPrices: new Map(),
    problems: [],
    costSource: 'auto',
    swaps,
    columnChoices,
  };
  return renderView(table, buckets, settings, createPriceBook).shown;
}

const headers = (wv: WebviewPage) => wv.page.locator('.head [role=columnheader]').allTextContents();

describe('columns that fit', function () {
  let harness: Harness;
  let wv: WebviewPage | undefined;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  afterEach(async function () {
    if (!wv) return;
    if (this.currentTest?.state === 'failed')
      await screenshot(wv.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    assert.deepEqual(await wv.problems(), []);
    await wv.close();
    wv = undefined;
  });

  for (const [language, l10n] of [
    ['English', undefined],
    ['German', GERMAN],
  ] as const)
    it(`shows every export type's default columns without a side scroll bar at 1280 px with the sidebar open (${language})`, async () => {
      wv = await harness.open({ theme: 'dark', width: EDITOR_WIDTH, height: 500 });
      const overflowing: string[] = [];
      for (const fixture of FIXTURES) {
        const table = await rendered(fixture, l10n);
        await wv.load(table, { locale: l10n ? 'de' : 'en' });
        const { scroll, client } = await wv.page.evaluate(() => {
          const grid = document.querySelector<HTMLElement>('.grid')!;
          return { scroll: grid.scrollWidth, client: grid.clientWidth };
        });
        if (scroll > client) overflowing.push(`${fixture}: ${scroll} > ${client} (${(await headers(wv)).join(' | ')})`);
        const cut = await cutHeaders(wv.page);
        if (cut.length > 0) overflowing.push(`${fixture}: cut headers ${cut.join(', ')}`);
      }
      assert.deepEqual(overflowing, []);
    });

  for (const [language, l10n] of [
    ['English', undefined],
    ['German', GERMAN],
  ] as const)
    it(`shows a what-if's columns beside Cost, whole and without a side scroll bar, at 1280 px with the sidebar open (${language})`, async () => {
      wv = await harness.open({ theme: 'dark', width: EDITOR_WIDTH, height: 500 });
      const problems: string[] = [];
      let tried = 0;
      for (const fixture of FIXTURES) {
        const models = (await rendered(fixture, l10n)).totals.rows.map((r) => String(r.cells[0]));
        const swaps = [{ from: models[0], to: { provider: 'openai', model: 'gpt-4.1-mini' } }];
        const table = await rendered(fixture, l10n, {}, swaps);
        const keys = table.totals.columns.filter((c) => !c.hidden).map((c) => c.key);
        // Only an export with token counts can price a swap.
        if (!keys.includes(COST_KEYS.whatIf)) continue;
        tried++;
        const at = keys.indexOf(COST_KEYS.cost);
        // The change in percent too, where no part's column (model, source, deployment) takes its room.
        const second = table.totals.columns.filter((c) => !c.hidden)[1];
        const parts = second.aggregate === 'none' && !second.derived;
        const beside = [COST_KEYS.cost, COST_KEYS.whatIf, COST_KEYS.change, ...(parts ? [] : [COST_KEYS.changeShare])];
        if (keys.slice(at, at + beside.length).join() !== beside.join())
          problems.push(`${fixture}: ${keys.join(', ')}`);
        await wv.load(table, { locale: l10n ? 'de' : 'en', swaps });
        const { scroll, client } = await wv.page.evaluate(() => {
          const grid = document.querySelector<HTMLElement>('.grid')!;
          return { scroll: grid.scrollWidth, client: grid.clientWidth };
        });
        const cut = await cutHeaders(wv.page);
        if (scroll > client) problems.push(`${fixture}: ${scroll} > ${client} (${(await headers(wv)).join(' | ')})`);
        if (cut.length > 0) problems.push(`${fixture}: cut headers ${cut.join(', ')}`);
      }
      assert.ok(tried >= 5, `${tried} export types priced a swap`);
      assert.deepEqual(problems, []);
    });

  it('shows one Cost under auto; Langdock’s cost is one click away, behind Columns…, reached by the keyboard', async () => {
    wv = await harness.open({ theme: 'light', width: EDITOR_WIDTH, height: 420 });
    const table = await rendered('models-byok-pricing.csv', undefined);
    await wv.load(table);
    const shown = await headers(wv);
    assert.deepEqual(shown, ['Name', 'Requests', 'Cost', 'Input tokens', 'Output tokens']);
    const hidden = table.totals.columns.filter((c) => c.hidden).map((c) => c.label);
    assert.ok(hidden.includes('Langdock cost') && hidden.includes('Computed − Langdock'), hidden.join(', '));
    const button = wv.page.getByRole('button', { name: /^Columns…/ });
    assert.equal(await button.textContent(), `Columns…${hidden.length} hidden`);
    // From the filter box, Tab reaches the button; Enter asks the host for the picker.
    await wv.page.locator('.filter-input').focus();
    await wv.page.keyboard.press('Tab');
    assert.equal(await wv.page.evaluate(() => document.activeElement?.textContent), await button.textContent());
    await wv.page.keyboard.press('Enter');
    assert.deepEqual(
      (await wv.posted()).filter((m) => m.type === 'action'),
      [{ type: 'action', action: 'chooseColumns' }],
    );
    // A copy is of what is shown: the hidden columns stay out of it.
    await wv.page.getByRole('button', { name: 'Copy as TSV' }).click();
    const copy = (await wv.posted()).find((m) => m.type === 'copy');
    assert.equal(copy?.type === 'copy' && copy.text.split('\r\n')[0], shown.join('\t'));
    await screenshot(wv.page, 'table-one-cost-light');
  });

  for (const [name, theme, german] of [
    ['dark', 'dark', false],
    ['light', 'light', false],
    ['german-dark', 'dark', true],
  ] as const)
    it(`looks right with one cost and a what-if at 1280 px with the sidebar open (${name}, screenshots)`, async () => {
      wv = await harness.open({ theme, width: EDITOR_WIDTH, height: 460 });
      const l10n = german ? GERMAN : undefined;
      const strings = Object.fromEntries(WEBVIEW_STRINGS.map((w) => [w, (german && GERMAN?.[w]) || w])) as Record<
        string,
        string
      >;
      const header = {
        title: german ? 'Modellnutzung' : 'Model usage',
        range: '2026-10-01 – 2026-10-31 · Europe/Berlin',
        fileName: 'models.csv',
        canRerun: true,
        canWhatIf: true,
      };
      const locale = german ? 'de' : 'en';
      await wv.load(await rendered('models-byok-pricing.csv', l10n), { header, strings, locale });
      await screenshot(wv.page, `one-cost-${name}`);
      const swaps = [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1' } }];
      await wv.load(await rendered('models-byok-pricing.csv', l10n, {}, swaps), { header, strings, locale, swaps });
      // The what-if columns are next to Cost, in view.
      const whatIf = german ? 'Was wäre, wenn' : 'What if';
      assert.ok((await headers(wv)).includes(whatIf), (await headers(wv)).join(' | '));
      const contrast = await wv.page.evaluate(measureTextContrast, 'body');
      assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
      await screenshot(wv.page, `what-if-${name}`);
    });

  it('keeps the ranking while the sorted column makes way for a what-if, and sorts by it again once it is back', async () => {
    wv = await harness.open({ theme: 'dark', width: EDITOR_WIDTH, height: 420 });
    await wv.load(await rendered('models-byok-pricing.csv', undefined));
    await sortButton(wv.page, 'Output tokens').click();
    assert.equal(await header(wv.page, 'Output tokens').getAttribute('aria-sort'), 'descending');
    const byOutput = await columnTexts(wv.page, 'Name');
    const swaps = [{ from: 'claude-sonnet-4', to: { provider: 'openai', model: 'gpt-4.1' } }];
    await wv.load(await rendered('models-byok-pricing.csv', undefined, {}, swaps), { swaps });
    // Output tokens is out of view: the rows are not ordered by it unseen, but by Cost, as the table opened.
    assert.ok(!(await headers(wv)).includes('Output tokens'));
    assert.equal(await header(wv.page, 'Cost').getAttribute('aria-sort'), 'descending');
    // (n/a last, as unknown sorts.)
    const costs = (await columnTexts(wv.page, 'Cost')).map((c) =>
      c === 'n/a' ? -1 : Number(c.replace('est.', '').replace(/[^0-9.]/g, '')),
    );
    assert.deepEqual(
      costs,
      [...costs].sort((a, b) => b - a),
    );
    await wv.load(await rendered('models-byok-pricing.csv', undefined));
    assert.equal(await header(wv.page, 'Output tokens').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await columnTexts(wv.page, 'Name'), byOutput);
  });

  it('shows a chosen column and hides another, as the user chose for the export type', async () => {
    wv = await harness.open({ theme: 'dark', width: EDITOR_WIDTH, height: 420 });
    await wv.load(
      await rendered('models-byok-pricing.csv', undefined, {
        models: { total_cost_usd: true, sum_prompt_tokens: false },
      }),
    );
    assert.deepEqual(await headers(wv), ['Name', 'Requests', 'Cost', 'Langdock cost', 'Output tokens']);
  });
});
