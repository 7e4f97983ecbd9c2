/**
 * The report of a trend: one export per period read through the same totals as the table, with the trend view's
 * own numbers (trendData.ts): each metric's total, the chart of the main metric (cost where the exports have it)
 * stacked by the top entities plus "Other", the totals per period, and the main metric per entity. As in the trend
 * view, by its rules and texts: the running period "to date (7 of 31 days)" (by the report's clock), the forecast of
 * its end with the range and the method, and the spikes marked ▲ and listed in words with their rule.
 */
import { sumCells } from '../../shared/decimal';
import { entityTexts } from '../../shared/entityTexts';
import { makeNumberFormats, type NumberFormats } from '../../shared/numberFormat';
import type { TrendMetric, TrendPeriodInfo } from '../../shared/trendProtocol';
import { forecastLines, periodLabel, runningText, spikeTexts, trendSpikes } from '../../shared/trendTexts';
import { todayIn } from '../dates/dateRange';
import type { Granularity } from '../dates/periods';
import { restOfToday, runningProgress, withForecasts } from '../trend/runningPeriod';
import { type LoadedPeriod, trendMetrics } from '../trend/trendData';
import { topWithOther, toReportColumn } from './entityColumns';
import { factsOf, madeLine } from './facts';
import { usageTitleIn } from './usageNames';
import type {
  ExportFacts,
  ReportChart,
  ReportContext,
  ReportModel,
  ReportRow,
  ReportSection,
  ReportTable,
} from './model';
import { TOP_ENTITIES } from './tableReport';

/** Series drawn in the chart before the rest is "Other": more stacked colours than this are not readable. */
const CHART_SERIES = 6;

export interface TrendReportInput {
  facts: ExportFacts & { granularity: Granularity };
  periods: readonly LoadedPeriod[];
}

function granularityLabel(granularity: Granularity, ctx: ReportContext): string {
  switch (granularity) {
    case 'day':
      return ctx.t('Daily');
    case 'week':
      return ctx.t('Weekly');
    case 'month':
      return ctx.t('Monthly');
  }
}

function mainMetric(metrics: readonly TrendMetric[]): TrendMetric | undefined {
  return metrics.find((m) => m.key === 'total_cost_usd') ?? metrics[0];
}

/** What the trend view knows of its periods: which one is running (its days so far), by the report's clock. */
function withRunning(periods: readonly LoadedPeriod[], facts: TrendReportInput['facts'], now: Date): LoadedPeriod[] {
  const timezone = facts.range?.timezone;
  if (!timezone) return [...periods];
  const today = todayIn(timezone, now);
  return periods.map((p) => {
    const running = runningProgress(p.info, facts.granularity, today);
    return running ? { ...p, info: { ...p.info, running } } : p;
  });
}

/** The running period and its forecast, as the trend view words them (shared/trendTexts.ts). */
function runningOf(
  metric: TrendMetric,
  infos: readonly TrendPeriodInfo[],
  ctx: ReportContext,
  formats: NumberFormats,
): { chart: ReportChart['running']; section?: ReportSection } {
  const period = infos.findIndex((p) => p.status === 'done' && p.running);
  const info = infos[period];
  if (!info?.running) return { chart: undefined };
  const text = runningText(info.running, ctx.t, formats);
  const forecast = metric.forecast;
  if (!forecast) return { chart: { period, text } };
  const lines = forecastLines(forecast, info, ctx.t, formats, metric.format);
  const band = forecast.low !== undefined && forecast.high !== undefined;
  return {
    chart: {
      period,
      text,
      forecast: {
        projected: forecast.projected,
        ...(band ? { low: forecast.low, high: forecast.high } : {}),
        text: lines[0],
      },
    },
    section: { title: `${ctx.t('Forecast')}: ${ctx.t(metric.label)}`, paragraphs: lines, items: [] },
  };
}

