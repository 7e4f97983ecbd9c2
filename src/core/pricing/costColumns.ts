/**
 * Adds the cost columns to a totals table: "Cost" by the chosen source (Langdock's figure, a computed one, or
 * either), "Computed − Langdock" where both exist, and the what-if columns while a swap is chosen. Every cost cell
 * carries a note: where its figure came from, whether it is an estimate, and whether it leaves out unpriced parts.
 */
import { type Decimal, ExactSum, negateDecimal } from '../../shared/decimal';
import { derivedCell } from '../../shared/derived';
import type { CellNote, CellValue, TableColumn, TableNotice, TotalsRow, UsageTable } from '../../shared/tableModel';
import { type UserPrices, choosePrice, costOf, listPriceChoice } from './bucketCost';
import type { PriceListId } from './modelMap';
import type { PriceBook } from './priceBook';
import { type Localize, english } from '../../shared/template';
import type { Bucket, UsageBuckets } from './usageBuckets';
import { LANGDOCK_COST_COLUMN } from './usageBuckets';

export type CostSource = 'auto' | 'calculate' | 'langdock';
export const COST_SOURCES: readonly CostSource[] = ['auto', 'calculate', 'langdock'];

/** "Price the tokens of Langdock model `from` at the list prices of `to`." */
export interface WhatIfSwap {
  from: string;
  to: PriceListId;
}

export interface CostOptions {
  book: PriceBook;
  userPrices: UserPrices;
  costSource: CostSource;
  swaps: readonly WhatIfSwap[];
  /** Localizes notes, notices and labels (English by default). */
  t?: Localize;
}

/** @internal exported for its unit test */
export const COST_KEYS = {
  cost: 'cost:usd',
  difference: 'cost:difference',
  whatIf: 'whatif:cost',
  change: 'whatif:change',
  changeShare: 'whatif:change_share',
} as const;

/** Tooltips list at most this many sources; a user with many models gets "… and N more". */
const NOTE_LINES = 6;

/** One cell's running cost: exact sums of the figures and what they rest on. */
class CostCell {
  readonly cost = new ExactSum();
  readonly difference = new ExactSum();
  readonly whatIf = new ExactSum();
  /** What-if minus cost, over the parts that have both. */
  readonly change = new ExactSum();
  readonly sources = new Set<string>();
  readonly whatIfSources = new Set<string>();
  readonly caveats = new Set<string>();
  readonly reasons = new Set<string>();
  readonly unpriced = new Set<string>();
  estimate = false;
  missing = 0;
  whatIfMissing = 0;

  merge(other: CostCell): void {
    this.cost.addSum(other.cost);
    this.difference.addSum(other.difference);
    this.whatIf.addSum(other.whatIf);
    this.change.addSum(other.change);
    for (const key of ['sources', 'whatIfSources', 'caveats', 'reasons', 'unpriced'] as const)
      for (const v of other[key]) this[key].add(v);
    this.estimate ||= other.estimate;
    this.missing += other.missing;
    this.whatIfMissing += other.whatIfMissing;
  }
}

function langdockCost(bucket: Bucket): Decimal | undefined {
  const sum = bucket.langdock;
  return sum && bucket.rows > 0 && sum.count === bucket.rows ? sum.total() : undefined;
}

function priceBucket(bucket: Bucket, options: CostOptions, cell: CostCell): void {
  const t = options.t ?? english;
  const reported = langdockCost(bucket);
  const priced =
    options.costSource === 'langdock' ? undefined : choosePrice(bucket, options.book, options.userPrices, t);
  const computed = priced?.ok ? costOf(bucket, priced.choice.prices, t) : undefined;
  const useReported = options.costSource === 'langdock' || (options.costSource === 'auto' && reported);
  let effective: Decimal | undefined;
  if (useReported) {
    effective = reported;
    if (reported) cell.sources.add('Langdock');
    else cell.reasons.add(t('Langdock reports no cost here.'));
  } else if (computed?.ok && priced?.ok) {
    effective = computed.value;
    cell.estimate = true;
    cell.sources.add(priced.choice.source);
    for (const c of priced.choice.caveats) cell.caveats.add(c);
  } else {
    const reason = priced && !priced.ok ? priced.reason : computed && !computed.ok ? computed.reason : undefined;
    if (reason) cell.reasons.add(reason);
    if (priced && !priced.ok && bucket.model !== null) cell.unpriced.add(bucket.model);
  }
  if (effective) cell.cost.add(effective);
  else cell.missing++;
  if (reported && computed?.ok) {
    cell.difference.add(computed.value);
    cell.difference.add(negateDecimal(reported));
  }
  if (options.swaps.length === 0) return;
  const swap = options.swaps.find((s) => s.from === bucket.model);
  let hypothetical = effective;
  if (swap) {
    const target = bucket.period !== null ? listPriceChoice(options.book, swap.to, bucket.period, t) : undefined;
    const priced = target && costOf(bucket, target.prices, t);
    hypothetical = priced?.ok ? priced.value : undefined;
    if (target && hypothetical) cell.whatIfSources.add(t('{0} at the {1}', bucket.model ?? '', target.source));
  }
  if (!hypothetical) {
    cell.whatIfMissing++;
    return;
  }
  cell.whatIf.add(hypothetical);
  if (effective) {
    cell.change.add(hypothetical);
    cell.change.add(negateDecimal(effective));
  }
}

