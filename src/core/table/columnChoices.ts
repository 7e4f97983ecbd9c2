/**
 * Which totals columns a table shows. By default what answers "how much, which model" and fits a 1280 px window
 * with the sidebar open (in German too): the entity and its parts, the count, the cost, input and output tokens
 * (which make way for a what-if's columns while a swap is in force; its change in percent only where no part's
 * column is shown); the rest (the provider, Langdock's own cost beside the one Cost, cache tokens, ratios, ranks, ids,
 * attributes such as the department, which Group by shows) is one click away in the Columns… picker. The user's
 * choices, kept per export type, win over the default.
 */
import type { TableColumn, UsageTable } from '../../shared/tableModel';
import type { ExportType } from '../../shared/exportType';
import { COST_KEYS } from '../../shared/costKeys';

/** One export type's choices: column key → shown. Only what the user changed; the default decides the rest. */
export type ColumnChoices = Readonly<Record<string, boolean>>;

/** The choices of every export type (the `langdock.columns` memento). */
export type ColumnChoicesByType = Readonly<Partial<Record<ExportType, ColumnChoices>>>;

const SHOWN_BY_DEFAULT: ReadonlySet<string> = new Set([
  'requests',
  'messages',
  'messages_total',
  'sum_prompt_tokens',
  'sum_completion_tokens',
  // Langdock's cost and the audit of it show where the pricing does not hide them: under `calculate`, and as the
  // only cost of an export without token counts.
  'total_cost_usd',
  COST_KEYS.difference,
  'change',
  COST_KEYS.cost,
  COST_KEYS.whatIf,
  COST_KEYS.change,
  COST_KEYS.changeShare,
]);

const DELTA = /:(delta|deltaPercent)$/;

/** The entity's own columns: the leading ones that are neither summed nor derived (name, provider, source, …). */
function headCount(columns: readonly TableColumn[]): number {
  const first = columns.findIndex((c) => c.aggregate !== 'none' || c.derived);
  return first < 0 ? columns.length : first;
}

/** The token columns give their place to a what-if's columns while a swap is in force (the headline keeps them). */
const YIELD_TO_WHAT_IF: ReadonlySet<string> = new Set(['sum_prompt_tokens', 'sum_completion_tokens']);

/** What decides a default beyond the column itself. */
interface Layout {
  /** How many leading columns are the entity's own. */
  head: number;
  /** A what-if's columns are there (a swap is in force). */
  whatIf: boolean;
  /** A part's column (model, source, deployment) shows beside the entity. */
  parts: boolean;
}

/** A part's name (source, deployment, model) shows; the provider, an id beside a name and a BYOK flag do not. */
function isShownPart(column: TableColumn): boolean {
  return column.format === 'text' && column.key !== 'provider' && !/(^|_)id$/.test(column.key);
}

function shownByDefault(column: TableColumn, index: number, { head, whatIf, parts }: Layout): boolean {
  if (index === 0) return true;
  // Set where the column is made (Langdock's cost and the audit of it while Cost is Langdock's).
  if (column.hidden) return false;
  if (index < head) return isShownPart(column);
  if (whatIf && YIELD_TO_WHAT_IF.has(column.key)) return false;
  // Beside a part's column the what-if's change in percent has no room left: Columns… shows it.
  if (parts && column.key === COST_KEYS.changeShare) return false;
  // A comparison's Δ and Δ% follow their figure.
  return SHOWN_BY_DEFAULT.has(column.key.replace(DELTA, ''));
}

/**
 * The table with each totals column's `hidden` set: the user's choice where there is one, else the default. A
 * file of no known export type shows every column (nothing says which matter).
 */
export function withColumnChoices(table: UsageTable, byType: ColumnChoicesByType): UsageTable {
  if (table.exportType === 'unknown') return table;
  const choices = byType[table.exportType] ?? {};
  const columns = table.totals.columns;
  const head = headCount(columns);
  const layout: Layout = {
    head,
    whatIf: columns.some((c) => c.key === COST_KEYS.whatIf),
    parts: columns.slice(1, head).some((c) => !c.hidden && isShownPart(c)),
  };
  const chosen = columns.map((column, i): TableColumn => {
    const choice = Object.hasOwn(choices, column.key) ? choices[column.key] : undefined;
    const shown = i === 0 || (choice ?? shownByDefault(column, i, layout));
    const { hidden: _hidden, ...rest } = column;
    return shown ? rest : { ...rest, hidden: true };
  });
  return { ...table, totals: { ...table.totals, columns: chosen } };
}

/** A memento's value as choices: only export types and booleans by column key (it is data from another version). */
export function readColumnChoices(value: unknown): ColumnChoicesByType {
  if (typeof value !== 'object' || value === null) return {};
  const out: Partial<Record<string, Record<string, boolean>>> = {};
  for (const [type, choices] of Object.entries(value as Record<string, unknown>)) {
    if (typeof choices !== 'object' || choices === null) continue;
    const kept = Object.entries(choices as Record<string, unknown>).filter(([, v]) => typeof v === 'boolean');
    out[type] = Object.fromEntries(kept) as Record<string, boolean>;
  }
  return out;
}
