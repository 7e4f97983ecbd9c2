/**
 * The line above the figures while a large file is still being read: how far the read is, how many rows are in,
 * and that the totals, sorting and filtering cover only those rows until the end. Hidden once the table is whole.
 */
import { el, icon } from '../common/dom';
import type { NumberFormats } from '../../shared/numberFormat';
import type { Translate } from '../common/strings';

export class LoadProgressBar {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;

  constructor(
    private readonly t: Translate,
    private readonly formats: NumberFormats,
  ) {
    this.bar = el('progress', { className: 'load-bar', attrs: { max: '100', 'aria-label': t('Reading the file') } });
    this.text = el('span', { className: 'load-text' });
    this.element = el('div', { className: 'load-progress', attrs: { role: 'status' } }, [
      icon('loading codicon-modifier-spin'),
      this.text,
      this.bar,
      el('span', {
        className: 'load-note',
        text: t('Until the whole file is read, the totals, sorting and filtering cover the rows read so far.'),
      }),
    ]);
  }

  /** `fraction` of the file read (undefined: all of it), with `rows` rows so far. */
  show(fraction: number | undefined, rows: number): void {
    this.element.hidden = fraction === undefined;
    if (fraction === undefined) return;
    const percent = Math.floor(fraction * 100);
    this.bar.value = percent;
    this.text.textContent = this.t(
      'Reading… {0} · {1} rows so far',
      this.formats.percent(String(percent / 100)),
      this.formats.integer(String(rows)),
    );
  }
}
