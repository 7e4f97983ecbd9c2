/**
 * The report of one export's table (priced as the extension shows it), optionally beside the period before it:
 * headline figures with their change, the top entities with "Other", the department table of a users export, and
 * every warning and caveat the table carries.
 */
import { headlineFigures, rankingColumn } from '../../shared/headline';
import { entityTexts } from '../../shared/entityTexts';
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import type { DateRange } from '../dates/dateRange';
import { departmentTable } from './byDepartment';
import {
  blankText,
  entityColumns,
  metricColumns,
  partialMarks,
  rankedRows,
  topWithOther,
  toReportColumn,
} from './entityColumns';
import { factsOf, madeLine } from './facts';
import { usageTitleIn } from './usageNames';
import type { ExportFacts, ReportContext, ReportFigure, ReportModel, ReportRow, ReportTable } from './model';

/** Entities listed by name in the text formats; the rest are one "Other" row (a workbook lists every one). */
export const TOP_ENTITIES = 10;

export interface TableReportInput {
  facts: ExportFacts;
  /** The priced table of the export. */
  table: UsageTable;
  /** The same table compared with the period before it (its Δ columns), when a saved comparison exists. */
  compared?: { table: UsageTable; previousRange: DateRange };
  /** The export's days when no record names them (read from the file's period_start and period_end). */
  period?: { from: string; to: string };
  /** The workspace's id (the file's org_id), for FOCUS. */
  orgId?: string;
  /** The caller's own caveats: the price settings' problems, the price list's version. */
  notes?: readonly string[];
}

function figures(table: UsageTable, ctx: ReportContext): ReportFigure[] {
  const { t } = ctx;
  const { columns, rows, grandTotal, grandNotes } = table.totals;
  const ranking = rankingColumn(columns);
  const rank = ranking ? columns.indexOf(ranking) : -1;
  const top = rank >= 0 ? rankedRows(table.totals).find((r) => r.cells[rank] !== null) : undefined;
  const costKey = columns.find((c) => c.key === 'cost:usd' || c.key === 'total_cost_usd')?.key;
  const costIndex = costKey ? columns.findIndex((c) => c.key === costKey) : -1;
  const head = headlineFigures(columns, grandTotal, {
    count: rows.length,
    ...(top ? { top: top.cells } : {}),
    missingCost: costIndex >= 0 ? rows.filter((r) => r.cells[costIndex] === null).length : 0,
  });
  const unknownAt = (column: TableColumn | undefined) =>
    column ? (table.totals.grandUnknown?.[columns.indexOf(column)] ?? 0) > 0 : false;
  const out: ReportFigure[] = [];
  if (head.cost) {
    const column = columns.find((c) => c.key === costKey)!;
    out.push({
      label: t('Cost'),
      value: head.cost.value,
      format: 'usd',
      partial: head.cost.missing > 0 || grandNotes?.[column.key]?.partial === true || unknownAt(column),
      detail:
        head.cost.source === 'langdock'
          ? t("Langdock's estimated provider cost (total_cost_usd)")
          : t('the Cost column: each figure names its source (see the notes)'),
      ...(head.changes.cost ? { change: head.changes.cost } : {}),
    });
  }
  if (head.count)
    out.push({
      label: t(head.count.column.label),
      value: head.count.value,
      format: 'integer',
      partial: unknownAt(head.count.column),
      ...(head.changes.count ? { change: head.changes.count } : {}),
    });
  const tokens = (label: string, value: CellValue | undefined, change: ReportFigure['change'], key: string) => {
    if (value === undefined) return;
    out.push({
      label,
      value,
      format: 'integer',
      partial: unknownAt(columns.find((c) => c.key === key)),
      ...(change ? { change } : {}),
    });
  };
  tokens(t('Input tokens'), head.inputTokens, head.changes.inputTokens, 'sum_prompt_tokens');
  tokens(t('Output tokens'), head.outputTokens, head.changes.outputTokens, 'sum_completion_tokens');
  if (head.top && table.exportType !== 'users')
    out.push({
      label: t(entityTexts(table.totals.entity).top),
      value: head.top.share,
      format: 'percent',
      detail: t('{0}: share of {1}', head.top.name, t(head.top.column.label)),
    });
  out.push({ label: t('Entities'), value: String(head.entities), format: 'integer' });
  return out;
}

