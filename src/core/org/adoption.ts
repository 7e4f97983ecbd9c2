/**
 * Adoption over a trend of users exports (issue 23): per department and period, the active users (counted in that
 * period's own export: distinct people are never added up across periods), the active share of seats and the
 * messages per active user; the top 8 departments and "Other", whose ratios come from its sums (never a sum of
 * ratios).
 */
import { divideDecimals, ExactSum, parseDecimal } from '../../shared/decimal';
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import type { TrendMetric, TrendPeriodInfo } from '../../shared/trendProtocol';
import { organise, type OrgGroupFigures } from './organisation';

const TOP_DEPARTMENTS = 8;
const RATIO_DECIMALS = 6;

export interface AdoptionPeriod {
  info: TrendPeriodInfo;
  table?: UsageTable;
}

/** English in, display text out (the host's l10n). */
export type Translate = (english: string) => string;

/** What adoption needs of one group in one period: its seats, active people and messages. */
interface Counts {
  activeUsers: number;
  seats: number;
  activeSeats: number;
  messages: ExactSum;
}

const countsOf = (g: OrgGroupFigures): Counts => {
  const messages = new ExactSum();
  const known = g.messages === null ? undefined : parseDecimal(g.messages);
  if (known) messages.add(known);
  return { activeUsers: g.activeUsers, seats: g.seats, activeSeats: g.activeSeats, messages };
};

function add(into: Counts, more: Counts): void {
  into.activeUsers += more.activeUsers;
  into.seats += more.seats;
  into.activeSeats += more.activeSeats;
  into.messages.addSum(more.messages);
}

const whole = (n: number) => ({ units: n, scale: 0, integral: true });

const METRICS: readonly {
  key: string;
  label: (t: Translate) => string;
  format: TableColumn['format'];
  value: (c: Counts) => CellValue;
}[] = [
  {
    key: 'adoption:active_users',
    label: (t) => t('Active users'),
    format: 'integer',
    value: (c) => String(c.activeUsers),
  },
  {
    key: 'adoption:active_share',
    label: (t) => t('Active share of seats'),
    format: 'percent',
    value: (c) => divideDecimals(whole(c.activeSeats), whole(c.seats), RATIO_DECIMALS),
  },
  {
    key: 'adoption:messages_per_active_user',
    label: (t) => t('Messages per active user'),
    format: 'decimal',
    value: (c) =>
      c.messages.count === 0 ? null : divideDecimals(c.messages.total(), whole(c.activeUsers), RATIO_DECIMALS),
  },
];

/**
 * The adoption metrics of a users trend by department: empty when no period's table has a department column or
 * a message count.
 */
export function adoptionMetrics(periods: readonly AdoptionPeriod[], t: Translate): TrendMetric[] {
  const organised = periods.map((p) =>
    p.table && p.info.status === 'done' && p.table.totals.columns.some((c) => c.key === 'department')
      ? organise(p.table.totals, 'department')
      : undefined,
  );
  if (!organised.some((o) => o && o.groups.length > 0 && o.total.messages !== null)) return [];
  // Departments by their largest number of people in any period: the top ones are drawn, the rest are "Other".
  const size = new Map<string | null, number>();
  for (const o of organised)
    for (const g of o?.groups ?? []) size.set(g.name, Math.max(size.get(g.name) ?? 0, g.users));
  const ranked = [...size].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const top = ranked.slice(0, TOP_DEPARTMENTS);
  const rest = new Set(ranked.slice(TOP_DEPARTMENTS));
  const perPeriod = (pick: (o: NonNullable<(typeof organised)[number]>) => Counts | undefined) =>
    organised.map((o) => (o ? pick(o) : undefined));
  const series: { key: string; name: string; counts: (Counts | undefined)[] }[] = top.map((name) => ({
    key: `department:${name ?? ''}`,
    name: name ?? t('(no department)'),
    counts: perPeriod((o) => {
      const g = o.groups.find((x) => x.name === name);
      return g ? countsOf(g) : { activeUsers: 0, seats: 0, activeSeats: 0, messages: new ExactSum() };
    }),
  }));
  if (rest.size > 0)
    series.push({
      key: 'other',
      name: t('Other'),
      counts: perPeriod((o) => {
        const sum: Counts = { activeUsers: 0, seats: 0, activeSeats: 0, messages: new ExactSum() };
        for (const g of o.groups) if (rest.has(g.name)) add(sum, countsOf(g));
        return sum;
      }),
    });
  const totals = perPeriod((o) => countsOf(o.total));
  const note = t("Counted in each period's own export: people are never added up across periods");
  const columns = (format: TableColumn['format']): TableColumn[] => [
    { key: 'entity', label: t('Department'), format: 'text', aggregate: 'none' },
    ...periods.map((p) => ({ key: `period:${p.info.from}`, label: p.info.key, format, aggregate: 'none' as const })),
    {
      key: 'total',
      label: t('Total'),
      format,
      aggregate: 'none',
      description: note,
    },
  ];
  const cellsOf = (counts: readonly (Counts | undefined)[], value: (c: Counts) => CellValue) => [
    ...counts.map((c) => (c ? value(c) : null)),
    null,
  ];
  return METRICS.map((metric) => {
    const rows: TotalsRow[] = series.map((s) => ({
      key: s.key,
      cells: [s.name, ...cellsOf(s.counts, metric.value)],
      rowCount: 1,
    }));
    return {
      key: metric.key,
      label: metric.label(t),
      format: metric.format,
      lines: metric.format !== 'integer',
      note,
      by: t('{0} by department'),
      table: {
        entity: 'users',
        columns: columns(metric.format),
        rows,
        grandTotal: [null, ...cellsOf(totals, metric.value)],
      },
    };
  });
}
