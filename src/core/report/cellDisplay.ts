/** A report cell as text for people (HTML, Markdown): locale numbers from the exact decimal, n/a, a partial mark. */
import { formatNumber, isNumeric, type NumberFormats } from '../../shared/numberFormat';
import type { CellValue, ColumnFormat } from '../../shared/tableModel';
import type { Localize } from '../../shared/template';

export function displayCell(
  value: CellValue,
  format: ColumnFormat,
  formats: NumberFormats,
  t: Localize,
  partial = false,
): string {
  if (value === null) return t('n/a');
  const text = isNumeric(format) ? formatNumber(value, format, formats) : value;
  return partial ? `${text}*` : text;
}

/** A change against the previous period: "+40 (+25 %)", with n/a where the share has no base. */
export function displayChange(
  change: { delta: CellValue; percent: CellValue },
  format: ColumnFormat,
  formats: NumberFormats,
  t: Localize,
): string {
  const signed = (text: string, value: CellValue) => (value !== null && !value.startsWith('-') ? `+${text}` : text);
  const delta = signed(displayCell(change.delta, format, formats, t), change.delta);
  const percent = signed(displayCell(change.percent, 'percent', formats, t), change.percent);
  return t('{0} ({1}) vs the previous period', delta, percent);
}
