/**
 * The running aggregate of one numeric column over a set of rows. Stats merge exactly (sums of sums, extremes of
 * extremes, means from merged sums and counts), so rows are read once into the finest groups and every coarser
 * total is a merge.
 */
import {
  type Decimal,
  ExactSum,
  MEAN_DECIMALS,
  compareDecimals,
  copyDecimal,
  divideDecimals,
  formatDecimal,
} from '../../shared/decimal';
import type { Aggregate, CellValue } from '../../shared/tableModel';

/** A sum with extremes on top: one object per column and group, as there are many groups. */
export class ColumnStats extends ExactSum {
  /** The smallest value of a `min` column, the largest of a `max` column; other columns never compare. */
  private extreme: Decimal | undefined;

  constructor(readonly aggregate: Aggregate) {
    super();
  }

  /** `d` may be a reused scanner: it is copied if kept. */
  override add(d: Decimal): void {
    super.add(d);
    this.consider(d);
  }

  merge(other: ColumnStats): void {
    this.addSum(other);
    if (other.extreme) this.consider(other.extreme);
  }

  /**
   * The aggregated cell: null when no row had a value (n/a, never 0). A mean is the plain mean of the rows'
   * values (see `ExactSum.mean`); the export carries no weights to do better.
   */
  result(): CellValue {
    switch (this.aggregate) {
      case 'sum':
        return this.toCell();
      case 'mean':
        return this.mean();
      case 'min':
      case 'max':
        return this.extreme ? formatDecimal(this.extreme) : null;
      case 'none':
        return null;
    }
  }

  private consider(d: Decimal): void {
    if (this.aggregate !== 'min' && this.aggregate !== 'max') return;
    if (this.extreme === undefined) {
      this.extreme = copyDecimal(d);
      return;
    }
    const order = compareDecimals(d, this.extreme);
    if (this.aggregate === 'min' ? order < 0 : order > 0) this.extreme = copyDecimal(d);
  }
}

const ONE: Decimal = { units: 1, scale: 0, integral: true };

/**
 * What `ColumnStats.result` gives for exactly one value, without building the stats: the value in canonical form
 * ("12.500000" reads "12.5"), a mean rounded like every mean.
 */
export function singleValueResult(aggregate: Aggregate, d: Decimal, text: string): CellValue {
  if (aggregate === 'none') return null;
  if (aggregate === 'mean') return divideDecimals(d, ONE, MEAN_DECIMALS);
  // Most cells are written canonically already: the row's own text then, not a copy of it per cell.
  return CANONICAL.test(text) && text !== '-0' ? text : formatDecimal(d);
}

/** The texts `formatDecimal` writes, minus "-0": no "+", no leading or trailing zeros, no lone point, no exponent. */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
