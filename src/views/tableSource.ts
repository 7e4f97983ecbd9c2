/** What a usage table shows: a CSV file, the saved export it is and the period it is compared with; and its names. */
import * as path from 'path';
import type { ExportRecord } from '../core/store/exportStore';
import { rangeLabel, typeLabel } from '../labels';

/** What a panel shows: a CSV file, and the export record when it is a saved export. */
export interface TableSource {
  csvPath: string;
  record?: ExportRecord;
  /** The export of the period before, when the table compares with it (Δ and Δ% columns). */
  previous?: { csvPath: string; record: ExportRecord };
}

/** A comparison is a panel of its own, beside the plain table of the same export. */
export const panelKey = (source: TableSource): string =>
  source.previous ? `${source.csvPath}\u0000${source.previous.csvPath}` : source.csvPath;

/** The panel's title: the export's type and range (and the range compared with), or the file's name. */
export function panelTitle(source: TableSource): string {
  const { record } = source;
  if (!record) return path.basename(source.csvPath);
  const title = `${typeLabel(record.type)} · ${rangeLabel(record.range)}`;
  return source.previous ? `${title} · Δ ${rangeLabel(source.previous.record.range)}` : title;
}
