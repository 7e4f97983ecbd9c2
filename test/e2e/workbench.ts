/**
 * Driving the real VS Code workbench (code-server) in Chromium as a person would: the command palette, quick
 * inputs, notifications, the sidebar and the webview's nested frames. The runner (scripts/test-e2e.mjs) starts
 * code-server with the packaged extension and the sandbox, and passes their addresses in the environment.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { columnTexts, header, sortButton } from '../webview/helpers';

export const env = {
  url: process.env.LANGDOCK_E2E_URL!,
  workspace: process.env.LANGDOCK_E2E_WORKSPACE!,
  settingsFile: process.env.LANGDOCK_E2E_SETTINGS!,
  screenshots: process.env.LANGDOCK_E2E_SCREENSHOTS ?? path.resolve('.test-work/e2e/screenshots'),
  sandboxUrl: process.env.LANGDOCK_SANDBOX_URL!,
  keys: JSON.parse(process.env.LANGDOCK_SANDBOX_KEYS ?? '{}') as Record<
    'byok' | 'managed' | 'revoked' | 'noScope',
    string
  >,
};

/**
 * The saved exports' files with this ending (`.csv` or `.json`), sorted by name, read from the extension's global
 * storage on disk: the store is the truth the trees and tables must agree with.
 */
export function savedExportFiles(ending: '.csv' | '.json'): string[] {
  const dir = path.join(path.dirname(env.settingsFile), 'globalStorage', 'usage-tools.langdock-usage', 'exports');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(ending))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

/**
 * How many entries Recent Exports lists, from the store on disk: the exports that are not a trend's hidden
 * periods, and the trends.
 */
export function listedEntryCount(): number {
  const exportsDir = path.dirname(savedExportFiles('.json')[0] ?? '');
  const trends = path.join(exportsDir, '..', 'trends');
  const listed = savedExportFiles('.json').filter(
    (f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as { hidden?: boolean }).hidden !== true,
  ).length;
  return listed + (fs.existsSync(trends) ? fs.readdirSync(trends).filter((f) => f.endsWith('.json')).length : 0);
}

/** The windows open now, so that a failed test leaves a picture of each (see the hook below). */
const openWindows = new Set<Workbench>();

// A failure in CI is read from its log only: the screen at that moment says what the call log cannot.
afterEach(async function () {
  const test = this.currentTest;
  if (test?.state !== 'failed') return;
  const name = test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  let n = 0;
  for (const wb of openWindows) {
    const shot = await wb.screenshot(`failed-${name}-${++n}`).catch((error: unknown) => String(error));
    console.log(`screenshot of the failure: ${shot}`);
  }
  const log = newestExtensionLog();
  if (log)
    console.log(
      `the extension's log (${log}), its end:\n${fs.readFileSync(log, 'utf8').split('\n').slice(-25).join('\n')}`,
    );
});

/** The log of the newest extension host (a reload starts another): what the extension did up to the failure. */
function newestExtensionLog(): string | undefined {
  const logs = path.join(path.dirname(path.dirname(env.settingsFile)), 'logs');
  if (!fs.existsSync(logs)) return undefined;
  const files = fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('Langdock Usage.log'))
    .map((f) => path.join(logs, f));
  const newest = files.map((file) => ({ file, at: fs.statSync(file).mtimeMs })).sort((a, b) => a.at - b.at);
  return newest.at(-1)?.file;
}

