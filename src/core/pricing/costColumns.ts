/**
 * Adds the cost columns to a totals table: "Cost" by the chosen source (Langdock's figure, a computed one, or
 * either) with the what-if columns right after it while a swap is chosen, and "Computed − Langdock" after
 * Langdock's own column where both exist. Under `auto` and `langdock` the table has one cost: Langdock's column
 * and the difference are hidden until chosen (the Columns… picker). Every cost cell carries a note: where its
 * figure came from, whether it is an estimate, and whether it leaves out unpriced parts.
 */
import { type Decimal, compareDecimals, ExactSum, negateDecimal, parseDecimal } from '../../shared/decimal';
import { derivedCell, derivedUnknown } from '../../shared/derived';
import type { CellNote, CellValue, TableColumn, TableNotice, TotalsRow, UsageTable } from '../../shared/tableModel';
import { type UserPrices, choosePrice, costOf, listPriceChoice } from './bucketCost';
import type { PriceListId } from './modelMap';
import type { PriceBook } from './priceBook';
import { type Localize, english } from '../../shared/template';
import type { Bucket, UsageBuckets } from './usageBuckets';
import { LANGDOCK_COST_COLUMN } from './usageBuckets';
import { COST_KEYS } from '../../shared/costKeys';
import { costPer1kColumn, DERIVED_KEYS } from '../table/derived';

export type CostSource = 'auto' | 'calculate' | 'langdock';
export const COST_SOURCES: readonly CostSource[] = ['auto', 'calculate', 'langdock'];

/** "Price the tokens of Langdock model `from` at the list prices of `to`." */
export interface WhatIfSwap {
  from: string;
  to: PriceListId;
}

/** Swaps kept in a page's saved state (data from an earlier session): only well-formed ones, one per model. */
export function readSwaps(value: unknown): WhatIfSwap[] {
  if (!Array.isArray(value)) return [];
  const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const swaps = new Map<string, WhatIfSwap>();
  for (const item of value as unknown[]) {
    const s = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const to = (typeof s.to === 'object' && s.to !== null ? s.to : {}) as Record<string, unknown>;
    if (text(s.from) && text(to.provider) && text(to.model))
      swaps.set(s.from, { from: s.from, to: { provider: to.provider, model: to.model } });
  }
  return [...swaps.values()];
}

export interface CostOptions {
  book: PriceBook;
  userPrices: UserPrices;
  costSource: CostSource;
  swaps: readonly WhatIfSwap[];
  /** Localizes notes, notices and labels (English by default). */
  t?: Localize;
  /**
   * The table lists only some of the groups the buckets hold (the rows read so far of a large file, capped): the
   * grand total's cost still covers every group, as its other figures count every row read.
   */
  someRows?: boolean;
}

/** Tooltips list at most this many sources; a user with many models gets "… and N more". */
const NOTE_LINES = 6;

type NoteKind = 'sources' | 'whatIfSources' | 'caveats' | 'reasons' | 'unpriced';
const NOTE_KINDS: readonly NoteKind[] = ['sources', 'whatIfSources', 'caveats', 'reasons', 'unpriced'];
const NONE: ReadonlySet<string> = new Set();

/** The sums a cost cell keeps besides its cost, made on first use: most tables need none of them. */
type ExtraSum = 'difference' | 'whatIf' | 'change';
const EXTRA_SUMS: readonly ExtraSum[] = ['difference', 'whatIf', 'change'];

/**
 * One cell's running cost: exact sums of the figures and what they rest on. A table has one per entity (hundreds
 * of thousands in a users export), so the sets of note lines and the sums besides the cost are made only when a
 * line or a figure comes.
 */
class CostCell {
  readonly cost = new ExactSum();
  /** Computed minus Langdock's cost, where both exist. */
  difference: ExactSum | undefined;
  whatIf: ExactSum | undefined;
  /** What-if minus cost, over the parts that have both. */
  change: ExactSum | undefined;
  /** A kind's one line as it is, or its lines once there are more (a set for each of 300,000 cells cost 50 MB). */
  private readonly lines: Partial<Record<NoteKind, string | Set<string>>> = {};
  estimate = false;
  missing = 0;
  whatIfMissing = 0;
  /** CSV rows behind `missing` and `whatIfMissing`: what a partial total leaves out. */
  missingRows = 0;
  whatIfMissingRows = 0;

  note(kind: NoteKind, line: string): void {
    const held = this.lines[kind];
    if (held === undefined) this.lines[kind] = line;
    else if (typeof held !== 'string') held.add(line);
    else if (held !== line) this.lines[kind] = new Set([held, line]);
  }

