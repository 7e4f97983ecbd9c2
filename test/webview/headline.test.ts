/**
 * The headline strip and the warning-sign chips in a real Chromium, read off the screen: the figures of what is
 * shown, the run-rate of a period that includes today, the sort the totals open with, and chips that filter the
 * totals to their rows. Tables come from src/core (CSV → totals) where the columns matter.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadUsageTable } from '../../src/core/table/totals';
import { compareTables } from '../../src/core/table/compare';
import type { ExportHeader, UsageTable } from '../../src/shared/protocol';
import { REPO_ROOT, screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { columnTexts, figures, header, inFileOrder } from './helpers';
import { modelsTable } from './tables';

function chips(wv: WebviewPage): Promise<string[]> {
  return wv.page.locator('.headline .chip.sign').allTextContents();
}

/** The totals of a CSV, parsed and totalled by the core as the panel does. */
async function tableOf(csv: string): Promise<UsageTable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'langdock-headline-'));
  const file = path.join(dir, 'export.csv');
  fs.writeFileSync(file, csv);
  try {
    return (await loadUsageTable(file)).table;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fixture = (name: string) => loadUsageTable(path.join(REPO_ROOT, 'test', 'fixtures', name)).then((r) => r.table);

const NOVEMBER: ExportHeader = {
  title: 'Model usage',
  range: '2026-11-01 – 2026-11-24 · Europe/Berlin',
  fileName: 'models.csv',
  canRerun: true,
  period: { from: '2026-11-01', to: '2026-11-24', today: '2026-11-24' },
};

describe('headline figures and warning signs', function () {
  let harness: Harness;
  let wv: WebviewPage | undefined;
  const problems: string[] = [];

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  /** Closes the open page, keeping its problems (and a screenshot when its test failed). */
  const release = async (failed?: string) => {
    if (!wv) return;
    const page = wv;
    wv = undefined;
    if (failed) await screenshot(page.page, `failed-${failed.replace(/\W+/g, '-')}`);
    problems.push(...(await page.problems()));
    await page.close();
  };
  const open = async (options?: Parameters<Harness['open']>[0]) => {
    await release();
    return (wv = await harness.open(options));
  };
  afterEach(async function () {
    await release(this.currentTest?.state === 'failed' ? this.currentTest.title : undefined);
  });

  it('shows cost with its source, the top model and its share, requests, tokens and the model count', async () => {
    const wv = await open();
    await wv.load(modelsTable());
    assert.deepEqual(await figures(wv), {
      Cost: '$43.00* | 1 without cost',
      'Top model': 'claude-sonnet-4 | 70% of the cost',
      Requests: '50,000',
      'Input tokens': '3,046,000',
      Models: '6',
    });
    assert.equal(
      await wv.page.locator('.figure-cost .figure-value').getAttribute('title'),
      'estimated provider cost, from Langdock',
    );
  });

  it("shows each figure's change when the table is compared with the previous period", async () => {
    const header = 'period_start,period_end,org_id,name,provider,bring_your_keys,requests,sum_prompt_tokens\n';
    const now = await tableOf(
      `${header}2026-11-01,2026-11-30,o,gpt-4.1,openai,true,120,1000\n2026-11-01,2026-11-30,o,o3,openai,true,80,500\n`,
    );
    const before = await tableOf(
      `${header}2026-10-01,2026-10-31,o,gpt-4.1,openai,true,100,1000\n2026-10-01,2026-10-31,o,o3,openai,true,60,700\n`,
    );
    const labels = {
      change: 'Change',
      isNew: 'new',
      vanished: 'vanished',
      up: 'up',
      down: 'down',
      unchanged: 'no change',
      delta: (l: string) => `Δ ${l}`,
      deltaPercent: (l: string) => `Δ% ${l}`,
    };
    const wv = await open();
    await wv.load(compareTables(now, before, labels));
    const shown = await figures(wv);
    // 200 requests against 160: +40, +25 %; input tokens 1,500 against 1,700: −200, −11.8 %.
    assert.equal(shown.Requests, '200 | +40 · +25% vs the previous period');
    assert.equal(shown['Input tokens'], '1,500 | -200 · -11.8% vs the previous period');
  });

  it('opens the totals sorted by cost, largest first; the file order is one click away', async () => {
    const wv = await open();
    await wv.load(modelsTable());
    const page = wv.page;
    assert.equal(await header(page, 'Cost (USD)').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await columnTexts(page, 'Cost (USD)'), ['$30.10', '$12.59', '$0.20', '$0.10', '<$0.01', 'n/a']);
    await inFileOrder(page);
    assert.equal(await header(page, 'Cost (USD)').getAttribute('aria-sort'), null);
    assert.deepEqual((await columnTexts(page, 'Name')).slice(0, 2), ['gpt-4.1', 'claude-sonnet-4']);
    assert.equal(await page.getByRole('button', { name: 'File order' }).count(), 0, 'hidden once in file order');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('grid')), 'focus moves to the rows');
    // A reload keeps the file order the person chose.
    await wv.reload();
    await wv.load(modelsTable());
    assert.equal(await header(page, 'Cost (USD)').getAttribute('aria-sort'), null);
  });

  it('opens a table without cost sorted by messages', async () => {
    const wv = await open();
    const table = await fixture('users.csv');
    await wv.load(table, { header: { title: 'User usage', fileName: 'users.csv', canRerun: false } });
    assert.equal(await header(wv.page, 'Messages').getAttribute('aria-sort'), 'descending');
    const shown = await figures(wv);
    assert.equal(shown.Messages, '1,023');
    assert.equal(shown['Top user'], 'Anna Müller | 40.3% of the messages');
    assert.equal(shown.Users, '6');
    assert.equal(shown.Cost, undefined, 'no cost column, no cost figure (never $0)');
  });

  it('adds up what the filter shows and says so', async () => {
    const wv = await open();
    await wv.load(modelsTable());
    await wv.page.locator('.filter-input').fill('openai');
    const shown = await figures(wv);
    assert.equal(shown.Cost, '$12.89 | from Langdock');
    assert.equal(shown['Top model'], 'gpt-4.1 | 97.7% of the cost');
    assert.equal(shown.Requests, '2,080');
    assert.equal(shown.Models, '3');
    assert.equal(await wv.page.locator('.figures-note').textContent(), 'Figures add up the 3 rows shown');
    await wv.page.locator('.filter-input').fill('');
    assert.equal(await wv.page.locator('.figures-note').count(), 0);
  });

  it('forecasts a period that includes today to the end of the month, with its basis', async () => {
    const wv = await open();
    await wv.load(modelsTable(), { header: NOVEMBER });
    // 42.9954 × 30 / 24 = 53.74425
    assert.equal((await figures(wv))['Forecast to Nov 30'], '$53.74 | 24 of 30 days, linear');
    await wv.load(modelsTable(), {
      header: { ...NOVEMBER, period: { from: '2026-11-01', to: '2026-11-24', today: '2026-11-25' } },
    });
    assert.equal(await wv.page.locator('.figure-forecast').count(), 0, 'a finished period has no forecast');
  });

  it('keeps the money figure and the top model in view at 1280 × 800, in dark and light', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const wv = await open({ theme, width: 1280, height: 800 });
      const table = await fixture('models-byok.csv');
      await wv.load(table, { header: NOVEMBER });
      const boxes = await wv.page.evaluate(() =>
        ['.figure-cost', '.figure-top'].map((s) => {
          const r = document.querySelector(s)!.getBoundingClientRect();
          return { right: r.right, bottom: r.bottom };
        }),
      );
      for (const box of boxes) assert.ok(box.right <= 1280 && box.bottom <= 800, JSON.stringify(box));
      // Requests and cost come before the token detail.
      const heads = await wv.page.locator('.head [role=columnheader]').allTextContents();
      assert.deepEqual(heads.slice(3, 6), ['Requests', 'Cost (USD)', 'Input tokens']);
      await screenshot(wv.page, `headline-${theme}`);
    }
  });

  it('shows inactive seats and users near their limit (0–100 scale), and each chip filters the totals', async () => {
    const wv = await open();
    const table = await tableOf(
      [
        'user_id,name,license_type,payg_limit_current,payg_utilization_pct_current,messages_total',
        'u1,Ada,standard,,85,120',
        'u2,Grace,power_user,,40,0',
        'u3,Linus,,,,0',
        'u4,Alan,standard,,80,15',
        'u5,Edsger,standard,,,',
      ].join('\n'),
    );
    await wv.load(table, { header: { title: 'User usage', fileName: 'users.csv', canRerun: false } });
    const page = wv.page;
    assert.deepEqual(await chips(wv), ['Inactive seats: 1', 'Near their limit: 2']);
    await page.getByRole('button', { name: 'Near their limit: 2' }).click();
    assert.deepEqual(await columnTexts(page, 'Name'), ['Ada', 'Alan']);
    assert.equal(await page.getByRole('button', { name: 'Near their limit: 2' }).getAttribute('aria-pressed'), 'true');
    assert.equal((await figures(wv)).Messages, '135');
    await page.getByRole('button', { name: 'Inactive seats: 1' }).click();
    assert.deepEqual(await columnTexts(page, 'Name'), ['Grace'], 'a user without a license is no seat');
    await page.getByRole('button', { name: 'Inactive seats: 1' }).click();
    assert.equal((await columnTexts(page, 'Name')).length, 5);
  });

  it('shows models with tokens but no cost, and API keys with no use; no chip without its columns', async () => {
    const wv = await open();
    const models = await tableOf(
      [
        'name,provider,bring_your_keys,requests,sum_prompt_tokens,sum_completion_tokens,total_cost_usd',
        'gpt-4.1,openai,true,100,2000,300,1.5',
        'my-finetune,azure,true,40,1200,100,',
        'llama,meta,true,10,500,50,0',
        'idle,meta,true,0,0,0,0',
      ].join('\n'),
    );
    await wv.load(models);
    const chip = wv.page.getByRole('button', { name: 'Models without token prices: 2' });
    assert.equal(
      await chip.getAttribute('title'),
      'No token prices set in Langdock: this usage is not counted against spend limits',
    );
    await chip.click();
    assert.deepEqual(await columnTexts(wv.page, 'Name'), ['llama', 'my-finetune']);

    await wv.load(await fixture('api-keys.csv'));
    assert.deepEqual(await chips(wv), ['No use: 1']);
    await wv.load(await fixture('models-managed.csv'));
    assert.deepEqual(await chips(wv), [], 'no cost column, no sign');
  });

  it('logged no console error, page error or CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
