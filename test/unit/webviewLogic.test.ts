/**
 * The webview's logic that needs no DOM, in plain Node: exact decimals, sorting (radix against a reference
 * comparison sort), the formula guard, saved-state validation, paging and the page's HTML and CSP.
 */
import * as assert from 'node:assert/strict';
import { EMBEDDED_MESSAGE_ID, ROWS_PAGE_SIZE } from '../../src/shared/protocol';
import { jsonForScriptElement, makeNonce, renderWebviewHtml } from '../../src/views/webviewHtml';
import { describePhases, openPhases } from '../../src/views/openTimeline';
import { guardCell } from '../../src/shared/cellText';
import { extremeCell, sumCells } from '../../src/shared/decimal';
import { derivedCell } from '../../src/shared/derived';
import { relativeTime } from '../../src/shared/relativeTime';
import { nextDirection, reverseRuns, sortByKeys } from '../../src/webview/common/sort';
import { restoreState } from '../../src/webview/table/state';
import { PagedRows } from '../../src/webview/common/tabData';
import { headerWidth } from '../../src/webview/common/headerWidth';
import { MODEL_COLUMNS } from '../webview/tables';

const CDN = 'https://x.vscode-cdn.net';

/** The page's sources on one origin, as the panel passes them. */
const pageOn = (origin: string, nonce: string) => ({
  cspSource: origin,
  nonce,
  scriptUri: `${origin}/dist/webview.js`,
  styleUri: `${origin}/media/usage.css`,
  codiconsUri: `${origin}/dist/codicons/codicon.css`,
});

