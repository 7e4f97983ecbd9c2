/** The filter box: every whitespace-separated term must occur (case-insensitively) in one of the row's text cells. */
import type { CellValue, TableColumn } from '../../shared/protocol';

export function filterTerms(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The columns the filter looks at: entity names, provider, source, deployment, model and every other text. */
export function searchableColumns(columns: readonly TableColumn[]): number[] {
  const result: number[] = [];
  columns.forEach((c, i) => {
    if (c.format === 'text') result.push(i);
  });
  return result;
}

/** One lower-cased string per row to search in; the separator cannot occur in a term, so terms never span cells. */
export function searchText(cell: (column: number) => CellValue, searchable: readonly number[]): string {
  let text = '';
  for (const i of searchable) {
    const v = cell(i);
    if (v) text += v.toLowerCase() + '\u0000';
  }
  return text;
}

export function matchesTerms(text: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!text.includes(term)) return false;
  return true;
}
