/**
 * The table the page itself carries (a quickly read file: the panel embeds its `load` in a JSON data block, so the
 * first paint needs no round trip). The real page from renderWebviewHtml in Chromium: the table paints with no
 * message from the host, hostile cell text stays text inside the data block and on screen, and a malformed or
 * possibly stale block is ignored in favour of the ready/load path.
 */
import * as assert from 'node:assert/strict';
import type { HostToWebview, UsageTable, WebviewToHost } from '../../src/shared/protocol';
import { screenshot, startHarness, type Harness, type WebviewPage } from './harness';
import { bodyRows, columnTexts } from './helpers';
import { BREAKOUT, hostileTable } from './hostile';
import { modelsTable } from './tables';

function loadMessage(table: UsageTable): HostToWebview {
  return {
    type: 'load',
    header: { title: 'Model usage', fileName: 'models.csv', canRerun: false },
    table,
    locale: 'en-US',
    strings: {},
  };
}

async function waitPainted(wv: WebviewPage): Promise<WebviewToHost[]> {
  await wv.page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'painted'),
  );
  return wv.posted();
}

describe('a table embedded in the page', function () {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('paints the embedded table without any message from the host, and says so in its ready', async () => {
    const wv = await harness.open({ embedded: loadMessage(modelsTable()), height: 420 });
    try {
      const posted = await waitPainted(wv);
      assert.deepEqual(posted[0], { type: 'ready', embedded: true });
      const painted = posted.find((m) => m.type === 'painted');
      assert.ok(painted?.type === 'painted' && painted.timing, 'the painted message carries the timing');
      const { pageStart, scriptStart, table, painted: paintedAt } = painted.timing;
      assert.ok(pageStart <= scriptStart && scriptStart <= table && table <= paintedAt, 'the marks are in order');
      assert.deepEqual((await columnTexts(wv.page, 'Name')).slice(0, 2), ['claude-sonnet-4', 'gpt-4.1']);
      assert.deepEqual(await wv.problems(), []);
      await screenshot(wv.page, 'embedded-table');
    } finally {
      await wv.close();
    }
  });

  it('keeps a </script> break-out in an embedded cell as text: nothing runs, no CSP report', async () => {
    const wv = await harness.open({ embedded: loadMessage(hostileTable()) });
    try {
      await waitPainted(wv);
      const page = wv.page;
      assert.ok((await bodyRows(page)).some((row) => row[0] === BREAKOUT));
      const result = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        scripts: [...document.scripts].map((s) => s.type || 'classic'),
        images: document.querySelectorAll('img').length,
      }));
      assert.deepEqual(result, { pwned: undefined, scripts: ['application/json', 'classic'], images: 0 });
      assert.deepEqual(await wv.problems(), []);
    } finally {
      await wv.close();
    }
  });

  for (const [name, embeddedText] of [
    ['not JSON', '{"type":"load","table":'],
    ['not a load message', JSON.stringify({ type: 'load', table: 'nope' })],
    ['a message of another type', JSON.stringify({ type: 'error', message: 'from the page' })],
  ]) {
    it(`ignores an embedded block that is ${name}, and takes the ready/load path`, async () => {
      const wv = await harness.open({ embedded: loadMessage(modelsTable()), embeddedText });
      try {
        await wv.page.waitForTimeout(200);
        assert.deepEqual(await wv.posted(), [{ type: 'ready' }]);
        assert.equal(await wv.page.locator('.body .row').count(), 0);
        assert.equal(await wv.page.locator('.error').count(), 0);
        await wv.load(modelsTable());
        await waitPainted(wv);
        assert.equal((await columnTexts(wv.page, 'Name')).length, 6);
        assert.deepEqual(await wv.problems(), []);
      } finally {
        await wv.close();
      }
    });
  }

  it('asks the host again when the page comes back with saved state (its table may be older)', async () => {
    const wv = await harness.open({ embedded: loadMessage(modelsTable()) });
    try {
      await waitPainted(wv);
      await wv.reload();
      const posted = await wv.posted();
      assert.deepEqual(posted.at(-1), { type: 'ready' });
      assert.equal(await wv.page.locator('.body .row').count(), 0);
    } finally {
      await wv.close();
    }
  });
});