function cellOf(buckets: readonly Bucket[], options: CostOptions): CostCell {
  const cell = new CostCell();
  for (const b of buckets) priceBucket(b, options, cell);
  return cell;
}

function lines(items: Iterable<string>, t: Localize): string[] {
  const all = [...items];
  if (all.length <= NOTE_LINES) return all;
  return [...all.slice(0, NOTE_LINES), t('… and {0} more', String(all.length - NOTE_LINES))];
}

function partialLine(cell: CostCell, t: Localize): string {
  const n = cell.unpriced.size;
  if (n > 0)
    return n === 1 ? t('partial: 1 model without a price') : t('partial: {0} models without a price', String(n));
  return cell.missing === 1
    ? t('partial: 1 part without a cost')
    : t('partial: {0} parts without a cost', String(cell.missing));
}

function costNote(cell: CostCell, t: Localize): CellNote {
  const hasValue = cell.cost.count > 0;
  const partial = hasValue && cell.missing > 0;
  const text = [
    ...(partial ? [partialLine(cell, t)] : []),
    ...lines(cell.sources, t),
    ...lines(cell.reasons, t),
    ...cell.caveats,
  ].join('\n');
  return { text, ...(cell.estimate ? { estimate: true } : {}), ...(partial ? { partial: true } : {}) };
}

function whatIfNote(cell: CostCell, t: Localize): CellNote {
  const partial = cell.whatIf.count > 0 && cell.whatIfMissing > 0;
  const text = [
    t('Hypothetical: not what was billed.'),
    ...(partial ? [t('partial: {0} parts without a price', String(cell.whatIfMissing))] : []),
    ...lines(cell.whatIfSources, t),
  ].join('\n');
  // Only swapped parts are computed; the others carry the cost column's figure unchanged.
  const estimate = cell.whatIfSources.size > 0;
  return { text, ...(estimate ? { estimate } : {}), ...(partial ? { partial: true } : {}) };
}

/** The new columns, in order. */
function costColumns(options: CostOptions, withDifference: boolean, t: Localize): TableColumn[] {
  const description: Record<CostSource, string> = {
    auto: t("Langdock's cost where the export has it, else computed from tokens at list prices or yours"),
    calculate: t('Computed from tokens at list prices or yours (setting langdock.costSource)'),
    langdock: t("Langdock's cost only (setting langdock.costSource)"),
  };
  const columns: TableColumn[] = [
    {
      key: COST_KEYS.cost,
      label: t('Cost'),
      format: 'usd',
      aggregate: 'sum',
      description: description[options.costSource],
    },
  ];
  for (const c of columns) c.marked = true;
  if (withDifference)
    columns.push({
      key: COST_KEYS.difference,
      label: t('Computed − Langdock'),
      format: 'usd',
      aggregate: 'sum',
      description: t('Computed cost minus the cost Langdock reports, where both exist'),
    });
  if (options.swaps.length > 0)
    columns.push(
      {
        key: COST_KEYS.whatIf,
        label: t('What-if cost'),
        format: 'usd',
        aggregate: 'sum',
        description: t('Hypothetical: the same tokens with the chosen models swapped'),
      },
      {
        key: COST_KEYS.change,
        label: t('What-if change'),
        format: 'usd',
        aggregate: 'sum',
        description: t('Hypothetical: what-if cost minus cost (negative is a saving)'),
      },
      {
        key: COST_KEYS.changeShare,
        label: t('What-if change %'),
        format: 'percent',
        aggregate: 'none',
        description: t('Hypothetical: what-if change / cost'),
        derived: { numerator: COST_KEYS.change, denominator: COST_KEYS.cost, per: 1, ofGrandTotal: false },
      },
    );
  for (const c of columns) if (c.key === COST_KEYS.whatIf || c.key === COST_KEYS.change) c.marked = true;
  return columns;
}

function cells(
  cell: CostCell,
  columns: readonly TableColumn[],
  t: Localize,
): { values: CellValue[]; notes: Record<string, CellNote> } {
  const notes: Record<string, CellNote> = {};
  const values = columns.map((column): CellValue => {
    switch (column.key) {
      case COST_KEYS.cost:
        notes[column.key] = costNote(cell, t);
        return cell.cost.toCell();
      case COST_KEYS.difference:
        return cell.difference.toCell();
      case COST_KEYS.whatIf:
        notes[column.key] = whatIfNote(cell, t);
        return cell.whatIf.toCell();
      case COST_KEYS.change:
        notes[column.key] = whatIfNote(cell, t);
        return cell.change.toCell();
      default:
        return null; // the share is derived below, once the row's cells are in place
    }
  });
  return { values, notes };
}