/** The spikes of the total and of the drawn series, marked ▲ on the chart, and all of them in words. */
function spikesOf(
  metric: TrendMetric,
  infos: readonly TrendPeriodInfo[],
  drawn: ReadonlySet<string>,
  granularity: Granularity,
  ctx: ReportContext,
  formats: NumberFormats,
): { chart: ReportChart['spikes']; section?: ReportSection } {
  const spikes = trendSpikes(metric, infos);
  const texts = spikeTexts(
    spikes,
    { ...metric, label: ctx.t(metric.label) },
    { granularity, periods: [...infos] },
    ctx.t,
    formats,
  );
  if (!texts) return { chart: undefined };
  const marked = new Map<number, string[]>();
  spikes.forEach(({ entity, spike }, i) => {
    if (entity === null || drawn.has(entity))
      marked.set(spike.period, [...(marked.get(spike.period) ?? []), texts.items[i]]);
  });
  return {
    chart: [...marked].map(([period, lines]) => ({ period, text: lines.join('\n') })),
    section: { title: texts.title, paragraphs: [texts.rule], items: texts.items },
  };
}

function chartOf(metric: TrendMetric, periods: readonly LoadedPeriod[], ctx: ReportContext): ReportChart {
  const rows = metric.table.rows;
  const shown = rows.slice(0, rows.length > CHART_SERIES + 1 ? CHART_SERIES : rows.length);
  const rest = rows.slice(shown.length);
  const series = shown.map((r) => ({ name: r.cells[0] ?? '', values: periods.map((_, i) => r.cells[i + 1]) }));
  if (rest.length > 0)
    series.push({
      name: ctx.t('Other ({0} more)', String(rest.length)),
      values: periods.map((p, i) => (p.info.status === 'done' ? sumCells(rest.map((r) => r.cells[i + 1])) : null)),
    });
  return { title: ctx.t(metric.label), format: metric.format, periods: periods.map((p) => p.info.key), series };
}

function perPeriodTable(
  metrics: readonly TrendMetric[],
  periods: readonly LoadedPeriod[],
  ctx: ReportContext,
): ReportTable {
  const { t } = ctx;
  const formats = makeNumberFormats(ctx.locale);
  const rows: ReportRow[] = periods.map((p, i) => ({
    cells: [
      periodLabel(p.info, t, formats),
      p.info.from,
      p.info.to,
      ...metrics.map((m) => m.table.grandTotal[i + 1] ?? null),
    ],
  }));
  const missing = periods.some((p) => p.info.status !== 'done');
  return {
    title: t('Per period'),
    columns: [
      { key: 'period', label: t('Period'), format: 'text' },
      { key: 'period_start', label: t('From'), format: 'date' },
      { key: 'period_end', label: t('To'), format: 'date' },
      ...metrics.map((m) => ({ key: m.key, label: t(m.label), format: m.format })),
    ],
    rows,
    total: {
      cells: [t('Total'), '', '', ...metrics.map((m) => m.table.grandTotal.at(-1) ?? null)],
      ...(missing ? { partial: [false, false, false, ...metrics.map(() => true)] } : {}),
    },
  };
}

function entityTable(
  metric: TrendMetric,
  periods: readonly LoadedPeriod[],
  ctx: ReportContext,
  limit: number | undefined,
): ReportTable {
  const { t } = ctx;
  // The total over all periods leaves out the missing ones.
  const partialPeriods = periods.some((p) => p.info.status !== 'done')
    ? { partial: metric.table.columns.map((_, i) => i === metric.table.columns.length - 1) }
    : {};
  const { columns } = metric.table;
  const rows: ReportRow[] = metric.table.rows.map((r) => ({ cells: [...r.cells] }));
  const summed = columns.map((c) => c.aggregate === 'sum');
  const otherLabel = (n: number) => (n === 1 ? t('Other (1 more)') : t('Other ({0} more)', String(n)));
  return {
    title: limit === undefined ? t(metric.label) : `${t(metric.label)} · ${t('Top {0}', String(limit))}`,
    audience: limit === undefined ? 'workbook' : 'text',
    columns: columns.map((c) => toReportColumn(c)),
    rows: limit === undefined ? rows : topWithOther(rows, limit, summed, otherLabel),
    total: { cells: [t('Total'), ...metric.table.grandTotal.slice(1)], ...partialPeriods },
  };
}

