/**
 * Hostile data in the real page: script tags, event handlers, javascript: URLs, CSS injection, bidi and
 * zero-width characters and a 100 KB cell, in every place the host puts text (cells, column labels, header line,
 * warnings, json maps, localized strings, errors). They must show as text, create no element, run nothing,
 * trigger no CSP report (our own code never needs one) and leave the layout as it was.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { loadUsageTable } from '../../src/core/table/totals';
import type { ExportHeader } from '../../src/shared/protocol';
import { REPO_ROOT, screenshot, startHarness, type Harness } from './harness';
import { bodyRows, inFileOrder } from './helpers';
import { waitFor } from '../support/waitFor';
import { hostileTable, PAYLOADS, PWN } from './hostile';
import { modelsRawRows, modelsTable } from './tables';

const HOSTILE_HEADER: ExportHeader = {
  title: `<script>${PWN}</script>Usage`,
  range: `<img src=x onerror="${PWN}">`,
  grouping: '\u202Egnipuorg',
  host: `javascript:${PWN}`,
  createdAt: `<img src=x onerror="${PWN}">`,
  fileName: `"><img src=x onerror="${PWN}">.csv`,
  canRerun: true,
};

/** Elements the page has beyond what the webview itself creates: any of these would mean markup got through. */
function foreignElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'img, script, style, iframe, a, svg, object, embed, b, link, form, input:not(.filter-input), base, meta',
      ),
    ]
      .filter((e) => !(e.tagName === 'SCRIPT' && e.hasAttribute('nonce')))
      .filter(
        (e) => !(e.tagName === 'LINK' && e.getAttribute('rel') === 'stylesheet' && e.parentElement === document.head),
      )
      .filter((e) => !(e.tagName === 'META' && e.parentElement === document.head))
      .map((e) => e.outerHTML.slice(0, 80)),
  );
}

async function layout(page: Page) {
  return page.evaluate(() => ({
    rowHeights: [
      ...new Set(
        [...document.querySelectorAll<HTMLElement>('.body .row, .foot .row')].map(
          (r) => r.getBoundingClientRect().height,
        ),
      ),
    ],
    headHeight: (document.querySelector('.head .row') as HTMLElement).getBoundingClientRect().height,
    gridWidth: (document.querySelector('.grid') as HTMLElement).scrollWidth,
    bodyVisible: getComputedStyle(document.body).display !== 'none',
  }));
}

describe('hostile data in the webview', function () {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('the page enforces its CSP: an inline script is refused and reported', async () => {
    const wv = await harness.open();
    try {
      await wv.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.body.append(s);
        const img = document.createElement('img');
        img.src = 'https://example.invalid/x.png';
        document.body.append(img);
      });
      // Both violations are reported (asynchronously); by then the script would have run, had it been allowed.
      const problems = await waitFor(
        async () => {
          const text = (await wv.problems()).join('\n');
          return /CSP violation: script-src-elem/.test(text) && /CSP violation: img-src/.test(text) && text;
        },
        { what: 'both CSP violations reported' },
      );
      assert.match(problems, /CSP violation: img-src blocked https:\/\/example.invalid/);
      assert.equal(await wv.page.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
    } finally {
      await wv.close();
    }
  });

  it('shows script tags, event handlers, javascript: URLs, CSS injection, bidi and a 100 KB cell as inert text', async () => {
    const wv = await harness.open({ theme: 'dark' });
    try {
      const page = wv.page;
      // The layout of a normal table, to compare with.
      await wv.load(modelsTable());
      const normal = await layout(page);

      await wv.load(hostileTable(), {
        header: HOSTILE_HEADER,
        strings: { 'All rows': `<img src=x onerror="${PWN}">`, Total: `<script>${PWN}</script>` },
      });
      await inFileOrder(page);
      await wv.post({ type: 'error', message: `<img src=x onerror="${PWN}">` });
      await wv.serveRows(modelsRawRows());
      const rows = await bodyRows(page);
      assert.equal(rows.length, PAYLOADS.length + 1);
      PAYLOADS.forEach((payload, i) => assert.equal(rows[i][0], payload, 'shown exactly as text'));
      assert.equal(await page.locator('.title').textContent(), HOSTILE_HEADER.title);
      assert.equal(await page.locator('.tab').nth(1).textContent(), `<img src=x onerror="${PWN}">`);
      assert.equal(await page.locator('.head .label').first().textContent(), `<img src=x onerror="${PWN}">Name`);
      assert.equal(await page.locator('.warning').textContent(), `<img src=x onerror="${PWN}"> row 3 is ragged`);
      assert.equal(await page.locator('.error').textContent(), `<img src=x onerror="${PWN}">`);
      // A non-number in a number column is shown as the text it is.
      assert.equal(rows[0][2], PAYLOADS[0]);
      // The 100 KB cell is clipped in the DOM, whole in nothing that could lay out 100 KB per frame.
      const big = page.locator('.body .row').nth(PAYLOADS.length).locator('.cell').first();
      assert.ok(((await big.textContent()) ?? '').length < 1000);
      assert.ok(((await big.getAttribute('title')) ?? '').startsWith('AAAA'));

      // Interact: sort, filter, expand the map, copy, switch tabs: nothing may run along the way.
      await page.locator('.head .sort').first().click();
      await page.locator('.body .row').first().locator('.cell').nth(4).click();
      await page.keyboard.press('Escape');
      await page.locator('.filter-input').fill('<img');
      await page.locator('.filter-input').fill('');
      await page.getByRole('button', { name: 'Copy as TSV' }).click();
      await page.locator('.tab').nth(1).click();
      await page.locator('.tab').nth(0).click();
      const url = page.url();
      await page.locator('.body .row').nth(2).locator('.cell').first().click();
      assert.equal(page.url(), url, 'a javascript: cell is not a link');

      await page.waitForTimeout(200);
      assert.equal(
        await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        undefined,
        'nothing ran',
      );
      assert.deepEqual(await foreignElements(page), [], 'no element came from the data');
      const hostile = await layout(page);
      assert.deepEqual(hostile.rowHeights, normal.rowHeights, 'every row keeps its height');
      // A long label may take a second line, never more.
      assert.ok(hostile.headHeight < 2 * normal.headHeight, `the header is ${hostile.headHeight} px high`);
      assert.equal(hostile.bodyVisible, true);
      assert.ok(
        hostile.gridWidth <= normal.gridWidth + 1,
        `the 100 KB cell does not widen the table (${hostile.gridWidth} vs ${normal.gridWidth})`,
      );
      const isolated = await page
        .locator('.body .row .cell')
        .first()
        .evaluate((c) => getComputedStyle(c).unicodeBidi);
      assert.equal(isolated, 'isolate', 'bidi controls stay inside their cell');
      await screenshot(page, 'hostile-dark');
      assert.deepEqual(await wv.problems(), [], 'no console error and no CSP report');
    } finally {
      await wv.close();
    }
  });

  it('renders test/fixtures/odd-hostile.csv (parsed by the core) as text', async () => {
    const { table } = await loadUsageTable(path.join(REPO_ROOT, 'test', 'fixtures', 'odd-hostile.csv'));
    const wv = await harness.open({ theme: 'light' });
    try {
      await wv.load(table);
      const names = (await bodyRows(wv.page)).map((r) => r.join(' '));
      assert.ok(names.some((n) => n.includes('<img src=x onerror=alert(1)>')));
      assert.ok(names.some((n) => n.includes("<script>alert('x')</script>")));
      assert.deepEqual(await foreignElements(wv.page), []);
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });
});
