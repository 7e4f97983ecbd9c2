/**
 * Screenshots of the table in Dark Modern, Light Modern and High Contrast, saved under .test-work/webview for a
 * person to look at; the test itself checks what a screenshot cannot prove by eye: that the theme's colours reach
 * the page (nothing is hard-coded), the codicon font loaded, and every text is readable (contrast ≥ 4.5:1).
 */
import * as assert from 'node:assert/strict';
import { screenshot, startHarness, type Harness } from './harness';
import { inFileOrder, sortButton } from './helpers';
import { modelsTable } from './tables';
import { THEMES, type ThemeName } from './themes';
import { measureTextContrast } from '../support/contrast';

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1, 7), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('usage table screenshots', function () {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    it(`looks native in ${theme}`, async () => {
      const wv = await harness.open({ theme, width: 1280, height: 420 });
      try {
        await wv.load(modelsTable());
        const page = wv.page;
        await inFileOrder(page);
        await page.locator('.body .row').first().locator('.chevron').click();
        await sortButton(page, 'Requests').click();
        await page.locator('.grid').focus();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `table-${theme}`);
        const colours = await page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          foreground: getComputedStyle(document.body).color,
          codicons: document.fonts.check('16px codicon'),
        }));
        assert.deepEqual(colours, {
          background: rgb(THEMES[theme].vars['--vscode-editor-background']),
          foreground: rgb(THEMES[theme].vars['--vscode-editor-foreground']),
          codicons: true,
        });
        const contrast = await page.evaluate(measureTextContrast, 'body');
        assert.ok(contrast.measured > 20, `measured ${contrast.measured} texts`);
        assert.ok(contrast.min >= 4.5, `contrast ${contrast.min.toFixed(2)}:1 at ${contrast.worst}`);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }
});
