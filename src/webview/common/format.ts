/** Cell values for sorting and display: booleans, json maps (numbers are formatted by shared/numberFormat.ts). */
import type { CellValue, ColumnFormat } from '../../shared/protocol';
import { parseBoolean } from '../../shared/boolean';
import { isDecimalText } from '../../shared/decimal';

export interface JsonMap {
  /** Entries by count, largest first. */
  entries: [string, number][];
  total: number;
}

/** A json-map cell (`{"gpt-4o": 12, …}`) as sorted entries; undefined when the text is not such an object. */
export function parseJsonMap(value: string): JsonMap | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const entries: [string, number][] = [];
  let total = 0;
  for (const [name, count] of Object.entries(parsed as Record<string, unknown>)) {
    const n = typeof count === 'number' ? count : Number(count);
    if (!Number.isFinite(n)) continue;
    entries.push([name, n]);
    total += n;
  }
  entries.sort((a, b) => b[1] - a[1]);
  return { entries, total };
}

/** The sortable number of a cell in this format, or NaN for "no value" (sorts last either way). */
export function numericKey(value: CellValue, format: ColumnFormat): number {
  if (value === null) return NaN;
  if (format === 'boolean') {
    const b = parseBoolean(value);
    return b === undefined ? NaN : b ? 1 : 0;
  }
  if (format === 'json-map') return parseJsonMap(value)?.total ?? NaN;
  if (format === 'date') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? NaN : t;
  }
  return isDecimalText(value) ? Number(value) : NaN;
}