  get(kind: NoteKind): Iterable<string> {
    const held = this.lines[kind];
    return held === undefined ? NONE : typeof held === 'string' ? [held] : held;
  }

  /** How many lines of a kind there are. */
  count(kind: NoteKind): number {
    const held = this.lines[kind];
    return held === undefined ? 0 : typeof held === 'string' ? 1 : held.size;
  }

  /** The cell's only line, when it has one line of `kind` and none of any other kind. */
  onlyLine(kind: NoteKind): string | undefined {
    const held = this.lines[kind];
    if (typeof held !== 'string') return undefined;
    for (const other of NOTE_KINDS) if (other !== kind && this.lines[other] !== undefined) return undefined;
    return held;
  }

  add(sum: ExtraSum, value: Decimal): void {
    (this[sum] ??= new ExactSum()).add(value);
  }

  /** An extra sum as cell text: null (n/a) when nothing went into it. */
  cellOf(sum: ExtraSum): CellValue {
    return this[sum]?.toCell() ?? null;
  }

  merge(other: CostCell): void {
    this.cost.addSum(other.cost);
    for (const sum of EXTRA_SUMS) {
      const theirs = other[sum];
      if (theirs) (this[sum] ??= new ExactSum()).addSum(theirs);
    }
    for (const kind of NOTE_KINDS) {
      const held = other.lines[kind];
      if (typeof held === 'string') this.note(kind, held);
      else if (held) for (const line of held) this.note(kind, line);
    }
    this.estimate ||= other.estimate;
    this.missing += other.missing;
    this.whatIfMissing += other.whatIfMissing;
    this.missingRows += other.missingRows;
    this.whatIfMissingRows += other.whatIfMissingRows;
  }
}

/** What one pricing of a table decides once per model, provider and period, not once per bucket. */
interface Pricer {
  options: CostOptions;
  t: Localize;
  choices: Map<string, ReturnType<typeof choosePrice>>;
  /** Notes by their text and marks: a table's many equal notes are one object. */
  notes: Map<string, CellNote>;
  /** Cost notes of one source and nothing else (most cells), by that line: plain, then estimates. */
  oneSource: [Map<string, CellNote>, Map<string, CellNote>];
}

function pricer(options: CostOptions): Pricer {
  const oneSource: Pricer['oneSource'] = [new Map<string, CellNote>(), new Map<string, CellNote>()];
  return { options, t: options.t ?? english, choices: new Map(), notes: new Map(), oneSource };
}

function priceFor(bucket: Bucket, p: Pricer): ReturnType<typeof choosePrice> {
  // A bucket's key is its model, provider and period: what the price is chosen by.
  const key = bucket.key;
  let choice = p.choices.get(key);
  if (!choice) {
    choice = choosePrice(bucket, p.options.book, p.options.userPrices, p.t);
    p.choices.set(key, choice);
  }
  return choice;
}

function langdockCost(bucket: Bucket): Decimal | undefined {
  const sum = bucket.langdock;
  return sum && bucket.rows > 0 && sum.count === bucket.rows ? sum.total() : undefined;
}

function priceBucket(bucket: Bucket, p: Pricer, cell: CostCell): void {
  const { options, t } = p;
  const reported = langdockCost(bucket);
  const priced = options.costSource === 'langdock' ? undefined : priceFor(bucket, p);
  const computed = priced?.ok ? costOf(bucket, priced.choice.prices, t) : undefined;
  const useReported = options.costSource === 'langdock' || (options.costSource === 'auto' && reported);
  let effective: Decimal | undefined;
  if (useReported) {
    effective = reported;
    if (reported) cell.note('sources', 'Langdock');
    else cell.note('reasons', t('Langdock reports no cost here.'));
  } else if (computed?.ok && priced?.ok) {
    effective = computed.value;
    cell.estimate = true;
    cell.note('sources', priced.choice.source);
    for (const c of priced.choice.caveats) cell.note('caveats', c);
  } else {
    const reason = priced && !priced.ok ? priced.reason : computed && !computed.ok ? computed.reason : undefined;
    if (reason) cell.note('reasons', reason);
    if (priced && !priced.ok && bucket.model !== null) cell.note('unpriced', bucket.model);
  }
  if (effective) cell.cost.add(effective);
  else {
    cell.missing++;
    cell.missingRows += bucket.rows;
  }
  if (reported && computed?.ok) {
    cell.add('difference', computed.value);
    cell.add('difference', negateDecimal(reported));
  }
  if (options.swaps.length === 0) return;
  const swap = options.swaps.find((s) => s.from === bucket.model);
  let hypothetical = effective;
  if (swap) {
    const target = bucket.period !== null ? listPriceChoice(options.book, swap.to, bucket.period, t) : undefined;
    const priced = target && costOf(bucket, target.prices, t);
    hypothetical = priced?.ok ? priced.value : undefined;
    if (target && hypothetical) cell.note('whatIfSources', t('{0} at the {1}', bucket.model ?? '', target.source));
  }
  if (!hypothetical) {
    cell.whatIfMissing++;
    cell.whatIfMissingRows += bucket.rows;
    return;
  }
  cell.add('whatIf', hypothetical);
  if (effective) {
    cell.add('change', hypothetical);
    cell.add('change', negateDecimal(effective));
  }
}