/** Where the cost columns go: after Langdock's cost, else after the last summed or derived column. */
function insertAt(columns: readonly TableColumn[]): number {
  const langdock = columns.findIndex((c) => c.key === LANGDOCK_COST_COLUMN);
  if (langdock >= 0) return langdock + 1;
  let last = 0;
  columns.forEach((c, i) => {
    if (c.aggregate === 'sum' || c.derived) last = i + 1;
  });
  return last;
}

export interface CostResult {
  table: UsageTable;
  /** Models with token counts but no price (neither yours nor a list price). */
  unpriced: string[];
}

/** The table with its cost columns, priced from the export's token sums. */
export function withCost(table: UsageTable, buckets: UsageBuckets, options: CostOptions): CostResult {
  const totals = table.totals;
  const rowCells = new Map<TotalsRow, CostCell>();
  // A grouped row's cost is the exact merge of its parts' (each part is a totals group with its own buckets).
  const cellFor = (row: TotalsRow): CostCell => {
    let cell = rowCells.get(row);
    if (cell) return cell;
    if (row.children) {
      cell = new CostCell();
      for (const child of row.children) cell.merge(cellFor(child));
    } else cell = cellOf(buckets.of(row.key), options);
    rowCells.set(row, cell);
    return cell;
  };
  const grand = new CostCell();
  for (const row of totals.rows) grand.merge(cellFor(row));
  const withDifference = buckets.hasLangdockCost && options.costSource !== 'langdock' && grand.difference.count > 0;
  const t = options.t ?? english;
  const added = costColumns(options, withDifference, t);
  const at = insertAt(totals.columns);
  const columns = [...totals.columns.slice(0, at), ...added, ...totals.columns.slice(at)];
  const indexOf = new Map(columns.map((c, i) => [c.key, i]));
  const share = added.find((c) => c.derived);
  const splice = (base: readonly CellValue[], cell: CostCell, grandCells?: readonly CellValue[]) => {
    const { values, notes } = cells(cell, added, t);
    const out = [...base.slice(0, at), ...values, ...base.slice(at)];
    if (share) out[indexOf.get(share.key)!] = derivedCell(share.derived!, out, grandCells ?? out, indexOf);
    return { cells: out, notes };
  };
  const grandSpliced = splice(totals.grandTotal, grand);
  const rowOf = (row: TotalsRow): TotalsRow => {
    const { cells: values, notes } = splice(row.cells, rowCells.get(row)!, grandSpliced.cells);
    return {
      ...row,
      cells: values,
      notes: { ...row.notes, ...notes },
      ...(row.children ? { children: row.children.map(rowOf) } : {}),
    };
  };
  const unpriced = [...grand.unpriced];
  return {
    table: {
      ...table,
      totals: {
        ...totals,
        columns,
        rows: totals.rows.map(rowOf),
        grandTotal: grandSpliced.cells,
        grandNotes: { ...totals.grandNotes, ...grandSpliced.notes },
      },
      notices: [...(table.notices ?? []), ...notices(unpriced, options, t)],
    },
    unpriced,
  };
}

function notices(unpriced: readonly string[], options: CostOptions, t: Localize): TableNotice[] {
  const result: TableNotice[] = [];
  const names = unpriced.join(', ');
  if (unpriced.length > 0)
    result.push({
      text:
        unpriced.length === 1
          ? t('No price for 1 model: {0}. Its cost is n/a, and totals that include it are partial.', names)
          : t(
              'No price for {0} models: {1}. Their cost is n/a, and totals that include them are partial.',
              String(unpriced.length),
              names,
            ),
      action: 'editModelPrices',
    });
  if (options.swaps.length > 0)
    result.push({
      text: t(
        'What if (hypothetical, not what was billed): {0}.',
        options.swaps.map((s) => `${s.from} → ${s.to.provider}/${s.to.model}`).join('; '),
      ),
      action: 'clearWhatIf',
    });
  return result;
}

/**
 * A table without token counts. A models export (a managed workspace) gets a "Cost" column of n/a that says why,
 * never $0; other types are left as they are.
 */
export function withoutTokens(table: UsageTable, t: Localize = english): UsageTable {
  if (table.exportType !== 'models') return table;
  const totals = table.totals;
  const at = insertAt(totals.columns);
  const column: TableColumn = { key: COST_KEYS.cost, label: t('Cost'), format: 'usd', aggregate: 'sum' };
  const text = t(
    'No cost: this export has no token counts (models on Langdock’s keys report requests only), so none can be computed.',
  );
  const note = { [COST_KEYS.cost]: { text } };
  const spliced = (cells: readonly CellValue[]) => [...cells.slice(0, at), null, ...cells.slice(at)];
  const rowOf = (row: TotalsRow): TotalsRow => ({
    ...row,
    cells: spliced(row.cells),
    notes: { ...row.notes, ...note },
    ...(row.children ? { children: row.children.map(rowOf) } : {}),
  });
  return {
    ...table,
    totals: {
      ...totals,
      columns: [...totals.columns.slice(0, at), column, ...totals.columns.slice(at)],
      rows: totals.rows.map(rowOf),
      grandTotal: spliced(totals.grandTotal),
      grandNotes: { ...totals.grandNotes, ...note },
    },
  };
}
