/**
 * The strip above the table: the headline figures of what is shown (cost and the top entity first, so they are in
 * view on a narrow editor), the run-rate of a period that includes today, and Langdock's warning signs as chips
 * that filter the totals to their rows. Figures are rebuilt on every view change; the buttons are made once so
 * they keep focus.
 */
import type { CellNote, CellValue, ExportHeader, TableColumn, WebviewString } from '../../shared/protocol';
import {
  headlineFigures,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
  rankingColumn,
  runRate,
  type HeadlineFigures,
  type ShownRows,
} from '../../shared/headline';
import type { WarningSign, WarningSignId } from '../../shared/warningSigns';
import type { OrgFigures, OrgMarks } from '../../shared/organisation';
import { signed } from '../common/changeText';
import { el, icon } from '../common/dom';
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { Translate } from '../common/strings';
import { entityTexts } from '../../shared/entityTexts';
import type { EntityKind } from '../../shared/exportType';

const SIGN_TEXT: Readonly<Record<WarningSignId, { label: WebviewString; title: WebviewString; icon: string }>> = {
  inactiveSeats: {
    label: 'Inactive seats: {0}',
    title: 'Licensed users with no messages in the period',
    icon: 'circle-slash',
  },
  nearLimit: {
    label: 'Near their limit: {0}',
    title: 'Users at 80 % or more of their extra-usage limit',
    icon: 'dashboard',
  },
  unpricedModels: {
    label: 'Models without token prices: {0}',
    title: 'No token prices set in Langdock: this usage is not counted against spend limits',
    icon: 'warning',
  },
  unused: { label: 'No use: {0}', title: 'No use in the period', icon: 'circle-slash' },
};

export interface HeadlineOptions {
  t: Translate;
  formats: NumberFormats;
  locale: string;
  /** What one totals row is. */
  entity: EntityKind;
  period: ExportHeader['period'];
  signs: readonly WarningSign[];
  onSign(id: WarningSignId): void;
  onFileOrder(): void;
}

export interface HeadlineUpdate {
  columns: readonly TableColumn[];
  total: readonly CellValue[];
  /** Aligned with `total`: how many of the `rows` CSV rows each total leaves out (its partial mark). */
  unknown: readonly number[];
  rows: number;
  /** The grand total's notes (unfiltered only): a cost's partial reason ("partial: 1 model without a price"). */
  notes?: Readonly<Record<string, CellNote>>;
  shown: ShownRows;
  filtered: boolean;
  activeSign: WarningSignId | undefined;
  sorted: boolean;
  /**
   * Totals rows are still arriving: what rests on the rows (the top entity, rows without cost, a filtered sum) is
   * not final and says so; the unfiltered sums are the host's exact grand total all along.
   */
  loading: boolean;
}

export class Headline {
  readonly element: HTMLElement;
  private readonly figures = el('dl', { className: 'figures' });
  private readonly chips = new Map<WarningSignId, HTMLButtonElement>();
  private readonly fileOrder: HTMLButtonElement;

  private readonly signs: HTMLElement;
  /** The organisation's total (a users table), for the idle seats figure. */
  private seats: (OrgFigures & OrgMarks) | undefined;

  constructor(private readonly options: HeadlineOptions) {
    const { t } = options;
    this.fileOrder = el('button', {
      className: 'chip file-order',
      attrs: { type: 'button', title: t('Show the rows in the order of the file') },
    });
    this.fileOrder.append(icon('list-ordered'), el('span', { text: t('File order') }));
    this.fileOrder.addEventListener('click', () => options.onFileOrder());
    this.signs = el('div', { className: 'signs', attrs: { role: 'group', 'aria-label': t('Warning signs') } });
    this.setSigns(options.signs);
    this.element = el('section', { className: 'headline', attrs: { 'aria-label': t('Headline figures') } }, [
      this.figures,
      this.signs,
    ]);
  }

  /** The chips of the warning signs (known once all totals rows are in). */
  setSigns(signs: readonly WarningSign[]): void {
    const { t, formats } = this.options;
    this.chips.clear();
    for (const sign of signs) {
      const text = SIGN_TEXT[sign.id];
      const chip = el('button', {
        className: 'chip sign',
        attrs: { type: 'button', title: t(text.title), 'aria-pressed': 'false', 'data-sign': sign.id },
      });
      chip.append(icon(text.icon), el('span', { text: t(text.label, formats.integer(String(sign.rows.length))) }));
      chip.addEventListener('click', () => this.options.onSign(sign.id));
      this.chips.set(sign.id, chip);
    }
    this.signs.replaceChildren(...this.chips.values(), this.fileOrder);
  }