describe('webview logic', () => {
  describe('header widths', () => {
    // 10 px per character: the arithmetic is plain to read.
    const measure = (text: string) => text.length * 10;
    it('fits a short label on one line, with room for the sort arrow', () => {
      assert.equal(headerWidth('Requests', measure), 80 + 36);
    });
    it('puts a long label on two lines where the wider one is narrowest', () => {
      // "Messages per" / "active user" (12 and 11 characters) beats any other split.
      assert.equal(headerWidth('Messages per active user', measure), 120 + 36);
      assert.equal(headerWidth('Nachrichten pro aktiver Person', measure), 150 + 36);
    });
    it('caps a long word and a huge label from a CSV, quickly', () => {
      assert.equal(headerWidth('x'.repeat(60), measure), 320 + 36);
      const calls: number[] = [];
      const counting = (text: string) => (calls.push(text.length), measure(text));
      assert.equal(headerWidth('a b '.repeat(25_000), counting), 320 + 36);
      assert.deepEqual(calls, [100], 'measured once, and only its start');
    });
  });

  describe('exact decimals', () => {
    it('adds cells exactly, beyond 2^53 and in fractions, skipping no-values', () => {
      assert.equal(sumCells(['0.1', '0.2']), '0.3');
      assert.equal(sumCells(['9007199254740993', '1']), '9007199254740994');
      assert.equal(sumCells(['1.5', null, '-1.5', '2e-3']), '0.002');
      assert.equal(sumCells([null, null]), null, 'nothing to add is no value, not 0');
      assert.equal(sumCells(['<img>', '3']), '3');
    });

    it('picks extremes and computes derived cells with half-away-from-zero rounding', () => {
      assert.equal(extremeCell(['3', '-7.5', null, '2'], 'min'), '-7.5');
      assert.equal(extremeCell(['3', '-7.5', null, '10'], 'max'), '10');
      assert.equal(extremeCell([null, 'x'], 'max'), null);
      const indexOf = new Map([
        ['n', 0],
        ['d', 1],
      ]);
      const ratio = (
        n: string | null,
        d: string | null,
        per: number,
        ofGrandTotal = false,
        total: (string | null)[] = [],
      ) => derivedCell({ numerator: 'n', denominator: 'd', per, ofGrandTotal }, [n, d], total, indexOf);
      assert.equal(ratio('330', '50000', 1), '0.0066');
      assert.equal(ratio('-1.4', '330', 1000), '-4.242424');
      assert.equal(ratio('1', '0', 1), null);
      assert.equal(ratio(null, '3', 1), null);
      assert.equal(ratio('5', null, 1, true, [null, '8']), '0.625', 'a share takes its denominator from the total');
    });
  });

  describe('sorting', () => {
    it('cycles descending → ascending → original order', () => {
      assert.equal(nextDirection(undefined), 'desc');
      assert.equal(nextDirection('desc'), 'asc');
      assert.equal(nextDirection('asc'), undefined);
    });

    for (const n of [10, 5000]) {
      it(`orders ${n} keys like a stable comparison sort, missing values last in both directions`, () => {
        let seed = 7;
        const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const pool = [0, -0, 1, -1, 2.5, -2.5, 1e-9, 1e12, -1e12, Number.MAX_VALUE, -Infinity, NaN];
        const keys = Float64Array.from({ length: n }, () =>
          random() < 0.5 ? pool[Math.floor(random() * pool.length)] : (random() - 0.5) * 1e6,
        );
        for (const direction of ['asc', 'desc'] as const) {
          const sign = direction === 'asc' ? 1 : -1;
          const expected = [...Array(n).keys()].sort((a, b) => {
            const [x, y] = [keys[a], keys[b]];
            if (Number.isNaN(x) || Number.isNaN(y))
              return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
            return x === y ? a - b : (x < y ? -1 : 1) * sign;
          });
          const actual = sortByKeys(Uint32Array.from(Array(n).keys()), keys, direction);
          assert.deepEqual(Array.from(actual), expected);
          // The other direction, derived from this one (a re-sort by the same column), is the same stable order.
          const other = sortByKeys(Uint32Array.from(Array(n).keys()), keys, direction === 'asc' ? 'desc' : 'asc');
          assert.deepEqual(Array.from(reverseRuns(actual, keys)), Array.from(other));
        }
      });
    }
  });

  it('guards spreadsheet formulas but keeps real negative numbers', () => {
    assert.equal(guardCell('=1+1', false), "'=1+1");
    assert.equal(guardCell('+cmd', false), "'+cmd");
    assert.equal(guardCell('@SUM(A1)', false), "'@SUM(A1)");
    assert.equal(guardCell('\tx', false), "'\tx");
    assert.equal(guardCell('\rx', false), "'\rx");
    assert.equal(guardCell('-1.5', true), '-1.5');
    assert.equal(guardCell('-1.5', false), "'-1.5", 'in a text column a leading minus is text');
    assert.equal(guardCell('-1+1', true), "'-1+1");
    assert.equal(guardCell('gpt-4', false), 'gpt-4');
  });

  it('restores only a well-formed saved state', () => {
    assert.deepEqual(restoreState(undefined), { tab: 'totals', filter: '', expanded: [] });
    assert.deepEqual(
      restoreState({
        tab: 'rows',
        filter: 'x',
        expanded: ['a', 3],
        sort: { column: 'requests', direction: 'asc' },
        csvPath: '/a.csv',
      }),
      {
        tab: 'rows',
        filter: 'x',
        expanded: ['a'],
        sort: { column: 'requests', direction: 'asc' },
        csvPath: '/a.csv',
      },
    );
    assert.deepEqual(restoreState({ tab: '<x>', sort: { column: 'requests', direction: 'sideways' }, filter: 7 }), {
      tab: 'totals',
      filter: '',
      expanded: [],
    });
  });

  it('shows the age of an ISO time only', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    assert.equal(relativeTime('2026-11-24T11:57:00Z', now, 'en'), '3 minutes ago');
    assert.equal(relativeTime('2026-11-23T12:00:00Z', now, 'en'), 'yesterday');
    assert.equal(relativeTime('<img src=x onerror=1>', now, 'en'), undefined);
  });

  it('pages: asks for what is in view, at most two at a time, ignores stale answers', () => {
    const asked: [number, number, number][] = [];
    const rows = new PagedRows(MODEL_COLUMNS, 3 * ROWS_PAGE_SIZE + 10, (id, start, count) =>
      asked.push([id, start, count]),
    );
    rows.ensure(0, 30);
    assert.deepEqual(asked, [[1, 0, ROWS_PAGE_SIZE]]);
    rows.ensure(2 * ROWS_PAGE_SIZE, 2 * ROWS_PAGE_SIZE + 30);
    rows.ensure(3 * ROWS_PAGE_SIZE, 3 * ROWS_PAGE_SIZE + 5);
    assert.deepEqual(
      asked.map((a) => a[1]),
      [0, 2 * ROWS_PAGE_SIZE],
      'two in flight; the page scrolled past is dropped',
    );
    assert.equal(rows.accept(99, 0, [], 0), false, 'not ours');
    assert.equal(rows.accept(1, 5, [], 0), false, 'wrong start');
    assert.equal(rows.accept(1, 0, [['x']], rows.length), true);
    assert.deepEqual(
      asked.map((a) => a[1]),
      [0, 2 * ROWS_PAGE_SIZE, 3 * ROWS_PAGE_SIZE],
    );
    assert.deepEqual(rows.row(0), ['x']);
    assert.equal(rows.row(ROWS_PAGE_SIZE), undefined);
    assert.equal(rows.complete, false);
  });

  it('renders the page with a strict CSP, the nonce on its one script, and an escaped title', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(makeNonce(), nonce);
    const html = renderWebviewHtml({
      ...pageOn(CDN, nonce),
      title: '</title><script>alert(1)</script>',
      lang: 'de" onload="x',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:;`,
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|connect-src/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(
      html,
      new RegExp(
        `<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://x.vscode-cdn.net/dist/webview.js"></script>`,
      ),
    );
    assert.match(html, /<title>&#60;\/title&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/title>/);
    assert.match(html, /<html lang="en">/, 'an odd language tag falls back to en');
    assert.match(html, /<div id="app"><\/div>/);
    assert.doesNotMatch(html, new RegExp(EMBEDDED_MESSAGE_ID), 'no data block unless one is asked for');
  });

  it('writes embedded JSON that no cell text can end early, and that reads back as the same value', () => {
    const hostile = [
      '</script><script>alert(1)</script>',
      '</SCRIPT >',
      '<!--<script>',
      'a\u003cb',
      'line\u2028sep\u0000nul\r\n',
      '\ud800 lone surrogate',
    ];
    const value = { type: 'load', cells: hostile, nested: { '</script>': '<' } };
    const text = jsonForScriptElement(JSON.stringify(value));
    assert.doesNotMatch(text, /</, 'every < is escaped');
    assert.deepEqual(JSON.parse(text), value);

    const nonce = makeNonce();
    const html = renderWebviewHtml({
      ...pageOn(CDN, nonce),
      title: 'Usage',
      embedded: JSON.stringify(value),
    });
    const block = new RegExp(`<script type="application/json" id="${EMBEDDED_MESSAGE_ID}">([^<]*)</script>`).exec(html);
    assert.ok(block, 'one data block, closed by its own end tag');
    assert.deepEqual(JSON.parse(block[1]), value);
    assert.equal(html.match(/<\/script/gi)?.length, 2, 'the data block and the bundle, nothing else ends a script');
    assert.equal(html.match(/<script nonce=/g)?.length, 1, 'the bundle is still the only script that runs');
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('splits an opening into its phases, leaving out those it has no marks for', () => {
    const created = 1_000_000;
    const phases = openPhases({
      created,
      parsed: created + 12,
      htmlSet: created + 15,
      posted: created + 15,
      embedded: true,
      painted: created + 260,
      webview: { pageStart: created + 150, scriptStart: created + 200.4, table: created + 201, painted: created + 240 },
    });
    assert.deepEqual(phases, {
      parse: 12,
      html: 15,
      frame: 135,
      load: 50,
      table: 1,
      paint: 39,
      report: 20,
      total: 260,
    });
    assert.deepEqual(openPhases({ created, htmlSet: created + 1 }), { html: 1 });
    assert.equal(describePhases({ parse: 3, html: 4 }), 'parse 3 ms, html 4 ms');
  });
});
