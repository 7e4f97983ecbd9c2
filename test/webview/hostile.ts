/**
 * The one hostile table of the webview tests: script tags, event handlers, javascript: URLs, CSS injection, bidi
 * and zero-width characters, a `</script>` break-out and a 100 KB cell in its cells, column labels, keys, entity
 * and warnings. The page (and the data block a quickly read file is embedded in) must show them all as text.
 */
import type { EntityKind } from '../../src/shared/exportType';
import type { TableColumn, TotalsRow, UsageTable } from '../../src/shared/protocol';
import { column } from './tables';

/** Ends the page's JSON data block early, if the host ever wrote a cell into it unescaped. */
export const BREAKOUT = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><!--';

/** Each payload, if it ever ran, would set this flag. */
export const PWN = 'window.__pwned=1';
export const PAYLOADS = [
  `<img src=x onerror="${PWN}">`,
  `<script>${PWN}</script>`,
  `javascript:${PWN}`,
  `<a href="javascript:${PWN}">click</a>`,
  `<svg onload="${PWN}"></svg>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `</style><style>body{display:none}</style>`,
  `red; background: url("javascript:${PWN}") } .row { height: 400px`,
  `<style>@import url(http://127.0.0.1:9/x.css)</style>`,
  '\u202Etxt.exe\u202C bidi \u2066isolate',
  'zero\u200Bwidth\u200Cjoiner\u200Dname\uFEFF',
  '{{constructor.constructor("window.__pwned=1")()}}',
  BREAKOUT,
];
const BIG = 'A'.repeat(50_000) + '<b>bold?</b>' + 'Z'.repeat(50_000);

export function hostileTable(): UsageTable {
  const columns: TableColumn[] = [
    column('name', `<img src=x onerror="${PWN}">Name`, 'text', 'none', { description: `<script>${PWN}</script>` }),
    column('provider', 'Provider', 'text', 'none'),
    column('requests', 'Requests', 'integer', 'sum'),
    column('total_cost_usd', 'Cost (USD)', 'usd', 'sum'),
    column('model_to_messages_total', 'Messages per model', 'json-map', 'none'),
  ];
  const rows: TotalsRow[] = [...PAYLOADS, BIG].map((payload, i) => ({
    key: `k${i}<img src=x onerror="${PWN}">`,
    rowCount: 1,
    cells: [
      payload,
      payload.slice(0, 40),
      i % 3 ? String(i * 10) : payload,
      i % 2 ? '1.5' : `<b>${i}</b>`,
      JSON.stringify({ [payload]: i + 1, ok: 1 }),
    ],
  }));
  return {
    exportType: 'unknown',
    columns,
    rowCount: rows.length,
    totals: {
      // A kind the page does not know (here hostile) reads as plain rows.
      entity: `<img src=x onerror="${PWN}">` as EntityKind,
      columns,
      rows,
      grandTotal: [null, null, '1230', '<img src=x>', null],
    },
    warnings: [`<img src=x onerror="${PWN}"> row 3 is ragged`],
  };
}