  /** The organisation's total, once the host has it; the next update shows its idle seats. */
  setSeats(seats: OrgFigures & OrgMarks): void {
    this.seats = seats;
  }

  update(view: HeadlineUpdate): void {
    const figures = headlineFigures(view.columns, view.total, view.shown);
    this.figures.replaceChildren(...this.figureElements(figures, view));
    for (const [id, chip] of this.chips) chip.setAttribute('aria-pressed', String(id === view.activeSign));
    this.fileOrder.hidden = !view.sorted;
  }

  private figureElements(figures: HeadlineFigures, view: HeadlineUpdate): HTMLElement[] {
    const { t, formats, entity } = this.options;
    const texts = entityTexts(entity);
    const show = (value: CellValue, column: Pick<TableColumn, 'format'>) =>
      value === null ? t('n/a') : formatNumber(value, column.format, formats);
    const out: HTMLElement[] = [];
    const changed = (kind: keyof HeadlineFigures['changes'], format: 'integer' | 'usd') => {
      const change = figures.changes[kind];
      if (!change || change.delta === null) return undefined;
      // A rise says so with +; a fall carries the locale's minus already; no change has no sign.
      const { delta, percent } = change;
      const parts = [signed(delta, formatNumber(delta, format, formats))];
      if (percent !== null) parts.push(signed(delta, formatNumber(percent, 'percent', formats)));
      return t('{0} vs the previous period', parts.join(' · '));
    };
    /** A figure of a column's total: its value with the total's partial mark, the reason first in its note. */
    const summed = (key: string, value: CellValue, format: TableColumn['format'], note?: string, missing = 0) => {
      const reason = this.partialReason(key, view, missing);
      return {
        value: show(value, { format }) + (reason && value !== null ? '*' : ''),
        note: [reason, note].filter(Boolean).join(' · ') || undefined,
      };
    };
    const { cost, top, count, whatIf } = figures;
    if (cost) {
      const fromLangdock = cost.source === 'langdock';
      // A partial total's reason says enough: the source note would only crowd it.
      const partial = this.partialReason(cost.column.key, view, cost.missing) !== undefined;
      const note =
        changed('cost', 'usd') ??
        (view.loading
          ? t('Loading…')
          : partial
            ? undefined
            : fromLangdock
              ? t('from Langdock')
              : t('see the Cost column for sources'));
      const title = fromLangdock
        ? t('estimated provider cost, from Langdock')
        : t("The Cost column's figures: Langdock's where the export has them, else computed from tokens (est.)");
      const shown = summed(cost.column.key, cost.value, 'usd', note, cost.missing);
      out.push(figure('cost', t('Cost'), shown.value, shown.note, title));
    }
    if (whatIf) {
      const change = [whatIf.change, whatIf.share].every((v) => v === null)
        ? undefined
        : [
            whatIf.change === null ? t('n/a') : signed(whatIf.change, formatNumber(whatIf.change, 'usd', formats)),
            whatIf.share === null ? t('n/a') : signed(whatIf.share, formatNumber(whatIf.share, 'percent', formats)),
          ].join(', ');
      const shown = summed(whatIf.column.key, whatIf.value, 'usd', change);
      out.push(
        figure(
          'what-if',
          t('What if'),
          shown.value,
          shown.note,
          t('Hypothetical: the same tokens with the chosen models swapped'),
        ),
      );
    }
    if (top && view.loading) out.push(figure('top', t(texts.top), t('Loading…')));
    else if (top) {
      const of: WebviewString =
        top.column.format === 'usd'
          ? '{0} of the cost'
          : top.column.key === 'requests'
            ? '{0} of the requests'
            : '{0} of the messages';
      const share = top.share === null ? t('n/a') : formats.percent(top.share);
      out.push(figure('top', t(texts.top), top.name || t('n/a'), t(of, share), top.name));
    }
    if (count) {
      const label = count.column.key === 'requests' ? t('Requests') : t('Messages');
      const shown = summed(count.column.key, count.value, 'integer', changed('count', 'integer'));
      out.push(figure('count', label, shown.value, shown.note));
    }
    if (figures.inputTokens !== undefined) {
      const shown = summed(INPUT_TOKENS, figures.inputTokens, 'integer', changed('inputTokens', 'integer'));
      out.push(figure('input', t('Input tokens'), shown.value, shown.note));
    }
    if (figures.outputTokens !== undefined) {
      const shown = summed(OUTPUT_TOKENS, figures.outputTokens, 'integer', changed('outputTokens', 'integer'));
      out.push(figure('output', t('Output tokens'), shown.value, shown.note));
    }
    out.push(figure('entities', t(texts.count), formats.integer(String(figures.entities))));
    const seats = this.idleSeats();
    if (seats) out.push(seats);
    const forecast = this.forecast(figures, view);
    if (forecast) out.push(forecast);
    if (view.filtered)
      out.push(
        el('div', {
          className: 'figures-note',
          text: t(
            view.loading ? 'Figures add up the {0} rows shown so far' : 'Figures add up the {0} rows shown',
            formats.integer(String(figures.entities)),
          ),
        }),
      );
    return out;
  }

