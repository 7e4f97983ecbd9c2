/**
 * Big totals tables in pages (issue 17): the page rule both sides share, the host's sender (against a stand-in
 * webview that records what it is sent), the guard for the new message, and the webview's growing totals with
 * the cached view over them, in plain Node.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { isHostMessage, type HostToWebview, type TotalsRow, type UsageTable, unpack } from '../../src/shared/protocol';
import { pageTotals, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES } from '../../src/shared/totalsPages';
import { postMessages } from '../../src/views/totalsPages';
import { waitFor } from '../support/waitFor';
import { renderView, type ViewSettings } from '../../src/core/table/tableView';
import type { PriceBook } from '../../src/core/pricing/priceBook';
import { TotalsData } from '../../src/webview/common/tabData';
import { computeView, ViewCache } from '../../src/webview/common/view';
import { BIG_COLUMNS, generateTable, modelsTable } from '../webview/tables';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A stand-in for vscode.Webview that records the messages it is given, unpacked as the webview does. */
function recordingWebview(): { webview: vscode.Webview; sent: HostToWebview[] } {
  const sent: HostToWebview[] = [];
  // Several posts may be on their way at once: each takes its place in the order it was posted.
  const post = async (m: HostToWebview) => {
    assert.equal(m.type, 'packed', 'the host forwards bytes');
    const at = sent.push(m) - 1;
    const inner = m.type === 'packed' ? await unpack(m.data) : undefined;
    assert.ok(inner, 'a well-formed message inside');
    sent[at] = inner;
    return true;
  };
  return { webview: { postMessage: post } as unknown as vscode.Webview, sent };
}

const SETTINGS: ViewSettings = {
  header: { title: 't', fileName: 'f.csv', canRerun: false },
  locale: 'en',
  strings: {},
  csvPath: 'f.csv',
  l10n: undefined,
  userPrices: new Map(),
  problems: [],
  costSource: 'auto',
  swaps: [],
  columnChoices: {},
};
const noBook = (): PriceBook => assert.fail('a table without token sums needs no prices');

/** The messages the table worker renders for a table (without token sums, as a users export). */
const viewOf = (table: UsageTable) => renderView({ ...table, exportType: 'users' }, undefined, SETTINGS, noBook).view;

