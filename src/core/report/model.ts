/**
 * One report model, built once from a loaded table or trend and rendered to every format (HTML, Markdown, Excel,
 * CSV, FOCUS): the renderers only lay it out, so every format says the same numbers. Plain data; cells are exact
 * decimal text or null (n/a), never rounded here.
 */
import type { ExportType, GroupBy } from '../../shared/exportType';
import type { CellValue, ColumnFormat, UsageTable } from '../../shared/tableModel';
import type { Localize } from '../../shared/template';
import type { DateRange } from '../dates/dateRange';

export type ReportFormat = 'html' | 'md' | 'xlsx' | 'focus' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'xlsx', 'focus', 'csv'];

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The file name extension of each format (FOCUS is a CSV dataset). */
export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  html: 'html',
  md: 'md',
  xlsx: 'xlsx',
  focus: 'csv',
  csv: 'csv',
};

export interface ReportColumn {
  key: string;
  label: string;
  format: ColumnFormat;
}

export interface ReportRow {
  cells: CellValue[];
  /** Aligned with `cells`: a total that leaves out rows without a value. */
  partial?: boolean[];
  /** The "Other" row that folds the rest. */
  other?: boolean;
}

export interface ReportTable {
  /** Also the sheet's name in a workbook. */
  title: string;
  /** `text`: only in HTML and Markdown (the top entities); `workbook`: only in Excel (every entity). */
  audience?: 'text' | 'workbook';
  columns: ReportColumn[];
  rows: ReportRow[];
  total?: ReportRow;
}

export interface ReportFigure {
  label: string;
  value: CellValue;
  format: ColumnFormat;
  partial?: boolean;
  /** A word after the figure: where a cost comes from, whose share it is. */
  detail?: string;
  /** Against the previous period (a comparison): the exact difference and the share. */
  change?: { delta: CellValue; percent: CellValue };
}

export interface ReportChart {
  title: string;
  format: ColumnFormat;
  /** Period labels, in time order. */
  periods: string[];
  /** Stacked, largest first; the last may be "Other". A null value is a period without data (not 0). */
  series: { name: string; values: CellValue[] }[];
  /** The running period: its mark ("to date (7 of 31 days)") and the forecast of its end with the band, if any. */
  running?: {
    period: number;
    text: string;
    forecast?: { projected: string; low?: string; high?: string; text: string };
  };
  /** The periods marked ▲ (a spike of the total or of a drawn series), each with its spikes in words. */
  spikes?: { period: number; text: string }[];
}

/** Text under the chart: the forecast and its method, the spikes in words and their rule. */
export interface ReportSection {
  title: string;
  paragraphs: string[];
  items: string[];
}

/** One period's table, for the long CSV and FOCUS: every entity, not only the top ones. */
export interface ReportPeriod {
  from: string;
  to: string;
  table: UsageTable;
  /** The workspace's id (the file's org_id), when the file has one. */
  orgId?: string;
}

export interface ReportModel {
  exportType: ExportType | 'unknown';
  title: string;
  /** Label and value pairs under the title: workspace host, type, range, timezone, grouping, source file. */
  facts: [string, string][];
  figures: ReportFigure[];
  chart?: ReportChart;
  sections?: ReportSection[];
  tables: ReportTable[];
  /** Every warning and caveat, as sentences. */
  notes: string[];
  /** When and how it was made. */
  made: string;
  /** The data behind the long CSV and FOCUS. */
  data: {
    /** The IANA zone of the periods' days; undefined when only the file is known (read as UTC). */
    timezone: string | undefined;
    /** The workspace's API host, when known. */
    host: string | undefined;
    periods: ReportPeriod[];
  };
}

/** What a report needs to know of the export(s) beyond the table. */
export interface ExportFacts {
  type: ExportType | 'unknown';
  host?: string;
  range?: DateRange;
  groupBy?: GroupBy;
  /** ISO time the export was made. */
  exportedAt?: string;
  /** The CSV the figures come from. */
  fileName?: string;
}

export interface ReportContext {
  t: Localize;
  locale: string;
  /** Departments with fewer people than this fold into "Other" (`langdock.report.minGroupSize`). */
  minGroupSize: number;
  /** People's names and e-mail addresses stay out of a report unless asked for. */
  includeNames: boolean;
  /** "Langdock Usage for VS Code 0.1.0" or "langdock-usage 0.1.0". */
  generator: string;
  now: Date;
}
