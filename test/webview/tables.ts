/**
 * Usage tables built by hand for the webview tests, in the shape src/core/table/totals.ts produces (entity columns,
 * sums, derived ratios with their recipe; children per source), with numbers chosen so that formatting, sorting,
 * n/a and exact totals are all visible.
 */
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../src/shared/protocol';

type Format = TableColumn['format'];
type Aggregate = TableColumn['aggregate'];

export function column(
  key: string,
  label: string,
  format: Format,
  aggregate: Aggregate,
  extra: Partial<TableColumn> = {},
): TableColumn {
  return { key, label, format, aggregate, ...extra };
}

export const MODEL_COLUMNS: TableColumn[] = [
  column('name', 'Name', 'text', 'none'),
  column('provider', 'Provider', 'text', 'none'),
  column('source', 'Source', 'text', 'none'),
  column('bring_your_keys', 'BYOK', 'boolean', 'none'),
  column('requests', 'Requests', 'integer', 'sum'),
  column('sum_prompt_tokens', 'Input tokens', 'integer', 'sum'),
  column('total_cost_usd', 'Cost (USD)', 'usd', 'sum'),
  column('derived:share', 'Share of requests', 'percent', 'sum', {
    derived: { numerator: 'requests', denominator: 'requests', per: 1, ofGrandTotal: true },
  }),
  column('derived:cost_per_1k_requests', 'Cost per 1k requests', 'usd', 'none', {
    derived: { numerator: 'total_cost_usd', denominator: 'requests', per: 1000, ofGrandTotal: false },
  }),
];

/** name, provider, source, byok, requests, prompt tokens, cost; share and cost per 1k are derived below. */
type Raw = [string, string, string | null, string | null, string, string | null, string | null];

const GRAND_REQUESTS = 50000;

function derivedCells(requests: string, cost: string | null): CellValue[] {
  const share = (Number(requests) / GRAND_REQUESTS).toFixed(6).replace(/\.?0+$/, '');
  const per1k =
    cost === null || Number(requests) === 0
      ? null
      : ((Number(cost) * 1000) / Number(requests)).toFixed(6).replace(/\.?0+$/, '');
  return [share, per1k];
}

function row(raw: Raw, children?: Raw[]): TotalsRow {
  const cells: CellValue[] = [...raw, ...derivedCells(raw[4], raw[6])];
  const key = `${raw[0]}\u001f${raw[1]}`;
  return {
    key,
    cells,
    rowCount: children?.length ?? 1,
    ...(children
      ? {
          children: children.map((c, i) => ({
            key: `${key}\u001e${i}`,
            cells: [...c, ...derivedCells(c[4], c[6])],
            rowCount: 1,
          })),
        }
      : {}),
  };
}

/**
 * Six models, grouped by source. Requests add up to 50,000; costs include n/a (mistral), a value below a cent
 * (gemini) and two that only add up exactly in decimal (o3-mini 0.1 + gpt-4o-mini 0.2).
 */
export function modelsTable(): UsageTable {
  const rows: TotalsRow[] = [
    row(
      ['gpt-4.1', 'openai', null, 'true', '1750', '3046000', '12.5912'],
      [
        ['gpt-4.1', 'openai', 'WEB', 'true', '634', '1269167', '5.246334'],
        ['gpt-4.1', 'openai', 'MOBILE', 'true', '506', '1015333', '4.197066'],
        ['gpt-4.1', 'openai', 'API', 'true', '610', '761500', '3.1478'],
      ],
    ),
    row(
      ['claude-sonnet-4', 'anthropic', null, 'false', '2400', null, '30.1'],
      [
        ['claude-sonnet-4', 'anthropic', 'WEB', 'false', '2000', null, '25'],
        ['claude-sonnet-4', 'anthropic', 'SLACK', 'false', '400', null, '5.1'],
      ],
    ),
    row([
      'mistral-large-latest-with-a-very-long-deployment-name-that-truncates',
      'mistral',
      null,
      'false',
      '310',
      null,
      null,
    ]),
    row(['gemini-2.5-pro', 'google', null, 'false', '45210', null, '0.0042']),
    row(['o3-mini', 'openai', null, 'false', '300', null, '0.1']),
    row(['gpt-4o-mini', 'openai', null, 'false', '30', null, '0.2']),
  ];
  const grandTotal: CellValue[] = [null, null, null, null, '50000', '3046000', '42.9954', '1', '0.859908'];
  return {
    exportType: 'models',
    columns: [
      column('period_start', 'Period start', 'date', 'none'),
      ...MODEL_COLUMNS.filter((c) => !c.derived && c.key !== 'source'),
      column('source', 'Source', 'text', 'none'),
    ],
    rowCount: 9,
    totals: { entityLabel: 'Model', columns: MODEL_COLUMNS, rows, grandTotal },
    warnings: [],
  };
}

/** The raw CSV rows behind modelsTable(), aligned with its `columns`. */
export function modelsRawRows(): CellValue[][] {
  const table = modelsTable();
  const raw: CellValue[][] = [];
  for (const r of table.totals.rows) {
    for (const part of r.children ?? [{ key: r.key, cells: r.cells, rowCount: 1 }]) {
      const [name, provider, source, byok, requests, prompt, cost] = part.cells;
      raw.push(['2026-11-01', name, provider, byok, requests, prompt, cost, source]);
    }
  }
  return raw;
}

/** A users table with a json-map column and integer columns only. */
export function usersTable(): UsageTable {
  const columns: TableColumn[] = [
    column('name', 'Name', 'text', 'none'),
    column('email', 'Email', 'text', 'none'),
    column('messages_total', 'Messages', 'integer', 'sum'),
    column('model_to_messages_total', 'Messages per model', 'json-map', 'none'),
  ];
  const rows: TotalsRow[] = [
    {
      key: 'u1',
      rowCount: 1,
      cells: [
        'Ada',
        'ada@example.com',
        '1200',
        '{"gpt-4.1":700,"claude-sonnet-4":300,"o3-mini":150,"gemini-2.5-pro":40,"mistral":10}',
      ],
    },
    { key: 'u2', rowCount: 1, cells: ['Grace', 'grace@example.com', '80', '{"gpt-4.1":80}'] },
  ];
  return {
    exportType: 'users',
    columns,
    rowCount: 2,
    totals: { entityLabel: 'User', columns, rows, grandTotal: [null, null, '1280', null] },
    warnings: [],
  };
}

export const BIG_COLUMNS: TableColumn[] = MODEL_COLUMNS.filter((c) => !c.derived && c.key !== 'source');

/**
 * A table of `n` models with pseudo-random numbers (deterministic), for virtualization and timing. Self-contained
 * (no outer names) so the harness can run it inside the page: a million rows never cross the DevTools protocol.
 */
export function generateTable(n: number, columns: TableColumn[]): UsageTable {
  const rows: TotalsRow[] = new Array(n);
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  let requests = 0;
  for (let i = 0; i < n; i++) {
    const r = next() % 100000;
    requests += r;
    const cost = i % 50 === 0 ? null : `${next() % 1000}.${String(next() % 10000).padStart(4, '0')}`;
    rows[i] = {
      key: `m${i}`,
      rowCount: 1,
      cells: [`model-${i}`, `provider-${i % 7}`, i % 2 ? 'true' : 'false', String(r), String(next() % 10000000), cost],
    };
  }
  return {
    exportType: 'models',
    columns,
    rowCount: n,
    totals: { entityLabel: 'Model', columns, rows, grandTotal: [null, null, null, String(requests), null, null] },
    warnings: [],
  };
}