describe('totals in pages', () => {
  it('leaves a table of one page as it is', () => {
    const table = generateTable(TOTALS_PAGE_LINES, BIG_COLUMNS);
    const paged = pageTotals(table, TOTALS_PAGE_LINES);
    assert.equal(paged.table, table);
    assert.equal(paged.totalsRowCount, undefined);
    assert.deepEqual(paged.pages, []);
  });

  it('cuts 12,345 rows into pages that add up to them, the last one marked, everything else whole in the first', () => {
    const table = generateTable(12_345, BIG_COLUMNS);
    const paged = pageTotals(table, TOTALS_PAGE_LINES);
    assert.equal(paged.totalsRowCount, 12_345);
    assert.equal(paged.table.totals.rows.length, 5000);
    assert.deepEqual(
      paged.pages.map((p) => [p.start, p.rows.length, p.last]),
      [
        [5000, 5000, false],
        [10_000, 2345, true],
      ],
    );
    assert.deepEqual([...paged.table.totals.rows, ...paged.pages.flatMap((p) => p.rows)], table.totals.rows);
    assert.equal(paged.table.totals.grandTotal, table.totals.grandTotal);
    assert.equal(paged.table.columns, table.columns);
    assert.equal(table.totals.rows.length, 12_345, 'the host keeps its table whole');
  });

  it('makes the pages after the first bigger: fewer messages for the rest of a big table', () => {
    const table = generateTable(TOTALS_PAGE_LINES + 2 * TOTALS_REST_PAGE_LINES + 7, BIG_COLUMNS);
    const paged = pageTotals(table, TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES);
    assert.equal(paged.table.totals.rows.length, TOTALS_PAGE_LINES);
    assert.deepEqual(
      paged.pages.map((p) => [p.start, p.rows.length, p.last]),
      [
        [TOTALS_PAGE_LINES, TOTALS_REST_PAGE_LINES, false],
        [TOTALS_PAGE_LINES + TOTALS_REST_PAGE_LINES, TOTALS_REST_PAGE_LINES, false],
        [TOTALS_PAGE_LINES + 2 * TOTALS_REST_PAGE_LINES, 7, true],
      ],
    );
    assert.deepEqual([...paged.table.totals.rows, ...paged.pages.flatMap((p) => p.rows)], table.totals.rows);
  });

  it('counts children as lines, and gives a row with more children than a page a page of its own', () => {
    const child = (i: number): TotalsRow => ({ key: `c${i}`, cells: [], rowCount: 1 });
    const row = (key: string, children: number): TotalsRow => ({
      key,
      cells: [],
      rowCount: children,
      children: Array.from({ length: children }, (_, i) => child(i)),
    });
    const table = modelsTable();
    table.totals.rows = [row('a', 2), row('b', 1), row('huge', 12), row('c', 0), row('d', 3)];
    const paged = pageTotals(table, 5);
    assert.deepEqual(
      paged.table.totals.rows.map((r) => r.key),
      ['a', 'b'],
    );
    assert.deepEqual(
      paged.pages.map((p) => p.rows.map((r) => r.key)),
      [['huge'], ['c', 'd']],
    );
  });

  it('the host posts the load with the first page and the count, then each page in order', async () => {
    const { webview, sent } = recordingWebview();
    const table = generateTable(26_000, BIG_COLUMNS);
    await postMessages(webview, viewOf(table).messages);
    assert.deepEqual(
      sent.map((m) => [m.type, m.type === 'totalsRows' ? m.start : m.type === 'load' ? m.totalsRowCount : -1]),
      [
        ['load', 26_000],
        ['totalsRows', 5000],
        ['totalsRows', 25_000],
      ],
    );
    for (const m of sent) assert.ok(isHostMessage(m), m.type);
    const load = sent[0] as Extract<HostToWebview, { type: 'load' }>;
    assert.equal(load.table.totals.rows.length, 5000);
    assert.deepEqual(load.table.totals.grandTotal, table.totals.grandTotal, 'the exact grand total from the start');
  });

  it('stops the pages of a table that a newer one for the same webview replaced', async () => {
    const { webview, sent } = recordingWebview();
    // The first table's pages are still being packed (they come later, as from the table worker).
    const [load, ...pages] = viewOf(generateTable(30_000, BIG_COLUMNS)).messages;
    let release = () => undefined as void;
    const packed = new Promise<void>((resolve) => (release = resolve));
    async function* later(): AsyncIterable<Uint8Array> {
      await packed;
      yield* pages;
    }
    const first = postMessages(webview, [load], later());
    await waitFor(() => sent.length > 0, { what: 'the first table’s load' });
    // A repricing posts the table again before the first one's pages have gone.
    const second = postMessages(webview, viewOf(generateTable(6000, BIG_COLUMNS)).messages);
    release();
    await Promise.all([first, second]);
    const loads = sent.flatMap((m, i) => (m.type === 'load' ? [i] : []));
    assert.equal(loads.length, 2);
    const afterSecond = sent.slice(loads[1] + 1);
    assert.deepEqual(
      afterSecond.map((m) => (m.type === 'totalsRows' ? [m.start, m.rows.length, m.last] : m.type)),
      [[5000, 1000, true]],
      'only the new table’s page follows its load',
    );
  });

  it('the webview takes only well-formed pages', () => {
    assert.equal(isHostMessage({ type: 'totalsRows', start: 5000, rows: [], last: true }), true);
    assert.equal(isHostMessage({ type: 'load', table: {}, header: {}, totalsRowCount: 12_000 }), true);
    for (const bad of [
      { type: 'totalsRows', start: -1, rows: [], last: true },
      { type: 'totalsRows', start: 1.5, rows: [], last: false },
      { type: 'totalsRows', start: 0, rows: {}, last: false },
      { type: 'totalsRows', start: 0, rows: [], last: 'yes' },
      { type: 'totalsRows', start: 0, rows: [] },
      { type: 'load', table: {}, header: {}, totalsRowCount: -3 },
      { type: 'load', table: {}, header: {}, totalsRowCount: '12000' },
    ]) {
      assert.equal(isHostMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('the webview’s totals grow page by page, refusing gaps, repeats and pages after the last', () => {
    const table = generateTable(12_000, BIG_COLUMNS);
    const paged = pageTotals(table, TOTALS_PAGE_LINES);
    const data = new TotalsData(paged.table.totals, paged.totalsRowCount);
    assert.deepEqual([data.length, data.expected, data.complete, data.loaded], [5000, 12_000, false, true]);
    const [second, last] = paged.pages;
    assert.equal(data.accept(last.start, last.rows, last.last), false, 'a gap');
    assert.equal(data.accept(second.start, second.rows, second.last), true);
    assert.equal(data.accept(second.start, second.rows, second.last), false, 'a repeat');
    assert.deepEqual([data.length, data.complete, data.version], [10_000, false, 1]);
    assert.equal(data.accept(last.start, last.rows, last.last), true);
    assert.deepEqual([data.length, data.complete, data.version], [12_000, true, 2]);
    assert.equal(data.accept(12_000, last.rows, true), false, 'after the last');
    assert.equal(paged.table.totals.rows.length, 5000, 'the message’s rows are not grown in place');
  });

  it('sorts and filters the rows in so far, and all of them once the last page is in', () => {
    const table = generateTable(12_000, BIG_COLUMNS);
    const paged = pageTotals(table, TOTALS_PAGE_LINES);
    const data = new TotalsData(paged.table.totals, paged.totalsRowCount);
    const cache = new ViewCache(data, collator);
    const requests = BIG_COLUMNS.findIndex((c) => c.key === 'requests');
    const options = (filter: string) => ({
      sort: { column: requests, direction: 'desc' as const },
      filter,
      expanded: new Set<string>(),
      fullTotal: table.totals.grandTotal,
      fullRows: table.rowCount,
      primary: requests,
    });
    const byRequests = (rows: readonly TotalsRow[]) =>
      rows
        .map((r, i) => [Number(r.cells[requests]), i])
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .map(([, i]) => i);
    let view = computeView(data, cache, options(''), collator);
    assert.deepEqual(Array.from(view.order), byRequests(paged.table.totals.rows));
    assert.equal(view.total, table.totals.grandTotal, 'unfiltered, the host’s exact total');
    for (const p of paged.pages) data.accept(p.start, p.rows, p.last);
    view = computeView(data, cache, options(''), collator);
    assert.deepEqual(Array.from(view.order), byRequests(table.totals.rows));
    // Filtered: the rows of provider-3, in the same sorted order; a re-sort keeps the selection it had.
    const filtered = computeView(data, cache, options('provider-3'), collator);
    const expected = byRequests(table.totals.rows).filter((i) => table.totals.rows[i].cells[1] === 'provider-3');
    assert.deepEqual(Array.from(filtered.order), expected);
    const ascending = computeView(
      data,
      cache,
      { ...options('provider-3'), sort: { column: requests, direction: 'asc' } },
      collator,
    );
    assert.equal(ascending.selected, filtered.selected);
    assert.equal(ascending.total, filtered.total);
    const stableAscending = table.totals.rows
      .map((r, i) => [Number(r.cells[requests]), i])
      .filter(([, i]) => table.totals.rows[i].cells[1] === 'provider-3')
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i);
    assert.deepEqual(Array.from(ascending.order), stableAscending);
  });
});