  /**
   * Why a column's shown total is partial, as its total cell says it: the note's own reason (a cost: "partial: 1
   * model without a price"), else how many rows it leaves out; `missing` shown rows without a value count too.
   * Undefined for a complete total.
   */
  private partialReason(key: string, view: HeadlineUpdate, missing = 0): string | undefined {
    const { t, formats } = this.options;
    const note = view.notes?.[key];
    if (note?.partial) return note.text.split('\n')[0];
    const unknown = view.unknown[view.columns.findIndex((c) => c.key === key)] ?? 0;
    const count = (n: number) => formats.integer(String(n));
    if (unknown > 0) return t('{0} of {1} rows have no value', count(unknown), count(view.rows));
    return missing > 0 ? t('{0} without cost', count(missing)) : undefined;
  }

  /**
   * "Idle seats 14 · $480/month": the whole table's inactive seats at their licence prices, when seat prices are set
   * and there are any; partial when a licence has no price.
   */
  private idleSeats(): HTMLElement | undefined {
    const seats = this.seats;
    const cost = seats?.idleSeatCostPerMonthUsd;
    if (!seats || cost === null || cost === undefined || seats.inactiveSeats === 0) return undefined;
    const { t, formats } = this.options;
    const value = `${formats.integer(String(seats.inactiveSeats))} · ${t('{0}/month', formatNumber(cost, 'usd', formats))}`;
    const note =
      seats.idleUnpriced > 0
        ? t('partial: {0} without a seat price', formats.integer(String(seats.idleUnpriced)))
        : undefined;
    return figure(
      'idle-seats',
      t('Idle seats'),
      value,
      note,
      t('Licensed people with no messages in the period, at their licence prices (langdock.seatPrices)'),
    );
  }

  /** The run-rate of the ranking figure (cost, else requests or messages) when the period includes today. */
  private forecast(figures: HeadlineFigures, view: HeadlineUpdate): HTMLElement | undefined {
    const { period, t, formats, locale } = this.options;
    const ranking = rankingColumn(view.columns);
    const value = ranking === undefined ? null : view.total[view.columns.indexOf(ranking)];
    if (!period || !ranking || value === null || value === undefined || figures.entities === 0) return undefined;
    const rate = runRate(value, period, period.today);
    if (!rate) return undefined;
    const end = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${rate.end}T00:00:00Z`),
    );
    return figure(
      'forecast',
      t('Forecast to {0}', end),
      formatNumber(rate.projected, ranking.format, formats),
      t('{0} of {1} days, linear', formats.integer(String(rate.elapsedDays)), formats.integer(String(rate.totalDays))),
      // The forecast's method (shared/forecast.ts) without daily figures, said plainly.
      t(
        'The figure so far ÷ {0} days × {1} days (linear): one export has no daily figures.',
        formats.integer(String(rate.elapsedDays)),
        formats.integer(String(rate.totalDays)),
      ),
    );
  }
}

/** A change with its sign: a rise says so with +; a fall carries the locale's minus already; no change has none. */
function figure(kind: string, label: string, value: string, note?: string, title?: string): HTMLElement {
  return el('div', { className: `figure figure-${kind}` }, [
    el('dt', { className: 'figure-label', text: label }),
    el('dd', { className: 'figure-value', text: value, attrs: title ? { title } : {} }),
    ...(note ? [el('dd', { className: 'figure-note', text: note })] : []),
  ]);
}
