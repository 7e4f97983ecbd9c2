/**
 * The report as one self-contained, inert HTML file: no script, no external resource, no event handler, every text
 * escaped; a Content-Security-Policy in the page forbids everything but its own style element (by hash), so even
 * a mistake here could not run or fetch anything. It reads offline and prints cleanly on A4 and Letter: light
 * colours, table headers repeated, a page break before each table.
 */
import { createHash } from 'node:crypto';
import { isNumeric, makeNumberFormats, type NumberFormats } from '../../shared/numberFormat';
import type { Localize } from '../../shared/template';
import { displayCell, displayChange } from './cellDisplay';
import { escapeHtml as h } from './htmlText';
import type { ReportModel, ReportRow, ReportSection, ReportTable } from './model';
import { hatchLines, MARK_COLOUR, SERIES_COLOURS, svgChart } from './svgChart';

const STYLE = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #555555; --line: #d0d0d0; --band: #f3f5f7; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 28px 0 8px; break-after: avoid; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; color: var(--muted); }
.facts div { display: flex; gap: 6px; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; padding: 0; list-style: none; }
.figures li { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.figure-label { color: var(--muted); font-size: 12px; }
.figure-value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure-detail { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
table { font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: var(--band); font-weight: 600; vertical-align: bottom; }
td:not(.num) { min-width: 7em; max-width: 24em; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
tr.other td { font-style: italic; }
tr.total td { font-weight: 600; border-top: 2px solid var(--fg); }
tr { break-inside: avoid; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; font-size: 12px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
.notes li { margin: 2px 0; }
.explained p { margin: 4px 0; }
.explained li { margin: 2px 0; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
section.table-section, section.notes { break-before: page; }
@page { margin: 14mm; }
@media print { body { padding: 0; max-width: none; font-size: 11px; } table { font-size: 9px; } .figures { grid-template-columns: repeat(3, 1fr); } }
`;

function tableHtml(section: ReportTable, formats: NumberFormats, t: Localize): string {
  const cls = (i: number) => (isNumeric(section.columns[i].format) ? ' class="num"' : '');
  const row = (r: ReportRow, kind?: string) =>
    `<tr${kind ? ` class="${kind}"` : ''}>${section.columns
      .map(
        (c, i) =>
          `<td${cls(i)}>${h(displayCell(r.cells[i] ?? null, c.format, formats, t, r.partial?.[i] === true))}</td>`,
      )
      .join('')}</tr>`;
  return [
    `<section class="table-section"><h2>${h(section.title)}</h2>`,
    '<table>',
    `<thead><tr>${section.columns.map((c, i) => `<th scope="col"${cls(i)}>${h(c.label)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...section.rows.map((r) => row(r, r.other ? 'other' : undefined)),
    ...(section.total ? [row(section.total, 'total')] : []),
    '</tbody></table></section>',
  ].join('\n');
}

function legend(model: ReportModel, t: Localize): string {
  const icon = (...parts: string[]) => `<svg width="10" height="10" aria-hidden="true">${parts.join('')}</svg>`;
  const swatch = (i: number) =>
    icon(`<rect width="10" height="10" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}"></rect>`);
  const keys = (model.chart?.series ?? []).map((s, i) => `<li>${swatch(i)}${h(s.name)}</li>`);
  const forecast = model.chart?.running?.forecast;
  if (forecast) {
    keys.push(
      `<li>${icon(...hatchLines(0, 0, 10, 10), `<rect x="0.5" y="0.5" width="9" height="9" fill="none" stroke="${MARK_COLOUR}" stroke-dasharray="3 1"></rect>`)}${h(t('Forecast'))}</li>`,
    );
    if (forecast.low !== undefined)
      keys.push(
        `<li>${icon(`<line x1="5" y1="0" x2="5" y2="10" stroke="${MARK_COLOUR}" stroke-width="1.5"></line>`)}${h(t('Forecast range'))}</li>`,
      );
  }
  if (model.chart?.spikes?.length) keys.push(`<li>▲ ${h(t('Spike'))}</li>`);
  return `<ul class="legend">${keys.join('')}</ul>`;
}

/** The forecast and its method, the spikes in words and their rule. */
function sectionHtml(section: ReportSection): string {
  return [
    `<section class="explained"><h2>${h(section.title)}</h2>`,
    ...section.paragraphs.map((p) => `<p>${h(p)}</p>`),
    section.items.length > 0 ? `<ul>${section.items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : '',
    '</section>',
  ].join('');
}

export function renderHtml(model: ReportModel, t: Localize, locale: string): string {
  const formats = makeNumberFormats(locale);
  const hash = createHash('sha256').update(STYLE).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; form-action 'none'; base-uri 'none'`;
  const facts = model.facts.map(([label, value]) => `<div><dt>${h(label)}</dt><dd>${h(value)}</dd></div>`).join('');
  const figures = model.figures
    .map((f) =>
      [
        '<li>',
        `<div class="figure-label">${h(f.label)}</div>`,
        `<div class="figure-value">${h(displayCell(f.value, f.format, formats, t, f.partial))}</div>`,
        f.detail ? `<div class="figure-detail">${h(f.detail)}</div>` : '',
        f.change ? `<div class="figure-detail">${h(displayChange(f.change, f.format, formats, t))}</div>` : '',
        '</li>',
      ].join(''),
    )
    .join('\n');
  const chart = model.chart
    ? `<section class="chart"><h2>${h(model.chart.title)}</h2>${svgChart(model.chart, formats, t)}${legend(model, t)}</section>`
    : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${h(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${h(model.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${h(model.title)}</h1><dl class="facts">${facts}</dl></header>`,
    `<section><h2>${h(t('Figures'))}</h2><ul class="figures">${figures}</ul></section>`,
    chart,
    ...(model.sections ?? []).map(sectionHtml),
    ...model.tables.filter((s) => s.audience !== 'workbook').map((s) => tableHtml(s, formats, t)),
    `<section class="notes"><h2>${h(t('Notes'))}</h2><ul>${model.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></section>`,
    `<footer>${h(model.made)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
