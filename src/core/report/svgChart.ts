/**
 * The trend's stacked bar chart as inline SVG, drawn without script: one bar per period, one segment per series,
 * each with a <title> that names its exact figure. Colours are presentation attributes (no style attribute, so a
 * strict style-src holds) from a palette readable on white paper and in print.
 */
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { Localize } from '../../shared/template';
import { escapeHtml } from './htmlText';
import type { ReportChart } from './model';

/** Distinct on white and in greyscale print, each with ≥ 3:1 contrast against white (a graphical object). */
export const SERIES_COLOURS = ['#1f5fa8', '#c2410c', '#2f7d32', '#7b3fa0', '#a16207', '#0e7490', '#6b7280'];

const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 70;
const BOTTOM = 40;
const TOP = 12;

export function svgChart(chart: ReportChart, formats: NumberFormats, t: Localize): string {
  const plotWidth = WIDTH - LEFT - 10;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const amount = (v: string | null) => (v === null ? 0 : Math.max(0, Number(v)));
  const stacks = chart.periods.map((_, p) => chart.series.reduce((sum, s) => sum + amount(s.values[p]), 0));
  const max = Math.max(...stacks, 0) || 1;
  const slot = plotWidth / Math.max(1, chart.periods.length);
  const bar = Math.max(2, slot * 0.7);
  const parts: string[] = [];
  chart.periods.forEach((period, p) => {
    let y = TOP + plotHeight;
    const x = LEFT + p * slot + (slot - bar) / 2;
    chart.series.forEach((series, s) => {
      const value = series.values[p];
      if (value === null) return;
      const h = (amount(value) / max) * plotHeight;
      y -= h;
      const label = `${series.name} · ${period}: ${formatNumber(value, chart.format, formats)}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}"><title>${escapeHtml(label)}</title></rect>`,
      );
    });
    const missing = chart.series.every((s) => s.values[p] === null);
    const every = Math.ceil(chart.periods.length / 12);
    if (p % every === 0 || missing)
      parts.push(
        `<text x="${(LEFT + p * slot + slot / 2).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#333333">${escapeHtml(missing ? `${period} (${t('n/a')})` : period)}</text>`,
      );
  });
  const axis = [
    `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - 10}" y2="${TOP + plotHeight}" stroke="#555555"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotHeight}" stroke="#555555"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 10}" text-anchor="end" font-size="11" fill="#333333">${escapeHtml(formatNumber(String(max), chart.format, formats))}</text>`,
    `<text x="${LEFT - 6}" y="${TOP + plotHeight}" text-anchor="end" font-size="11" fill="#333333">0</text>`,
  ];
  return [
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeHtml(chart.title)}">`,
    ...axis,
    ...parts,
    '</svg>',
  ].join('\n');
}
