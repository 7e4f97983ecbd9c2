/**
 * The trend chart: Chart.js 4 with only what a stacked bar chart needs registered (the bundle leaves the rest out),
 * theme colours read from the --vscode-charts-* variables, an HTML legend (buttons that toggle series, reachable
 * by keyboard), and each period's total written above its bar, or "loading…" / "missing" where it has none.
 */
import { entityTexts } from '../../shared/entityTexts';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { CellValue } from '../../shared/tableModel';
import type { TrendMetric, TrendPeriodInfo } from '../../shared/trendProtocol';
import { el } from '../common/dom';
import { formatNumber, type NumberFormats } from '../../shared/numberFormat';
import type { Translate } from '../common/strings';
import { CANDIDATES, cssRgb, pickDistinct, type Rgb } from './palette';
import { forecastLines, runningText, type TrendSpike } from '../../shared/trendTexts';
import { chartSeries, drawable, type ChartSeries } from './series';

// Lines for ratios (a share, a figure per person), which never stack.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

interface Palette {
  /** Eight distinct series colours as drawn (see palette.ts); "Other" is always the neutral one. */
  series: string[];
  other: string;
  foreground: string;
  background: string;
  lines: string;
  error: string;
  /** Set only by high-contrast themes: bars get an outline in it. */
  contrastBorder: string;
}

/** A CSS colour as drawn over `under` (its alpha composited), or undefined when the text is no colour. */
function resolve(css: string, under: string): Rgb | undefined {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!ctx || !css) return undefined;
  ctx.fillStyle = '#010203';
  ctx.fillStyle = css;
  if (ctx.fillStyle === '#010203' && css.toLowerCase() !== '#010203') return undefined;
  ctx.fillStyle = under;
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback = '') => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const foreground = v('charts-foreground', v('editor-foreground', '#888'));
  const background = cssRgb(resolve(v('editor-background', '#fff'), '#fff') ?? [255, 255, 255]);
  const otherRgb = resolve(v('charts-lines', foreground), background) ?? [128, 128, 128];
  const backgroundRgb = resolve(background, background) ?? [255, 255, 255];
  const series = pickDistinct(
    CANDIDATES.map((name) => resolve(v(name), background)),
    otherRgb,
    backgroundRgb,
  ).map(cssRgb);
  return {
    series: series.length > 0 ? series : [foreground],
    other: cssRgb(otherRgb),
    foreground,
    background,
    lines: v('charts-lines', 'rgba(128,128,128,0.3)'),
    error: v('errorForeground', foreground),
    contrastBorder: v('contrastBorder'),
  };
}

/** The forecast's fill: diagonal hatching in the foreground colour, so it never reads as a measured bar. */
function hatch(colour: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return 'transparent';
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? 'transparent';
}

export interface TrendChartOptions {
  t: Translate;
  formats: NumberFormats;
}

/** What the chart marks: a spike of a drawn series (by its label) or of the total (`series` null). */
export interface ChartSpike {
  series: string | null;
  period: number;
}

