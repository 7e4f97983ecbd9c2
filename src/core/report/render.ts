/** One report model into the bytes of a file of each format. */
import type { Localize } from '../../shared/template';
import { focusDataset } from './focus';
import { renderHtml } from './html';
import { csvText } from './csvText';
import { longTable } from './longFormat';
import { renderMarkdown } from './markdown';
import type { ReportFormat, ReportModel } from './model';
import { renderXlsx } from './xlsx';

export interface RenderedReport {
  content: string | Buffer;
  /** What the person should know about this file beyond the report's own notes (FOCUS rows left out). */
  warnings: string[];
}

/** The long-format CSV of a report's periods. */
function longCsv(model: ReportModel, includeNames: boolean): string {
  const long = longTable(model.data.periods, { includeNames });
  return csvText(long.header, long.rows, long.numeric);
}

export async function renderReport(
  model: ReportModel,
  format: ReportFormat,
  options: { t: Localize; locale: string; includeNames: boolean },
): Promise<RenderedReport> {
  const { t, locale, includeNames } = options;
  switch (format) {
    case 'html':
      return { content: renderHtml(model, t, locale), warnings: [] };
    case 'md':
      return { content: renderMarkdown(model, t, locale), warnings: [] };
    case 'xlsx':
      return { content: await renderXlsx(model, t), warnings: [] };
    case 'csv':
      return { content: longCsv(model, includeNames), warnings: [] };
    case 'focus': {
      const focus = focusDataset(model, includeNames);
      const warnings: string[] = [];
      if (focus.rows === 0) warnings.push(t('The FOCUS file has no rows: this export has no cost figures.'));
      else if (focus.leftOut === 1)
        warnings.push(t('1 row without a cost is left out of the FOCUS file (never counted as $0).'));
      else if (focus.leftOut > 0)
        warnings.push(
          t('{0} rows without a cost are left out of the FOCUS file (never counted as $0).', String(focus.leftOut)),
        );
      return { content: focus.text, warnings };
    }
  }
}
