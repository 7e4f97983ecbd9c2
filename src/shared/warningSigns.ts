/**
 * Langdock's own warning signs, read from the per-entity totals already downloaded (no extra request): licensed
 * users with no messages, users near their extra-usage limit, models with tokens but no cost (no token prices set
 * in Langdock, so the usage escapes spend limits), agents and API keys with no use. A sign exists only when its
 * columns do and it has at least one row; unknown cells (n/a) never count as 0.
 */
import { compareDecimals, divideDecimals, parseDecimal, type Decimal } from './decimal';
import { primaryColumn } from './derived';
import type { ExportType } from './exportType';
import type { CellValue, TableColumn } from './tableModel';

export type WarningSignId = 'inactiveSeats' | 'nearLimit' | 'unpricedModels' | 'unused';

const SIGN_IDS: readonly WarningSignId[] = ['inactiveSeats', 'nearLimit', 'unpricedModels', 'unused'];

export function isWarningSignId(value: unknown): value is WarningSignId {
  return typeof value === 'string' && (SIGN_IDS as readonly string[]).includes(value);
}

export interface WarningSign {
  id: WarningSignId;
  /** Indices of the rows it concerns, in the given order. */
  rows: number[];
}

/** "Near the limit" starts at this share of the extra-usage limit. */
const NEAR_LIMIT = parseDecimal('0.8')!;
/**
 * `payg_utilization_pct_current` is documented as consumption / limit, yet named "pct": a column with any value
 * above this is read as 0–100, otherwise as 0–1 (a ratio stays ≤ 1 unless a user overshot the limit by half).
 */
const PERCENT_SCALE_ABOVE = parseDecimal('1.5')!;

const number = (cell: CellValue | undefined): Decimal | undefined =>
  cell === null || cell === undefined ? undefined : parseDecimal(cell);
const isZero = (d: Decimal | undefined) => d !== undefined && Number(d.units) === 0;

/** Rows read one cell at a time (the webview holds a big table by column, see RowBlock). */
interface CellRows {
  readonly length: number;
  cell(row: number, column: number): CellValue;
}

type Rows = readonly (readonly CellValue[])[] | CellRows;

/** A sign's test of one row, by a reader of that row's cells. */
type Cells = (column: number) => CellValue;

export function warningSigns(type: ExportType | 'unknown', columns: readonly TableColumn[], rows: Rows): WarningSign[] {
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  const source: CellRows =
    'cell' in rows ? rows : { length: rows.length, cell: (row, column) => rows[row][column] ?? null };
  const sign = (id: WarningSignId, test: (cells: Cells) => boolean): WarningSign[] => {
    // A loop, not flatMap: an array per row is 300,000 arrays for a users export, made when its last page is in.
    const matching: number[] = [];
    // One reader that follows the loop: a reader per row would be 300,000 closures.
    let row = 0;
    const cells: Cells = (column) => source.cell(row, column);
    for (; row < source.length; row++) if (test(cells)) matching.push(row);
    return matching.length > 0 ? [{ id, rows: matching }] : [];
  };
  switch (type) {
    case 'users':
      return [...inactiveSeats(at, sign), ...nearLimit(at, source, sign)];
    case 'models': {
      const cost = at('total_cost_usd');
      const tokens = ['sum_prompt_tokens', 'sum_completion_tokens'].map(at).filter((i) => i >= 0);
      if (cost < 0 || tokens.length === 0) return [];
      // No cost: empty or 0, while some tokens were used.
      return sign(
        'unpricedModels',
        (cells) =>
          tokens.some((i) => {
            const t = number(cells(i));
            return t !== undefined && !isZero(t);
          }) &&
          (cells(cost) === null || isZero(number(cells(cost)))),
      );
    }
    case 'agents':
    case 'api-keys': {
      const used = primaryColumn(columns);
      if (!used) return [];
      const i = columns.indexOf(used);
      return sign('unused', (cells) => isZero(number(cells(i))));
    }
    default:
      return [];
  }
}

type Sign = (id: WarningSignId, test: (cells: Cells) => boolean) => WarningSign[];

/** Users with a license and a known 0 messages in the period. */
function inactiveSeats(at: (key: string) => number, sign: Sign): WarningSign[] {
  const license = at('license_type');
  const messages = at('messages_total');
  if (license < 0 || messages < 0) return [];
  return sign('inactiveSeats', (cells) => Boolean(cells(license)?.trim()) && isZero(number(cells(messages))));
}

/**
 * Users at 80 % or more of their extra-usage limit: consumption / limit where both are known (the documented
 * definition), else `payg_utilization_pct_current` on the scale its column shows.
 */
function nearLimit(at: (key: string) => number, rows: CellRows, sign: Sign): WarningSign[] {
  const pct = at('payg_utilization_pct_current');
  const consumption = at('payg_consumption_in_period');
  const limit = at('payg_limit_current');
  if (pct < 0 && (consumption < 0 || limit < 0)) return [];
  const percentScale =
    pct >= 0 &&
    anyRow(rows, (row) => {
      const v = number(rows.cell(row, pct));
      return v !== undefined && compareDecimals(v, PERCENT_SCALE_ABOVE) > 0;
    });
  const utilization = (cells: Cells): Decimal | undefined => {
    const used = consumption >= 0 ? number(cells(consumption)) : undefined;
    const max = limit >= 0 ? number(cells(limit)) : undefined;
    if (used && max && !isZero(max)) return parseDecimal(divideDecimals(used, max, 6) ?? '');
    const v = pct >= 0 ? number(cells(pct)) : undefined;
    if (!v) return undefined;
    return percentScale ? parseDecimal(divideDecimals(v, parseDecimal('100')!, 6) ?? '') : v;
  };
  return sign('nearLimit', (cells) => {
    const u = utilization(cells);
    return u !== undefined && compareDecimals(u, NEAR_LIMIT) >= 0;
  });
}

function anyRow(rows: CellRows, test: (row: number) => boolean): boolean {
  for (let row = 0; row < rows.length; row++) if (test(row)) return true;
  return false;
}
