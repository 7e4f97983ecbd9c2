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

/** Series colours in order; "Other" is always the neutral one. */
const SERIES_VARS = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

interface Palette {
  series: string[];
  other: string;
  foreground: string;
  lines: string;
  error: string;
  /** Set only by high-contrast themes: bars get an outline in it. */
  contrastBorder: string;
}

function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback = '') => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const foreground = v('charts-foreground', v('editor-foreground', '#888'));
  const base = SERIES_VARS.map((name) => v(`charts-${name}`, foreground));
  // Past six series the hues repeat, lighter, so neighbours still differ.
  const series = [...base, ...base.map((c) => `color-mix(in srgb, ${c} 55%, transparent)`)];
  return {
    series,
    other: v('charts-lines', foreground),
    foreground,
    lines: v('charts-lines', 'rgba(128,128,128,0.3)'),
    error: v('errorForeground', foreground),
    contrastBorder: v('contrastBorder'),
  };
}

export interface TrendChartOptions {
  t: Translate;
  formats: NumberFormats;
}

export class TrendChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private chart: Chart<'bar', (number | null)[], string[]> | undefined;
  private series: ChartSeries[] = [];
  private periods: TrendPeriodInfo[] = [];
  private metric: TrendMetric | undefined;
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

  show(metric: TrendMetric, periods: TrendPeriodInfo[]): void {
    this.metric = metric;
    this.periods = periods;
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

  private render(): void {
    const metric = this.metric;
    if (!metric) return;
    const { t, formats } = this.options;
    const format = (value: string) => formatNumber(value, metric.format, formats);
    const labels = this.periods.map((p) =>
      p.status === 'done' ? [p.key] : [p.key, p.status === 'pending' ? t('loading…') : t('missing')],
    );
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
    const stacked = !metric.lines;
    const exact = (dataset: number, period: number): CellValue => this.series[dataset]?.exact[period] ?? null;
    const tick = { color: this.palette.foreground };
    const grid = { color: this.palette.lines };
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
                label: (item) =>
                  `${item.dataset.label ?? ''}: ${format(exact(item.datasetIndex, item.dataIndex) ?? '')}`,
                footer: () => this.metric?.note ?? '',
              },
            },
          },
          scales: {
            x: { stacked, ticks: tick, grid },
            y: { stacked, beginAtZero: true, ticks: tick, grid },
          },
        },
        plugins: [this.totalsPlugin(format)],
      });
    } else {
      this.chart.data.labels = labels;
      this.chart.data.datasets = datasets;
      this.chart.options.scales = {
        x: { stacked, ticks: tick, grid },
        y: { stacked, beginAtZero: true, ticks: tick, grid },
      };
      this.chart.update();
    }
    this.renderLegend();
    this.element.dataset.drawn = JSON.stringify({
      metric: metric.key,
      series: datasets.filter((d) => !d.hidden).map((d) => d.label),
    });
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
          const shown = this.series.reduce(
            (sum, s, d) => sum + (chart.isDatasetVisible(d) ? (drawable(s.exact[i]) ?? 0) : 0),
            0,
          );
          ctx.fillStyle = this.palette.foreground;
          ctx.fillText(format(total), x, scales.y.getPixelForValue(shown) - 4);
        });
        ctx.restore();
      },
    };
  }

  private renderLegend(): void {
    this.legend.replaceChildren(
      ...this.series.map((s, i) => {
        const on = !this.hidden.has(s.label);
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = this.colour(i, s);
        const button = el(
          'button',
          { className: 'legend-item', attrs: { type: 'button', 'aria-pressed': String(on) } },
          [swatch, el('span', { text: s.label })],
        );
        button.addEventListener('click', () => {
          if (on) this.hidden.add(s.label);
          else this.hidden.delete(s.label);
          this.render();
          (this.legend.children[i] as HTMLElement | undefined)?.focus();
        });
        return button;
      }),
    );
  }
}
