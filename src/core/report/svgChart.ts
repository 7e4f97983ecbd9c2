/**
 * The trend's stacked bar chart as inline SVG, drawn without script: one bar per period, one segment per series,
 * each with a <title> that names its exact figure. As in the trend view, the running period is named under its
 * bar ("to date (7 of 31 days)") and the rest of it to its forecast is a hatched, outlined bar with a low–high
 * whisker; a spike's period is marked ▲. Colours are presentation attributes (no style attribute, so a strict
 * style-src holds; no pattern either, whose url() reference the page avoids) from a palette readable on white
 * paper and in print.
 */
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { Localize } from '../../shared/template';
import { escapeHtml } from './htmlText';
import type { ReportChart } from './model';

/** Distinct on white and in greyscale print, each with ≥ 3:1 contrast against white (a graphical object). */
export const SERIES_COLOURS = ['#1f5fa8', '#c2410c', '#2f7d32', '#7b3fa0', '#a16207', '#0e7490', '#6b7280'];
/** The forecast's hatching and outline, the whisker and the spike mark: the text colour (≥ 4.5:1 on white). */
export const MARK_COLOUR = '#333333';

const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 70;
const BOTTOM = 40;
const TOP = 24;
/** Hatching lines' spacing, in SVG units. */
const HATCH_STEP = 6;

const n = (value: number) => value.toFixed(1);

/** Diagonal lines (bottom left to top right) filling the box: a pattern drawn as plain lines. */
export function hatchLines(x: number, y: number, width: number, height: number): string[] {
  const lines: string[] = [];
  for (let k = -height; k < width; k += HATCH_STEP) {
    const from = Math.max(0, -k);
    const to = Math.min(height, width - k);
    if (from >= to) continue;
    lines.push(
      `<line x1="${n(x + k + from)}" y1="${n(y + height - from)}" x2="${n(x + k + to)}" y2="${n(y + height - to)}" stroke="${MARK_COLOUR}" stroke-width="1"/>`,
    );
  }
  return lines;
}

export function svgChart(chart: ReportChart, formats: NumberFormats, t: Localize): string {
  const plotWidth = WIDTH - LEFT - 10;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const amount = (v: string | null | undefined) => (v === null || v === undefined ? 0 : Math.max(0, Number(v)));
  const stacks = chart.periods.map((_, p) => chart.series.reduce((sum, s) => sum + amount(s.values[p]), 0));
  const forecast = chart.running?.forecast;
  const max = Math.max(...stacks, amount(forecast?.projected), amount(forecast?.high), 0) || 1;
  const slot = plotWidth / Math.max(1, chart.periods.length);
  const bar = Math.max(2, slot * 0.7);
  const yOf = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  const format = (value: string) => formatNumber(value, chart.format, formats);
  const parts: string[] = [];
  const every = Math.ceil(chart.periods.length / 12);
  chart.periods.forEach((period, p) => {
    let y = TOP + plotHeight;
    const x = LEFT + p * slot + (slot - bar) / 2;
    chart.series.forEach((series, s) => {
      const value = series.values[p];
      if (value === null) return;
      const h = (amount(value) / max) * plotHeight;
      y -= h;
      const label = `${series.name} · ${period}: ${format(value)}`;
      parts.push(
        `<rect x="${n(x)}" y="${n(y)}" width="${n(bar)}" height="${n(h)}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}"><title>${escapeHtml(label)}</title></rect>`,
      );
    });
    let top = y;
    const running = chart.running?.period === p ? chart.running : undefined;
    if (running?.forecast) {
      const { projected, low, high, text } = running.forecast;
      const end = yOf(amount(projected));
      if (end < y) {
        parts.push(
          `<g class="forecast"><title>${escapeHtml(text)}</title>`,
          ...hatchLines(x, end, bar, y - end),
          `<rect x="${n(x)}" y="${n(end)}" width="${n(bar)}" height="${n(y - end)}" fill="none" stroke="${MARK_COLOUR}" stroke-width="1.5" stroke-dasharray="4 2"/>`,
          '</g>',
        );
      }
      top = Math.min(top, end);
      if (low !== undefined && high !== undefined) {
        const [y1, y2, mid] = [yOf(amount(low)), yOf(amount(high)), x + bar / 2];
        parts.push(
          `<g class="forecast-range" stroke="${MARK_COLOUR}" stroke-width="1.5"><title>${escapeHtml(text)}</title>`,
          `<line x1="${n(mid)}" y1="${n(y1)}" x2="${n(mid)}" y2="${n(y2)}"/>`,
          `<line x1="${n(mid - 5)}" y1="${n(y1)}" x2="${n(mid + 5)}" y2="${n(y1)}"/>`,
          `<line x1="${n(mid - 5)}" y1="${n(y2)}" x2="${n(mid + 5)}" y2="${n(y2)}"/>`,
          '</g>',
        );
        top = Math.min(top, y2);
      }
    }
    const spike = chart.spikes?.find((s) => s.period === p);
    if (spike)
      parts.push(
        `<text class="spike" x="${n(x + bar / 2)}" y="${n(top - 4)}" text-anchor="middle" font-size="12" fill="${MARK_COLOUR}">▲<title>${escapeHtml(spike.text)}</title></text>`,
      );
    const missing = chart.series.every((s) => s.values[p] === null);
    const labelX = n(LEFT + p * slot + slot / 2);
    if (p % every === 0 || missing || running)
      parts.push(
        `<text x="${labelX}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#333333">${escapeHtml(missing ? `${period} (${t('n/a')})` : period)}</text>`,
      );
    // Wider than its slot: the last period's mark ends at the chart's right edge instead of running past it.
    const last = p === chart.periods.length - 1;
    if (running)
      parts.push(
        `<text class="running" x="${last ? n(LEFT + (p + 1) * slot) : labelX}" y="${HEIGHT - BOTTOM + 30}" text-anchor="${last ? 'end' : 'middle'}" font-size="11" fill="#333333">${escapeHtml(running.text)}</text>`,
      );
  });
  const axis = [
    `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - 10}" y2="${TOP + plotHeight}" stroke="#555555"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotHeight}" stroke="#555555"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 10}" text-anchor="end" font-size="11" fill="#333333">${escapeHtml(format(String(max)))}</text>`,
    `<text x="${LEFT - 6}" y="${TOP + plotHeight}" text-anchor="end" font-size="11" fill="#333333">0</text>`,
  ];
  return [
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeHtml(chart.title)}">`,
    ...axis,
    ...parts,
    '</svg>',
  ].join('\n');
}
