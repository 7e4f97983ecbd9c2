/** The report as GitHub-flavoured Markdown, for wikis and pull requests: every cell escaped, numbers right-aligned. */
import { escapeMarkdownCell } from '../../shared/cellText';
import { isNumeric, makeNumberFormats, type NumberFormats } from '../../shared/numberFormat';
import type { Localize } from '../../shared/template';
import { displayCell, displayChange } from './cellDisplay';
import type { ReportModel, ReportRow, ReportTable } from './model';

const md = escapeMarkdownCell;

/** One table under its heading. */
export function markdownTable(section: ReportTable, t: Localize, formats: NumberFormats): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const row = (r: ReportRow, total = false) =>
    line(
      section.columns.map((c, i) => {
        const text = md(displayCell(r.cells[i] ?? null, c.format, formats, t, r.partial?.[i] === true));
        return (total || r.other) && text !== '' ? `**${text}**` : text;
      }),
    );
  return [
    `## ${md(section.title)}`,
    '',
    line(section.columns.map((c) => md(c.label))),
    line(section.columns.map((c) => (isNumeric(c.format) ? '---:' : '---'))),
    ...section.rows.map((r) => row(r)),
    ...(section.total ? [row(section.total, true)] : []),
    '',
  ];
}

export function renderMarkdown(model: ReportModel, t: Localize, locale: string): string {
  const formats = makeNumberFormats(locale);
  const out = [`# ${md(model.title)}`, ''];
  for (const [label, value] of model.facts) out.push(`- **${md(label)}:** ${md(value)}`);
  out.push('', `## ${t('Figures')}`, '');
  for (const f of model.figures) {
    const parts = [`**${md(f.label)}:** ${md(displayCell(f.value, f.format, formats, t, f.partial))}`];
    if (f.detail) parts.push(`(${md(f.detail)})`);
    if (f.change) parts.push(`· ${md(displayChange(f.change, f.format, formats, t))}`);
    out.push(`- ${parts.join(' ')}`);
  }
  out.push('');
  // A chart has no Markdown: its running period, forecast and spikes are the words under it.
  for (const section of model.sections ?? []) {
    out.push(`## ${md(section.title)}`, '');
    for (const p of section.paragraphs) out.push(md(p), '');
    for (const item of section.items) out.push(`- ${md(item)}`);
    if (section.items.length > 0) out.push('');
  }
  for (const section of model.tables)
    if (section.audience !== 'workbook') out.push(...markdownTable(section, t, formats));
  out.push(`## ${t('Notes')}`, '');
  for (const note of model.notes) out.push(`- ${md(note)}`);
  out.push('', `_${md(model.made)}_`, '');
  return out.join('\n');
}