export function trendReport(input: TrendReportInput, ctx: ReportContext): ReportModel {
  const { t } = ctx;
  const { facts } = input;
  const periods = withRunning(input.periods, facts, ctx.now);
  const infos = periods.map((p) => p.info);
  const formats = makeNumberFormats(ctx.locale);
  const entity = entityTexts(periods.find((p) => p.table)?.table?.totals.entity ?? 'unknown').name;
  const timezone = facts.range?.timezone;
  // As the trend view: the rest of today is a daily trend's days left.
  const daysLeft = timezone ? restOfToday(todayIn(timezone, ctx.now), timezone, ctx.now.getTime()) : '0';
  const metrics = withForecasts(
    trendMetrics(facts.type === 'unknown' ? 'models' : facts.type, periods, { entity: t(entity), total: t('Total') }),
    infos,
    facts.granularity,
    daysLeft,
  );
  const main = mainMetric(metrics);
  const chart = main && chartOf(main, periods, ctx);
  const running = main && runningOf(main, infos, ctx, formats);
  const drawn = new Set(chart?.series.map((s) => s.name));
  const spikes = main && spikesOf(main, infos, drawn, facts.granularity, ctx, formats);
  const missing = periods.filter((p) => p.info.status !== 'done');
  const lines = factsOf(facts, ctx, facts.range);
  lines.splice(1, 0, [t('Periods'), `${granularityLabel(facts.granularity, ctx)} · ${periods.length}`]);
  const notes = missing.map((p) => t('Period {0} is missing: {1}', p.info.key, p.info.error ?? t('not exported')));
  if (missing.length > 0) notes.push(t('Totals over all periods leave out the missing periods (marked *).'));
  if (metrics.some((m) => m.key === 'total_cost_usd'))
    notes.push(t("total_cost_usd is Langdock's estimated provider cost (BYOK models), not an invoice."));
  for (const p of periods) for (const w of p.table?.warnings ?? []) notes.push(`${p.info.key}: ${w}`);
  return {
    exportType: facts.type,
    title: `${usageTitleIn(facts.type, t)} · ${granularityLabel(facts.granularity, ctx)}`,
    facts: lines,
    // The chart's figure (cost where the exports have it) first, as in a table's headline.
    figures: [...(main ? [main] : []), ...metrics.filter((m) => m !== main)].map((m) => ({
      label: t(m.label),
      value: m.table.grandTotal.at(-1) ?? null,
      format: m.format,
      ...(missing.length > 0 ? { partial: true } : {}),
    })),
    ...(chart
      ? {
          chart: {
            ...chart,
            ...(running?.chart ? { running: running.chart } : {}),
            ...(spikes?.chart ? { spikes: spikes.chart } : {}),
          },
        }
      : {}),
    sections: [running?.section, spikes?.section].filter((x): x is ReportSection => x !== undefined),
    tables: [
      perPeriodTable(metrics, periods, ctx),
      ...(main ? [entityTable(main, periods, ctx, TOP_ENTITIES)] : []),
      ...metrics.map((m) => entityTable(m, periods, ctx, undefined)),
    ],
    notes,
    made: madeLine(ctx, undefined),
    data: {
      timezone: facts.range?.timezone,
      host: facts.host,
      periods: periods.flatMap((p) =>
        p.table && p.info.status === 'done' ? [{ from: p.info.from, to: p.info.to, table: p.table }] : [],
      ),
    },
  };
}
