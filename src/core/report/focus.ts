/**
 * A FOCUS 1.2 cost dataset (FinOps Open Cost and Usage Specification) that FinOps tools load: one row per period ×
 * entity (model, API key, …) that has a cost, with every column FOCUS 1.2 makes mandatory and token detail in `x_`
 * columns (how token kinds map to FOCUS is still open upstream). The mapping, column by column, is in the README
 * ("FOCUS mapping"). Costs are the report's own cells, exactly: BilledCost sums to the export's cost total.
 * A row without a cost is left out (never $0) and counted for a warning.
 */
import { divideDecimals, parseDecimal, sumCells } from '../../shared/decimal';
import type { CellValue, TableColumn, TotalsRow, UsageTable } from '../../shared/tableModel';
import { shiftDays, shiftMonths } from '../../shared/civilDate';
import { midnightInstant } from '../dates/periods';
import { COST_KEYS } from '../../shared/costKeys';
import { csvText } from './csvText';
import { entityColumns } from './entityColumns';
import type { ReportModel, ReportPeriod } from './model';

/**
 * Ours, in this order: the mandatory FOCUS 1.2 columns first, then recommended and conditional ones we can fill,
 * then our own `x_` detail; `number` columns hold decimals (a negative one stays a number in a spreadsheet).
 */
const FOCUS_COLUMNS = [
  ['BilledCost', 'number'],
  ['BillingAccountId', 'text'],
  ['BillingAccountName', 'text'],
  ['BillingCurrency', 'text'],
  ['BillingPeriodEnd', 'text'],
  ['BillingPeriodStart', 'text'],
  ['ChargeCategory', 'text'],
  ['ChargeClass', 'text'],
  ['ChargeDescription', 'text'],
  ['ChargePeriodEnd', 'text'],
  ['ChargePeriodStart', 'text'],
  ['ContractedCost', 'number'],
  ['EffectiveCost', 'number'],
  ['InvoiceIssuerName', 'text'],
  ['ListCost', 'number'],
  ['PricingQuantity', 'number'],
  ['PricingUnit', 'text'],
  ['ProviderName', 'text'],
  ['PublisherName', 'text'],
  ['ServiceCategory', 'text'],
  ['ServiceName', 'text'],
  ['ServiceSubcategory', 'text'],
  ['ChargeFrequency', 'text'],
  ['ConsumedQuantity', 'number'],
  ['ConsumedUnit', 'text'],
  ['x_ExportType', 'text'],
  ['x_EntityId', 'text'],
  ['x_EntityName', 'text'],
  ['x_Provider', 'text'],
  ['x_Requests', 'number'],
  ['x_Messages', 'number'],
  ['x_InputTokens', 'number'],
  ['x_OutputTokens', 'number'],
  ['x_CachedInputTokens', 'number'],
  ['x_CacheWriteTokens', 'number'],
  ['x_CostSource', 'text'],
  ['x_CostEstimated', 'text'],
] as const;

type FocusColumn = (typeof FOCUS_COLUMNS)[number][0];

const LANGDOCK = 'Langdock';
const THOUSAND = parseDecimal('1000')!;

/** FOCUS date/times: ISO 8601 in UTC with seconds, `2026-10-01T00:00:00Z`. */
const isoUtc = (instant: number) => `${new Date(instant).toISOString().slice(0, 19)}Z`;

/** The column of a table's cost: the report's Cost column where it was priced, else Langdock's total_cost_usd. */
function costColumnKey(columns: readonly TableColumn[]): string | undefined {
  return [COST_KEYS.cost, 'total_cost_usd'].find((k) => columns.some((c) => c.key === k && c.aggregate === 'sum'));
}

export interface FocusDataset {
  text: string;
  rows: number;
  /** Entity rows left out for having no cost, over all periods. */
  leftOut: number;
}