function cellOf(buckets: Iterable<Bucket>, p: Pricer): CostCell {
  const cell = new CostCell();
  for (const b of buckets) priceBucket(b, p, cell);
  return cell;
}

/** One object for equal notes (a table of many rows repeats a few). */
function shared(p: Pricer, note: CellNote): CellNote {
  const key = `${note.estimate ? 'e' : ''}${note.partial ? 'p' : ''}\u001f${note.text}`;
  const known = p.notes.get(key);
  if (known) return known;
  p.notes.set(key, note);
  return note;
}

function lines(items: Iterable<string>, t: Localize): string[] {
  const all = [...items];
  if (all.length <= NOTE_LINES) return all;
  return [...all.slice(0, NOTE_LINES), t('… and {0} more', String(all.length - NOTE_LINES))];
}

function partialLine(cell: CostCell, t: Localize): string {
  const n = cell.count('unpriced');
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
    ...lines(cell.get('sources'), t),
    ...lines(cell.get('reasons'), t),
    ...cell.get('caveats'),
  ].join('\n');
  return { text, ...(cell.estimate ? { estimate: true } : {}), ...(partial ? { partial: true } : {}) };
}

/** A cost cell's note, shared; a cell with one source and nothing else (most rows) finds it without making its text. */
function sharedCostNote(cell: CostCell, p: Pricer): CellNote {
  const partial = cell.cost.count > 0 && cell.missing > 0;
  const line = partial ? undefined : cell.onlyLine('sources');
  if (line === undefined) return shared(p, costNote(cell, p.t));
  const byLine = p.oneSource[cell.estimate ? 1 : 0];
  let note = byLine.get(line);
  if (!note) byLine.set(line, (note = shared(p, costNote(cell, p.t))));
  return note;
}

function whatIfNote(cell: CostCell, t: Localize): CellNote {
  const partial = cell.whatIf !== undefined && cell.whatIfMissing > 0;
  // The partial reason first, as in the cost's note: the headline quotes it beside the total's mark.
  const text = [
    ...(partial
      ? [
          cell.whatIfMissing === 1
            ? t('partial: 1 part without a price')
            : t('partial: {0} parts without a price', String(cell.whatIfMissing)),
        ]
      : []),
    t('Hypothetical: not what was billed.'),
    ...lines(cell.get('whatIfSources'), t),
  ].join('\n');
  // Only swapped parts are computed; the others carry the cost column's figure unchanged.
  const estimate = cell.count('whatIfSources') > 0;
  return { text, ...(estimate ? { estimate } : {}), ...(partial ? { partial: true } : {}) };
}

/** Langdock's column and the audit of it stay one click away when the table already shows one cost. */
const oneCost = (source: CostSource): boolean => source !== 'calculate';

/** Cost and, while a swap is chosen, the what-if columns: the block that goes where Langdock's cost was. */
function costColumns(options: CostOptions, t: Localize): TableColumn[] {
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
      marked: true,
    },
  ];
  if (options.swaps.length > 0)
    columns.push(
      {
        key: COST_KEYS.whatIf,
        // Short, as the headline's figure is named: the three fit beside Cost at 1280 px, in German too.
        label: t('What if'),
        format: 'usd',
        aggregate: 'sum',
        description: t('Hypothetical: the same tokens with the chosen models swapped'),
        marked: true,
      },
      {
        key: COST_KEYS.change,
        label: t('Change'),
        format: 'usd',
        aggregate: 'sum',
        description: t('Hypothetical: what-if cost minus cost (negative is a saving)'),
        marked: true,
      },
      {
        key: COST_KEYS.changeShare,
        label: t('Change %'),
        format: 'percent',
        aggregate: 'none',
        description: t('Hypothetical: what-if change / cost'),
        derived: { numerator: COST_KEYS.change, denominator: COST_KEYS.cost, per: 1, ofGrandTotal: false },
      },
    );
  return columns;
}