function entityTable(table: UsageTable, ctx: ReportContext, limit: number | undefined): ReportTable {
  const { t } = ctx;
  const { columns } = table.totals;
  const names = entityColumns(table.exportType, columns, ctx.includeNames);
  const metrics = metricColumns(columns);
  const ranking = rankingColumn(columns);
  const changes = ranking
    ? [`${ranking.key}:delta`, `${ranking.key}:deltaPercent`, 'change']
        .map((k) => columns.findIndex((c) => c.key === k))
        .filter((i) => i >= 0)
    : [];
  const picked = [...names, ...metrics, ...changes];
  const toRow = (row: Pick<TotalsRow, 'cells' | 'unknown' | 'notes'>): ReportRow => {
    const partial = partialMarks(row, columns, picked);
    return { cells: picked.map((i) => row.cells[i] ?? null), ...(partial ? { partial } : {}) };
  };
  const rows = rankedRows(table.totals).map(toRow);
  const summed = picked.map((i) => columns[i].aggregate === 'sum');
  const otherLabel = (n: number) => (n === 1 ? t('Other (1 more)') : t('Other ({0} more)', String(n)));
  const total = toRow({
    cells: table.totals.grandTotal,
    unknown: table.totals.grandUnknown,
    notes: table.totals.grandNotes,
  });
  total.cells[0] = t('Total');
  const shownColumns = picked.map((i) => toReportColumn(columns[i], t(columns[i].label)));
  return {
    title: limit === undefined ? t('Totals') : t('Top {0}', String(limit)),
    audience: limit === undefined ? 'workbook' : 'text',
    columns: shownColumns,
    rows: (limit === undefined ? rows : topWithOther(rows, limit, summed, otherLabel)).map((r) =>
      r.other ? blankText(r, shownColumns) : r,
    ),
    total: blankText(total, shownColumns),
  };
}

/** The table's own warnings and notices, and what each cost rests on. */
function tableNotes(table: UsageTable, ctx: ReportContext, extra: readonly string[]): string[] {
  const { t } = ctx;
  const { columns, grandNotes, grandUnknown } = table.totals;
  const notes = [...table.warnings, ...(table.notices ?? []).map((n) => n.text), ...extra];
  for (const [key, note] of Object.entries(grandNotes ?? {})) {
    const column = columns.find((c) => c.key === key);
    // A column the report leaves out (Langdock's cost beside the one Cost) has no note either.
    if (column?.hidden) continue;
    notes.push(`${t(column?.label ?? key)}: ${note.text.split('\n').join('; ')}`);
  }
  if (columns.some((c) => c.key === 'total_cost_usd'))
    notes.push(t("total_cost_usd is Langdock's estimated provider cost (BYOK models), not an invoice."));
  const partial = columns.filter((c, i) => !c.hidden && (grandUnknown?.[i] ?? 0) > 0).map((c) => t(c.label));
  if (partial.length > 0)
    notes.push(t('Partial totals (marked *) leave out rows without a value: {0}.', partial.join(', ')));
  if (!ctx.includeNames && table.exportType === 'users')
    notes.push(t("People's names and e-mail addresses are left out of this report."));
  return notes;
}

export function tableReport(input: TableReportInput, ctx: ReportContext): ReportModel {
  const { t } = ctx;
  const shown = input.compared?.table ?? input.table;
  const range = input.facts.range ?? (input.period && { ...input.period, timezone: '' });
  const facts = factsOf(input.facts, ctx, range);
  if (input.compared)
    facts.push([t('Compared with'), `${input.compared.previousRange.from} – ${input.compared.previousRange.to}`]);
  const departments =
    input.table.exportType === 'users' ? departmentTable(input.table.totals, ctx.minGroupSize, t) : undefined;
  const period = range ? { from: range.from, to: range.to } : undefined;
  return {
    exportType: input.table.exportType,
    title: usageTitleIn(input.facts.type === 'unknown' ? input.table.exportType : input.facts.type, t),
    facts,
    figures: figures(shown, ctx),
    tables: [
      entityTable(shown, ctx, TOP_ENTITIES),
      ...(departments ? [departments] : []),
      entityTable(shown, ctx, undefined),
    ],
    notes: tableNotes(shown, ctx, input.notes ?? []),
    made: madeLine(ctx, input.facts.fileName),
    data: {
      timezone: input.facts.range?.timezone,
      host: input.facts.host,
      periods: period ? [{ ...period, table: input.table, ...(input.orgId ? { orgId: input.orgId } : {}) }] : [],
    },
  };
}
