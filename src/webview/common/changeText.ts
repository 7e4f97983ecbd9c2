/**
 * A change against the previous period, readable without colour: an arrow and an explicit sign on the number
 * ("▲ +50", "▼ −40"), and words for its tooltip and screen readers. The Δ and Δ% columns of a comparison
 * (core/table/compare.ts) and the headline's changes read it here.
 */
import { compareDecimals, parseDecimal } from '../../shared/decimal';
import type { TableColumn } from '../../shared/protocol';
import type { Translate } from './strings';

/** 1 for a rise, -1 for a fall, 0 for none or for what is not a number. */
function direction(value: string): 1 | -1 | 0 {
  const d = parseDecimal(value);
  if (!d) return 0;
  return Math.sign(compareDecimals(d, { units: 0, scale: 0, integral: true })) as 1 | -1 | 0;
}

/** The formatted number with + on a rise (a fall carries its minus already). */
export function signed(value: string, formatted: string): string {
  return direction(value) > 0 ? `+${formatted}` : formatted;
}

/** Whether the column is a comparison's Δ or Δ%. */
export function isChangeColumn(column: Pick<TableColumn, 'key'>): boolean {
  return column.key.endsWith(':delta') || column.key.endsWith(':deltaPercent');
}

/** "▲ +50", "▼ -40", "0". */
export function changeText(value: string, formatted: string): string {
  const way = direction(value);
  return way === 0 ? formatted : `${way > 0 ? '▲' : '▼'} ${signed(value, formatted)}`;
}

/** The change in words, for the tooltip and screen readers. */
export function changeWords(value: string, t: Translate): string {
  const way = direction(value);
  return t(way > 0 ? 'Up from the previous period' : way < 0 ? 'Down from the previous period' : 'No change');
}