function differenceColumn(options: CostOptions, t: Localize): TableColumn {
  return {
    key: COST_KEYS.difference,
    label: t('Computed − Langdock'),
    format: 'usd',
    aggregate: 'sum',
    description: t('Computed cost minus the cost Langdock reports, where both exist'),
    marked: true,
    ...(oneCost(options.costSource) ? { hidden: true } : {}),
  };
}

/** Langdock's own column once the table has a Cost column: named apart from it, hidden while Cost is Langdock's. */
function langdockColumn(column: TableColumn, options: CostOptions, t: Localize): TableColumn {
  return {
    ...column,
    label: t('Langdock cost'),
    description: t("The export's total_cost_usd: Langdock's estimated provider cost, to six decimals"),
    ...(oneCost(options.costSource) ? { hidden: true } : {}),
  };
}

/** Under a cent, Computed − Langdock is the rounding of Langdock's six decimals, not a mismatch. */
function differenceNote(value: CellValue, t: Localize): CellNote | undefined {
  const amount = value === null ? undefined : parseDecimal(value);
  const underACent = amount && compareDecimals(amount, CENT) < 0 && compareDecimals(amount, MINUS_CENT) > 0;
  if (!underACent || compareDecimals(amount, ZERO) === 0) return undefined;
  return {
    text: t("Under a cent: the rounding of Langdock's cost, which the export gives to six decimals"),
    rounding: true,
  };
}

const CENT = parseDecimal('0.01')!;
const MINUS_CENT = negateDecimal(CENT);
const ZERO = parseDecimal('0')!;

/** A cost cell's value and how many of the CSV rows behind it it leaves out (a partial total). */
function costCell(cell: CostCell, key: string, p: Pricer): { value: CellValue; unknown: number; note?: CellNote } {
  switch (key) {
    case COST_KEYS.cost: {
      const value = cell.cost.toCell();
      return { value, unknown: value === null ? 0 : cell.missingRows, note: sharedCostNote(cell, p) };
    }
    case COST_KEYS.difference: {
      const value = cell.cellOf('difference');
      const note = differenceNote(value, p.t);
      return { value, unknown: 0, ...(note ? { note: shared(p, note) } : {}) };
    }
    case COST_KEYS.whatIf:
    case COST_KEYS.change: {
      const value = cell.cellOf(key === COST_KEYS.whatIf ? 'whatIf' : 'change');
      return { value, unknown: value === null ? 0 : cell.whatIfMissingRows, note: shared(p, whatIfNote(cell, p.t)) };
    }
    default:
      return { value: null, unknown: 0 }; // the share is derived below, once the row's cells are in place
  }
}

/** Where each column of the priced table comes from: a column of the totals (its index) or an added cost column. */
type Place = { from: number } | { added: TableColumn };

/**
 * The priced table's columns: the cost block where Langdock's cost was, Langdock's column after it and the
 * difference after that; without Langdock's column, the cost block after the last summed or derived column.
 */
function placeColumns(
  columns: readonly TableColumn[],
  block: readonly TableColumn[],
  difference: TableColumn | undefined,
  langdock: (column: TableColumn) => TableColumn,
): { places: Place[]; columns: TableColumn[] } {
  const places: Place[] = columns.map((_, i) => ({ from: i }));
  const at = columns.findIndex((c) => c.key === LANGDOCK_COST_COLUMN);
  if (at >= 0) places.splice(at, 1, ...block.map((added) => ({ added })), { from: at });
  else places.splice(insertAt(columns), 0, ...block.map((added) => ({ added })));
  if (difference) places.splice(places.findIndex((pl) => 'from' in pl && pl.from === at) + 1, 0, { added: difference });
  return {
    places,
    columns: places.map((pl) => ('added' in pl ? pl.added : pl.from === at ? langdock(columns[at]) : columns[pl.from])),
  };
}

/**
 * Cost per 1k requests divides the one Cost (whatever its source), not Langdock's column: it is known wherever Cost
 * is, also in an export without Langdock's cost, where it is added after the derived columns and Cost.
 */