function rowsOf(
  period: ReportPeriod,
  model: ReportModel,
  includeNames: boolean,
): { rows: CellValue[][]; leftOut: number } {
  const table: UsageTable = period.table;
  const { columns } = table.totals;
  const costKey = costColumnKey(columns);
  if (!costKey) return { rows: [], leftOut: table.totals.rows.length };
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  const cell = (row: TotalsRow, ...keys: string[]): CellValue => {
    for (const key of keys) {
      const i = at(key);
      if (i >= 0 && row.cells[i] !== null) return row.cells[i];
    }
    return null;
  };
  const zone = model.data.timezone || 'UTC';
  const chargeStart = isoUtc(midnightInstant(period.from, zone));
  const chargeEnd = isoUtc(midnightInstant(shiftDays(period.to, 1), zone));
  const month = `${chargeStart.slice(0, 7)}-01`;
  const billingStart = `${month}T00:00:00Z`;
  const billingEnd = `${shiftMonths(month, 1)}T00:00:00Z`;
  const names = entityColumns(table.exportType, columns, includeNames);
  const host = model.data.host;
  const account = period.orgId ?? host ?? LANGDOCK;
  const rows: CellValue[][] = [];
  let leftOut = 0;
  for (const row of table.totals.rows) {
    const cost = cell(row, costKey);
    if (cost === null) {
      leftOut++;
      continue;
    }
    const name = names.map((i) => row.cells[i]).find((v) => v !== null && v !== '') ?? row.key;
    const provider = cell(row, 'provider');
    const input = cell(row, 'sum_prompt_tokens');
    const output = cell(row, 'sum_completion_tokens');
    const tokens = input !== null || output !== null ? sumCells([input, output]) : null;
    const requests = cell(row, 'requests');
    const messages = cell(row, 'messages_total', 'messages');
    const [quantity, unit] =
      tokens !== null
        ? [divideDecimals(parseDecimal(tokens)!, THOUSAND, 3), '1000 Tokens']
        : requests !== null
          ? [requests, 'Requests']
          : messages !== null
            ? [messages, 'Messages']
            : [null, null];
    const note = row.notes?.[costKey];
    const values: Record<FocusColumn, CellValue> = {
      BilledCost: cost,
      BillingAccountId: account,
      BillingAccountName: host ?? LANGDOCK,
      BillingCurrency: 'USD',
      BillingPeriodEnd: billingEnd,
      BillingPeriodStart: billingStart,
      ChargeCategory: 'Usage',
      ChargeClass: null,
      ChargeDescription: `${name} · ${LANGDOCK} ${table.exportType} usage`,
      ChargePeriodEnd: chargeEnd,
      ChargePeriodStart: chargeStart,
      ContractedCost: cost,
      EffectiveCost: cost,
      InvoiceIssuerName: provider ?? LANGDOCK,
      ListCost: cost,
      PricingQuantity: quantity,
      PricingUnit: unit,
      ProviderName: LANGDOCK,
      PublisherName: provider ?? LANGDOCK,
      ServiceCategory: 'AI and Machine Learning',
      ServiceName: LANGDOCK,
      ServiceSubcategory: 'Generative AI',
      ChargeFrequency: 'Usage-Based',
      ConsumedQuantity: quantity,
      ConsumedUnit: unit,
      x_ExportType: table.exportType,
      x_EntityId: row.key.replaceAll('\u001e', '/').replaceAll('\u001f', '/'),
      x_EntityName: name,
      x_Provider: provider,
      x_Requests: requests,
      x_Messages: messages,
      x_InputTokens: input,
      x_OutputTokens: output,
      x_CachedInputTokens: cell(row, 'sum_cached_prompt_tokens', 'cached_prompt_tokens'),
      x_CacheWriteTokens: cell(row, 'sum_cache_creation_tokens', 'cache_creation_tokens'),
      x_CostSource:
        costKey === 'total_cost_usd' ? 'Langdock total_cost_usd' : (note?.text.split('\n').join('; ') ?? null),
      x_CostEstimated: note?.estimate ? 'true' : 'false',
    };
    rows.push(FOCUS_COLUMNS.map(([name]) => values[name]));
  }
  return { rows, leftOut };
}

export function focusDataset(model: ReportModel, includeNames: boolean): FocusDataset {
  const all: CellValue[][] = [];
  let leftOut = 0;
  for (const period of model.data.periods) {
    const part = rowsOf(period, model, includeNames);
    all.push(...part.rows);
    leftOut += part.leftOut;
  }
  const header = FOCUS_COLUMNS.map(([name]) => name);
  const numeric = FOCUS_COLUMNS.map(([, kind]) => kind === 'number');
  return { text: csvText(header, all, numeric), rows: all.length, leftOut };
}
