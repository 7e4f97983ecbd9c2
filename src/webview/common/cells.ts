/** One cell's content: numbers, n/a, booleans, json maps, bars and truncated text, all built with DOM APIs. */
import type { CellValue, TableColumn } from '../../shared/protocol';
import { clip, el, icon } from './dom';
import { parseBoolean } from '../../shared/boolean';
import { changeText, changeWords, isChangeColumn } from './changeText';
import { parseJsonMap } from './format';
import { formatNumber, isNumeric, type NumberFormats } from '../../shared/numberFormat';
import { isDecimalText } from '../../shared/decimal';
import type { Translate } from './strings';

/** Enough text to fill any cell before the ellipsis; the full text (up to TITLE_MAX) is in the tooltip. */
const TEXT_MAX = 400;
const TITLE_MAX = 2000;
const MAP_SHOWN = 3;

export interface CellContext {
  formats: NumberFormats;
  t: Translate;
  /** The bar's scale for the primary column (0: no bar). */
  barMax: number;
}

/** Whether the grand total has a value for this column; other columns' total cells stay blank, not "n/a". */
export function totalled(column: TableColumn): boolean {
  return column.derived !== undefined || (column.aggregate !== 'none' && column.aggregate !== 'mean');
}

/**
 * What a cell shows as plain text: money to the cent. `exact` (what "Copy as Markdown" writes): money with every
 * decimal the figure has, as in the tooltip.
 */
export function displayText(
  value: CellValue,
  column: TableColumn,
  ctx: CellContext,
  inTotal = false,
  exact = false,
): string {
  if (value === null) return inTotal && !totalled(column) ? '' : ctx.t('n/a');
  if (column.format === 'usd' && isDecimalText(value)) {
    const money = exact ? ctx.formats.usd.exact(value) : ctx.formats.usd.cents(value);
    return isChangeColumn(column) ? changeText(value, money) : money;
  }
  if (isChangeColumn(column)) return changeText(value, formatNumber(value, column.format, ctx.formats));
  if (isNumeric(column.format)) return formatNumber(value, column.format, ctx.formats);
  if (column.format === 'boolean') {
    const b = parseBoolean(value);
    return b === undefined ? value : ctx.t(b ? 'Yes' : 'No');
  }
  if (column.format === 'json-map') {
    const map = parseJsonMap(value);
    if (!map) return value;
    const shown = map.entries.slice(0, MAP_SHOWN).map(([name, n]) => `${name}: ${ctx.formats.integer(String(n))}`);
    const more = map.entries.length - MAP_SHOWN;
    return shown.join(', ') + (more > 0 ? `, ${ctx.t('{0} more', String(more))}` : '');
  }
  return value;
}

/** The full json map, one "name: count" per line, for the tooltip and the expanded view. */
export function jsonMapLines(value: string, ctx: CellContext): string[] | undefined {
  return parseJsonMap(value)?.entries.map(([name, n]) => `${name}: ${ctx.formats.integer(String(n))}`);
}

/**
 * Fills a cell element. `empty` shows a null as blank rather than "n/a" (which claims the data lacks a value): for
 * grand-total cells of columns that do not add up, and for what a grouped row's parts do not share.
 */
export function fillCell(
  cell: HTMLElement,
  value: CellValue,
  column: TableColumn,
  ctx: CellContext,
  options: { bar: boolean; empty?: boolean; partial?: { unknown: number; of: number } },
): void {
  cell.replaceChildren();
  cell.removeAttribute('title');
  cell.removeAttribute('aria-label');
  const numeric = isNumeric(column.format);
  cell.className = `cell ${numeric ? 'num' : `fmt-${column.format}`}`;
  if (value === null) {
    if (options.empty) return;
    cell.classList.add('na');
    cell.textContent = ctx.t('n/a');
    cell.title = ctx.t('No value in the data');
    return;
  }
  if (column.format === 'boolean') {
    const b = parseBoolean(value);
    if (b !== undefined) {
      const glyph = icon(b ? 'check' : 'dash');
      cell.append(glyph);
      cell.title = ctx.t(b ? 'Yes' : 'No');
      cell.setAttribute('aria-label', cell.title);
      return;
    }
  }
  const text = displayText(value, column, ctx);
  const amount = Number(value);
  if (options.bar && ctx.barMax > 0 && Number.isFinite(amount)) {
    const share = Math.max(0, Math.min(1, amount / ctx.barMax));
    // The bar has its own track left of the number, so it never runs under the digits.
    const bar = el('span', { className: 'bar' });
    bar.style.width = `${(share * 100).toFixed(2)}%`;
    cell.append(
      el('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, [bar]),
      el('span', { className: 'value', text }),
    );
  } else {
    cell.append(el('span', { className: 'value', text: clip(text, TEXT_MAX) }));
  }
  if (column.format === 'json-map') {
    const lines = jsonMapLines(value, ctx);
    cell.title = clip(lines ? lines.join('\n') : value, TITLE_MAX);
    if (lines) cell.classList.add('expandable');
  } else if (isChangeColumn(column)) {
    // Which way, in words, with the exact value.
    cell.title = `${changeWords(value, ctx.t)}: ${value}`;
    cell.setAttribute('aria-label', `${text} (${changeWords(value, ctx.t)})`);
  } else if (numeric) {
    // The exact value behind a rounded display ("<$0.01" ← $0.0071234).
    const exact = displayText(value, column, ctx, false, true);
    if (text !== exact) cell.title = column.format === 'usd' ? exact : value;
  } else {
    cell.title = clip(value, TITLE_MAX);
  }
  if (options.partial) markPartial(cell, text, options.partial, ctx);
}

/**
 * A total that leaves out rows with no value: "5,000" alone would read as complete, so it gets a mark, and its
 * tooltip and accessible name say how many rows it leaves out.
 */
function markPartial(
  cell: HTMLElement,
  text: string,
  partial: { unknown: number; of: number },
  ctx: CellContext,
): void {
  const note = ctx.t(
    '{0} of {1} rows have no value',
    ctx.formats.integer(String(partial.unknown)),
    ctx.formats.integer(String(partial.of)),
  );
  cell.classList.add('partial');
  // Hung into the cell's right padding: the digits stay aligned with the unmarked ones.
  cell.append(el('span', { className: 'partial-mark', text: '*', attrs: { 'aria-hidden': 'true' } }));
  cell.title = cell.title ? `${cell.title}\n${note}` : note;
  cell.setAttribute('aria-label', `${text} (${note})`);
}