function perRequestCost(places: Place[], columns: TableColumn[]): void {
  const column = costPer1kColumn(COST_KEYS.cost);
  const at = columns.findIndex((c) => c.key === DERIVED_KEYS.costPer1k);
  if (at >= 0) {
    columns[at] = column;
    places[at] = { added: column };
  } else if (columns.some((c) => c.key === column.derived!.denominator && c.aggregate === 'sum')) {
    // After the derived columns and the cost block, whichever comes last.
    const after = Math.max(...columns.map((c, i) => (c.derived || 'added' in places[i] ? i + 1 : 0)));
    columns.splice(after, 0, column);
    places.splice(after, 0, { added: column });
  }
}

/** After the last summed or derived column. */
function insertAt(columns: readonly TableColumn[]): number {
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

/**
 * A table's pricing without its rows: the priced table with no totals rows (its columns, grand total and notices),
 * and the rule that prices each of `rows` (with its parts) when it is asked for.
 */
export interface CostFrame {
  frame: UsageTable;
  /** The rows to price (the table's own: never changed). */
  rows: TotalsRow[];
  rowOf: (row: TotalsRow) => TotalsRow;
  unpriced: string[];
}

/** A totals row's cost cell, and its parts' (for a grouped row). */
interface PricedRow {
  cell: CostCell;
  children?: PricedRow[];
}

/** A group's buckets by its key (`UsageBuckets.walker`: the rows are asked for in the order their groups came). */
type FindBuckets = (groupKey: string) => Iterable<Bucket>;

/** Each row's cost cell, in a tree beside the rows (a map keyed by 300,000 rows costs more than the pricing). */
function pricedRow(row: TotalsRow, find: FindBuckets, p: Pricer): PricedRow {
  if (!row.children) return { cell: cellOf(find(row.key), p) };
  // A grouped row's cost is the exact merge of its parts' (each part is a totals group with its own buckets).
  const children = row.children.map((child) => pricedRow(child, find, p));
  const cell = new CostCell();
  for (const child of children) cell.merge(child.cell);
  return { cell, children };
}

/** Prices every bucket of a row (its parts', for a grouped one) into `cell`: what merging their cells gives. */
function priceRowInto(row: TotalsRow, find: FindBuckets, p: Pricer, cell: CostCell): void {
  if (row.children) for (const child of row.children) priceRowInto(child, find, p, cell);
  else for (const bucket of find(row.key)) priceBucket(bucket, p, cell);
}

/** The table with its cost columns, priced from the export's token sums. */
export function withCost(table: UsageTable, buckets: UsageBuckets, options: CostOptions): CostResult {
  const p = pricer(options);
  const find = buckets.walker();
  const priced = table.totals.rows.map((row) => pricedRow(row, find, p));
  const grand = new CostCell();
  for (const row of priced) grand.merge(row.cell);
  const { frame, rowOf, unpriced } = framed(table, buckets, options, p, grand);
  return {
    table: { ...frame, totals: { ...frame.totals, rows: table.totals.rows.map((row, i) => rowOf(row, priced[i])) } },
    unpriced,
  };
}

/**
 * `withCost` with its rows priced when asked for: the grand total prices every bucket at once, and each row prices
 * its own again when it is made. A 300,000-row table's view leaves with its first page priced; the others are priced
 * as they are packed, while the webview takes the first ones in.
 */
export function costFrame(table: UsageTable, buckets: UsageBuckets, options: CostOptions): CostFrame {
  const p = pricer(options);
  const grand = new CostCell();
  const forGrand = buckets.walker();
  for (const row of table.totals.rows) priceRowInto(row, forGrand, p, grand);
  const { frame, rowOf, unpriced } = framed(table, buckets, options, p, grand);
  // A walk of its own: the rows are asked for from the first again, page by page.
  const find = buckets.walker();
  return { frame, rows: table.totals.rows, rowOf: (row) => rowOf(row, pricedRow(row, find, p)), unpriced };
}

/** The priced table around a grand cost cell (its rows: none), and the rule that makes a priced row. */
function framed(
  table: UsageTable,
  buckets: UsageBuckets,
  options: CostOptions,
  p: Pricer,
  grand: CostCell,
): { frame: UsageTable; rowOf: (row: TotalsRow, at: PricedRow) => TotalsRow; unpriced: string[] } {
  const totals = table.totals;
  if (options.someRows) {
    const listed = new Set(totals.rows.flatMap((row) => (row.children ?? [row]).map((r) => r.key)));
    // Each bucket priced straight into the total, as `priceRowInto` does.
    buckets.forEachExcept(listed, (bucket) => priceBucket(bucket, p, grand));
  }
  const withDifference = buckets.hasLangdockCost && options.costSource !== 'langdock' && grand.difference !== undefined;
  const t = p.t;
  const { places, columns } = placeColumns(
    totals.columns,
    costColumns(options, t),
    withDifference ? differenceColumn(options, t) : undefined,
    (column) => langdockColumn(column, options, t),
  );
  perRequestCost(places, columns);
  const indexOf = new Map(columns.map((c, i) => [c.key, i]));
  // Ratios of the cost columns, computed once the row's other cells are in place.
  const ratios = columns.flatMap((c, i) =>
    c.key === COST_KEYS.changeShare || c.key === DERIVED_KEYS.costPer1k
      ? [{ at: i, key: c.key, ratio: c.derived! }]
      : [],
  );
  const splice = (
    base: readonly CellValue[],
    baseUnknown: readonly number[] | undefined,
    cell: CostCell,
    grandCells?: readonly CellValue[],
  ) => {
    const notes: Record<string, CellNote> = {};
    // Most rows leave nothing out: their counts are made only when one does.
    let unknown: number[] | undefined;
    const leaves = (at: number, n: number) => {
      if (n > 0 || unknown) (unknown ??= new Array<number>(places.length).fill(0))[at] = n;
    };
    const out = new Array<CellValue>(places.length);
    for (let at = 0; at < places.length; at++) {
      const pl = places[at];
      if ('from' in pl) {
        out[at] = base[pl.from];
        if (baseUnknown) leaves(at, baseUnknown[pl.from]);
        continue;
      }
      const priced = costCell(cell, pl.added.key, p);
      out[at] = priced.value;
      leaves(at, priced.unknown);
      if (priced.note) notes[pl.added.key] = priced.note;
    }
    for (const { at, key, ratio } of ratios) {
      out[at] = derivedCell(ratio, out, grandCells ?? out, indexOf);
      leaves(
        at,
        derivedUnknown(ratio, out[at], (k) => unknown?.[indexOf.get(k)!] ?? 0),
      );
      // Cost per 1k requests rests on the Cost beside it: the same source, estimate and partial mark.
      const costNote = notes[COST_KEYS.cost];
      if (key === DERIVED_KEYS.costPer1k && costNote && out[at] !== null) notes[key] = costNote;
    }
    return { cells: out, notes, ...(unknown ? { unknown } : {}) };
  };
  const grandSpliced = splice(totals.grandTotal, totals.grandUnknown, grand);
  const rowOf = (row: TotalsRow, at: PricedRow): TotalsRow => {
    const { cells, notes, unknown } = splice(row.cells, row.unknown, at.cell, grandSpliced.cells);
    // Built field by field: spreading 300,000 rows' objects is most of the time a large table takes here.
    const out: TotalsRow = { key: row.key, cells, rowCount: row.rowCount };
    if (unknown) out.unknown = unknown;
    out.notes = row.notes ? { ...row.notes, ...notes } : notes;
    if (row.children) out.children = row.children.map((child, i) => rowOf(child, at.children![i]));
    return out;
  };
  const unpriced = [...grand.get('unpriced')];
  const { grandUnknown: _old, ...rest } = totals;
  return {
    frame: {
      ...table,
      totals: {
        ...rest,
        columns,
        rows: [],
        grandTotal: grandSpliced.cells,
        ...(grandSpliced.unknown ? { grandUnknown: grandSpliced.unknown } : {}),
        grandNotes: { ...totals.grandNotes, ...grandSpliced.notes },
      },
      notices: [...(table.notices ?? []), ...notices(unpriced, options, t)],
    },
    rowOf,
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
  const spliced = <T>(cells: readonly T[], value: T) => [...cells.slice(0, at), value, ...cells.slice(at)];
  const rowOf = (row: TotalsRow): TotalsRow => ({
    ...row,
    cells: spliced(row.cells, null),
    ...(row.unknown ? { unknown: spliced(row.unknown, 0) } : {}),
    notes: { ...row.notes, ...note },
    ...(row.children ? { children: row.children.map(rowOf) } : {}),
  });
  return {
    ...table,
    totals: {
      ...totals,
      columns: [...totals.columns.slice(0, at), column, ...totals.columns.slice(at)],
      rows: totals.rows.map(rowOf),
      grandTotal: spliced(totals.grandTotal, null),
      ...(totals.grandUnknown ? { grandUnknown: spliced(totals.grandUnknown, 0) } : {}),
      grandNotes: { ...totals.grandNotes, ...note },
    },
  };
}