export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
  ) {
    openWindows.add(this);
    page.on('close', () => openWindows.delete(this));
  }

  /**
   * A workbench window. Pass another window to open a second one in the same browser profile: it shares that
   * window's secret storage, as two windows of one VS Code do.
   */
  static async open(sibling?: Workbench): Promise<Workbench> {
    const b = sibling?.browser ?? (await launchChromium());
    const context = sibling?.page.context() ?? (await b.newContext({ viewport: { width: 1400, height: 860 } }));
    const page = await context.newPage();
    await page.goto(`${env.url}/?folder=${encodeURIComponent(env.workspace)}`);
    await page.locator('.monaco-workbench .statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await page
      .locator('.activitybar .action-label[aria-label^="Langdock"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
    const wb = new Workbench(b, page);
    // Editors restored from an earlier window (a usage table among them) would take the focus from prompts.
    await wb.command('View: Close All Editors');
    return wb;
  }

  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a palette command by its title. Retried because a webview that finishes loading can take the focus
   * and close the palette (a known race of the workbench).
   */
  async command(title: string, then?: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('F1');
        const input = this.quickInput.locator('input.input');
        await input.waitFor({ state: 'visible', timeout: 5000 });
        await input.fill(`>${title}`);
        // Exactly this command: "Preferences: Color Theme" must not run "…Browse Color Themes in Marketplace".
        const row = this.quickInput.locator('.quick-input-list .monaco-list-row', {
          has: this.page.locator('.label-name', {
            hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
          }),
        });
        await row.first().click({ timeout: 5000 });
        await then?.();
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** Waits for the quick input titled `title` (a pick or an input box) to show. */
  async waitForPrompt(title: string | RegExp): Promise<void> {
    await this.quickInput
      .locator('.quick-input-title', { hasText: title })
      .waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** Stores the API key through the palette, and waits until the extension says it is saved. */
  async setApiKey(key: string): Promise<void> {
    await this.command('Langdock: Set API Key', () => this.waitForPrompt('Langdock API Key'));
    await this.type(key);
    await this.page.locator('.statusbar', { hasText: 'Langdock API key saved' }).waitFor({ timeout: 10_000 });
  }

  /**
   * Answers Export Usage's prompts (in the display language's words): the type, the range preset, then the
   * default timezone and grouping.
   */
  async exportThroughPrompts(words: {
    command: string;
    type: [RegExp, string];
    range: [RegExp, string];
    timezone: RegExp;
    grouping: RegExp;
  }): Promise<void> {
    await this.command(words.command);
    for (const [prompt, choice] of [words.type, words.range]) {
      await this.waitForPrompt(prompt);
      await this.pick(choice);
    }
    for (const prompt of [words.timezone, words.grouping]) {
      await this.waitForPrompt(prompt);
      await this.page.keyboard.press('Enter');
    }
  }

  /**
   * Picks the row of the open quick pick whose label contains `label`. Text typed while one step's pick hands over to
   * the next can be cleared by the new one (seen once in CI: the box was empty and the row never showed), so it is
   * typed again when the box no longer holds it.
   */
  async pick(label: string): Promise<void> {
    const input = this.quickInput.locator('input.input');
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    for (let attempt = 1; ; attempt++) {
      await input.fill(label);
      try {
        await row.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        const typed = await input.inputValue();
        if (attempt >= 3 || typed === label)
          throw new Error(`no row "${label}" (the box holds "${typed}")`, { cause: error });
      }
    }
    await this.page.keyboard.press('Enter');
  }

  async type(text: string): Promise<void> {
    await this.quickInput.locator('input.input').fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** The webview of the active editor group: two nested frames. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  /** The usage table's document, once its first rows are painted. */
  async tableFrame(): Promise<Frame> {
    const frame = this.webview();
    await frame.locator('.body .row').first().waitFor({ timeout: 60_000 });
    return (await (await frame.locator('body').elementHandle()).ownerFrame())!;
  }

  notification(text: string | RegExp) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  sidebarRows() {
    return this.page.locator('.sidebar .pane .monaco-list-row');
  }

  /** Opens the Langdock container in the side bar (its only view's header is hidden, so the body is the proof). */
  async showLangdockView(viewName = 'Recent Exports'): Promise<void> {
    const body = this.page.locator(`.sidebar .pane:has(.pane-header[aria-label^="${viewName}"]) .pane-body`);
    if (!(await body.isVisible()))
      await this.page.locator('.activitybar .action-label[aria-label^="Langdock"]').click();
    await body.waitFor({ state: 'visible' });
  }

  /** Opens a workspace file with an entry of the Explorer's context menu, in the usage table (alone). */
  async openFromExplorer(name: string, entry: string): Promise<Frame> {
    // The table found next must be this one: no other webview stays open.
    await this.command('View: Close All Editors');
    await this.page.locator('iframe.webview.ready').first().waitFor({ state: 'detached' });
    await this.command('View: Show Explorer');
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click({ button: 'right' });
    // The menu's items answer the keyboard reliably (a click on a label is sometimes taken for a hover only).
    await this.page.locator('.context-view .action-label', { hasText: entry }).hover();
    await this.page.keyboard.press('Enter');
    return this.tableFrame();
  }

  /** Switches the colour theme with "Preferences: Color Theme", as a person would. */
  async setTheme(theme: string): Promise<void> {
    const input = this.quickInput.locator('input.input[placeholder*="Color Theme"]');
    await this.command('Preferences: Color Theme', () => input.waitFor({ state: 'visible', timeout: 10_000 }));
    await this.pick(theme);
    await this.page.waitForFunction(
      (dark) => document.querySelector('.monaco-workbench')?.classList.contains(dark ? 'vs-dark' : 'vs') ?? false,
      /dark/i.test(theme),
      { timeout: 20_000 },
    );
    await this.page.waitForTimeout(500);
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(env.screenshots, { recursive: true });
    const file = path.join(env.screenshots, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * Sorts the open models table by Requests and swaps claude-sonnet-4 for gpt-4.1-mini from its What if… button, reloads
 * the window, and checks that the table came back sorted and priced with the swap (a panel or an editor tab alike).
 * Returns the table's frame after the reload, swap still in force.
 */
export async function sortSwapAndReload(wb: Workbench, table: Frame): Promise<Frame> {
  await sortButton(table, 'Requests').click();
  assert.strictEqual(await header(table, 'Requests').getAttribute('aria-sort'), 'descending');
  // The swap list offers chat models only.
  await table.getByRole('button', { name: 'What if…' }).click();
  await wb.waitForPrompt(/What if… \(1\/2\)/);
  await wb.pick('claude-sonnet-4');
  await wb.waitForPrompt(/What if… \(2\/2\)/);
  await wb.pick('gpt-4.1-mini');
  await header(table, 'What if').waitFor();

  await wb.command('Developer: Reload Window');
  await wb.page.locator('.monaco-workbench .statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  const restored = await wb.tableFrame();
  assert.strictEqual(await header(restored, 'Requests').getAttribute('aria-sort'), 'descending', 'the sort survived');
  const requests = (await columnTexts(restored, 'Requests')).map((text) => Number(text.replace(/[^0-9.-]/g, '')));
  assert.ok(
    requests.every((v, i) => i === 0 || requests[i - 1] >= v),
    requests.join(', '),
  );
  await header(restored, 'What if').waitFor({ timeout: 20_000 });
  assert.match(
    (await restored.locator('.notice.hypothetical').textContent()) ?? '',
    /claude-sonnet-4 → openai\/gpt-4\.1-mini/,
    'the swap survived',
  );
  await restored.locator('.headline .figure-what-if').waitFor();
  return restored;
}

/** About 80 MB of models rows: long enough to read that the table shows its rows read so far for a few seconds. */
export function writeLargeCsv(file: string): void {
  const lines = ['name,provider,source,requests,sum_prompt_tokens,sum_completion_tokens,total_cost_usd\n'];
  for (let i = 0; i < 800_000; i++)
    lines.push(
      `model-${i % 400},provider-${i % 7},${['WEB', 'API', 'SLACK'][i % 3]},${(i % 997) + 1},${i * 31},${i * 7},0.${i % 1000}\n`,
    );
  fs.writeFileSync(file, lines.join(''));
}