export class TrendChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private chart: Chart<'bar', (number | null)[], string[]> | undefined;
  private series: ChartSeries[] = [];
  private periods: TrendPeriodInfo[] = [];
  private metric: TrendMetric | undefined;
  private spikes: readonly TrendSpike[] = [];
  /** Labels of the series the user hid; kept across updates so arriving periods do not undo a choice. */
  private readonly hidden = new Set<string>();
  private palette = readPalette();

  constructor(private readonly options: TrendChartOptions) {
    this.canvas = el('canvas', { attrs: { role: 'img' } });
    this.legend = el('div', { className: 'legend', attrs: { role: 'group' } });
    this.element = el('div', { className: 'chart' }, [
      el('div', { className: 'canvas-box' }, [this.canvas]),
      this.legend,
    ]);
    // Theme changes switch the body's class: colours are read again.
    new MutationObserver(() => {
      this.palette = readPalette();
      this.render();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  show(metric: TrendMetric, periods: TrendPeriodInfo[], spikes: readonly TrendSpike[]): void {
    this.metric = metric;
    this.periods = periods;
    this.spikes = spikes;
    this.series = chartSeries(metric.table, this.options.t('Other'));
    const { t } = this.options;
    const entity = t(entityTexts(metric.table.entity).name);
    this.canvas.setAttribute(
      'aria-label',
      t('{0} per period, stacked by {1}; the table below has the same numbers', metric.label, entity),
    );
    this.legend.setAttribute('aria-label', entity);
    this.render();
  }

  private colour(index: number, series: ChartSeries): string {
    return series.other ? this.palette.other : this.palette.series[index % this.palette.series.length];
  }

  /** The running period's index when it has a forecast to draw. */
  private forecastIndex(): number {
    return this.metric?.forecast ? this.periods.findIndex((p) => p.status === 'done' && p.running) : -1;
  }

  private render(): void {
    const metric = this.metric;
    if (!metric) return;
    const { t, formats } = this.options;
    const format = (value: string) => formatNumber(value, metric.format, formats);
    const labels = this.periods.map((p) => {
      if (p.status !== 'done') return [p.key, p.status === 'pending' ? t('loading…') : t('missing')];
      return p.running ? [p.key, runningText(p.running, t, formats)] : [p.key];
    });
    const datasets: ChartDataset<'bar', (number | null)[]>[] = this.series.map((s, i) => ({
      label: s.label,
      data: s.exact.map(drawable),
      backgroundColor: this.colour(i, s),
      borderColor: this.palette.contrastBorder || 'transparent',
      borderWidth: this.palette.contrastBorder ? 1 : 0,
      stack: 'periods',
      hidden: this.hidden.has(s.label),
      // A ratio is a line per series (Chart.js draws a line dataset inside a bar chart).
      ...(metric.lines ? { type: 'line' as 'bar', borderColor: this.colour(i, s), borderWidth: 2 } : {}),
    }));
    const forecast = metric.forecast;
    const at = this.forecastIndex();
    if (forecast && at >= 0) {
      // The rest of the running period, hatched and outlined on top of its figures so far.
      const rest = Number(forecast.projected) - Number(forecast.toDate);
      datasets.push({
        label: t('Forecast'),
        data: this.periods.map((_, i) => (i === at ? Math.max(0, rest) : null)),
        backgroundColor: hatch(this.palette.foreground),
        borderColor: this.palette.foreground,
        borderWidth: 1,
        stack: 'periods',
      });
    }
    const stacked = !metric.lines;
    const exact = (dataset: number, period: number): CellValue => this.series[dataset]?.exact[period] ?? null;
    const tick = { color: this.palette.foreground };
    const grid = { color: this.palette.lines };
    // The band's top stays inside the chart.
    const high = forecast?.high === undefined || at < 0 ? undefined : Number(forecast.high);
    const scales = {
      x: { stacked, ticks: tick, grid },
      // The axis's numbers in the display language, like every other figure (Chart.js would write them in English).
      y: {
        stacked,
        beginAtZero: true,
        ticks: { ...tick, callback: (value: string | number) => format(String(value)) },
        grid,
        ...(high === undefined ? {} : { suggestedMax: high }),
      },
    };
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    if (!this.chart) {
      this.chart = new Chart<'bar', (number | null)[], string[]>(this.canvas, {
        type: 'bar',
        data: { labels, datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            tooltip: {
              callbacks: {
                label: (item) => this.tooltipLabel(item.datasetIndex, item.dataIndex, format, exact),
                footer: (items) => this.tooltipFooter(items[0]?.dataIndex ?? -1),
              },
            },
          },
          scales,
        },
        plugins: [this.totalsPlugin(format), this.marksPlugin(), this.tooltipTextPlugin()],
      });
    } else {
      this.chart.data.labels = labels;
      this.chart.data.datasets = datasets;
      this.chart.options.scales = scales;
      this.chart.update();
    }
    this.renderLegend(forecast !== undefined && at >= 0);
    this.element.dataset.drawn = JSON.stringify({
      metric: metric.key,
      series: datasets.filter((d) => !d.hidden && d.label !== t('Forecast')).map((d) => d.label),
      colours: this.series.map((s, i) => this.colour(i, s)),
      labels,
      ...(forecast && at >= 0 ? { forecast: { period: at, ...forecast } } : {}),
      spikes: this.marks().map((m) => ({ series: m.series, period: m.period })),
    });
  }

  private tooltipLabel(
    dataset: number,
    period: number,
    format: (value: string) => string,
    exact: (dataset: number, period: number) => CellValue,
  ): string {
    const { t } = this.options;
    const forecast = this.metric?.forecast;
    if (dataset === this.series.length && forecast) {
      const band =
        forecast.low !== undefined && forecast.high !== undefined
          ? ` (${t('range {0} – {1}', format(forecast.low), format(forecast.high))})`
          : '';
      return `${t('Forecast')}: ${format(forecast.projected)}${band}`;
    }
    return `${this.series[dataset]?.label ?? ''}: ${format(exact(dataset, period) ?? '')}`;
  }

  /** The metric's note, and on the running period what "to date" means and how the forecast is made. */
  private tooltipFooter(period: number): string[] {
    const metric = this.metric;
    const lines = metric?.note ? [metric.note] : [];
    const info = this.periods[period];
    if (metric?.forecast && info?.running && period === this.forecastIndex())
      lines.push(...forecastLines(metric.forecast, info, this.options.t, this.options.formats, metric.format));
    return lines;
  }

  /** The spikes the chart marks: those of a drawn series (not "Other") and of the total. */
  private marks(): ChartSpike[] {
    if (this.metric?.lines) return [];
    const drawn = new Set(this.series.filter((s) => !s.other).map((s) => s.label));
    return this.spikes.flatMap((s) =>
      s.entity === null || drawn.has(s.entity) ? [{ series: s.entity, period: s.spike.period }] : [],
    );
  }

  /** Each period's exact total above its bar; pending and missing periods say so instead. */
  private totalsPlugin(format: (value: string) => string): Plugin<'bar'> {
    return {
      id: 'periodTotals',
      afterDatasetsDraw: (chart) => {
        const metric = this.metric;
        // Lines have no stack to write a total above.
        if (!metric || metric.lines) return;
        const { ctx, scales } = chart;
        const at = this.forecastIndex();
        ctx.save();
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.font = `12px ${getComputedStyle(document.body).fontFamily}`;
        this.periods.forEach((period, i) => {
          const x = scales.x.getPixelForValue(i);
          if (period.status !== 'done') {
            ctx.fillStyle = period.status === 'missing' ? this.palette.error : this.palette.foreground;
            ctx.fillText(
              period.status === 'missing' ? this.options.t('missing') : '…',
              x,
              scales.y.getPixelForValue(0) - 4,
            );
            return;
          }
          const total = metric.table.grandTotal[1 + i];
          if (total === null) return;
          const shown = this.stackHeight(chart, i);
          ctx.fillStyle = this.palette.foreground;
          const forecast = i === at ? metric.forecast : undefined;
          if (!forecast) {
            ctx.fillText(format(total), x, scales.y.getPixelForValue(shown) - 4);
            return;
          }
          // So far → forecast, above the band.
          const top = Math.max(shown, Number(forecast.projected), Number(forecast.high ?? 0));
          ctx.fillText(`${format(total)} → ${format(forecast.projected)}`, x, scales.y.getPixelForValue(top) - 6);
        });
        ctx.restore();
      },
    };
  }

  /** The height of the visible stack of a period. */
  private stackHeight(chart: Chart, period: number): number {
    return this.series.reduce(
      (sum, s, d) => sum + (chart.isDatasetVisible(d) ? (drawable(s.exact[period]) ?? 0) : 0),
      0,
    );
  }

  /** The forecast's low–high band as a whisker, and a triangle over each marked spike. */
  private marksPlugin(): Plugin<'bar'> {
    return {
      id: 'trendMarks',
      afterDatasetsDraw: (chart) => {
        const metric = this.metric;
        if (!metric) return;
        const { ctx, scales } = chart;
        ctx.save();
        ctx.strokeStyle = this.palette.foreground;
        ctx.fillStyle = this.palette.foreground;
        ctx.lineWidth = 1.5;
        const at = this.forecastIndex();
        const forecast = metric.forecast;
        const bar = forecast && at >= 0 ? chart.getDatasetMeta(this.series.length).data[at] : undefined;
        // Where the forecast bar is (canvas pixels), for what points at it.
        if (bar) this.element.dataset.forecastAt = JSON.stringify({ x: bar.x, y: bar.y + 4 });
        if (forecast && at >= 0 && forecast.low !== undefined && forecast.high !== undefined) {
          const x = scales.x.getPixelForValue(at);
          const low = scales.y.getPixelForValue(Number(forecast.low));
          const high = scales.y.getPixelForValue(Number(forecast.high));
          ctx.beginPath();
          ctx.moveTo(x, low);
          ctx.lineTo(x, high);
          for (const y of [low, high]) {
            ctx.moveTo(x - 8, y);
            ctx.lineTo(x + 8, y);
          }
          // A halo in the background colour keeps the band readable over the hatching.
          ctx.strokeStyle = this.palette.background;
          ctx.lineWidth = 5;
          ctx.stroke();
          ctx.strokeStyle = this.palette.foreground;
          ctx.lineWidth = 2;
          ctx.stroke();
        }
        for (const mark of this.marks()) {
          const index = mark.series === null ? -1 : this.series.findIndex((s) => s.label === mark.series);
          if (index >= 0 && !chart.isDatasetVisible(index)) continue;
          const element = index >= 0 ? chart.getDatasetMeta(index).data[mark.period] : undefined;
          const x = scales.x.getPixelForValue(mark.period);
          // A series' spike sits at the right edge of its segment; the total's above the whole stack.
          const bar = element as unknown as { x: number; y: number; width: number } | undefined;
          const [cx, cy] = bar
            ? [bar.x + bar.width / 2 + 7, bar.y + 6]
            : [x, scales.y.getPixelForValue(this.stackHeight(chart, mark.period)) - 22];
          ctx.beginPath();
          ctx.moveTo(cx, cy - 6);
          ctx.lineTo(cx + 6, cy + 5);
          ctx.lineTo(cx - 6, cy + 5);
          ctx.closePath();
          // Filled like the legend's ▲, edged in the background so it stands off the bars.
          ctx.strokeStyle = this.palette.background;
          ctx.fill();
          ctx.stroke();
        }
        ctx.restore();
      },
    };
  }

  /** The tooltip's text on the chart's element, for what reads the page (the canvas holds only pixels). */
  private tooltipTextPlugin(): Plugin<'bar'> {
    return {
      id: 'tooltipText',
      afterTooltipDraw: (_chart, { tooltip }) => {
        const body = tooltip.body.flatMap((b) => b.lines);
        this.element.dataset.tooltip = [...tooltip.title, ...body, ...tooltip.footer].join('\n');
      },
    };
  }

  private renderLegend(withForecast: boolean): void {
    const items = this.series.map((s, i) => {
      const on = !this.hidden.has(s.label);
      const swatch = el('span', { className: 'swatch' });
      swatch.style.backgroundColor = this.colour(i, s);
      const button = el('button', { className: 'legend-item', attrs: { type: 'button', 'aria-pressed': String(on) } }, [
        swatch,
        el('span', { text: s.label }),
      ]);
      button.addEventListener('click', () => {
        if (on) this.hidden.add(s.label);
        else this.hidden.delete(s.label);
        this.render();
        (this.legend.children[i] as HTMLElement | undefined)?.focus();
      });
      return button;
    });
    const { t } = this.options;
    const key = (className: string, text: string) =>
      el('span', { className: 'legend-key' }, [el('span', { className }), el('span', { text })]);
    this.legend.replaceChildren(
      ...items,
      ...(withForecast ? [key('swatch forecast', t('Forecast')), key('whisker', t('Forecast range'))] : []),
      ...(this.marks().length > 0 ? [key('spike-mark', t('Spike'))] : []),
    );
  }
}
